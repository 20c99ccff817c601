import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '**/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The console's components follow the rules of hooks.
    files: ['apps/console/web/**/*.tsx', 'apps/console/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // The domain imports neither HTTP nor SQL (ARCHITECTURE.md).
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', 'fastify-*', '@fastify/*'], message: 'core is free of HTTP.' },
          { group: ['kysely', 'kysely/*', 'pg', '@electric-sql/*', '@roster/db'], message: 'core is free of SQL.' },
        ],
      }],
    },
  },
  {
    // Packages are used only through their src/index.ts.
    files: ['**/*.ts'],
    ignores: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@roster/*/src/*', '@roster/*/src'], message: 'Import the package, not its internals.' }] }],
    },
  },
);
