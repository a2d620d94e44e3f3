// The real-editor tests (`npm run test:editors`): Neovim's LSP client and VS Code (code-server driven
// by Chromium). Not part of `npm test` (the root config excludes test/editors); they need the editors
// from `.ci/install-editors.sh` and a built server and VSIX (`npm run build && npm run package`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/editors/**/*.test.ts'],
    // One editor at a time on a 2-core machine; each test sets its own generous waits.
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    pool: 'forks',
    reporters: ['verbose'],
  },
});
