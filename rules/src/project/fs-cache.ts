/**
 * The file system as the project model sees it: existence, directory listings and small text files,
 * memoised for a short while (the CLI reads each once; the server sees edits after the window).
 * Reads never follow a path out of the project root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How long an answer is trusted before the disk is asked again (the server sees new files after this). */
const FRESH_MS = 2000;

interface Entry<T> {
  at: number;
  value: T;
}

export class FsCache {
  private readonly stats = new Map<string, Entry<fs.Stats | null>>();
  private readonly texts = new Map<string, Entry<string | null>>();
  private readonly dirs = new Map<string, Entry<string[]>>();
  private readonly reals = new Map<string, Entry<string | null>>();

  constructor(private readonly now: () => number = Date.now) {}

  stat(file: string): fs.Stats | null {
    return this.remember(this.stats, file, () => {
      try {
        return fs.statSync(file);
      } catch {
        return null;
      }
    });
  }

  /** The path with symbolic links resolved, or null when it does not exist. */
  realpath(file: string): string | null {
    return this.remember(this.reals, file, () => {
      try {
        return fs.realpathSync(file);
      } catch {
        return null;
      }
    });
  }

  isFile(file: string): boolean {
    return this.stat(file)?.isFile() ?? false;
  }

  isDirectory(dir: string): boolean {
    return this.stat(dir)?.isDirectory() ?? false;
  }

  /** A small text file (configs, package.json), or null when missing or over `maxBytes`. */
  text(file: string, maxBytes = 1_000_000): string | null {
    return this.remember(this.texts, file, () => {
      const stat = this.stat(file);
      if (!stat?.isFile() || stat.size > maxBytes) return null;
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    });
  }

  /** Names of the sub-folders of a folder. */
  subdirectories(dir: string): string[] {
    return this.remember(this.dirs, dir, () => {
      try {
        return fs
          .readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
          .map((d) => d.name);
      } catch {
        return [];
      }
    });
  }

  json(file: string): Record<string, unknown> | null {
    const text = this.text(file);
    if (text == null) return null;
    try {
      const value: unknown = JSON.parse(stripJsonComments(text));
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, read: () => T): T {
    const now = this.now();
    const hit = map.get(key);
    if (hit && now - hit.at < FRESH_MS) return hit.value;
    const value = read();
    map.set(key, { at: now, value });
    return value;
  }
}

/** tsconfig.json is JSON with comments and trailing commas. */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') inString = false;
      i++;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

/** Whether `file` is `root` or inside it (both absolute and normalised). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
