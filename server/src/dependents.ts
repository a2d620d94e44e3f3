/**
 * Which open documents consulted which other project files: recorded at each lint (the project
 * model's read record), so a change of one file re-lints exactly the documents whose diagnostics
 * may depend on it. A document's record is the union of its lints' records until it closes: a lint
 * that answered from a cache read less than the first one did, but depends on the same files.
 */
import { isInside } from '../../rules/src/project/fs-cache';
import type { ReadRecord } from '../../rules/src/project/reads';

/** Past this many paths a document is taken to depend on every file (a generated barrel of barrels). */
const MAX_PATHS = 50_000;

interface DependencyRecord {
  files: Set<string>;
  projectWide: Set<string>;
  everything: boolean;
}

export class Dependents {
  private readonly byUri = new Map<string, DependencyRecord>();

  /** Adds a lint's reads to the document's record (`self`, the document's own path, is left out). */
  record(uri: string, reads: ReadRecord, self: string | null): void {
    let record = this.byUri.get(uri);
    if (!record) this.byUri.set(uri, (record = { files: new Set(), projectWide: new Set(), everything: false }));
    if (record.everything) return;
    for (const file of reads.files) if (file !== self) record.files.add(file);
    for (const root of reads.projectWide) record.projectWide.add(root);
    if (record.files.size > MAX_PATHS) {
      record.everything = true;
      record.files.clear();
    }
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  /**
   * The documents that read one of `files`, or (`indexChanged`) used a whole-project index of a
   * project holding one of them, or (`layoutRoots`) read anything inside one of those folders.
   */
  affectedBy(files: readonly string[], options: { indexChanged?: boolean; layoutRoots?: readonly string[] } = {}): string[] {
    const out: string[] = [];
    for (const [uri, record] of this.byUri) {
      if (
        record.everything ||
        files.some((file) => record.files.has(file)) ||
        (options.indexChanged === true && [...record.projectWide].some((root) => files.some((file) => isInside(root, file)))) ||
        (options.layoutRoots ?? []).some((root) => [...record.files].some((file) => isInside(root, file)))
      ) {
        out.push(uri);
      }
    }
    return out;
  }
}
