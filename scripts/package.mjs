// Packages the VS Code extension offline: bundles dist/server.js and dist/extension.js, then runs
// `vsce package` into idempotency-lint-<version>.vsix at the repository root.
//
//   node scripts/package.mjs [--no-build] [--out <file.vsix>]
//
// The VSIX ships no node_modules (both bundles are self-contained; .vscodeignore keeps the rest out),
// hence --no-dependencies. No repository URL and no network assets: --allow-missing-repository, and
// --no-rewrite-relative-links keeps the README's relative links as they are instead of failing on them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const outIndex = args.indexOf('--out');
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.resolve(root, outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1] : `${name}-${version}.vsix`);

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`package: ${command} ${commandArgs.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (build) run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'server', 'extension']);
for (const bundle of ['dist/server.js', 'dist/extension.js']) {
  if (!existsSync(path.join(root, bundle))) {
    console.error(`package: ${bundle} is missing; run \`node scripts/build.mjs server extension\``);
    process.exit(1);
  }
}

const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--skip-license',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);
console.log(`packaged ${path.relative(root, out)} (${(statSync(out).size / 1024 / 1024).toFixed(2)} MB)`);
