/**
 * Real-client tests (`*.e2e.ts` anywhere under test/): the built task pane in headless Chromium (test/e2e, with the
 * simulated Excel host or with Office.js served by the add-in itself), and the generated .xlsx and .docx read by
 * LibreOffice. Run through `npm run test:e2e`, which builds what the pane tests load first. `npm test` runs the
 * `*.test.ts` files, which need Node alone.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  maxWorkers: 1,
  testTimeout: 60000,
};
