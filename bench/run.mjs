// `npm run bench [-- options]`: bundles bench/main.ts with esbuild (packages stay external, so the
// BUILT plugin in rules/dist is what `eslint-plugin-idempotency` resolves to) into
// node_modules/.cache/idempotency-bench/ and runs it with --expose-gc. Needs `npm ci && npm run build`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleAndRun, root } from '../scripts/run-ts.mjs';

if (!existsSync(path.join(root, 'rules/dist/index.js')) || !existsSync(path.join(root, 'dist/server.js'))) {
  console.error('bench: run `npm run build` first (rules/dist and dist/server.js are measured).');
  process.exit(2);
}
process.exit(
  await bundleAndRun({
    entry: 'bench/main.ts',
    args: process.argv.slice(2),
    cacheDir: 'idempotency-bench',
    pluginFromSource: false,
    nodeArgs: ['--expose-gc'],
    env: (bundle) => ({ IDEMPOTENCY_BENCH_ROOT: root, IDEMPOTENCY_BENCH_BUNDLE: bundle }),
  }),
);
