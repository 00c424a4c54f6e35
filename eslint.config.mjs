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
  prettier,
);
