// `npm run bench [-- options]`: bundles bench/main.ts with esbuild (packages stay external, so the
// BUILT plugin in rules/dist is what `eslint-plugin-idempotency` resolves to) into
// node_modules/.cache/idempotency-bench/ and runs it with --expose-gc. Needs `npm ci && npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'rules/dist/index.js')) || !existsSync(path.join(root, 'dist/server.js'))) {
  console.error('bench: run `npm run build` first (rules/dist and dist/server.js are measured).');
  process.exit(2);
}
const outdir = path.join(root, 'node_modules/.cache/idempotency-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, 'main.cjs');
await build({
  absWorkingDir: root,
  entryPoints: ['bench/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, IDEMPOTENCY_BENCH_ROOT: root, IDEMPOTENCY_BENCH_BUNDLE: outfile },
});
process.exit(result.status ?? 1);
