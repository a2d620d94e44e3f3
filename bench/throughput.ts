/**
 * Lint throughput: the same files, the same process, one reused Linter, every configuration built
 * once; repetitions interleaved with the order of the configurations rotated each repetition.
 * Reports the median over repetitions of ms/file, plus ESLint's own per-rule times (`stats: true`).
 */
import type { Linter } from 'eslint';
import { type ConfigCase, newLinter, virtualPath } from './configs';
import { gc, median, now, rotate, round } from './stats';

export interface LintInput {
  name: string;
  text: string;
}

export interface CaseResult {
  id: string;
  label: string;
  /** Median over repetitions of (time to lint every file / files). */
  msPerFile: number;
  /** ms/file of every repetition, in order. */
  repetitions: number[];
  /** Messages per rule id over one pass (parse errors as "fatal"). */
  messages: Record<string, number>;
  /** Files with at least one message from this configuration. */
  filesWithMessages: number;
}

export interface ThroughputResult {
  files: number;
  lines: number;
  repetitions: number;
  warmupPasses: number;
  warmupFiles: number;
  chunkFiles: number;
  cases: CaseResult[];
}

export interface ThroughputOptions {
  repetitions: number;
  /** Untimed passes of every case over the first `warmupFiles` files. */
  warmupPasses: number;
  warmupFiles: number;
  /** Files per interleaving round (every case lints a chunk before the next chunk). */
  chunkFiles: number;
  /** Called after every repetition (progress). */
  onRepetition?: (rep: number, timings: Record<string, number>) => void;
}

type Lint = (text: string, filename: string) => Linter.LintMessage[];

function lintFor(linter: Linter, c: ConfigCase): Lint {
  return c.lint ?? ((text, filename) => linter.verify(text, c.config, { filename }));
}

function lintAll(lint: Lint, files: readonly LintInput[], paths: readonly string[]): number {
  let problems = 0;
  for (let i = 0; i < files.length; i++) problems += lint(files[i]!.text, paths[i]!).length;
  return problems;
}

/** Time every case over `files`, interleaved chunk by chunk. Messages are counted during the first repetition. */
export function measureThroughput(cases: readonly ConfigCase[], files: readonly LintInput[], options: ThroughputOptions): ThroughputResult {
  const linter = newLinter();
  const paths = files.map((f) => virtualPath(f.name));
  const lints = new Map(cases.map((c) => [c.id, lintFor(linter, c)]));
  const results = new Map<string, CaseResult>(cases.map((c) => [c.id, { id: c.id, label: c.label, msPerFile: Number.NaN, repetitions: [], messages: {}, filesWithMessages: 0 }]));
  // Warm-up (JIT, caches): every case over the first warmupFiles files, warmupPasses times.
  const warm = files.slice(0, options.warmupFiles);
  for (let w = 0; w < options.warmupPasses; w++) for (const c of cases) lintAll(lints.get(c.id)!, warm, paths);

  // Each repetition walks the files in chunks; every chunk is linted by every case, the order of
  // the cases rotating from chunk to chunk and from repetition to repetition. Noise on a shared
  // machine (another process's burst) then lands on all cases alike instead of on one case's pass.
  const chunk = Math.max(1, options.chunkFiles);
  for (let rep = 0; rep < options.repetitions; rep++) {
    const spent = new Map<string, number>(cases.map((c) => [c.id, 0]));
    for (let from = 0, round_ = 0; from < files.length; from += chunk, round_++) {
      const to = Math.min(files.length, from + chunk);
      for (const c of rotate(cases, rep + round_)) {
        const lint = lints.get(c.id)!;
        const result = results.get(c.id)!;
        gc();
        const start = now();
        if (rep === 0) {
          for (let i = from; i < to; i++) {
            const out = lint(files[i]!.text, paths[i]!);
            if (out.length > 0) result.filesWithMessages++;
            for (const m of out) {
              const key = m.fatal ? 'fatal' : (m.ruleId ?? 'null');
              result.messages[key] = (result.messages[key] ?? 0) + 1;
            }
          }
        } else {
          for (let i = from; i < to; i++) lint(files[i]!.text, paths[i]!);
        }
        spent.set(c.id, spent.get(c.id)! + (now() - start));
      }
    }
    const timings: Record<string, number> = {};
    for (const c of cases) {
      const msPerFile = spent.get(c.id)! / files.length;
      results.get(c.id)!.repetitions.push(round(msPerFile, 4));
      timings[c.id] = msPerFile;
    }
    options.onRepetition?.(rep, timings);
  }
  for (const r of results.values()) r.msPerFile = round(median(r.repetitions), 4);
  return {
    files: files.length,
    lines: files.reduce((n, f) => n + f.text.split('\n').length - 1, 0),
    repetitions: options.repetitions,
    warmupPasses: options.warmupPasses,
    warmupFiles: warm.length,
    chunkFiles: Math.max(1, options.chunkFiles),
    cases: cases.map((c) => results.get(c.id)!),
  };
}

export interface EslintStats {
  /** Passes over the corpus the numbers are the median of. */
  passes: number;
  /** ms/file by rule id (ESLint's `times.passes[0].rules[id].total`: create() plus every listener). */
  rules: Record<string, number>;
  parseMsPerFile: number;
  totalMsPerFile: number;
}

/** ESLint's own timing (`stats: true`, ESLint >= 9.5; `times.passes[0]`), median over `passes`. */
export function eslintStats(config: Linter.Config[], files: readonly LintInput[], passes: number): EslintStats | null {
  const linter = newLinter() as Linter & { getTimes(): { passes: { parse?: { total: number }; rules?: Record<string, { total: number }>; total?: number }[] } };
  if (typeof linter.getTimes !== 'function') return null;
  const paths = files.map((f) => virtualPath(f.name));
  const perPass: { rules: Record<string, number>; parse: number; total: number }[] = [];
  for (let p = 0; p < passes + 1; p++) {
    const rules: Record<string, number> = {};
    let parse = 0;
    let total = 0;
    gc();
    for (let i = 0; i < files.length; i++) {
      // Plain verify() leaves the fix-pass counter unset and fails with stats; verifyAndFix (what the
      // ESLint class calls) with fix: false runs one pass and records its times.
      linter.verifyAndFix(files[i]!.text, config, { filename: paths[i]!, fix: false, stats: true } as Linter.FixOptions);
      const times = linter.getTimes().passes[0];
      if (!times) continue;
      parse += times.parse?.total ?? 0;
      total += times.total ?? 0;
      for (const [id, t] of Object.entries(times.rules ?? {})) rules[id] = (rules[id] ?? 0) + t.total;
    }
    if (p > 0) perPass.push({ rules, parse, total }); // the first pass warms up
  }
  const ids = new Set(perPass.flatMap((p) => Object.keys(p.rules)));
  const rules: Record<string, number> = {};
  for (const id of ids) rules[id] = round(median(perPass.map((p) => p.rules[id] ?? 0)) / files.length, 4);
  return {
    passes,
    rules,
    parseMsPerFile: round(median(perPass.map((p) => p.parse)) / files.length, 4),
    totalMsPerFile: round(median(perPass.map((p) => p.total)) / files.length, 4),
  };
}
