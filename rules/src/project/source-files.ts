/**
 * Every source file of a project with its text, for the indexes built from text alone (no parsing):
 * dependency, build and hidden folders are skipped, and so are declaration files, very large files
 * and whatever lies beyond a file-count bound. Open editor buffers are read before the disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FsCache } from './fs-cache';

export const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIPPED_FOLDER = /^(node_modules|dist|build|out|coverage)$|^\./;
const MAX_FILES = 20_000;
export const MAX_INDEXED_FILE_BYTES = 1_000_000;

export function forEachSourceFile(root: string, fsCache: FsCache, visit: (file: string, text: string | null) => void): void {
  let files = 0;
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDER.test(entry.name)) walk(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files++;
        visit(full, fsCache.peekText(full, MAX_INDEXED_FILE_BYTES));
      }
    }
  };
  walk(root);
}
