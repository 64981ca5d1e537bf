import { defineConfig } from 'vitest/config';

/** End-to-end tests: the real platform and Debian's Chromium (npm run test:e2e; see DEVELOPERS.md). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
  },
});
