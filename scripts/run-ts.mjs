// `node scripts/run-ts.mjs <entry.ts> [args…]`: bundles a TypeScript entry point of this repository with
// esbuild (packages stay external; the plugin is taken from rules/src, so no build of it is needed) into
// node_modules/.cache/idempotency-run/ and runs it with the remaining arguments. Used by `npm run
// eval:real` and `npm run fuzz`; bench/run.mjs uses bundleAndRun() with the built plugin instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `entry` (relative to the repository root) to a CommonJS file and runs it; returns the exit code.
 * `pluginFromSource`: resolve eslint-plugin-idempotency to rules/src (default) or to the built package.
 * `env`: extra environment, or a function of the bundle's path that returns it.
 */
export async function bundleAndRun({ entry, args = [], cacheDir = 'idempotency-run', pluginFromSource = true, nodeArgs = [], env = {} }) {
  const outdir = path.join(root, 'node_modules/.cache', cacheDir);
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
    ...(pluginFromSource ? { alias: { 'eslint-plugin-idempotency': './rules/src/index.ts' } } : {}),
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, ['--enable-source-maps', ...nodeArgs, outfile, ...args], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, IDEMPOTENCY_REPO_ROOT: root, ...(typeof env === 'function' ? env(outfile) : env) },
  });
  return result.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
    process.exit(2);
  }
  process.exit(await bundleAndRun({ entry, args, nodeArgs: ['--max-old-space-size=4096'] }));
}
