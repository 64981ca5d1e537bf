import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'eslint/**/*.test.ts',
      'core/**/*.test.ts',
      'server/**/*.test.ts',
      'cli/**/*.test.ts',
      'web/src/**/*.test.{ts,tsx}',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database tests open their own PGlite or a fresh PostgreSQL schema; two workers fit two cores.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
