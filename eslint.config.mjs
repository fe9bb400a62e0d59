// Flat config: recommended JS + type-aware TypeScript rules. Generated code is checked by codegen drift, not lint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'node_modules/**',
      'coverage/**',
      'src/generated/**',
      'examples/src/gql/**',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  // --- Layers (DESIGN.md): enforced here so that an arrow pointing the wrong way fails `npm run lint`. ---------
  {
    // Only the entry points read the environment; everything else is handed a parsed `Config` (src/config.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/index.ts', 'src/simulator/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Only src/index.ts and src/simulator/main.ts read process.env; take a parsed Config instead.',
        },
      ],
    },
  },
  {
    // The HMRC layer speaks HMRC's REST APIs and knows nothing of GraphQL.
    files: ['src/hmrc/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['graphql', 'graphql/*', '@apollo/*', '@graphql-tools/*', 'dataloader'],
              message: 'src/hmrc knows nothing of GraphQL.',
            },
            {
              group: [
                '**/generated/*',
                '**/resolvers',
                '**/resolvers/*',
                '**/resources',
                '**/resources/*',
                '**/loaders',
                '**/loaders/*',
                '**/context',
                '**/server',
                '**/app',
                '**/errors/graphql',
              ],
              message: 'src/hmrc knows nothing of GraphQL: the arrow points the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    // HMRC's rules are pure functions of the request (and the facts handed in): no I/O, no clock, no GraphQL.
    files: ['src/validation/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'node:*',
                'graphql',
                'graphql/*',
                '@apollo/*',
                '@graphql-tools/*',
                'undici',
                'express',
                'keyv',
                '@keyv/*',
                'pino',
                'rate-limiter-flexible',
              ],
              message: 'src/validation is pure: no I/O, no GraphQL.',
            },
            {
              group: [
                '**/hmrc/client',
                '**/hmrc/session',
                '**/hmrc/rate-limiter',
                '**/hmrc/upstream-headers',
                '**/cache/*',
                '**/loaders',
                '**/loaders/*',
                '**/resolvers',
                '**/resolvers/*',
                '**/resources',
                '**/resources/*',
                '**/simulator/*',
                '**/context',
                '**/server',
                '**/app',
                '**/util/clock',
                '**/util/logger',
                '**/generated/*',
              ],
              message:
                'src/validation is pure: it may read HMRC wire types and error codes, nothing with I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read loosely-typed JSON responses; `any` there keeps assertions readable.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
    },
  },
);
