/**
 * The files of a project for the indexes built from text alone (no parsing): dependency, build and
 * hidden folders are skipped, and so is whatever lies beyond a file-count bound. Source files come
 * with their text (open editor buffers before the disk); declaration files and very large files are
 * left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FsCache } from './fs-cache';

export const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIPPED_FOLDER = /^(node_modules|dist|build|out|coverage)$|^\./;
const MAX_FILES = 20_000;
export const MAX_INDEXED_FILE_BYTES = 1_000_000;

/** Every file under `root` whose name `accepts`, outside skipped folders, up to the bound. */
export function forEachProjectFile(root: string, accepts: (name: string) => boolean, visit: (file: string) => void): void {
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
      } else if (entry.isFile() && accepts(entry.name)) {
        files++;
        visit(full);
      }
    }
  };
  walk(root);
}

export function forEachSourceFile(root: string, fsCache: FsCache, visit: (file: string, text: string | null) => void): void {
  forEachProjectFile(
    root,
    (name) => SOURCE_FILE.test(name) && !name.endsWith('.d.ts'),
    (file) => visit(file, fsCache.peekText(file, MAX_INDEXED_FILE_BYTES)),
  );
}
