/**
 * The judging suites under test/judge hold the engine to domain.md on published tables and planted cells; they run
 * with the rest of `npm test`, and alone with `npm run test:judge` (which sets BUDGET_REVIEW_JUDGE=1;
 * `npm run test:judge -- planted` runs one of them).
 */
const judge = process.env.BUDGET_REVIEW_JUDGE === '1';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: judge ? ['<rootDir>/test/judge'] : ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/build/', '/dist/', '/test/e2e/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
};
