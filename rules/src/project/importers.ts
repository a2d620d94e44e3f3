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
  /** The path a relative specifier points at, without extension (`/p/src/jobs/mail`) → the files that write one. */
  byPointed: Map<string, Set<string>>;
  /** Last path segment of any other specifier (`@/jobs/mail` → "mail") → the files that write one. */
  bySegment: Map<string, Set<string>>;
  /** Answers already given (dropped whenever a file's specifiers change). */
  answers: Map<string, Importer[]>;
  resolutions: Map<string, string | null>;
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
  const known = index.answers.get(target);
  if (known) return known;
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '');
  const base = path.basename(stem);
  // Relative specifiers by the path they point at (`./jobs` names `jobs/index.ts` too); others
  // (aliases, package names) by their last segment, left to the resolver.
  const candidates = new Set<string>([...(index.byPointed.get(stem) ?? []), ...(base === 'index' ? (index.byPointed.get(path.dirname(stem)) ?? []) : [])]);
  const segments = base === 'index' ? [path.basename(path.dirname(stem)), 'index'] : [base];
  for (const segment of segments) for (const file of index.bySegment.get(segment) ?? []) candidates.add(file);
  const out: Importer[] = [];
  for (const file of candidates) {
    if (file === target) continue;
    const specifier = index.byFile.get(file)?.find((s) => resolved(index, project, file, s) === target);
    if (specifier) out.push({ file, specifier });
  }
  index.answers.set(target, out);
  return out;
}

/** The resolver's answer, memoised per folder and specifier (the files of a folder import alike). */
function resolved(index: ImportIndex, project: ProjectModel, file: string, specifier: string): string | null {
  const key = `${path.dirname(file)}\0${specifier}`;
  if (index.resolutions.has(key)) return index.resolutions.get(key)!;
  const target = project.resolver.resolve(file, specifier);
  index.resolutions.set(key, target);
  return target;
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
  const index: ImportIndex = { builtAt: Date.now(), fs: fsCache, byFile: new Map(), byPointed: new Map(), bySegment: new Map(), answers: new Map(), resolutions: new Map() };
  forEachSourceFile(root, fsCache, (file, text) => apply(index, file, [], specifiersOf(text)));
  return index;
}

function specifiersOf(text: string | null): string[] {
  if (text == null) return [];
  return [...new Set([...text.matchAll(SPECIFIER)].map((m) => m[2]!))].filter((s) => lastSegment(s) != null);
}

function apply(index: ImportIndex, file: string, before: readonly string[], after: readonly string[]): void {
  index.answers.clear();
  index.resolutions.clear();
  for (const specifier of before) setFor(index, file, specifier)?.delete(file);
  for (const specifier of after) {
    const map = specifier.startsWith('.') ? index.byPointed : index.bySegment;
    const key = indexKey(file, specifier);
    let files = map.get(key);
    if (!files) map.set(key, (files = new Set()));
    files.add(file);
  }
  if (after.length > 0) index.byFile.set(file, after);
  else index.byFile.delete(file);
}

/** A relative specifier is keyed by the path it points at (no extension), any other by its last segment. */
function indexKey(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier).replace(/\.[cm]?[jt]sx?$/, '') : lastSegment(specifier)!;
}

function setFor(index: ImportIndex, file: string, specifier: string): Set<string> | undefined {
  return (specifier.startsWith('.') ? index.byPointed : index.bySegment).get(indexKey(file, specifier));
}

function lastSegment(specifier: string): string | null {
  const trimmed = specifier.replace(/\/+$/, '');
  const segment = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
  return segment && segment !== '.' && segment !== '..' ? segment : null;
}
