/**
 * How the project sends each NestJS message pattern: `client.send(pattern, …)` waits for a reply,
 * `client.emit(pattern, …)` fires an event. A `@MessagePattern` handler that returns a value is
 * request/reply only if someone `send`s to it; one only ever `emit`ted to is an event consumer whose
 * return value nobody reads. Built once per project from the files' text (no parsing), on first use;
 * in the language server kept current file by file (`producerFileChanged`), open buffers included.
 */
import type { FsCache } from './fs-cache';
import { isInside } from './fs-cache';
import type { ProjectModel } from './model';
import { noteProjectWide } from './reads';
import { forEachSourceFile, MAX_INDEXED_FILE_BYTES, SOURCE_FILE } from './source-files';

export type ProducerKind = 'send' | 'emit';

/** `.send(PATTERN,` / `.emit('pattern',`: a dotted name or a plain string literal. */
const PRODUCER_CALL = /\.(send|emit)\(\s*([A-Za-z_$][\w$.]*|'[^'\n]*'|"[^"\n]*"|`[^`$\n]*`)\s*[,)]/g;
/** A rebuilt index after this long (a running editor session sees new producers). */
const FRESH_MS = 60_000;

/** One file's producer calls, as `kind pattern` strings. */
type Contribution = readonly string[];

interface ProducerIndex {
  builtAt: number;
  fs: FsCache;
  /** Only files with producer calls. */
  byFile: Map<string, Contribution>;
  kinds: Map<string, Map<ProducerKind, number>>;
}

/** By project root: a successor model (after an edit) keeps the index its predecessor built. */
const indexes = new Map<string, ProducerIndex>();
/** As many as there are project models (model.ts). */
const MAX_INDEXES = 8;

/** The pattern as the index keys it: `'a.b'` and `"a.b"` alike, names as written. */
export function patternKey(text: string): string {
  const t = text.trim();
  return /^['"`]/.test(t) ? `'${t.slice(1, -1)}'` : t.replace(/\s+/g, '');
}

/** How the project produces `pattern` (source text of the decorator's argument); empty when unseen. */
export function producersOf(project: ProjectModel, pattern: string): ReadonlySet<ProducerKind> {
  // Any file of the project may add or remove a producer: the caller depends on all of them.
  noteProjectWide(project.root);
  let index = indexes.get(project.root);
  if (!index || Date.now() - index.builtAt > FRESH_MS) {
    index = buildIndex(project.root, project.fs);
    indexes.delete(project.root);
    if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value!);
    indexes.set(project.root, index);
  }
  const counts = index.kinds.get(patternKey(pattern));
  return new Set(counts ? [...counts.keys()] : []);
}

/**
 * Updates the indexes that cover `file` (changed in a buffer or on disk). Returns whether any index's
 * answer for some pattern may have changed.
 */
export function producerFileChanged(file: string): boolean {
  let changed = false;
  for (const [root, index] of indexes) {
    if (!isInside(root, file) || !SOURCE_FILE.test(file)) continue;
    const before = index.byFile.get(file) ?? [];
    const after = contributionOf(index.fs.peekText(file, MAX_INDEXED_FILE_BYTES));
    if (before.join('\n') === after.join('\n')) continue;
    changed = true;
    apply(index, before, -1);
    apply(index, after, 1);
    if (after.length > 0) index.byFile.set(file, after);
    else index.byFile.delete(file);
  }
  return changed;
}

function buildIndex(root: string, fsCache: FsCache): ProducerIndex {
  const index: ProducerIndex = { builtAt: Date.now(), fs: fsCache, byFile: new Map(), kinds: new Map() };
  forEachSourceFile(root, fsCache, (file, text) => {
    const contribution = contributionOf(text);
    if (contribution.length > 0) {
      index.byFile.set(file, contribution);
      apply(index, contribution, 1);
    }
  });
  return index;
}

function contributionOf(text: string | null): Contribution {
  if (text == null || (!text.includes('.send(') && !text.includes('.emit('))) return [];
  const out: string[] = [];
  for (const match of text.matchAll(PRODUCER_CALL)) out.push(`${match[1]!} ${patternKey(match[2]!)}`);
  return out;
}

function apply(index: ProducerIndex, contribution: Contribution, delta: 1 | -1): void {
  for (const item of contribution) {
    const space = item.indexOf(' ');
    const kind = item.slice(0, space) as ProducerKind;
    const key = item.slice(space + 1);
    let counts = index.kinds.get(key);
    if (!counts) index.kinds.set(key, (counts = new Map()));
    const count = (counts.get(kind) ?? 0) + delta;
    if (count > 0) counts.set(kind, count);
    else counts.delete(kind);
    if (counts.size === 0) index.kinds.delete(key);
  }
}
