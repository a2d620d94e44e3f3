// Bundles the entry points into dist/ with esbuild. Run from anywhere: `node scripts/build.mjs`.
// Packages that are installed next to the bundle (ESLint, the parser, TypeScript, the plugin) stay
// external: they load their own files at runtime and the plugin must be the one ESLint users get.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const INSTALLED = ['eslint', '@typescript-eslint/parser', 'typescript', 'eslint-plugin-idempotency'];

/** One entry per bundle; the language server will be added here. */
const ENTRIES = [
  { name: 'cli', entry: 'cli/src/main.ts', outfile: 'dist/cli.js', external: INSTALLED },
];

const only = process.argv.slice(2);
for (const { name, entry, outfile, external } of ENTRIES) {
  if (only.length > 0 && !only.includes(name)) continue;
  const target = path.join(root, outfile);
  rmSync(target, { force: true });
  rmSync(`${target}.map`, { force: true });
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: target,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external,
    logLevel: 'warning',
  });
  console.log(`built ${outfile} (${name})`);
}
