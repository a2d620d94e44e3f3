/**
 * Scoring: findings of one run against the labels (labelled files are exhaustive: every finding
 * there either matches an expectation or is a false alarm) and the judgements (findings in
 * unlabelled files).
 */
import { CATEGORIES, type Category, type Corpus, type Expectation, type Judgement, type LabelledFile } from './data';

export interface Finding {
  repo: string;
  /** Relative to the repository root, with forward slashes. */
  path: string;
  /** Rule name without the plugin prefix. */
  rule: string;
  category: Category | null;
  line: number;
  endLine: number;
  message: string;
  /** Where the finding is shown, when it is scored at the place in another file it names. */
  shownAt?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  /** Findings matching an ambiguous label: neither right nor wrong. */
  ambiguous: number;
}

export interface Miss {
  repo: string;
  path: string;
  expectation: Expectation;
}

export interface FalseAlarm {
  finding: Finding;
  /** Where the verdict comes from: an exhaustive label, or a judgement. */
  source: 'label' | 'judgement';
  why: string | null;
}

export interface Score {
  /** Labelled files only, per category. */
  labelled: Record<Category, Counts>;
  /** ack-before-process split by kind (settle-after-failure / ack-before-work). */
  kinds: Record<string, Counts>;
  /** Labelled positives the tool cannot see without the project model (crossFile). */
  crossFilePositives: number;
  crossFileFound: number;
  judged: { tp: number; fp: number; ambiguous: number };
  unjudged: Finding[];
  misses: Miss[];
  falseAlarms: FalseAlarm[];
  /** Precision over every finding with a verdict (labelled and judged). */
  precision: number | null;
  recall: number | null;
  /** Recall over positives that are not cross-file. */
  recallInFile: number | null;
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, ambiguous: 0 });

function matches(finding: Finding, e: Expectation): boolean {
  if (finding.category !== e.category) return false;
  if (Math.abs(finding.line - e.line) <= 2) return true;
  if (e.alt?.includes(finding.line)) return true;
  return finding.line <= e.line && e.line <= finding.endLine;
}

/** Matches one labelled file; positives claim findings before ambiguous entries do. */
export function scoreFile(file: LabelledFile, findings: readonly Finding[]): { hits: Map<Expectation, Finding>; extra: Finding[] } {
  const left = [...findings];
  const hits = new Map<Expectation, Finding>();
  const ordered = [...file.expect].sort((a, b) => (a.status === b.status ? 0 : a.status === 'positive' ? -1 : 1));
  for (const e of ordered) {
    // A finding shown in this file before one rehomed from a handler's call elsewhere (that one is
    // then another handler reaching the same hazard, counted once); then the closest, so two nearby
    // expectations each get their own.
    let best = -1;
    const distance = (f: Finding) => Math.abs(f.line - e.line) + (f.shownAt ? 1000 : 0);
    for (let i = 0; i < left.length; i++) {
      if (!matches(left[i]!, e)) continue;
      if (best < 0 || distance(left[i]!) < distance(left[best]!)) best = i;
    }
    if (best >= 0) {
      hits.set(e, left[best]!);
      left.splice(best, 1);
    }
  }
  return { hits, extra: left };
}

const PLACE = /[(,;] ?([\w@./+-]+\.[cm]?[jt]sx?):(\d+(?:, \d+)*)[);]/;

/**
 * A finding shown at the handler's call for a hazard in another file names that place (or places:
 * `src/notify.service.ts:89, 103`); the labels put such a hazard where it is (LABELLING.md). When a
 * named place matches a labelled hazard of the same category, the finding is scored there;
 * otherwise where it is shown.
 */
function rehomed(corpus: Corpus, finding: Finding): Finding {
  const place = PLACE.exec(finding.message);
  if (!place || !finding.category) return finding;
  const path = place[1]!;
  const file = corpus.labels.get(finding.repo)?.files.find((f) => f.path === path);
  if (!file || path === finding.path) return finding;
  for (const line of place[2]!.split(', ').map(Number)) {
    const moved: Finding = { ...finding, path, line, endLine: line, shownAt: `${finding.path}:${finding.line}` };
    if (file.expect.some((e) => matches(moved, e))) return moved;
  }
  return finding;
}

