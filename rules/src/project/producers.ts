/**
 * How the project sends each NestJS message pattern: `client.send(pattern, …)` waits for a reply,
 * `client.emit(pattern, …)` fires an event. A `@MessagePattern` handler that returns a value is
 * request/reply only if someone `send`s to it; one only ever `emit`ted to is an event consumer whose
 * return value nobody reads. A whole-project text index (text-index.ts): no parsing.
 */
import type { ProjectModel } from './model';
import { ProjectTextIndex } from './text-index';

export type ProducerKind = 'send' | 'emit';

/** `.send(PATTERN,` / `.emit('pattern',`: a dotted name or a plain string literal. */
const PRODUCER_CALL = /\.(send|emit)\(\s*([A-Za-z_$][\w$.]*|'[^'\n]*'|"[^"\n]*"|`[^`$\n]*`)\s*[,)]/g;

/** Pattern → how many producer calls of each kind name it. */
type Kinds = Map<string, Map<ProducerKind, number>>;

const producers = new ProjectTextIndex<Kinds>({
  // One entry per producer call: `kind pattern`.
  contribution(text) {
    if (text == null || (!text.includes('.send(') && !text.includes('.emit('))) return [];
    return [...text.matchAll(PRODUCER_CALL)].map((match) => `${match[1]!} ${patternKey(match[2]!)}`);
  },
  empty: () => new Map(),
  apply(kinds, _file, before, after) {
    count(kinds, before, -1);
    count(kinds, after, 1);
  },
});

/** The pattern as the index keys it: `'a.b'` and `"a.b"` alike, names as written. */
export function patternKey(text: string): string {
  const t = text.trim();
  return /^['"`]/.test(t) ? `'${t.slice(1, -1)}'` : t.replace(/\s+/g, '');
}

/** How the project produces `pattern` (source text of the decorator's argument); empty when unseen. */
export function producersOf(project: ProjectModel, pattern: string): ReadonlySet<ProducerKind> {
  const counts = producers.of(project).state.get(patternKey(pattern));
  return new Set(counts ? [...counts.keys()] : []);
}

function count(kinds: Kinds, contribution: readonly string[], delta: 1 | -1): void {
  for (const item of contribution) {
    const space = item.indexOf(' ');
    const kind = item.slice(0, space) as ProducerKind;
    const key = item.slice(space + 1);
    let counts = kinds.get(key);
    if (!counts) kinds.set(key, (counts = new Map()));
    const n = (counts.get(kind) ?? 0) + delta;
    if (n > 0) counts.set(kind, n);
    else counts.delete(kind);
    if (counts.size === 0) kinds.delete(key);
  }
}
