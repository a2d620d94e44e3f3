/**
 * The VSIX as VS Code installs it: `vsce ls` and `npm run package` (offline) ship exactly the two
 * bundles, the manifest, README, LICENSE and the rule docs — no sources, tests, maps or node_modules.
 * Needs the bundles: `npm run build` (CI does) or `node scripts/build.mjs server extension`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/labels';

const VSCE = path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce');
const BUNDLES = ['dist/extension.js', 'dist/server.js'];
const RULE_DOCS = ['no-ack-after-failure.md', 'no-ack-before-process.md', 'no-increment-write.md', 'require-dedup-check.md', 'settings.md'].map((f) => `rules/docs/${f}`);
const EXPECTED = ['LICENSE', 'README.md', 'package.json', ...BUNDLES, ...RULE_DOCS].sort();
/** Paths that must never be in the VSIX. */
const FORBIDDEN = /(^|\/)(node_modules|src|test|tests|examples|bench|scripts|\.ci|test-artifacts|coverage|\.cache)\/|\.map$|\.tsx?$|\.vsix$|^tsconfig|^vitest/;

interface ZipEntry {
  name: string;
  data: () => Buffer;
}

/** Reads a zip's central directory (enough for a VSIX: stored or deflated entries). */
function readZip(file: string): ZipEntry[] {
  const zip = readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    entries.push({
      name,
      data: () => {
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const raw = zip.subarray(start, start + compressed);
        return method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
      },
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

beforeAll(() => {
  for (const bundle of BUNDLES) {
    if (!existsSync(path.join(REPO_ROOT, bundle))) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  }
});

describe('vsce ls', () => {
  it('lists exactly what runs: the bundles, the manifest, README, LICENSE and the rule docs', () => {
    const out = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' });
    const files = out
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort();
    expect(files).toEqual(EXPECTED);
    for (const file of files) expect(file).not.toMatch(FORBIDDEN);
  });
});

describe('npm run package', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idempotency-vsix-'));
  const vsix = path.join(dir, 'idempotency-lint.vsix');
  let entries: ZipEntry[] = [];

  beforeAll(() => {
    // --no-build: the test packages the bundles that are there instead of rebuilding them under
    // other tests' feet; scripts/package.mjs builds them by default.
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/package.mjs'), '--no-build', '--out', vsix], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    entries = readZip(vsix);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a VSIX holding the extension files and nothing else', () => {
    const files = entries
      .map((e) => e.name)
      .filter((name) => name.startsWith('extension/'))
      .map((name) => name.slice('extension/'.length))
      .sort();
    // vsce renames LICENSE to LICENSE.txt and README.md to readme.md.
    expect(files).toEqual(EXPECTED.map((f) => (f === 'LICENSE' ? 'LICENSE.txt' : f === 'README.md' ? 'readme.md' : f)).sort());
    for (const file of files) expect(file).not.toMatch(FORBIDDEN);
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['extension.vsixmanifest', '[Content_Types].xml']));
  });

  it('is a reasonable size', () => {
    const size = statSync(vsix).size;
    expect(size).toBeGreaterThan(500 * 1024);
    expect(size).toBeLessThan(8 * 1024 * 1024);
  });

  it('carries the manifest VS Code reads: id, engine, entry point, language server bundle', () => {
    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.data().toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'idempotency-lint', publisher: 'idempotency-lint', main: './dist/extension.js' });
    const vsixManifest = entries.find((e) => e.name === 'extension.vsixmanifest')!.data().toString('utf8');
    expect(vsixManifest).toContain('Id="idempotency-lint"');
    expect(vsixManifest).toContain('Publisher="idempotency-lint"');
    expect(vsixManifest).toMatch(/Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.91\.0"/);
    const extension = entries.find((e) => e.name === 'extension/dist/extension.js')!.data().toString('utf8');
    // Only `vscode` (and Node built-ins) are left to require at runtime.
    const requires = new Set([...extension.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const builtins = new Set(builtinModules);
    expect([...requires].filter((r) => r !== 'vscode' && !builtins.has(r.replace(/^node:/, '')))).toEqual([]);
  });
});
