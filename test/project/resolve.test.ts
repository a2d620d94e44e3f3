/**
 * Module resolution of the project model against real folders: what Node and TypeScript would load,
 * restricted to project sources (never a published package, never outside the root).
 */
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/temp-tree';
import { FsCache, stripJsonComments } from '../../rules/src/project/fs-cache';
import { ModuleResolver, projectRootOf } from '../../rules/src/project/resolve';

function tree(files: Record<string, string>): string {
  return tempTree(files, 'idem-resolve-');
}

function resolver(root: string): (from: string, specifier: string) => string | null {
  const r = new ModuleResolver(root, new FsCache());
  return (from, specifier) => {
    const found = r.resolve(path.join(root, from), specifier);
    return found ? path.relative(root, found) : null;
  };
}

describe('relative imports', () => {
  const root = tree({
    'src/a.ts': '',
    'src/b.js': '',
    'src/c.mts': '',
    'src/types.d.ts': '',
    'src/dir/index.ts': '',
    'src/pkgdir/package.json': '{ "main": "lib/entry.js" }',
    'src/pkgdir/lib/entry.js': '',
  });
  const resolve = resolver(root);

  it('adds extensions, maps .js to .ts (TypeScript ESM) and .mjs to .mts, finds index files and package.json main', () => {
    expect(resolve('src/x.ts', './a')).toBe('src/a.ts');
    expect(resolve('src/x.ts', './a.js')).toBe('src/a.ts');
    expect(resolve('src/x.ts', './b')).toBe('src/b.js');
    expect(resolve('src/x.ts', './c.mjs')).toBe('src/c.mts');
    expect(resolve('src/x.ts', './dir')).toBe('src/dir/index.ts');
    expect(resolve('src/x.ts', './pkgdir')).toBe('src/pkgdir/lib/entry.js');
  });

  it('gives null for declaration files, missing files, builtins and packages', () => {
    expect(resolve('src/x.ts', './types')).toBeNull();
    expect(resolve('src/x.ts', './missing')).toBeNull();
    expect(resolve('src/x.ts', 'node:fs')).toBeNull();
    expect(resolve('src/x.ts', 'fs')).toBeNull();
    expect(resolve('src/x.ts', 'kafkajs')).toBeNull();
  });
});

describe('tsconfig paths and baseUrl', () => {
  it('follows extends (with comments and trailing commas), picks the longest prefix, falls back to baseUrl', () => {
    const root = tree({
      'tsconfig.base.json': '{\n  // shared\n  "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["libs/*/src"], "@lib/special": ["special/index.ts"], }, },\n}',
      'apps/api/tsconfig.json': '{ "extends": "../../tsconfig.base.json" }',
      'apps/api/src/main.ts': '',
      'libs/db/src/index.ts': '',
      'special/index.ts': '',
      'shared/util.ts': '',
    });
    const resolve = resolver(root);
    expect(resolve('apps/api/src/main.ts', '@lib/db')).toBe('libs/db/src/index.ts');
    expect(resolve('apps/api/src/main.ts', '@lib/special')).toBe('special/index.ts');
    expect(resolve('apps/api/src/main.ts', 'shared/util')).toBe('shared/util.ts');
  });

  it('reads jsconfig.json too, and paths relative to the config without baseUrl', () => {
    const root = tree({ 'jsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }', 'src/lib/db.js': '' });
    expect(resolver(root)('src/x.js', '~/lib/db')).toBe('src/lib/db.js');
  });

  it('never leaves the project root, whatever paths say', () => {
    const outside = tree({ 'evil.ts': '' });
    const root = tree({ 'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@out/*': [`${path.relative('/', outside)}/*`, `../${path.basename(outside)}/*`] }, baseUrl: '/' } }) });
    expect(resolver(root)('src/x.ts', '@out/evil')).toBeNull();
    expect(resolver(root)('src/x.ts', `../${path.basename(outside)}/evil`)).toBeNull();
  });

  it('does not follow a symbolic link out of the root', () => {
    const outside = tree({ 'secret.ts': '' });
    const root = tree({ 'src/x.ts': '' });
    symlinkSync(outside, path.join(root, 'src', 'linked'));
    // The path is inside the root as written; its target is not: neither is read.
    expect(resolver(root)('src/x.ts', './linked/secret')).toBeNull();
  });
});

describe('workspace packages', () => {
  it('npm/yarn workspaces, exports with conditions and subpath patterns, build output mapped to src', () => {
    const root = tree({
      'package.json': JSON.stringify({ name: 'mono', workspaces: { packages: ['packages/*'] } }),
      'packages/core/package.json': JSON.stringify({
        name: '@acme/core',
        exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.mjs' } }, './utils/*': './dist/utils/*.js' },
      }),
      'packages/core/src/index.ts': '',
      'packages/core/src/utils/time.ts': '',
      'packages/plain/package.json': JSON.stringify({ name: 'plain', main: 'index.js' }),
      'packages/plain/index.js': '',
    });
    const resolve = resolver(root);
    expect(resolve('apps/x.ts', '@acme/core')).toBe('packages/core/src/index.ts');
    expect(resolve('apps/x.ts', '@acme/core/utils/time')).toBe('packages/core/src/utils/time.ts');
    expect(resolve('apps/x.ts', 'plain')).toBe('packages/plain/index.js');
    expect(resolve('apps/x.ts', '@acme/other')).toBeNull();
  });

  it('pnpm-workspace.yaml and lerna.json with nested globs', () => {
    const root = tree({
      'package.json': '{ "name": "mono" }',
      'pnpm-workspace.yaml': "packages:\n  # apps and libraries\n  - 'apps/**'\n  - \"!**/test/**\"\nother: 1\n",
      'apps/group/worker/package.json': JSON.stringify({ name: 'worker-app', main: 'src/main.ts' }),
      'apps/group/worker/src/main.ts': '',
      'lerna.json': JSON.stringify({ packages: ['tools/*'] }),
      'tools/cli/package.json': JSON.stringify({ name: 'cli-tool' }),
      'tools/cli/index.ts': '',
    });
    const resolve = resolver(root);
    expect(resolve('x.ts', 'worker-app')).toBe('apps/group/worker/src/main.ts');
    expect(resolve('x.ts', 'cli-tool')).toBe('tools/cli/index.ts');
  });
});

describe('project root and config text', () => {
  it('is the nearest folder with .git, else the top-most package.json', () => {
    const withGit = tree({ '.git/HEAD': '', 'package.json': '{}', 'packages/a/package.json': '{}', 'packages/a/src/x.ts': '' });
    expect(projectRootOf(path.join(withGit, 'packages/a/src/x.ts'), new FsCache())).toBe(withGit);
    const noGit = tree({ 'package.json': '{}', 'packages/a/package.json': '{}', 'packages/a/src/x.ts': '' });
    expect(projectRootOf(path.join(noGit, 'packages/a/src/x.ts'), new FsCache())).toBe(noGit);
  });

  it('strips comments outside strings only', () => {
    expect(JSON.parse(stripJsonComments('{ "a": "http://x/*y*/", /* c */ "b": [1,], // d\n }'))).toEqual({ a: 'http://x/*y*/', b: [1] });
  });
});
