/**
 * The corpus data: the manifest (repositories pinned to commits), per-repository labels and the
 * judgements of findings in unlabelled files. Loading validates everything and reports every problem
 * at once, with the file it is in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CATEGORIES = ['increment-write', 'missing-dedup', 'ack-before-process'] as const;
export type Category = (typeof CATEGORIES)[number];
export const DELIVERIES = ['at-least-once', 'request-reply', 'not-a-delivery', 'no-redelivery'] as const;
export const KINDS = ['settle-after-failure', 'ack-before-work'] as const;

export interface RepositoryEntry {
  repo: string;
  commit: string;
  kind: string;
  libraries: string[];
  notes?: string;
}

export interface Expectation {
  category: Category;
  line: number;
  alt?: number[];
  status: 'positive' | 'ambiguous';
  kind?: (typeof KINDS)[number];
  crossFile?: boolean;
  why: string;
}

export interface LabelledHandler {
  line: number;
  name: string;
  delivery: (typeof DELIVERIES)[number];
  registeredAt?: string;
}

export interface LabelledFile {
  path: string;
  library: string;
  handlers: LabelledHandler[];
  expect: Expectation[];
  clean: Partial<Record<Category, string>>;
}

export interface RepositoryLabels {
  repo: string;
  commit: string;
  files: LabelledFile[];
}

export interface Judgement {
  repo: string;
  path: string;
  rule: string;
  line: number;
  verdict: 'TP' | 'FP' | 'ambiguous';
  why: string;
}

export interface Corpus {
  root: string;
  repositories: RepositoryEntry[];
  labels: Map<string, RepositoryLabels>;
  judgements: Judgement[];
}

export class CorpusError extends Error {
  constructor(readonly problems: string[]) {
    super(`corpus data is invalid:\n  ${problems.join('\n  ')}`);
  }
}

export function labelsFileName(repo: string): string {
  return `${repo.replace('/', '+')}.json`;
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const REPO = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const COMMIT = /^[0-9a-f]{40}$/;

function validateRepository(entry: unknown, where: string, problems: string[]): RepositoryEntry | null {
  if (!isObject(entry)) {
    problems.push(`${where}: not an object`);
    return null;
  }
  const before = problems.length;
  if (typeof entry.repo !== 'string' || !REPO.test(entry.repo)) problems.push(`${where}: repo must be "owner/name"`);
  if (typeof entry.commit !== 'string' || !COMMIT.test(entry.commit)) problems.push(`${where}: commit must be 40 lowercase hex digits`);
  if (typeof entry.kind !== 'string' || entry.kind === '') problems.push(`${where}: kind is required`);
  if (!Array.isArray(entry.libraries) || entry.libraries.some((l) => typeof l !== 'string')) problems.push(`${where}: libraries must be an array of strings`);
  return problems.length === before ? (entry as unknown as RepositoryEntry) : null;
}

function validateFile(file: unknown, where: string, problems: string[]): LabelledFile | null {
  if (!isObject(file)) {
    problems.push(`${where}: not an object`);
    return null;
  }
  const before = problems.length;
  const at = `${where} (${String(file.path)})`;
  if (typeof file.path !== 'string' || file.path === '' || file.path.startsWith('/') || file.path.includes('..')) problems.push(`${where}: path must be relative to the repository root`);
  if (typeof file.library !== 'string' || file.library === '') problems.push(`${at}: library is required`);
  if (!Array.isArray(file.handlers)) problems.push(`${at}: handlers must be an array`);
  else {
    file.handlers.forEach((h, i) => {
      if (!isObject(h) || !isLine(h.line) || typeof h.name !== 'string' || !(DELIVERIES as readonly unknown[]).includes(h.delivery)) {
        problems.push(`${at}: handlers[${i}] needs line, name and delivery (${DELIVERIES.join(', ')})`);
      }
    });
  }
  const expected = new Set<string>();
  if (!Array.isArray(file.expect)) problems.push(`${at}: expect must be an array`);
  else {
    file.expect.forEach((e, i) => {
      const w = `${at}: expect[${i}]`;
      if (!isObject(e)) return problems.push(`${w}: not an object`);
      if (!(CATEGORIES as readonly unknown[]).includes(e.category)) problems.push(`${w}: category must be one of ${CATEGORIES.join(', ')}`);
      else expected.add(e.category as string);
      if (!isLine(e.line)) problems.push(`${w}: line must be a positive integer`);
      if (e.alt !== undefined && (!Array.isArray(e.alt) || !e.alt.every(isLine))) problems.push(`${w}: alt must be an array of lines`);
      if (e.status !== 'positive' && e.status !== 'ambiguous') problems.push(`${w}: status must be positive or ambiguous`);
      if (e.kind !== undefined && !(KINDS as readonly unknown[]).includes(e.kind)) problems.push(`${w}: kind must be one of ${KINDS.join(', ')}`);
      if (e.kind !== undefined && e.category !== 'ack-before-process') problems.push(`${w}: kind is only for ack-before-process`);
      if (typeof e.why !== 'string' || e.why.trim() === '') problems.push(`${w}: why is required`);
      return undefined;
    });
  }
  if (!isObject(file.clean)) problems.push(`${at}: clean must be an object`);
  else {
    for (const [category, why] of Object.entries(file.clean)) {
      if (!(CATEGORIES as readonly string[]).includes(category)) problems.push(`${at}: clean has an unknown category ${category}`);
      if (typeof why !== 'string' || why.trim() === '') problems.push(`${at}: clean.${category} needs a reason`);
    }
    for (const category of CATEGORIES) {
      if (!expected.has(category) && !(category in file.clean)) problems.push(`${at}: ${category} is neither expected nor clean`);
    }
  }
  return problems.length === before ? (file as unknown as LabelledFile) : null;
}

export function loadCorpus(root: string): Corpus {
  const problems: string[] = [];
  const manifestFile = path.join(root, 'manifest.json');
  const manifest = readJson(manifestFile, problems);
  const repositories: RepositoryEntry[] = [];
  const seen = new Set<string>();
  if (isObject(manifest) && Array.isArray(manifest.repositories)) {
    manifest.repositories.forEach((entry, i) => {
      const repo = validateRepository(entry, `manifest.json: repositories[${i}]`, problems);
      if (!repo) return;
      if (seen.has(repo.repo.toLowerCase())) problems.push(`manifest.json: ${repo.repo} is listed twice`);
      seen.add(repo.repo.toLowerCase());
      repositories.push(repo);
    });
  } else if (manifest !== null) problems.push('manifest.json: needs { "repositories": [...] }');

  const labels = new Map<string, RepositoryLabels>();
  const labelsDir = path.join(root, 'labels');
  for (const name of existsSync(labelsDir) ? readdirSync(labelsDir).filter((n) => n.endsWith('.json')).sort() : []) {
    const data = readJson(path.join(labelsDir, name), problems);
    const where = `labels/${name}`;
    if (!isObject(data) || typeof data.repo !== 'string' || !Array.isArray(data.files)) {
      if (data !== null) problems.push(`${where}: needs { repo, commit, files }`);
      continue;
    }
    const entry = repositories.find((r) => r.repo === data.repo);
    if (!entry) problems.push(`${where}: ${data.repo} is not in manifest.json`);
    else if (data.commit !== entry.commit) problems.push(`${where}: commit ${String(data.commit)} differs from the manifest's ${entry.commit}`);
    if (labelsFileName(data.repo) !== name) problems.push(`${where}: should be named ${labelsFileName(data.repo)}`);
    const files: LabelledFile[] = [];
    const paths = new Set<string>();
    data.files.forEach((f, i) => {
      const file = validateFile(f, `${where}: files[${i}]`, problems);
      if (!file) return;
      if (paths.has(file.path)) problems.push(`${where}: ${file.path} is labelled twice`);
      paths.add(file.path);
      files.push(file);
    });
    labels.set(data.repo, { repo: data.repo, commit: String(data.commit), files });
  }

  const judgements: Judgement[] = [];
  const judgementsFile = path.join(root, 'judgements.json');
  if (existsSync(judgementsFile)) {
    const data = readJson(judgementsFile, problems);
    if (isObject(data) && Array.isArray(data.judgements)) {
      data.judgements.forEach((j, i) => {
        const w = `judgements.json: judgements[${i}]`;
        if (!isObject(j) || typeof j.repo !== 'string' || typeof j.path !== 'string' || typeof j.rule !== 'string' || !isLine(j.line)) {
          problems.push(`${w}: needs repo, path, rule, line`);
        } else if (j.verdict !== 'TP' && j.verdict !== 'FP' && j.verdict !== 'ambiguous') {
          problems.push(`${w}: verdict must be TP, FP or ambiguous`);
        } else if (typeof j.why !== 'string' || j.why.trim() === '') {
          problems.push(`${w}: why is required`);
        } else judgements.push(j as unknown as Judgement);
      });
    } else if (data !== null) problems.push('judgements.json: needs { "judgements": [...] }');
  }
  if (problems.length > 0) throw new CorpusError(problems);
  return { root, repositories, labels, judgements };
}
