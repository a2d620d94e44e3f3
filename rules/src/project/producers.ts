/**
 * How the project sends each NestJS message pattern: `client.send(pattern, …)` waits for a reply,
 * `client.emit(pattern, …)` fires an event. A `@MessagePattern` handler that returns a value is
 * request/reply only if someone `send`s to it; one only ever `emit`ted to is an event consumer whose
 * return value nobody reads. Built once per project from the files' text (no parsing), on first use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectModel } from './model';

export type ProducerKind = 'send' | 'emit';

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_FOLDER = /^(node_modules|dist|build|out|coverage)$|^\./;
const MAX_FILES = 20_000;
const MAX_FILE_BYTES = 1_000_000;
/** `.send(PATTERN,` / `.emit('pattern',`: a dotted name or a plain string literal. */
const PRODUCER_CALL = /\.(send|emit)\(\s*([A-Za-z_$][\w$.]*|'[^'\n]*'|"[^"\n]*"|`[^`$\n]*`)\s*[,)]/g;
/** A rebuilt index after this long (a running editor session sees new producers). */
const FRESH_MS = 60_000;

const indexes = new WeakMap<ProjectModel, { builtAt: number; kinds: Map<string, Set<ProducerKind>> }>();

/** The pattern as the index keys it: `'a.b'` and `"a.b"` alike, names as written. */
export function patternKey(text: string): string {
  const t = text.trim();
  return /^['"`]/.test(t) ? `'${t.slice(1, -1)}'` : t.replace(/\s+/g, '');
}

/** How the project produces `pattern` (source text of the decorator's argument); empty when unseen. */
export function producersOf(project: ProjectModel, pattern: string): ReadonlySet<ProducerKind> {
  let index = indexes.get(project);
  if (!index || Date.now() - index.builtAt > FRESH_MS) {
    index = { builtAt: Date.now(), kinds: buildIndex(project.root) };
    indexes.set(project, index);
  }
  return index.kinds.get(patternKey(pattern)) ?? new Set();
}

function buildIndex(root: string): Map<string, Set<ProducerKind>> {
  const kinds = new Map<string, Set<ProducerKind>>();
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
        scan(full, kinds);
      }
    }
  };
  walk(root);
  return kinds;
}

function scan(file: string, kinds: Map<string, Set<ProducerKind>>): void {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  if (!text.includes('.send(') && !text.includes('.emit(')) return;
  for (const match of text.matchAll(PRODUCER_CALL)) {
    const key = patternKey(match[2]!);
    let set = kinds.get(key);
    if (!set) kinds.set(key, (set = new Set()));
    set.add(match[1] as ProducerKind);
  }
}
