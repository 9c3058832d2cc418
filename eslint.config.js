// One lint setup for every package: typescript-eslint's strict rules, no `any`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'training/**', 'out/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // the page of `inpaint serve`: plain browser JavaScript, no build step
    files: ['packages/cli/web/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(['window', 'document', 'requestAnimationFrame', 'cancelAnimationFrame', 'createImageBitmap', 'fetch', 'FormData',
        'HTMLInputElement', 'performance', 'URL', 'Blob', 'sessionStorage'].map((g) => [g, 'readonly'])),
    },
  },
);
