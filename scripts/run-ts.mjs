// `node scripts/run-ts.mjs <entry.ts> [args…]`: bundles a TypeScript entry point of this repository with
// esbuild (packages stay external; the plugin is taken from rules/src, so no build of it is needed) into
// node_modules/.cache/idempotency-run/ and runs it with the remaining arguments. Used by `npm run
// eval:real` and `npm run fuzz`.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
const outdir = path.join(root, 'node_modules/.cache/idempotency-run');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${entry.replace(/[\\/]/g, '_').replace(/\.ts$/, '')}.cjs`);
await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  alias: { 'eslint-plugin-idempotency': './rules/src/index.ts' },
  sourcemap: 'inline',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--enable-source-maps', '--max-old-space-size=4096', outfile, ...args], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, IDEMPOTENCY_REPO_ROOT: root },
});
process.exit(result.status ?? 1);
