// Lint rules: typescript-eslint's recommended type-aware set, plus the few rules that keep the core honest.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.test-output/**', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: './tsconfig.check.json' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // node:test's test() and describe() return promises the runner awaits itself.
    files: ['test/**/*.ts', 'marbles/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // The pipelines are pure: no bus, no process, no clock.
    files: ['src/pipeline/**/*.ts', 'src/battery/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['dbus-next', 'node:process', 'process', 'fs', 'node:fs'], patterns: ['**/bus/*', '**/app/*', '**/cli/*'] }],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now' }],
    },
  },
  {
    // The bus layer knows the Victron protocol, not batteries.
    files: ['src/bus/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/pipeline/*', '**/battery/*', '**/app/*', '**/cli/*', '**/config/*'] }],
    },
  },
);
