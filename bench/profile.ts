/**
 * CPU profile of our recommended config on the generated corpus: a child process runs the bench
 * bundle's `profile-worker` under `node --cpu-prof`; the .cpuprofile is reduced to self time per
 * function, grouped by where the code lives, with the top functions of OUR code (rules/dist).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatenatedFile, generateCorpus } from './corpus';
import { newLinter, recommended, virtualPath } from './configs';
import { round } from './stats';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  function: string;
  /** rules/dist/<file>:<line> (1-based). */
  location: string;
  selfMs: number;
  /** Share of the whole profile's sampled time. */
  selfPercent: number;
}

export interface ProfileResult {
  /** What was linted: the corpus, or one large file. */
  subject: string;
  files: number;
  passes: number;
  /** Every sample (module loading and corpus generation included). */
  sampledMs: number;
  /** Samples inside ESLint's Linter (the lint itself): every share below is of this time. */
  lintMs: number;
  /** Samples with a rules/dist frame on the stack: our rules' cost including what they call. */
  oursInclusiveMs: number;
  oursInclusivePercent: number;
  /** Samples in V8's garbage collector (a root-level node, so not counted in lintMs). */
  gcMs: number;
  /** Self time by where the code lives (inside the Linter). */
  byArea: Record<string, { ms: number; percent: number }>;
  /** Top self-time functions in rules/dist. */
  topOurs: ProfileEntry[];
  /** Top functions of rules/dist by inclusive time (self + callees). */
  topOursInclusive: ProfileEntry[];
  /** Functions outside rules/dist by self time spent under a rules/dist frame (what our code calls). */
  calledFromOurs: ProfileEntry[];
  /** Top self-time functions anywhere inside the Linter (context). */
  topAll: ProfileEntry[];
}

/**
 * Runs in the child: lint the corpus (`kind` corpus, `size` files) or one concatenated file
 * (`kind` big, `size` lines) `passes` times with the recommended config.
 */
export function profileWorker(kind: string, seed: number, size: number, passes: number): void {
  const corpus = kind === 'big' ? [{ name: 'big/consumers.ts', text: concatenatedFile(seed, size, 20_000).text }] : generateCorpus(seed, size);
  const linter = newLinter();
  const b = recommended();
  for (let p = 0; p < passes; p++) for (const f of corpus) linter.verify(f.text, b.config, { filename: virtualPath(f.name) });
}

function area(url: string, root: string): string {
  if (url === '') return '(native/vm)';
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (file.startsWith(path.join(root, 'rules/dist'))) return 'ours (rules/dist)';
  if (file.includes('/@typescript-eslint/')) return 'typescript-eslint (parser, estree, scope manager)';
  if (file.includes('/node_modules/typescript/')) return 'typescript (scanner/parser)';
  if (file.includes('/node_modules/eslint/') || file.includes('/node_modules/@eslint/') || file.includes('/node_modules/esquery/') || file.includes('/node_modules/eslint-visitor-keys/')) return 'eslint';
  if (file.startsWith('node:')) return 'node internals';
  if (file.includes('idempotency-bench')) return 'bench (corpus generation)';
  return 'other';
}

