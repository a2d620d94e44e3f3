/**
 * Which files to lint. Explicit files are linted whatever their extension; directories are walked for
 * JS/TS files, skipping:
 * - always: `node_modules` and version-control folders (`.git`, `.hg`, `.svn`);
 * - what the project ignores: `.gitignore` files (of the walked folders and of their ancestors up to
 *   the repository root) and `.git/info/exclude`, and `--ignore-pattern`s (gitignore syntax,
 *   relative to the working directory, as ESLint's `.eslintignore` was);
 * - by default, what is not the project's own source (`defaultIgnores: false` lints it): package
 *   managers' folders (`.yarn/`, `.pnpm-store/`, …), output folders (`dist/`, `build/`, `.next/`, …)
 *   that hold no TypeScript sources, minified bundles, and generated files (`@generated`,
 *   "DO NOT EDIT" headers).
 * Symlinked directories are followed once (by real path), so a link back to a parent does not loop.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { LINTED_EXTENSIONS } from './config';

/** Never walked into (a path naming one explicitly is still linted). */
export const ALWAYS_SKIPPED: readonly string[] = ['node_modules', '.git', '.hg', '.svn'];
/** Package managers' own folders: vendored tools and caches, never the project's source. */
export const PACKAGE_MANAGER_DIRECTORIES: readonly string[] = ['.yarn', '.pnpm-store', '.npm', 'bower_components', 'jspm_packages', '.pnpm'];
/** Build output, caches and deployment bundles: skipped when ignored or when they hold no TypeScript sources. */
export const OUTPUT_DIRECTORIES: readonly string[] = [
  'dist', 'build', 'out', 'lib-cov', 'coverage', '.nyc_output', '.next', '.nuxt', '.output', '.svelte-kit', '.turbo',
  '.vercel', '.netlify', '.serverless', '.aws-sam', 'cdk.out', '.docusaurus', 'storybook-static', '.cache', '.parcel-cache',
  '.webpack', '.vite', '.angular', '.expo', '.wrangler', '.sst', '.open-next', '.amplify-hosting',
];

export type SkipReason = 'ignored' | 'output' | 'package-manager' | 'minified' | 'generated';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  ignored: 'ignored by .gitignore or --ignore-pattern',
  output: 'in build output folders',
  'package-manager': "in package managers' folders",
  minified: 'minified',
  generated: 'generated',
};

export interface DiscoverOptions {
  /** gitignore-syntax patterns relative to `cwd` (`--ignore-pattern`). */
  ignorePatterns?: readonly string[];
  /** Skip what is not the project's own source (default true). */
  defaultIgnores?: boolean;
}

export interface Discovery {
  /** Absolute paths, in a stable order, each once. */
  files: string[];
  /** Directories that could not be listed, with the reason. */
  unreadable: { path: string; reason: string }[];
  /** Files not linted, by reason (directories count every JS/TS file under them). */
  skipped: Record<SkipReason, number>;
  /** A few examples per reason, relative to cwd, for the summary line. */
  examples: Record<SkipReason, string[]>;
  /** Explicitly named files that an ignore pattern matched (ESLint warns about these, and skips them). */
  ignoredExplicit: string[];
}

