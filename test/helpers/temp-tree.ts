/** Folders of files written for a test under the system's temporary folder, removed after the file's tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path → text) into a new temporary folder and returns it. */
export function tempTree(files: Record<string, string>, prefix = 'idem-tree-'): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}
