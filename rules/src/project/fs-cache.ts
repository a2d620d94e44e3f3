/**
 * The file system as the project model sees it: existence, directory listings and small text files,
 * memoised for a short while (the CLI reads each once; the server sees edits after the window).
 * Reads never follow a path out of the project root.
 *
 * An overlay (the language server's open buffers) takes precedence over the disk for the text of
 * the files it has; without one (the CLI, ESLint) only the disk is read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noteRead } from './reads';

/** How long an answer is trusted before the disk is asked again (the server sees new files after this). */
const FRESH_MS = 2000;

interface Entry<T> {
  at: number;
  value: T;
}

/** Texts that are newer than the disk's: an editor's open buffers. */
export interface TextOverlay {
  /** The file's text and a version that changes with it, or null to read the disk. */
  textOf(file: string): { text: string; version: number } | null;
}

/** A file's text and a stamp that changes whenever the text may have (disk: mtime and size; overlay: version). */
export interface SourceText {
  text: string;
  stamp: string;
}

export class FsCache {
  private readonly stats = new Map<string, Entry<fs.Stats | null>>();
  private readonly texts = new Map<string, Entry<string | null>>();
  private readonly dirs = new Map<string, Entry<string[]>>();
  private readonly reals = new Map<string, Entry<string | null>>();
  private overlay: TextOverlay | null = null;
  /** Files whose text this cache has handed out (something derived from it may be cached elsewhere). */
  private readonly served = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  setOverlay(overlay: TextOverlay | null): void {
    this.overlay = overlay;
  }

  /** Whether the text of `file` was handed out since it was last forgotten. */
  hasServed(file: string): boolean {
    return this.served.has(file);
  }

  /** Drops what is known of `file` (changed on disk or in a buffer); `structural`: also its folder's listing. */
  forget(file: string, structural: boolean): void {
    this.stats.delete(file);
    this.texts.delete(file);
    this.reals.delete(file);
    this.served.delete(file);
    if (structural) {
      this.dirs.delete(file);
      this.dirs.delete(path.dirname(file));
    }
  }

  stat(file: string): fs.Stats | null {
    noteRead(file);
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
    noteRead(file);
    return this.remember(this.reals, file, () => {
      try {
        return fs.realpathSync(file);
      } catch {
        return null;
      }
    });
  }

  isFile(file: string): boolean {
    return (this.stat(file)?.isFile() ?? false) || this.overlaid(file) != null;
  }

  isDirectory(dir: string): boolean {
    return this.stat(dir)?.isDirectory() ?? false;
  }

  /** A small text file (configs, package.json), or null when missing or over `maxBytes`. */
  text(file: string, maxBytes = 1_000_000): string | null {
    noteRead(file);
    this.served.add(file);
    const buffer = this.overlaid(file);
    if (buffer) return buffer.text.length > maxBytes ? null : buffer.text;
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

  /**
   * A source file's text with its stamp, read now (not memoised: the caller caches what it derives
   * from it by the stamp), or null when missing or over `maxBytes`.
   */
  source(file: string, maxBytes: number): SourceText | null {
    noteRead(file);
    this.served.add(file);
    const buffer = this.overlaid(file);
    if (buffer) return buffer.text.length > maxBytes ? null : { text: buffer.text, stamp: `buffer:${buffer.version}` };
    const stat = this.stat(file);
    if (!stat?.isFile() || stat.size > maxBytes) return null;
    try {
      return { text: fs.readFileSync(file, 'utf8'), stamp: diskStamp(stat) };
    } catch {
      return null;
    }
  }

  /**
   * The stamp `source` would give `file` now, without reading it (null when missing or over
   * `maxBytes`): a cached module is still valid while its stamp is the same.
   */
  stampOf(file: string, maxBytes: number): string | null {
    noteRead(file);
    const buffer = this.overlaid(file);
    if (buffer) return buffer.text.length > maxBytes ? null : `buffer:${buffer.version}`;
    const stat = this.stat(file);
    return stat?.isFile() && stat.size <= maxBytes ? diskStamp(stat) : null;
  }

  /**
   * The text of `file` as the editor has it (its buffer, else the disk), read now and not counted as
   * served: for whole-project text indexes that update themselves from `invalidateFiles`.
   */
  peekText(file: string, maxBytes: number): string | null {
    const buffer = this.overlaid(file);
    if (buffer) return buffer.text.length > maxBytes ? null : buffer.text;
    try {
      if (fs.statSync(file).size > maxBytes) return null;
      return fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  }

  /** Names of the sub-folders of a folder. */
  subdirectories(dir: string): string[] {
    noteRead(dir);
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

  private overlaid(file: string): { text: string; version: number } | null {
    return this.overlay ? this.overlay.textOf(file) : null;
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

function diskStamp(stat: fs.Stats): string {
  return `disk:${stat.mtimeMs}:${stat.size}`;
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
