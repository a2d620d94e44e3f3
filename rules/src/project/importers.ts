/**
 * Who imports a module: the reverse of the import graph, for the analyses that start from a module
 * and need its users (a handler object placed in a registry array elsewhere). A whole-project text
 * index of import and require specifiers (text-index.ts): no parsing; each candidate is confirmed
 * by resolving its specifier.
 */
import path from 'node:path';
import type { ProjectModel } from './model';
import { ProjectTextIndex } from './text-index';

/** `from './x'`, `import('./x')`, `require('./x')`, `import './x'`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

/**
 * `const workers = [`: the file holds an array literal in a variable, the only kind of file that can
 * be a registry (registries.ts asks before reading any importer). Kept in the same index, marked by
 * an entry no specifier can be.
 */
const HELD_ARRAY = /\b(?:const|let|var)\s+[\w$]+\s*(?::[^=;]{1,200})?=\s*\[/;
const HOLDS_ARRAY = '\0holds-array';

export interface Importer {
  file: string;
  /** The specifier as written there (`./workers/mail`). */
  specifier: string;
}

interface Importers {
  /** The path a relative specifier points at, without extension (`/p/src/jobs/mail`) → the files that write one. */
  byPointed: Map<string, Set<string>>;
  /** Last path segment of any other specifier (`@/jobs/mail` → "mail") → the files that write one. */
  bySegment: Map<string, Set<string>>;
  /** Answers already given (dropped whenever a file's imports change). */
  answers: Map<string, Importer[]>;
  resolutions: Map<string, string | null>;
}

const importers = new ProjectTextIndex<Importers>({
  contribution(text) {
    if (text == null) return [];
    const specifiers = [...new Set([...text.matchAll(SPECIFIER)].map((m) => m[2]!))].filter((s) => lastSegment(s) != null);
    return HELD_ARRAY.test(text) ? [...specifiers, HOLDS_ARRAY] : specifiers;
  },
  empty: () => ({ byPointed: new Map(), bySegment: new Map(), answers: new Map(), resolutions: new Map() }),
  apply(state, file, before, after) {
    state.answers.clear();
    state.resolutions.clear();
    for (const specifier of before) if (specifier !== HOLDS_ARRAY) setFor(state, file, specifier, false)?.delete(file);
    for (const specifier of after) if (specifier !== HOLDS_ARRAY) setFor(state, file, specifier, true)!.add(file);
  },
});

/**
 * The project files that import `target` (an absolute path), by any specifier that resolves to it.
 * `candidate` rules files out before their specifiers are resolved (the costly part).
 */
export function importersOf(project: ProjectModel, target: string, candidate?: (file: string) => boolean): Importer[] {
  const { state, byFile } = importers.of(project);
  const known = candidate ? undefined : state.answers.get(target);
  if (known) return known;
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '');
  const base = path.basename(stem);
  // Relative specifiers by the path they point at (`./jobs` names `jobs/index.ts` too); others
  // (aliases, package names) by their last segment, left to the resolver.
  const candidates = new Set<string>([...(state.byPointed.get(stem) ?? []), ...(base === 'index' ? (state.byPointed.get(path.dirname(stem)) ?? []) : [])]);
  const segments = base === 'index' ? [path.basename(path.dirname(stem)), 'index'] : [base];
  for (const segment of segments) for (const file of state.bySegment.get(segment) ?? []) candidates.add(file);
  const out: Importer[] = [];
  for (const file of candidates) {
    if (file === target || (candidate && !candidate(file))) continue;
    const specifier = byFile.get(file)?.find((s) => s !== HOLDS_ARRAY && resolved(state, project, file, s) === target);
    if (specifier) out.push({ file, specifier });
  }
  if (!candidate) state.answers.set(target, out);
  return out;
}

/** The resolver's answer, memoised per folder and specifier (the files of a folder import alike). */
function resolved(state: Importers, project: ProjectModel, file: string, specifier: string): string | null {
  const key = `${path.dirname(file)}\0${specifier}`;
  if (state.resolutions.has(key)) return state.resolutions.get(key)!;
  const target = project.resolver.resolve(file, specifier);
  state.resolutions.set(key, target);
  return target;
}

/** A relative specifier is keyed by the path it points at (no extension), any other by its last segment. */
function setFor(state: Importers, file: string, specifier: string, create: boolean): Set<string> | undefined {
  const relative = specifier.startsWith('.');
  const map = relative ? state.byPointed : state.bySegment;
  const key = relative ? path.resolve(path.dirname(file), specifier).replace(/\.[cm]?[jt]sx?$/, '') : lastSegment(specifier)!;
  let files = map.get(key);
  if (!files && create) map.set(key, (files = new Set()));
  return files;
}

function lastSegment(specifier: string): string | null {
  const trimmed = specifier.replace(/\/+$/, '');
  const segment = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
  return segment && segment !== '.' && segment !== '..' ? segment : null;
}

/** Whether a project file holds an array literal in a variable (`const handlers = [ … ]`), from the index. */
export function holdsArrayLiteral(project: ProjectModel, file: string): boolean {
  return importers.of(project).byFile.get(file)?.includes(HOLDS_ARRAY) === true;
}
