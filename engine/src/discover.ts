/**
 * Which files to lint: explicit files whatever their extension, and the JS/TS files under explicit
 * directories, skipping dependency, build and VCS folders. Symlinked directories are followed once
 * (by real path), so a link back to a parent does not loop.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { LINTED_EXTENSIONS } from './config';

export const SKIPPED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', '.git'];

export interface Discovery {
  /** Absolute paths, in a stable order, each once. */
  files: string[];
  /** Directories that could not be listed, with the reason. */
  unreadable: { path: string; reason: string }[];
}

function isLinted(name: string): boolean {
  return (LINTED_EXTENSIONS as readonly string[]).includes(path.extname(name).toLowerCase());
}

/** An explicit path that does not exist or cannot be accessed. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

/** Throws PathError when an explicit path does not exist. */
export function discoverFiles(paths: readonly string[], cwd: string): Discovery {
  const discovery: Discovery = { files: [], unreadable: [] };
  const seenFiles = new Set<string>();
  const seenDirectories = new Set<string>();
  const addFile = (file: string) => {
    if (!seenFiles.has(file)) {
      seenFiles.add(file);
      discovery.files.push(file);
    }
  };

  const walk = (directory: string) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(directory);
      if (seenDirectories.has(real)) return;
      seenDirectories.add(real);
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      discovery.unreadable.push({ path: directory, reason: (error as Error).message });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(full);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
        } catch {
          continue; // a dangling link is not a file to lint
        }
      }
      if (isDirectory && !SKIPPED_DIRECTORIES.includes(entry.name)) walk(full);
      else if (isFile && isLinted(entry.name)) addFile(full);
    }
  };

  const targets = paths.length > 0 ? paths : ['.'];
  const problems = targets.map((target) => accessProblem(path.resolve(cwd, target), target)).filter((p) => p !== undefined);
  if (problems.length > 0) throw new PathError(problems.join('; '));
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    if (statSync(absolute).isDirectory()) walk(absolute);
    else addFile(absolute);
  }
  return discovery;
}

function accessProblem(file: string, shown: string): string | undefined {
  try {
    statSync(file);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file or directory: ${shown}`;
    return `cannot access ${shown}: ${(error as Error).message}`;
  }
}