function isLinted(name: string): boolean {
  return (LINTED_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/** An explicit path that does not exist or cannot be accessed. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

/** The `.gitignore` rules that apply inside one directory, with the directory they are relative to. */
interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

function readIgnoreFile(file: string): Ignore | null {
  try {
    const text = readFileSync(file, 'utf8');
    return text.trim() === '' ? null : ignore({ allowRelativePaths: true }).add(text);
  } catch {
    return null;
  }
}

function isIgnoredBy(layers: readonly IgnoreLayer[], absolute: string, isDirectory: boolean): boolean {
  // Later (deeper) layers win, as in git: a nested `!pattern` re-includes.
  let ignored = false;
  for (const layer of layers) {
    const relative = path.relative(layer.base, absolute).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) continue;
    const result = layer.rules.test(isDirectory ? `${relative}/` : relative);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** The repository root above `dir` (a folder with `.git`), or null. */
function repositoryRoot(dir: string): string | null {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}

/** `.gitignore` layers of the ancestors of `dir` down to (not including) `dir`, plus `.git/info/exclude`. */
function ancestorLayers(dir: string): IgnoreLayer[] {
  const root = repositoryRoot(dir);
  if (!root) return [];
  const layers: IgnoreLayer[] = [];
  const exclude = readIgnoreFile(path.join(root, '.git', 'info', 'exclude'));
  if (exclude) layers.push({ base: root, rules: exclude });
  const chain: string[] = [];
  for (let current = path.dirname(dir); current.length >= root.length; current = path.dirname(current)) {
    chain.unshift(current);
    if (current === root || path.dirname(current) === current) break;
  }
  if (dir !== root && !chain.includes(root)) chain.unshift(root);
  for (const d of chain) {
    if (d === dir) continue;
    const rules = readIgnoreFile(path.join(d, '.gitignore'));
    if (rules) layers.push({ base: d, rules });
  }
  return layers;
}

const GENERATED_HEADER = /@generated\b|\bDO NOT EDIT\b|\bauto-?generated\b|\bCode generated by\b|\bThis file (?:was|is) (?:automatically )?generated\b/i;
const SNIFF_BYTES = 4096;

/** What a file's first bytes say about it: a minified bundle, generated code, or neither. */
function sniff(file: string, name: string): 'minified' | 'generated' | null {
  if (/\.min\.[cm]?js$/i.test(name) || /[.-](bundle|chunk)\.[cm]?js$/i.test(name)) return 'minified';
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // unreadable: the linter reports it
  }
  // A header comment in the first lines marks generated code (Prisma client, protobuf, OpenAPI, GraphQL codegen).
  const firstLines = head.split('\n', 12).join('\n');
  if (GENERATED_HEADER.test(firstLines) && /^\s*(\/\/|\/\*|\*|#!)/m.test(firstLines)) return 'generated';
  // Minified: a full buffer with (almost) no line breaks.
  if (head.length >= SNIFF_BYTES && head.split('\n').length <= 2) return 'minified';
  return null;
}

/** A folder's entries, or none when it cannot be listed (the walk reports unreadable folders itself). */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Whether a folder tree holds TypeScript sources (not declaration files): then it is code, not output. */
function holdsTypeScriptSources(dir: string, budget = { entries: 20_000 }): boolean {
  const entries = entriesOf(dir);
  for (const entry of entries) {
    if (--budget.entries < 0) return false;
    if (entry.isFile() && /\.(ts|tsx|mts|cts)$/i.test(entry.name) && !/\.d\.[cm]?ts$/i.test(entry.name)) return true;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !ALWAYS_SKIPPED.includes(entry.name) && holdsTypeScriptSources(path.join(dir, entry.name), budget)) return true;
  }
  return false;
}

function countLinted(dir: string, budget = { entries: 200_000 }): number {
  let count = 0;
  for (const entry of entriesOf(dir)) {
    if (--budget.entries < 0) break;
    if (entry.isFile() && isLinted(entry.name)) count++;
    else if (entry.isDirectory() && !ALWAYS_SKIPPED.includes(entry.name)) count += countLinted(path.join(dir, entry.name), budget);
  }
  return count;
}

/** Throws PathError when an explicit path does not exist. */
export function discoverFiles(paths: readonly string[], cwd: string, options: DiscoverOptions = {}): Discovery {
  const defaults = options.defaultIgnores !== false;
  const discovery: Discovery = {
    files: [],
    unreadable: [],
    skipped: { ignored: 0, output: 0, 'package-manager': 0, minified: 0, generated: 0 },
    examples: { ignored: [], output: [], 'package-manager': [], minified: [], generated: [] },
    ignoredExplicit: [],
  };
  const patterns = (options.ignorePatterns ?? []).filter((p) => p.trim() !== '');
  const patternLayer: IgnoreLayer | null = patterns.length > 0 ? { base: cwd, rules: ignore({ allowRelativePaths: true }).add([...patterns]) } : null;
  const seenFiles = new Set<string>();
  const seenDirectories = new Set<string>();
  const addFile = (file: string) => {
    if (!seenFiles.has(file)) {
      seenFiles.add(file);
      discovery.files.push(file);
    }
  };
  const skip = (reason: SkipReason, absolute: string, count: number, isDirectory: boolean) => {
    if (count === 0) return;
    discovery.skipped[reason] += count;
    const examples = discovery.examples[reason];
    if (examples.length < 3) examples.push(`${path.relative(cwd, absolute) || '.'}${isDirectory ? '/' : ''}`);
  };

  const walk = (directory: string, inherited: readonly IgnoreLayer[]) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(directory);
      if (seenDirectories.has(real)) return;
      seenDirectories.add(real);
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      discovery.unreadable.push({ path: directory, reason: (error as Error).message });
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink())) ? readIgnoreFile(path.join(directory, '.gitignore')) : null;
    const layers = own ? [...inherited, { base: directory, rules: own }] : inherited;
    const allLayers = patternLayer ? [...layers, patternLayer] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link is not a file to lint
        }
      }
      if (isDirectory) {
        if (ALWAYS_SKIPPED.includes(entry.name)) continue;
        if (isIgnoredBy(allLayers, full, true)) {
          skip('ignored', full, countLinted(full), true);
          continue;
        }
        if (defaults && PACKAGE_MANAGER_DIRECTORIES.includes(entry.name)) {
          skip('package-manager', full, countLinted(full), true);
          continue;
        }
        if (defaults && OUTPUT_DIRECTORIES.includes(entry.name) && !holdsTypeScriptSources(full)) {
          skip('output', full, countLinted(full), true);
          continue;
        }
        walk(full, layers);
      } else if (isFile && isLinted(entry.name)) {
        if (isIgnoredBy(allLayers, full, false)) {
          skip('ignored', full, 1, false);
          continue;
        }
        const kind = defaults ? sniff(full, entry.name) : null;
        if (kind) skip(kind, full, 1, false);
        else addFile(full);
      }
    }
  };

  const targets = paths.length > 0 ? paths : ['.'];
  const problems = targets.map((target) => accessProblem(path.resolve(cwd, target), target)).filter((p) => p !== undefined);
  if (problems.length > 0) throw new PathError(problems.join('; '));
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const layers = ancestorLayers(absolute);
    if (statSync(absolute).isDirectory()) {
      walk(absolute, layers);
    } else if (isIgnoredBy(patternLayer ? [...layers, patternLayer] : layers, absolute, false)) {
      // As ESLint does for a file named on the command line that an ignore pattern matches.
      discovery.ignoredExplicit.push(absolute);
    } else {
      addFile(absolute);
    }
  }
  return discovery;
}

/** One line saying what was not linted and why, or null when nothing was skipped. */
export function skippedSummary(discovery: Discovery, defaultIgnores: boolean): string | null {
  const parts = (Object.keys(discovery.skipped) as SkipReason[])
    .filter((reason) => discovery.skipped[reason] > 0)
    .map((reason) => `${discovery.skipped[reason]} ${SKIP_REASON_TEXT[reason]} (${discovery.examples[reason].join(', ')}${discovery.skipped[reason] > discovery.examples[reason].length ? ', …' : ''})`);
  if (parts.length === 0) return null;
  const total = Object.values(discovery.skipped).reduce((a, b) => a + b, 0);
  const defaultsUsed = discovery.skipped.output + discovery.skipped['package-manager'] + discovery.skipped.minified + discovery.skipped.generated > 0;
  return `skipped ${total} JS/TS file${total === 1 ? '' : 's'}: ${parts.join('; ')}${defaultIgnores && defaultsUsed ? '. --no-default-ignores lints them' : ''}`;
}

function accessProblem(file: string, shown: string): string | undefined {
  try {
    statSync(file);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file or directory: ${shown}`;
    return `cannot access ${shown}: ${(error as Error).message}`;
  }
}