export function runProfile(options: { bundle: string; root: string; seed: number; files: number; passes: number; bigLines?: number }): ProfileResult {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'idempotency-prof-'));
  try {
    const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=500', options.bundle, 'profile-worker', options.bigLines ? 'big' : 'corpus', String(options.seed), String(options.bigLines ?? options.files), String(options.passes)], {
      cwd: options.root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: process.env,
    });
    if (child.status !== 0) throw new Error(`profile worker failed (${child.status})`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no .cpuprofile written');
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    return analyse(profile, { ...options, files: options.bigLines ? 1 : options.files, subject: options.bigLines ? `one ${options.bigLines}-line file` : `${options.files} generated files` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type Node = CpuProfile['nodes'][number];

/** Self and inclusive times from the samples, counted only inside ESLint's Linter. */
function analyse(profile: CpuProfile, options: { root: string; files: number; passes: number; subject: string }): ProfileResult {
  const byId = new Map<number, Node>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ourDir = path.join(options.root, 'rules/dist');
  const fileOf = (url: string): string => (url.startsWith('file://') ? fileURLToPath(url) : url);
  const isOurs = (n: Node): boolean => n.callFrame.url !== '' && fileOf(n.callFrame.url).startsWith(ourDir);
  const isLinter = (n: Node): boolean => /\/eslint\/lib\/linter\//.test(n.callFrame.url);
  const keyOf = (n: Node): { key: string; function: string; location: string } => {
    const { functionName, url, lineNumber } = n.callFrame;
    const fn = url === '' ? `(${functionName || 'native'})` : functionName || '(anonymous)';
    const location = url ? `${url.startsWith('file://') ? path.relative(options.root, fileOf(url)) : url}:${lineNumber + 1}` : '';
    return { key: `${fn}@${location}`, function: fn, location };
  };
  // Per node, memoized: inside the Linter? the distinct rules/dist functions on its stack? under a rules/dist frame?
  const memo = new Map<number, { linter: boolean; ours: string[] }>();
  const info = (id: number): { linter: boolean; ours: string[] } => {
    const cached = memo.get(id);
    if (cached) return cached;
    const n = byId.get(id)!;
    const up = parent.has(id) ? info(parent.get(id)!) : { linter: false, ours: [] };
    const own = isOurs(n) ? keyOf(n).key : null;
    const result = { linter: up.linter || isLinter(n), ours: own && !up.ours.includes(own) ? [...up.ours, own] : up.ours };
    memo.set(id, result);
    return result;
  };
  const names = new Map<string, { function: string; location: string }>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const called = new Map<string, number>();
  const byArea: Record<string, number> = {};
  let sampledUs = 0;
  let lintUs = 0;
  let oursUs = 0;
  let gcUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    sampledUs += us;
    const n = byId.get(id);
    if (!n) return;
    if (n.callFrame.functionName === '(garbage collector)') gcUs += us;
    const { linter, ours } = info(id);
    if (!linter) return;
    lintUs += us;
    const k = keyOf(n);
    names.set(k.key, k);
    self.set(k.key, (self.get(k.key) ?? 0) + us);
    const where = area(n.callFrame.url, options.root);
    byArea[where] = (byArea[where] ?? 0) + us;
    if (ours.length > 0) {
      oursUs += us;
      for (const key of ours) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      if (!isOurs(n)) called.set(k.key, (called.get(k.key) ?? 0) + us);
    }
  });
  for (const id of memo.keys()) {
    const n = byId.get(id)!;
    if (isOurs(n)) names.set(keyOf(n).key, keyOf(n));
  }
  const top = (m: Map<string, number>, count: number, filter: (key: string) => boolean = () => true): ProfileEntry[] =>
    [...m.entries()]
      .filter(([key]) => filter(key))
      .sort((x, y) => y[1] - x[1])
      .slice(0, count)
      .map(([key, us]) => ({ ...names.get(key)!, selfMs: round(us / 1000, 1), selfPercent: round((100 * us) / lintUs, 2) }));
  const oursKey = (key: string): boolean => key.includes('@rules/dist/');
  return {
    subject: options.subject,
    files: options.files,
    passes: options.passes,
    sampledMs: round(sampledUs / 1000, 0),
    lintMs: round(lintUs / 1000, 0),
    oursInclusiveMs: round(oursUs / 1000, 0),
    oursInclusivePercent: round((100 * oursUs) / lintUs, 1),
    gcMs: round(gcUs / 1000, 0),
    byArea: Object.fromEntries(Object.entries(byArea).sort((x, y) => y[1] - x[1]).map(([k, us]) => [k, { ms: round(us / 1000, 0), percent: round((100 * us) / lintUs, 1) }])),
    topOurs: top(self, 20, oursKey),
    topOursInclusive: top(inclusive, 15),
    calledFromOurs: top(called, 12),
    topAll: top(self, 15),
  };
}
