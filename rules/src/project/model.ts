/**
 * The project model: other files of the project as the analysis needs them, parsed on demand (only
 * when a handler calls into them), never run. One model per project root and process (the CLI, each
 * ESLint worker thread and the language server share the same code); each module is cached by its
 * size and modification time (or, for an editor buffer, its version), and the cache is bounded.
 *
 * The language server keeps models current: `setTextOverlay` makes open buffers what the model
 * reads, and `invalidateFiles` hands the project a successor model when a file it has read changes.
 */
import * as path from 'node:path';
import type { SourceCode } from 'eslint';
import { visitorKeys as tsVisitorKeys } from '@typescript-eslint/visitor-keys';
import type { TSESTree } from '@typescript-eslint/utils';
import { FileContext } from '../analysis/file-context';
import type { IdempotencySettings } from '../settings';
import { FsCache, isInside, type TextOverlay } from './fs-cache';
import { textIndexesFileChanged } from './text-index';
import { noteRead } from './reads';
import { ModuleResolver, projectRootOf } from './resolve';

/** Files larger than this are not parsed for the model (bundles, generated code). */
const MAX_MODULE_BYTES = 512 * 1024;
/** Parsed modules kept per project; the least recently used go first. */
const MAX_CACHED_MODULES = 120;
const MAX_PROJECTS = 8;

interface ModuleEntry {
  /** What the text was read as (disk mtime and size, or buffer version): the entry is valid while it is the same. */
  stamp: string;
  sourceCode: SourceCode | null;
  contexts: Map<string, FileContext>;
}

export class ProjectModel {
  readonly fs: FsCache;
  readonly resolver: ModuleResolver;
  private readonly modules: Map<string, ModuleEntry>;
  /**
   * A module was found changed when it was read again (no one said so: a process without file
   * events). What this model derived from its old text may be cached: the next lint gets a successor.
   */
  foundChanged = false;
  /** Where each program parsed here came from (messages quote and name places in other files). */
  private static readonly programs = new WeakMap<TSESTree.Program, { sourceCode: SourceCode; relative: string }>();

  constructor(
    readonly root: string,
    fsCache: FsCache = new FsCache(),
    inherited: { modules: Map<string, ModuleEntry>; resolver: ModuleResolver | null } | null = null,
  ) {
    this.fs = fsCache;
    this.resolver = inherited?.resolver ?? new ModuleResolver(root, fsCache);
    this.modules = inherited?.modules ?? new Map();
  }

  /**
   * The model to use once `changed` files changed. Everything the analysis derived and cached about
   * this project (per context, per model, per node) may have looked through one of them, so the
   * successor starts with no contexts; it keeps the parsed trees of the unchanged files (parsing is
   * the expensive part) and, unless the layout changed, the module resolver.
   */
  successor(changed: ReadonlySet<string>, layoutChanged: boolean): ProjectModel {
    const modules = new Map<string, ModuleEntry>();
    for (const [file, entry] of this.modules) {
      if (!changed.has(file)) modules.set(file, { stamp: entry.stamp, sourceCode: entry.sourceCode, contexts: new Map() });
    }
    return new ProjectModel(this.root, this.fs, { modules, resolver: layoutChanged ? null : this.resolver });
  }

  /**
   * The analysis context of another project file, or null when it cannot be read, is too large, does
   * not parse, or lies outside the root.
   */
  contextOf(file: string, settings: IdempotencySettings, settingsKey: string): FileContext | null {
    if (!isInside(this.root, file)) return null;
    noteRead(file);
    const stamp = this.fs.stampOf(file, MAX_MODULE_BYTES);
    if (stamp == null) return null;
    let entry = this.modules.get(file);
    if (entry && entry.stamp !== stamp) {
      entry = undefined;
      this.foundChanged = true;
    }
    if (!entry) {
      const source = this.fs.source(file, MAX_MODULE_BYTES);
      entry = { stamp: source?.stamp ?? stamp, sourceCode: source ? parseModule(file, source.text) : null, contexts: new Map() };
      if (entry.sourceCode) ProjectModel.programs.set(entry.sourceCode.ast as TSESTree.Program, { sourceCode: entry.sourceCode, relative: this.relative(file) });
    }
    // Least recently used order: re-insert on every use.
    this.modules.delete(file);
    this.modules.set(file, entry);
    if (this.modules.size > MAX_CACHED_MODULES) this.modules.delete(this.modules.keys().next().value!);
    if (!entry.sourceCode) return null;
    let context = entry.contexts.get(settingsKey);
    if (!context) {
      context = new FileContext(entry.sourceCode as unknown as FileContext['sourceCode'], settings, file, this, settingsKey);
      entry.contexts.set(settingsKey, context);
    }
    return context;
  }

  /** A program parsed by a model: its source and its path relative to the project root (null for the linted file). */
  static parsedProgram(program: TSESTree.Program): { sourceCode: SourceCode; relative: string } | null {
    return ProjectModel.programs.get(program) ?? null;
  }

  /** A project file's path relative to the root, for messages. */
  relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join('/');
  }
}

/** The part of @typescript-eslint/parser used here (its types need a newer moduleResolution than the build's). */
type ParseForESLint = (
  text: string,
  options: Record<string, unknown>,
) => { ast: unknown; services: unknown; scopeManager: unknown; visitorKeys: unknown };

