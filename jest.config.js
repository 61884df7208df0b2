/**
 * Two projects: `unit` (test/unit: pure code, no database, seconds) and `integration` (everything
 * else: a real PostgreSQL, DATABASE_URL's server or an embedded one started once, through the real
 * GraphQL endpoint). `npm test` runs both; `npm run test:unit` the first alone.
 */

// Transpile only: `npm run typecheck` does the type checking once, not per test file.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] };

module.exports = {
  testTimeout: 60_000,
  // Two cores here: two workers keep both busy without starving PostgreSQL.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
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
