import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      // Tests exercise the sources; test/package checks the built package separately.
      'eslint-plugin-idempotency': fileURLToPath(new URL('./rules/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: process.env.VITEST_INCLUDE ? [process.env.VITEST_INCLUDE] : ['test/**/*.test.ts'],
    // Real editors: `npm run test:editors` (test/editors/vitest.config.mts), not `npm test`.
    exclude: [...configDefaults.exclude, 'test/editors/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
