/** Integration tests run against a real PostgreSQL: DATABASE_URL's server, or an embedded one started once. */

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: `npm run typecheck` does the type checking once, not per test file.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 60_000,
  // Two cores here: two workers keep both busy without starving PostgreSQL.
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
};
