/**
 * Which project files an analysis consulted. The language server lints an open document inside
 * `recordReads` and re-lints it when one of those files changes (another buffer, a save, a watched
 * file). Nothing is recorded outside a recording, so the CLI and ESLint pay one `if` per read.
 */

export interface ReadRecord {
  /** Paths whose text, stat, listing or parsed module the analysis asked the model for. */
  readonly files: Set<string>;
  /** Project roots whose whole-project text index the analysis used (any file there may change the answer). */
  readonly projectWide: Set<string>;
}

/** Recordings in progress, innermost last (a lint never nests one, but a nested one stays correct). */
const active: ReadRecord[] = [];

/** Runs `fn` and returns what it read through the project model, even when it throws. */
export function recordReads<T>(fn: () => T): { value: T; reads: ReadRecord } {
  const reads: ReadRecord = { files: new Set(), projectWide: new Set() };
  active.push(reads);
  try {
    return { value: fn(), reads };
  } finally {
    active.splice(active.lastIndexOf(reads), 1);
  }
}

export function noteRead(file: string): void {
  for (const record of active) record.files.add(file);
}

export function noteProjectWide(root: string): void {
  for (const record of active) record.projectWide.add(root);
}
