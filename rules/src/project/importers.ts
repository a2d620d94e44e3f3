/**
 * Who imports a module: the reverse of the import graph, for the analyses that start from a module
 * and need its users (a handler object placed in a registry array elsewhere). Built once per project
 * from the files' text (import and require specifiers, no parsing) on first use; each candidate is
 * then confirmed by resolving its specifier.
 */
import path from 'node:path';
import { forEachSourceFile } from './source-files';
import type { ProjectModel } from './model';

/** `from './x'`, `import('./x')`, `require('./x')`, `import './x'`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
/** A rebuilt index after this long (a running editor session sees new imports). */
const FRESH_MS = 60_000;

interface Index {
  builtAt: number;
  /** Last path segment of a specifier (`./jobs/mail` → "mail", `./jobs` → "jobs") → who writes it, and how. */
  bySegment: Map<string, { file: string; specifier: string }[]>;
}

const indexes = new WeakMap<ProjectModel, Index>();

export interface Importer {
  file: string;
  /** The specifier as written there (`./workers/mail`). */
  specifier: string;
}

/** The project files that import `target` (an absolute path), by any specifier that resolves to it. */
export function importersOf(project: ProjectModel, target: string): Importer[] {
  let index = indexes.get(project);
  if (!index || Date.now() - index.builtAt > FRESH_MS) {
    index = { builtAt: Date.now(), bySegment: buildIndex(project.root) };
    indexes.set(project, index);
  }
  const base = path.basename(target).replace(/\.[cm]?[jt]sx?$/, '');
  // `./jobs` names `jobs/index.ts`; `./jobs/index` names it too.
  const segments = base === 'index' ? [path.basename(path.dirname(target)), 'index'] : [base];
  const out = new Map<string, Importer>();
  for (const segment of segments) {
    for (const { file, specifier } of index.bySegment.get(segment) ?? []) {
      if (file !== target && !out.has(file) && project.resolver.resolve(file, specifier) === target) out.set(file, { file, specifier });
    }
  }
  return [...out.values()];
}

function buildIndex(root: string): Map<string, { file: string; specifier: string }[]> {
  const bySegment = new Map<string, { file: string; specifier: string }[]>();
  forEachSourceFile(root, (file, text) => {
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[2]!;
      const segment = lastSegment(specifier);
      if (!segment) continue;
      let list = bySegment.get(segment);
      if (!list) bySegment.set(segment, (list = []));
      list.push({ file, specifier });
    }
  });
  return bySegment;
}

function lastSegment(specifier: string): string | null {
  const trimmed = specifier.replace(/\/+$/, '');
  const segment = trimmed.slice(trimmed.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
  return segment && segment !== '.' && segment !== '..' ? segment : null;
}