export function judgementKey(repo: string, path: string, rule: string, line: number): string {
  return `${repo}\0${path}\0${rule}\0${line}`;
}

export function score(corpus: Corpus, findings: readonly Finding[], repos: ReadonlySet<string>): Score {
  const labelled = Object.fromEntries(CATEGORIES.map((c) => [c, zero()])) as Record<Category, Counts>;
  const kinds: Record<string, Counts> = { 'settle-after-failure': zero(), 'ack-before-work': zero() };
  const judgements = new Map<string, Judgement>();
  for (const j of corpus.judgements) judgements.set(judgementKey(j.repo, j.path, j.rule, j.line), j);
  const result: Score = {
    labelled,
    kinds,
    crossFilePositives: 0,
    crossFileFound: 0,
    judged: { tp: 0, fp: 0, ambiguous: 0 },
    unjudged: [],
    misses: [],
    falseAlarms: [],
    precision: null,
    recall: null,
    recallInFile: null,
  };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings.map((finding) => rehomed(corpus, finding))) {
    const key = `${f.repo}\0${f.path}`;
    const list = byFile.get(key);
    if (list) list.push(f);
    else byFile.set(key, [f]);
  }
  const labelledKeys = new Set<string>();
  for (const repo of repos) {
    for (const file of corpus.labels.get(repo)?.files ?? []) {
      const key = `${repo}\0${file.path}`;
      labelledKeys.add(key);
      const { hits, extra } = scoreFile(file, byFile.get(key) ?? []);
      for (const e of file.expect) {
        const counts = labelled[e.category];
        const kind = e.kind ? kinds[e.kind] : undefined;
        const hit = hits.has(e);
        if (e.status === 'ambiguous') {
          if (hit) {
            counts.ambiguous++;
            if (kind) kind.ambiguous++;
          }
          continue;
        }
        if (e.crossFile) {
          result.crossFilePositives++;
          if (hit) result.crossFileFound++;
        }
        if (hit) {
          counts.tp++;
          if (kind) kind.tp++;
        } else {
          counts.fn++;
          if (kind) kind.fn++;
          result.misses.push({ repo, path: file.path, expectation: e });
        }
      }
      for (const f of extra) {
        // Several handlers reaching one hazard in a shared service: each names it; it counts once.
        if (f.shownAt && file.expect.some((e) => matches(f, e))) continue;
        if (f.category) labelled[f.category].fp++;
        result.falseAlarms.push({ finding: f, source: 'label', why: f.category ? (file.clean[f.category] ?? null) : null });
      }
    }
  }
  for (const f of findings) {
    if (labelledKeys.has(`${f.repo}\0${f.path}`)) continue;
    const j = judgements.get(judgementKey(f.repo, f.path, f.rule, f.line));
    if (!j) result.unjudged.push(f);
    else if (j.verdict === 'TP') result.judged.tp++;
    else if (j.verdict === 'ambiguous') result.judged.ambiguous++;
    else {
      result.judged.fp++;
      result.falseAlarms.push({ finding: f, source: 'judgement', why: j.why });
    }
  }
  const tp = CATEGORIES.reduce((s, c) => s + labelled[c].tp, 0);
  const fp = CATEGORIES.reduce((s, c) => s + labelled[c].fp, 0);
  const fn = CATEGORIES.reduce((s, c) => s + labelled[c].fn, 0);
  const allTp = tp + result.judged.tp;
  const allFp = fp + result.judged.fp;
  result.precision = allTp + allFp > 0 ? allTp / (allTp + allFp) : null;
  result.recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const inFilePositives = tp + fn - result.crossFilePositives;
  result.recallInFile = inFilePositives > 0 ? (tp - result.crossFileFound) / inFilePositives : null;
  return result;
}