interface Tools {
  SourceCode: typeof SourceCode;
  parseForESLint: ParseForESLint;
}
let tools: Tools | null = null;

/** Loaded on first use: most linted files never need another file parsed. */
function loadTools(): Tools {
  if (!tools) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const eslint = require('eslint') as typeof import('eslint');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parser = require('@typescript-eslint/parser') as { parseForESLint: ParseForESLint };
    tools = { SourceCode: eslint.SourceCode, parseForESLint: parser.parseForESLint };
  }
  return tools;
}

function parseModule(file: string, text: string): SourceCode | null {
  const ext = path.extname(file);
  const { SourceCode: SourceCodeClass, parseForESLint } = loadTools();
  try {
    const result = parseForESLint(text, {
      filePath: file,
      ecmaVersion: 'latest',
      sourceType: ext === '.cjs' || ext === '.cts' ? 'script' : 'module',
      ecmaFeatures: { jsx: ext !== '.ts' && ext !== '.mts' && ext !== '.cts' },
      range: true,
      loc: true,
      // The analysis of another file reads its tree and scopes, never its tokens: they would be
      // most of the memory a cached module takes.
      comment: false,
      tokens: false,
      // Nor does it need the TypeScript tree the node maps would keep alive next to it.
      preserveNodeMaps: false,
    });
    const ast = result.ast as unknown as TSESTree.Program & { tokens?: unknown[]; comments?: unknown[] };
    ast.tokens ??= [];
    ast.comments ??= [];
    setParents(ast);
    return new SourceCodeClass({
      text,
      ast: ast as never,
      parserServices: {} as never,
      scopeManager: result.scopeManager as never,
      visitorKeys: result.visitorKeys as never,
    });
  } catch {
    return null;
  }
}

/** ESLint sets `parent` while it traverses; a tree parsed here gets it the same way. */
function setParents(program: TSESTree.Program): void {
  const stack: TSESTree.Node[] = [program];
  const keys = tsVisitorKeys as Record<string, readonly string[] | undefined>;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) {
          if (c && typeof c === 'object' && 'type' in c) {
            (c as { parent?: TSESTree.Node }).parent = node;
            stack.push(c as TSESTree.Node);
          }
        }
      } else if (child && typeof child === 'object' && 'type' in child) {
        (child as { parent?: TSESTree.Node }).parent = node;
        stack.push(child as TSESTree.Node);
      }
    }
  }
}

const projects = new Map<string, ProjectModel>();
const sharedFs = new FsCache();

/**
 * The model of the project a linted file belongs to, or null when the file is not on disk (an
 * unsaved buffer with a made-up name, ESLint's `<text>`).
 */
export function projectFor(filename: string): ProjectModel | null {
  if (!filename || !path.isAbsolute(filename) || !sharedFs.isFile(filename)) return null;
  const root = projectRootOf(filename, sharedFs);
  let model = projects.get(root);
  if (!model) {
    if (projects.size >= MAX_PROJECTS) projects.delete(projects.keys().next().value!);
    model = new ProjectModel(root, sharedFs);
    projects.set(root, model);
  } else if (model.foundChanged) {
    // Its modules are current already; what was derived from them is not.
    model = model.successor(new Set(), false);
    projects.set(root, model);
  }
  return model;
}

/** Makes `overlay` (an editor's open buffers) what every model reads before the disk; null: the disk only. */
export function setTextOverlay(overlay: TextOverlay | null): void {
  sharedFs.setOverlay(overlay);
}

/** What a file change is: its text (edited, saved), or the layout (created, deleted, a package.json or tsconfig). */
export type FileChange = 'content' | 'layout';

/** Files whose name makes their change one of the layout: module resolution reads them. */
const LAYOUT_FILE = /(^|[\\/])(package\.json|[tj]sconfig(\.[^\\/]*)?\.json|pnpm-workspace\.yaml|lerna\.json)$/;

export function isLayoutFile(file: string): boolean {
  return LAYOUT_FILE.test(file);
}

export interface Invalidation {
  /** Roots of the projects that got a successor model (something cached there read a changed file). */
  renewed: Set<string>;
  /** Whether a whole-project text index (text-index.ts: producers, importers) now answers differently. */
  indexChanged: boolean;
}

/**
 * Tells the models that files changed. A content change of a file no model has read costs nothing
 * but a look at what it adds to the text indexes (most keystrokes); otherwise each project
 * containing one gets a successor model.
 */
export function invalidateFiles(changes: ReadonlyMap<string, FileChange>): Invalidation {
  const result: Invalidation = { renewed: new Set(), indexChanged: false };
  const relevant = new Map<string, boolean>();
  for (const [file, change] of changes) {
    const layout = change === 'layout' || LAYOUT_FILE.test(file);
    const served = sharedFs.hasServed(file);
    sharedFs.forget(file, layout);
    if (textIndexesFileChanged(file)) result.indexChanged = true;
    if (served || layout) relevant.set(file, layout || relevant.get(file) === true);
  }
  if (relevant.size === 0) return result;
  for (const [root, model] of projects) {
    const inside = [...relevant.keys()].filter((file) => isInside(root, file));
    if (inside.length === 0) continue;
    projects.set(root, model.successor(new Set(inside), inside.some((file) => relevant.get(file))));
    result.renewed.add(root);
  }
  return result;
}

/** The project roots that have a model now. */
export function projectRoots(): string[] {
  return [...projects.keys()];
}
