/**
 * Module resolution as Node and TypeScript do it, for project files only: relative paths with
 * extensions and index files (`./x.js` may name `./x.ts`), `tsconfig`/`jsconfig` `paths` and
 * `baseUrl`, and workspace packages by name (npm/yarn `workspaces`, `pnpm-workspace.yaml`, `rush.json`,
 * `lerna.json`) through their `exports`, `types`, `module` or `main`, preferring the TypeScript source
 * over a build output. Published packages (node_modules) are not project code: they resolve to null.
 */
import * as path from 'node:path';
import { isInside, type FsCache } from './fs-cache';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
/** Build output folders whose sources usually sit in `src/` beside them. */
const OUTPUT_DIR = /^(dist|build|lib|out|esm|cjs)(\/|$)/;
const CONDITIONS = ['types', 'typescript', 'source', 'import', 'module', 'require', 'node', 'default'];

interface CompilerPaths {
  /** Folder `paths` targets are relative to. */
  base: string;
  baseUrl: string | null;
  paths: [pattern: string, targets: string[]][];
}

export class ModuleResolver {
  private workspaces: Map<string, string> | null = null;
  private readonly configs = new Map<string, CompilerPaths | null>();

  constructor(
    /** The project root: nothing outside it is read. */
    readonly root: string,
    private readonly fs: FsCache,
  ) {}

