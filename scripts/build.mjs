// Bundles the entry points into dist/ with esbuild. Run from anywhere: `node scripts/build.mjs [name…]`.
//
// - cli: packages that are installed next to the bundle (ESLint, the parser, TypeScript, the plugin)
//   stay external: they load their own files at runtime and the plugin must be the one ESLint users get.
// - server: the language server ships inside the VS Code extension, which has no node_modules, so it
//   bundles EVERYTHING it imports (ESLint, the parser, TypeScript, the plugin, vscode-languageserver).
//   Only `jiti` stays external: ESLint imports it lazily to load eslint.config.{ts,mts,cts}, it is an
//   optional peer that is not installed, and ESLint reports its absence itself when such a file is used.
//   The plugin is bundled from rules/src, so `npm run build --workspace rules` is not needed first.
// - extension: the VS Code extension; `vscode` is provided by the editor.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const INSTALLED = ['eslint', '@typescript-eslint/parser', '@typescript-eslint/scope-manager', 'typescript', 'eslint-plugin-idempotency'];

/** One entry per bundle. */
const ENTRIES = [
  { name: 'cli', entry: 'cli/src/main.ts', outfile: 'dist/cli.js', external: INSTALLED },
  {
    name: 'server',
    entry: 'server/src/main.ts',
    outfile: 'dist/server.js',
    external: ['jiti', 'jiti/package.json'],
    // The plugin from its sources (as the tests use it), so the bundle never depends on a stale rules/dist.
    alias: { 'eslint-plugin-idempotency': './rules/src/index.ts' },
    // 15 MB of mostly TypeScript: drop whitespace and simplify syntax, but keep identifiers and
    // function names (error messages and stack traces stay readable).
    minify: { minifyWhitespace: true, minifySyntax: true, keepNames: true },
  },
  {
    name: 'extension',
    entry: 'client/src/extension.ts',
    outfile: 'dist/extension.js',
    external: ['vscode'],
    minify: { minifyWhitespace: true, minifySyntax: true, keepNames: true },
  },
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !ENTRIES.some((entry) => entry.name === name));
if (unknown.length > 0) {
  console.error(`unknown bundle(s): ${unknown.join(', ')} (known: ${ENTRIES.map((e) => e.name).join(', ')})`);
  process.exit(2);
}
for (const { name, entry, outfile, external, alias, minify } of ENTRIES) {
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
    alias,
    logLevel: 'warning',
    ...minify,
  });
  console.log(`built ${outfile} (${name})`);
}
