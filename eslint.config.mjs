import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'dist/**', 'out/**', 'coverage/**', 'test-output/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-office-initialize': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The engine and the task pane run in the browser and in a Web Worker: no Node globals there, and no
    // stray console output.
    files: ['src/engine/**', 'src/taskpane/**', 'src/hosts/excel/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The engine and the pane run in the browser: no Node globals.' },
        { name: 'Buffer', message: 'The engine and the pane run in the browser: no Node globals.' },
        { name: '__dirname', message: 'The engine and the pane run in the browser: no Node globals.' },
      ],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  prettier,
);
