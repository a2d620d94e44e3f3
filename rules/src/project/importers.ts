/**
 * Who imports a module: the reverse of the import graph, for the analyses that start from a module
 * and need its users (a handler object placed in a registry array elsewhere). Built once per project
 * from the files' text (import and require specifiers, no parsing) on first use, and in the language
 * server kept current file by file (`importersFileChanged`), open buffers included; each candidate
 * is confirmed by resolving its specifier.
 */
import path from 'node:path';
import { isInside, type FsCache } from './fs-cache';
import type { ProjectModel } from './model';
import { noteProjectWide } from './reads';
import { forEachSourceFile, MAX_INDEXED_FILE_BYTES, SOURCE_FILE } from './source-files';

/** `from './x'`, `import('./x')`, `require('./x')`, `import './x'`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
/** A rebuilt index after this long (a safety net: the server updates it file by file). */
const FRESH_MS = 60_000;
/** As many as there are project models (model.ts). */
const MAX_INDEXES = 8;

export interface Importer {
  file: string;
  /** The specifier as written there (`./workers/mail`). */
  specifier: string;
}

interface ImportIndex {
  builtAt: number;
  fs: FsCache;
  /** Each file's specifiers. */
  byFile: Map<string, readonly string[]>;
  /** Last path segment of a specifier (`./jobs/mail` → "mail", `./jobs` → "jobs") → the files that write one. */
  bySegment: Map<string, Set<string>>;
}

/** By project root: a successor model (after an edit) keeps the index its predecessor built. */
const indexes = new Map<string, ImportIndex>();

/** The project files that import `target` (an absolute path), by any specifier that resolves to it. */
export function importersOf(project: ProjectModel, target: string): Importer[] {
  // Any file of the project may start to import the target: the caller depends on all of them.
  noteProjectWide(project.root);
  let index = indexes.get(project.root);
  if (!index || Date.now() - index.builtAt > FRESH_MS) {
    index = buildIndex(project.root, project.fs);
    indexes.delete(project.root);
    if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
    indexes.set(project.root, index);
  }
  const base = path.basename(target).replace(/\.[cm]?[jt]sx?$/, '');
  // `./jobs` names `jobs/index.ts`; `./jobs/index` names it too.
  const segments = base === 'index' ? [path.basename(path.dirname(target)), 'index'] : [base];
  const out = new Map<string, Importer>();
  for (const segment of segments) {
    for (const file of index.bySegment.get(segment) ?? []) {
      if (file === target || out.has(file)) continue;
      const specifier = index.byFile.get(file)?.find((s) => lastSegment(s) === segment && project.resolver.resolve(file, s) === target);
      if (specifier) out.set(file, { file, specifier });
    }
  }
  return [...out.values()];
}

/** Updates the indexes that cover `file` (changed in a buffer or on disk); whether any answer may have changed. */
export function importersFileChanged(file: string): boolean {
  let changed = false;
  for (const [root, index] of indexes) {
    if (!isInside(root, file) || !SOURCE_FILE.test(file)) continue;
    const before = index.byFile.get(file) ?? [];
    const after = specifiersOf(index.fs.peekText(file, MAX_INDEXED_FILE_BYTES));
    if (before.join('\n') === after.join('\n')) continue;
    changed = true;
    apply(index, file, before, after);
  }
  return changed;
}

function buildIndex(root: string, fsCache: FsCache): ImportIndex {
  const index: ImportIndex = { builtAt: Date.now(), fs: fsCache, byFile: new Map(), bySegment: new Map() };
  forEachSourceFile(root, fsCache, (file, text) => apply(index, file, [], specifiersOf(text)));
  return index;
}

function specifiersOf(text: string | null): string[] {
  if (text == null) return [];
  return [...new Set([...text.matchAll(SPECIFIER)].map((m) => m[2]!))].filter((s) => lastSegment(s) != null);
}

function apply(index: ImportIndex, file: string, before: readonly string[], after: readonly string[]): void {
  for (const specifier of before) index.bySegment.get(lastSegment(specifier)!)?.delete(file);
  for (const specifier of after) {
    const segment = lastSegment(specifier)!;
    let files = index.bySegment.get(segment);
    if (!files) index.bySegment.set(segment, (files = new Set()));
    files.add(file);
  }
  if (after.length > 0) index.byFile.set(file, after);
  else index.byFile.delete(file);
}

function lastSegment(specifier: string): string | null {
  const trimmed = specifier.replace(/\/+$/, '');
  const segment = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
  return segment && segment !== '.' && segment !== '..' ? segment : null;
}