  /** The project file `specifier` names when imported from `fromFile`, or null (a package, a builtin, missing). */
  resolve(fromFile: string, specifier: string): string | null {
    if (specifier.startsWith('node:') || specifier === '') return null;
    let result: string | null = null;
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      result = this.asFileOrDirectory(path.resolve(path.dirname(fromFile), specifier));
    } else {
      result = this.throughCompilerPaths(fromFile, specifier) ?? this.throughWorkspaces(specifier);
    }
    if (!result || !isInside(this.root, result) || result.split(path.sep).includes('node_modules')) return null;
    // A symbolic link inside the root may point out of it: the target decides.
    const real = this.fs.realpath(result);
    const realRoot = this.fs.realpath(this.root);
    if (!real || !realRoot || !isInside(realRoot, real)) return null;
    return result;
  }

  private asFileOrDirectory(target: string): string | null {
    return this.asFile(target) ?? this.asDirectory(target);
  }

  private asFile(target: string): string | null {
    const ext = path.extname(target);
    // `./x.js` in TypeScript ESM names `./x.ts`.
    for (const replacement of JS_TO_TS[ext] ?? []) {
      const candidate = target.slice(0, -ext.length) + replacement;
      if (this.fs.isFile(candidate)) return candidate;
    }
    if (SOURCE_EXTENSIONS.includes(ext) && !target.endsWith('.d.ts') && this.fs.isFile(target)) return target;
    for (const e of SOURCE_EXTENSIONS) {
      if (this.fs.isFile(target + e)) return target + e;
    }
    return null;
  }

  private asDirectory(dir: string): string | null {
    if (!this.fs.isDirectory(dir)) return null;
    const pkg = this.fs.json(path.join(dir, 'package.json'));
    if (pkg) {
      const entry = this.packageEntry(dir, pkg, '.');
      if (entry) return entry;
    }
    for (const e of SOURCE_EXTENSIONS) {
      const index = path.join(dir, `index${e}`);
      if (this.fs.isFile(index)) return index;
    }
    return null;
  }

  // ------------------------------------------------------------------ tsconfig / jsconfig paths

  private throughCompilerPaths(fromFile: string, specifier: string): string | null {
    const config = this.compilerPathsFor(path.dirname(fromFile));
    if (!config) return null;
    let best: { targets: string[]; star: string; specificity: number } | null = null;
    for (const [pattern, targets] of config.paths) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === specifier) best = { targets, star: '', specificity: Infinity };
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) {
        if (!best || prefix.length > best.specificity) {
          best = { targets, star: specifier.slice(prefix.length, specifier.length - suffix.length), specificity: prefix.length };
        }
      }
    }
    if (best) {
      for (const target of best.targets) {
        const found = this.asFileOrDirectory(path.resolve(config.base, target.replace('*', best.star)));
        if (found) return found;
      }
    }
    if (config.baseUrl) return this.asFileOrDirectory(path.resolve(config.baseUrl, specifier));
    return null;
  }

  /** The nearest tsconfig.json / jsconfig.json at or above `dir` (inside the root), with `extends` followed. */
  private compilerPathsFor(dir: string): CompilerPaths | null {
    const cached = this.configs.get(dir);
    if (cached !== undefined) return cached;
    let result: CompilerPaths | null = null;
    const local = ['tsconfig.json', 'jsconfig.json'].map((n) => path.join(dir, n)).find((f) => this.fs.isFile(f));
    if (local) result = this.readCompilerPaths(local, 0);
    else if (dir !== this.root && isInside(this.root, path.dirname(dir)) && path.dirname(dir) !== dir) result = this.compilerPathsFor(path.dirname(dir));
    this.configs.set(dir, result);
    return result;
  }

  private readCompilerPaths(configFile: string, depth: number): CompilerPaths | null {
    const json = this.fs.json(configFile);
    if (!json || depth > 5) return null;
    const dir = path.dirname(configFile);
    let inherited: CompilerPaths | null = null;
    const extendsList = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends.filter((e): e is string => typeof e === 'string') : [];
    for (const parent of extendsList) {
      if (!parent.startsWith('.')) continue;
      let parentFile = path.resolve(dir, parent);
      if (!parentFile.endsWith('.json')) parentFile += '.json';
      if (!isInside(this.root, parentFile)) continue;
      inherited = this.readCompilerPaths(parentFile, depth + 1) ?? inherited;
    }
    const options = (json.compilerOptions ?? {}) as Record<string, unknown>;
    const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : (inherited?.baseUrl ?? null);
    const rawPaths = options.paths && typeof options.paths === 'object' ? (options.paths as Record<string, unknown>) : null;
    if (rawPaths) {
      const paths = Object.entries(rawPaths)
        .map(([k, v]): [string, string[]] => [k, Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []])
        .filter(([, v]) => v.length > 0);
      // `paths` are relative to baseUrl when it is set, else to the config that declares them.
      return { base: baseUrl ?? dir, baseUrl, paths };
    }
    if (inherited) return { ...inherited, baseUrl };
    return baseUrl ? { base: baseUrl, baseUrl, paths: [] } : null;
  }

  // ------------------------------------------------------------------ workspace packages

  private throughWorkspaces(specifier: string): string | null {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const dir = this.workspacePackages().get(name);
    if (!dir) return null;
    const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
    if (subpath === '.') return this.asDirectory(dir);
    const pkg = this.fs.json(path.join(dir, 'package.json')) ?? {};
    return this.packageEntry(dir, pkg, subpath) ?? this.asFileOrDirectory(path.join(dir, subpath));
  }

  /** Package name → folder, for every workspace package of the root. */
  private workspacePackages(): Map<string, string> {
    if (this.workspaces) return this.workspaces;
    const map = new Map<string, string>();
    const patterns: string[] = [];
    const rootPkg = this.fs.json(path.join(this.root, 'package.json'));
    const ws = rootPkg?.workspaces;
    if (Array.isArray(ws)) patterns.push(...ws.filter((w): w is string => typeof w === 'string'));
    else if (ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages)) {
      patterns.push(...((ws as { packages: unknown[] }).packages.filter((w): w is string => typeof w === 'string')));
    }
    const pnpm = this.fs.text(path.join(this.root, 'pnpm-workspace.yaml'));
    if (pnpm) patterns.push(...yamlPackageList(pnpm));
    const lerna = this.fs.json(path.join(this.root, 'lerna.json'));
    if (Array.isArray(lerna?.packages)) patterns.push(...(lerna.packages as unknown[]).filter((w): w is string => typeof w === 'string'));
    // Rush lists every project with its folder (rush.json, JSON with comments).
    const rush = this.fs.json(path.join(this.root, 'rush.json'));
    if (Array.isArray(rush?.projects)) {
      for (const project of rush.projects as unknown[]) {
        const { packageName, projectFolder } = (project ?? {}) as { packageName?: unknown; projectFolder?: unknown };
        if (typeof packageName === 'string' && typeof projectFolder === 'string' && !map.has(packageName)) map.set(packageName, path.join(this.root, projectFolder));
      }
    }
    for (const pattern of patterns) {
      if (pattern.startsWith('!')) continue;
      for (const dir of this.expand(pattern)) {
        const name = this.fs.json(path.join(dir, 'package.json'))?.name;
        if (typeof name === 'string' && !map.has(name)) map.set(name, dir);
      }
    }
    // Microservice repositories often keep a shared package beside the services without declaring
    // workspaces (each service installs its published build): its source is in the repository.
    for (const dir of this.packageFolders()) {
      const name = this.fs.json(path.join(dir, 'package.json'))?.name;
      if (typeof name === 'string' && !map.has(name)) map.set(name, dir);
    }
    this.workspaces = map;
    return map;
  }

  /** Folders below the root (three levels at most) with a package.json, outside dependencies and build output. */
  private packageFolders(): string[] {
    const found: string[] = [];
    let visited = 0;
    const walk = (dir: string, depth: number): void => {
      for (const sub of this.fs.subdirectories(dir)) {
        if (++visited > 2000) return;
        if (sub.startsWith('.') || sub === 'node_modules' || OUTPUT_DIR.test(sub)) continue;
        const child = path.join(dir, sub);
        if (this.fs.isFile(path.join(child, 'package.json'))) found.push(child);
        if (depth < 3) walk(child, depth + 1);
      }
    };
    walk(this.root, 1);
    return found;
  }

  /** Folders a workspace glob names: literal segments, `*` and `**` (three levels at most). */
  private expand(pattern: string): string[] {
    const segments = pattern.replace(/^\.\//, '').replace(/\/$/, '').split('/').filter(Boolean);
    let dirs = [this.root];
    for (const segment of segments) {
      const next: string[] = [];
      for (const dir of dirs) {
        if (segment === '**') {
          const walk = (d: string, depth: number): void => {
            next.push(d);
            if (depth < 3) for (const sub of this.fs.subdirectories(d)) walk(path.join(d, sub), depth + 1);
          };
          walk(dir, 0);
        } else if (segment.includes('*')) {
          const re = new RegExp(`^${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
          for (const sub of this.fs.subdirectories(dir)) if (re.test(sub)) next.push(path.join(dir, sub));
        } else {
          const d = path.join(dir, segment);
          if (this.fs.isDirectory(d)) next.push(d);
        }
      }
      dirs = next;
      if (dirs.length > 2000) break;
    }
    return dirs;
  }

  /** The file a package's `exports`/`types`/`module`/`main` names for `subpath`, as its source where one is beside it. */
  private packageEntry(dir: string, pkg: Record<string, unknown>, subpath: string): string | null {
    const targets: string[] = [];
    const exportsField = pkg.exports;
    if (exportsField !== undefined) {
      const target = exportTarget(exportsField, subpath);
      if (target) targets.push(target);
    }
    if (subpath === '.') {
      for (const field of ['source', 'types', 'typings', 'module', 'main']) {
        const value = pkg[field];
        if (typeof value === 'string') targets.push(value);
      }
    }
    for (const target of targets) {
      const found = this.sourceOf(dir, target);
      if (found) return found;
    }
    return null;
  }

  /** `dist/index.js` or `dist/index.d.ts` → `src/index.ts` when that exists, else the target itself. */
  private sourceOf(dir: string, target: string): string | null {
    const rel = target.replace(/^\.\//, '');
    const bare = rel.replace(/\.d\.ts$/, '').replace(/\.(m|c)?jsx?$/, '').replace(/\.(m|c)?tsx?$/, '');
    if (OUTPUT_DIR.test(rel)) {
      const inSrc = this.asFileOrDirectory(path.join(dir, bare.replace(OUTPUT_DIR, 'src/')));
      if (inSrc) return inSrc;
    }
    if (rel.endsWith('.d.ts')) return this.asFileOrDirectory(path.join(dir, bare));
    return this.asFileOrDirectory(path.join(dir, rel));
  }
}

/** The target of `exports` for a subpath, through conditions (`types`, `import`, `require`, `default`…) and `*` patterns. */
function exportTarget(exportsField: unknown, subpath: string): string | null {
  if (typeof exportsField === 'string') return subpath === '.' ? exportsField : null;
  if (!exportsField || typeof exportsField !== 'object') return null;
  const entries = exportsField as Record<string, unknown>;
  const keys = Object.keys(entries);
  // Conditions at the top level apply to ".".
  if (keys.length > 0 && keys.every((k) => !k.startsWith('.'))) return subpath === '.' ? conditionTarget(entries) : null;
  if (subpath in entries) return conditionTarget(entries[subpath]);
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
      const target = conditionTarget(entries[key]);
      if (target) return target.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return null;
}

function conditionTarget(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = conditionTarget(v);
      if (t) return t;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const conditions = value as Record<string, unknown>;
  for (const c of CONDITIONS) {
    if (c in conditions) {
      const t = conditionTarget(conditions[c]);
      if (t) return t;
    }
  }
  return null;
}

/** The `packages:` list of a pnpm-workspace.yaml (the only part read). */
function yamlPackageList(text: string): string[] {
  const out: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s*-\s*['"]?([^'"#]+?)['"]?\s*(#.*)?$/.exec(line);
    if (item) out.push(item[1]!.trim());
    else if (/^\S/.test(line)) inPackages = false;
  }
  return out;
}

/** The project root of a file: the nearest folder above it with `.git`, else the top-most package.json folder. */
export function projectRootOf(file: string, fs: FsCache): string {
  let dir = path.dirname(file);
  let topPackage: string | null = null;
  for (let i = 0; i < 40; i++) {
    if (fs.stat(path.join(dir, '.git'))) return dir;
    if (fs.isFile(path.join(dir, 'package.json'))) topPackage = dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return topPackage ?? path.dirname(file);
}
