// ESLint: what a reviewer relies on and the type checker does not catch — promises nobody waits
// for, `any` leaking through, functions too long to read, and the architecture's import
// boundaries (docs/ARCHITECTURE.md "Boundaries"). Run by `npm run lint` and `npm run check`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import yiwang from './eslint/yiwang-rules.js';

/** Node modules that do I/O or read the clock: the core receives these, it never imports them. */
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'tls',
  'readline',
  'process',
  'timers',
  'timers/promises',
].flatMap((m) => [m, `node:${m}`]);

const restrictedPaths = (groups) => ({ patterns: groups });

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'web/dist/**',
      'data/**',
      'bench/results/**',
      'bench/tmp/**',
      'docs/**',
      'migrations/**/*.sql',
      'eslint/**',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { yiwang },
    rules: {
      // a promise nobody awaits hides its failure (an unhandled rejection) and its ordering
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // `any` switches the type checker off wherever it flows
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // a function a reader cannot hold in their head; route tables are lists, not functions (yiwang/max-function-lines)
      'yiwang/max-function-lines': ['error', { max: 120 }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // control characters are matched on purpose: they are what a file name or stored text must not hold
      'no-control-regex': 'off',
      // the ideographic space (U+3000) is Chinese typography in text, not a typo
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipComments: true }],
    },
  },
  {
    // the pure core: no database, HTTP, server, web, CLI, Node I/O or clock
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_IO.map((name) => ({ name, message: 'core/ does no I/O: receive it from the server' })),
          patterns: [
            {
              group: ['**/server/**', '**/web/**', '**/cli/**', '**/bench/**'],
              message: 'core/ imports nothing outside core/',
            },
            { group: ['kysely', 'pg', '@electric-sql/*', 'fastify', '@fastify/*'], message: 'core/ does no I/O' },
          ],
        },
      ],
      'yiwang/no-clock': 'error',
    },
  },
  {
    files: ['core/**/*.test.ts'],
    rules: { 'yiwang/no-clock': 'off', 'no-restricted-imports': 'off' },
  },
  {
    // SQL lives in repositories (and migrations, the schema, the database adapters and test helpers)
    files: ['server/**/*.ts', 'cli/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      '**/*.test.ts',
      'server/db/**',
      'server/testing/**',
      'server/analytics/kpi-sql.ts',
      'server/analytics/rollup-migration.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        restrictedPaths([
          {
            group: ['kysely'],
            importNames: ['sql'],
            message: 'SQL lives in *.repository.ts: call a repository method',
          },
        ]),
      ],
      'yiwang/no-sql-outside-repositories': 'error',
    },
  },
  {
    // the web app talks to the server over HTTP; it may share types (import type) and core rules
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'yiwang/web-imports-only-types-from-server': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'yiwang/max-function-lines': 'off',
    },
  },
);
