/**
 * A whole-project index built from the source files' text alone (no parsing): each file contributes
 * a list of strings (its producer calls, its import specifiers), and the index folds them into what
 * its queries need. Built once per project root on first use (a successor model after an edit keeps
 * it), rebuilt when older than a minute, and in the language server kept current file by file,
 * open buffers included.
 */
import { isInside, type FsCache } from './fs-cache';
import type { ProjectModel } from './model';
import { noteProjectWide } from './reads';
import { forEachSourceFile, MAX_INDEXED_FILE_BYTES, SOURCE_FILE } from './source-files';

/** A rebuilt index after this long (a safety net: the server updates it file by file). */
const FRESH_MS = 60_000;
/** As many as there are project models (model.ts). */
const MAX_INDEXES = 8;

export interface TextIndexKind<State> {
  /** What one file contributes (empty when nothing). */
  contribution(text: string | null): readonly string[];
  empty(): State;
  /** Folds a file's change into the state (`before` is empty for a new file, `after` for a removed one). */
  apply(state: State, file: string, before: readonly string[], after: readonly string[]): void;
}

interface Built<State> {
  builtAt: number;
  fs: FsCache;
  byFile: Map<string, readonly string[]>;
  state: State;
}

const everyIndex = new Set<ProjectTextIndex<unknown>>();

export class ProjectTextIndex<State> {
  private readonly byRoot = new Map<string, Built<State>>();

  constructor(private readonly kind: TextIndexKind<State>) {
    everyIndex.add(this as ProjectTextIndex<unknown>);
  }

  /** The project's index state; the caller's answer then depends on every file of the project. */
  of(project: ProjectModel): { state: State; byFile: ReadonlyMap<string, readonly string[]> } {
    noteProjectWide(project.root);
    let built = this.byRoot.get(project.root);
    if (!built || Date.now() - built.builtAt > FRESH_MS) {
      const fresh: Built<State> = { builtAt: Date.now(), fs: project.fs, byFile: new Map(), state: this.kind.empty() };
      forEachSourceFile(project.root, project.fs, (file, text) => this.update(fresh, file, this.kind.contribution(text)));
      built = fresh;
      this.byRoot.delete(project.root);
      if (this.byRoot.size >= MAX_INDEXES) this.byRoot.delete(this.byRoot.keys().next().value!);
      this.byRoot.set(project.root, built);
    }
    return built;
  }

  /** Drops what was built for a project root (the next query builds it again). */
  forget(root: string): void {
    this.byRoot.delete(root);
  }

  /** Updates the indexes that cover `file`; whether any answer may have changed. */
  fileChanged(file: string): boolean {
    let changed = false;
    for (const [root, built] of this.byRoot) {
      if (!isInside(root, file) || !SOURCE_FILE.test(file)) continue;
      if (this.update(built, file, this.kind.contribution(built.fs.peekText(file, MAX_INDEXED_FILE_BYTES)))) changed = true;
    }
    return changed;
  }

  private update(built: Built<State>, file: string, after: readonly string[]): boolean {
    const before = built.byFile.get(file) ?? [];
    if (before.join('\n') === after.join('\n')) return false;
    this.kind.apply(built.state, file, before, after);
    if (after.length > 0) built.byFile.set(file, after);
    else built.byFile.delete(file);
    return true;
  }
}

/** Tells every text index that a file changed (a buffer edit, a save, a watched file); whether any answer may differ. */
export function textIndexesFileChanged(file: string): boolean {
  let changed = false;
  for (const index of everyIndex) if (index.fileChanged(file)) changed = true;
  return changed;
}

/** Drops every text index built for a project root (benchmarks measure a cold build with it). */
export function forgetTextIndexes(root: string): void {
  for (const index of everyIndex) index.forget(root);
}
