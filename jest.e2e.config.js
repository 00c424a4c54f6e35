/**
 * End-to-end tests (test/e2e/*.e2e.ts): the built task pane in headless Chromium with the simulated Excel host.
 * Run through `npm run test:e2e`, which builds dist/ and test-output/e2e/fake-office.js first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  maxWorkers: 1,
  testTimeout: 60000,
};
