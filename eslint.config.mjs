// One lint config for the whole workspace; packages run `eslint .` from their own folder.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/generated/**',
      '**/node_modules/**',
      '**/.turbo/**',
      '**/coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // Almost everything here is async: a promise nobody awaits or catches is a lost error or an
  // unhandled rejection that ends the process. Type-aware, so only for the compiled sources.
  {
    files: ['packages/*/src/**/*.ts', 'services/*/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // Services converted to the kit's typed route tables (#18) read requests only through them:
  // no express, no raw req.body / req.query / req.params, no casts of a request's parts.
  // Each service joins this list when its routes become a route table.
  {
    files: [
      'services/registry/src/**/*.ts',
      'services/news-feed/src/**/*.ts',
      'services/notification/src/**/*.ts',
      'services/application-intake/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'express',
              message:
                'routes are a typed route table (routeTable<paths> of @shuangchuang/service-kit)',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='req'][property.name=/^(body|query|params)$/]",
          message: 'read the request through the typed route table, not req.body/query/params',
        },
        {
          selector:
            'TSAsExpression > MemberExpression[object.name=/^(req|request)$/][property.name=/^(body|query|params|headers)$/]',
          message: 'the route table types the request from the contract: no casts',
        },
      ],
    },
  },
  // TypeScript itself checks undefined names in .ts files.
  { files: ['**/*.ts', '**/*.tsx'], rules: { 'no-undef': 'off' } },
  prettier,
);
