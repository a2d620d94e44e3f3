/**
 * `npm run bench [-- --quick] [--files N] [--seed S] [--reps R] [--project-repos N] [--server-tree PATH] [--skip throughput,examples,lsp,growth,profile,project,server] [--out FILE]`
 *
 * Lint throughput against ESLint's parse, its traversal floor, sonarjs and security; per-rule time;
 * editor latency against vscode-eslint's server; growth with file and handler size; a CPU profile of
 * our rules. Prints tables and writes bench/results.json (bench/results.quick.json with --quick).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  allRules,
  engine,
  eslintVersion,
  floor,
  loadPeerPlugins,
  parseOnly,
  parserVersion,
  plugin,
  pluginPath,
  recommended,
  RULE_NAMES,
  security,
  singleRule,
  sonar,
  type ConfigCase,
} from './configs';
import { generateCorpus, LIBRARIES } from './corpus';
import { measureGrowth, type GrowthResult } from './growth';
import { measureLsp, type LspResult } from './lsp-latency';
import { measureProject, projectTable, type ProjectResult } from './project';
import { measureServerModel, type ServerModelResult } from './server-model';
import { profileWorker, runProfile, type ProfileResult } from './profile';
import { computeRatios, computeTargets, eslintStatsTable, growthTables, lspTable, profileTable, targetsTable, throughputTable } from './report';
import { eslintStats, measureThroughput, type EslintStats, type LintInput, type ThroughputResult } from './throughput';
import { now, round } from './stats';

const SECTIONS = ['throughput', 'examples', 'lsp', 'growth', 'profile', 'project', 'server'] as const;
type Section = (typeof SECTIONS)[number];

interface Plan {
  quick: boolean;
  seed: number;
  files: number;
  reps: number;
  warmupPasses: number;
  warmupFiles: number;
  /** Files per interleaving round. */
  chunkFiles: number;
  /** Files of the corpus for the per-rule group and ESLint's stats (a prefix of the corpus). */
  ruleFiles: number;
  statsPasses: number;
  examplesReps: number;
  /** At most this many example files (all when 0). */
  examplesFiles: number;
  lsp: { sizes: number[]; edits: number; warmupEdits: number; startRuns: number; manyFiles: number; parseRuns: number; idleGapMs: number };
  growth: { fileSizes: number[]; handlerSizes: number[]; repetitions: number };
  profile: { files: number; passes: number; bigLines: number; bigPasses: number };
  /** The largest corpus repositories measured by the project section. */
  projectRepos: number;
  /** The server section: edits per server, idle gap between edits, the tree (default: the largest corpus tree). */
  server: { edits: number; idleGapMs: number; tree: string | null };
  skip: Set<Section>;
  out: string;
}

function parseArgs(argv: string[], root: string): Plan {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const num = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer (got ${v})`);
    return n;
  };
  const skip = new Set<Section>();
  for (const s of (value('--skip') ?? '').split(',').filter(Boolean)) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--skip: unknown section ${s} (known: ${SECTIONS.join(', ')})`);
    skip.add(s as Section);
  }
  const files = num('--files', quick ? 10 : 2000);
  return {
    quick,
    seed: num('--seed', 1),
    files,
    reps: num('--reps', quick ? 1 : 3),
    warmupPasses: quick ? 1 : 2,
    warmupFiles: quick ? files : 200,
    chunkFiles: num('--chunk', quick ? 5 : 50),
    ruleFiles: Math.min(files, num('--rule-files', quick ? files : 500)),
    statsPasses: quick ? 1 : 2,
    examplesReps: quick ? 1 : 5,
    examplesFiles: quick ? 8 : 0,
    lsp: quick
      ? { sizes: [3000], edits: 4, warmupEdits: 2, startRuns: 0, manyFiles: 10, parseRuns: 2, idleGapMs: 50 }
      : { sizes: [500, 3000, 10000], edits: 40, warmupEdits: 4, startRuns: 2, manyFiles: 500, parseRuns: 10, idleGapMs: 100 },
    growth: quick
      ? { fileSizes: [1000, 3000], handlerSizes: [10, 300], repetitions: 1 }
      : { fileSizes: [1000, 2000, 5000, 10000, 20000, 50000], handlerSizes: [10, 30, 100, 300, 1000, 3000, 5000], repetitions: 5 },
    profile: { files: quick ? files : Math.min(files, 1000), passes: quick ? 1 : 2, bigLines: quick ? 0 : 20000, bigPasses: 3 },
    projectRepos: num('--project-repos', quick ? 1 : 4),
    server: { edits: quick ? 6 : 40, idleGapMs: quick ? 50 : 100, tree: value('--server-tree') ?? null },
    skip,
    out: path.resolve(root, value('--out') ?? (quick ? 'bench/results.quick.json' : 'bench/results.json')),
  };
}

/** examples/ and ../shared/examples: the labelled real-world corpora. */
function examplesCorpus(root: string): { files: LintInput[]; dirs: string[] } {
  const dirs = [path.join(root, 'examples'), path.resolve(root, '../shared/examples')].filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
  const files: LintInput[] = [];
  const walk = (dir: string, base: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, base, prefix);
      else if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(entry.name)) files.push({ name: `${prefix}/${path.relative(base, full)}`, text: readFileSync(full, 'utf8') });
    }
  };
  dirs.forEach((d, i) => walk(d, d, i === 0 ? 'examples' : 'shared-examples'));
  return { files, dirs };
}

/** The commit measured, and uncommitted changes to the measured code (the build is what runs). */
function gitState(root: string): { head: string | null; uncommitted: string[] } {
  const run = (args: string[]): string | null => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const status = run(['status', '--porcelain', '--', 'rules/src', 'engine/src', 'server/src']) ?? '';
  return { head: run(['rev-parse', 'HEAD']), uncommitted: status.split('\n').filter(Boolean).map((l) => l.slice(3)) };
}

function section(title: string): void {
  console.log(`\n== ${title} ${'='.repeat(Math.max(0, 90 - title.length))}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'profile-worker') {
    profileWorker(argv[1]!, Number(argv[2]), Number(argv[3]), Number(argv[4]));
    return;
  }
  const root = process.env.IDEMPOTENCY_BENCH_ROOT ?? process.cwd();
  const bundle = process.env.IDEMPOTENCY_BENCH_BUNDLE ?? __filename;
  const plan = parseArgs(argv, root);
  const started = now();
  const problems: string[] = [];
  const log = (line: string) => console.log(line);

  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemGb: round(os.totalmem() / 2 ** 30, 1),
    loadavgAtStart: os.loadavg().map((x) => round(x, 2)),
    date: new Date().toISOString(),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  const peers = loadPeerPlugins();
  problems.push(...peers.problems);
  const versions = {
    eslint: eslintVersion,
    typescriptEslintParser: parserVersion,
    plugin: `${plugin.meta.name} ${plugin.meta.version} (${path.relative(root, pluginPath)})`,
    sonarjs: peers.sonar?.version ?? null,
    security: peers.security?.version ?? null,
  };
  console.log(`idempotency-lint bench${plan.quick ? ' (--quick)' : ''}: ${machine.date}, node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, load ${machine.loadavgAtStart.join(' ')}`);
  console.log(`ESLint ${versions.eslint}, @typescript-eslint/parser ${versions.typescriptEslintParser}, ${versions.plugin}, sonarjs ${versions.sonarjs ?? '-'}, security ${versions.security ?? '-'}`);

  // ---------------------------------------------------------------- corpus
  const corpus = generateCorpus(plan.seed, plan.files);
  const corpusLines = corpus.reduce((n, f) => n + f.lines, 0);
  const byLibrary = Object.fromEntries(LIBRARIES.map((l) => [l, corpus.filter((f) => f.library === l).length]));
  const byVariant: Record<string, number> = {};
  for (const f of corpus) byVariant[f.variant] = (byVariant[f.variant] ?? 0) + 1;
  console.log(`Corpus: ${corpus.length} generated files (seed ${plan.seed}), ${corpusLines} lines (${(corpusLines / Math.max(1, corpus.length)).toFixed(0)}/file), ${corpus.filter((f) => f.name.endsWith('.js')).length} JavaScript`);

  // ---------------------------------------------------------------- throughput
  let throughput: ThroughputResult | undefined;
  let perRule: ThroughputResult | undefined;
  let stats: EslintStats | null = null;
  let examples: (ThroughputResult & { dirs: string[] }) | undefined;
  const cases: ConfigCase[] = [parseOnly(), floor(), recommended(), allRules(), engine()];
  if (peers.sonar) cases.push(sonar(peers.sonar));
  if (peers.security) cases.push(security(peers.security));
  const ruleCases = RULE_NAMES().map(singleRule);
  if (!plan.skip.has('throughput')) {
    section(`Lint throughput: ${corpus.length} generated files, ${plan.reps} interleaved repetitions`);
    const t0 = now();
    const progress = (rep: number, timings: Record<string, number>) => log(`  rep ${rep + 1}/${plan.reps}: ${Object.entries(timings).map(([id, ms]) => `${id} ${ms.toFixed(2)}`).join(', ')}`);
    throughput = measureThroughput(cases, corpus, { repetitions: plan.reps, warmupPasses: plan.warmupPasses, warmupFiles: plan.warmupFiles, chunkFiles: plan.chunkFiles, onRepetition: progress });
    for (const c of throughput.cases) if (c.messages.fatal) problems.push(`${c.id}: ${c.messages.fatal} parse errors in the generated corpus`);
    console.log(`\n${throughputTable(throughput)}`);
    // Per rule: each rule alone, next to the parse and the recommended config, on a prefix of the corpus.
    const ruleCorpus = corpus.slice(0, plan.ruleFiles);
    section(`Per rule: each rule alone, ${ruleCorpus.length} files, ${plan.reps} interleaved repetitions; ESLint stats`);
    perRule = measureThroughput([parseOnly(), recommended(), ...ruleCases], ruleCorpus, { repetitions: plan.reps, warmupPasses: plan.warmupPasses, warmupFiles: Math.min(plan.warmupFiles, ruleCorpus.length), chunkFiles: plan.chunkFiles, onRepetition: progress });
    stats = eslintStats(recommended().config, ruleCorpus, plan.statsPasses);
    if (!stats) problems.push('ESLint stats (stats: true / getTimes) not available');
    console.log(`\n${throughputTable(perRule, stats)}`);
    if (stats) console.log(`\n${eslintStatsTable(stats)}`);
    console.log(`(${((now() - t0) / 1000).toFixed(0)} s)`);
  }

  if (!plan.skip.has('examples')) {
    const ex = examplesCorpus(root);
    const files = plan.examplesFiles > 0 ? ex.files.slice(0, plan.examplesFiles) : ex.files;
    section(`Lint throughput: the examples corpora (${files.length} of ${ex.files.length} files: ${ex.dirs.map((d) => path.relative(root, d) || d).join(', ')}), ${plan.examplesReps} repetitions`);
    if (files.length > 0) {
      examples = { ...measureThroughput([...cases, ...ruleCases], files, { repetitions: plan.examplesReps, warmupPasses: plan.quick ? 1 : 2, warmupFiles: files.length, chunkFiles: plan.chunkFiles }), dirs: ex.dirs };
      console.log(throughputTable(examples));
      console.log('(generic-bus examples are linted without their per-file `consumers` settings)');
    } else problems.push('no examples corpus found');
  }

  // ---------------------------------------------------------------- editor latency
  let lsp: LspResult | undefined;
  if (!plan.skip.has('lsp')) {
    section('Editor latency: our server vs vscode-eslint-language-server (ESLint + our plugin, recommended)');
    const t0 = now();
    try {
      lsp = await measureLsp({ root, seed: plan.seed, log, ...plan.lsp });
      console.log(`\n${lspTable(lsp)}`);
    } catch (error) {
      console.error(`\nLSP BENCH FAILED: ${(error as Error).message}`);
      problems.push(`lsp: ${(error as Error).message}`);
      process.exitCode = 1;
    }
    console.log(`(${((now() - t0) / 1000).toFixed(0)} s)`);
  }

  // ---------------------------------------------------------------- growth
  let growth: GrowthResult | undefined;
  if (!plan.skip.has('growth')) {
    section('Growth: recommended config vs file size and handler size');
    const t0 = now();
    try {
      growth = measureGrowth({ seed: plan.seed, log, ...plan.growth });
      console.log(`\n${growthTables(growth)}`);
    } catch (error) {
      console.error(`\nGROWTH BENCH FAILED: ${(error as Error).message}`);
      problems.push(`growth: ${(error as Error).message}`);
      process.exitCode = 1;
    }
    console.log(`(${((now() - t0) / 1000).toFixed(0)} s)`);
  }

  // ---------------------------------------------------------------- profile
  let profile: ProfileResult | undefined;
  let profileBig: ProfileResult | undefined;
  if (!plan.skip.has('profile')) {
    section(`CPU profile: recommended config, node --cpu-prof, ${plan.profile.files} generated files x ${plan.profile.passes}`);
    try {
      profile = runProfile({ bundle, root, seed: plan.seed, files: plan.profile.files, passes: plan.profile.passes });
      console.log(profileTable(profile));
      if (plan.profile.bigLines > 0) {
        // Where the rules' superlinear growth with file size goes.
        section(`CPU profile: recommended config, one ${plan.profile.bigLines}-line file x ${plan.profile.bigPasses}`);
        profileBig = runProfile({ bundle, root, seed: plan.seed, files: 1, passes: plan.profile.bigPasses, bigLines: plan.profile.bigLines });
        console.log(profileTable(profileBig));
      }
    } catch (error) {
      problems.push(`profile: ${(error as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- project model on real repositories
  let project: ProjectResult | null = null;
  if (!plan.skip.has('project')) {
    section(`Project model: the ${plan.projectRepos} largest corpus repositories, CLI with followImports on and off`);
    try {
      project = measureProject({ root, repos: plan.projectRepos, reps: plan.quick ? 1 : 3, log });
      if (project) console.log(`\n${projectTable(project)}`);
    } catch (error) {
      problems.push(`project: ${(error as Error).message}`);
    }
  }

  // ---------------------------------------------------------------- the server's project model on the largest tree
  let serverModel: ServerModelResult | null = null;
  if (!plan.skip.has('server')) {
    section('Server and project model: keystroke lint of a 3,000-line document with and without the model; warm-up on the largest corpus tree');
    const t0 = now();
    try {
      serverModel = await measureServerModel({ root, seed: plan.seed, log, ...plan.server });
    } catch (error) {
      problems.push(`server: ${(error as Error).message}`);
    }
    console.log(`(${((now() - t0) / 1000).toFixed(0)} s)`);
  }

  // ---------------------------------------------------------------- ratios, targets, results.json
  const ratios = computeRatios(throughput, lsp);
  const growthSummary = {
    fileSizeSlope: growth?.fileSize.slope ?? null,
    handlerSizeSlope: growth?.handlerSize.slope ?? null,
    fileSizeParseSlope: growth?.fileSize.parseSlope ?? null,
    handlerSizeParseSlope: growth?.handlerSize.parseSlope ?? null,
    fileSizeFloorSlope: growth?.fileSize.floorSlope ?? null,
    handlerSizeFloorSlope: growth?.handlerSize.floorSlope ?? null,
    fileSizeRulesSlope: growth?.fileSize.rulesSlope ?? null,
    handlerSizeRulesSlope: growth?.handlerSize.rulesSlope ?? null,
    repetitions: growth?.repetitions ?? null,
    fileSize: growth?.fileSize ?? null,
    handlerSize: growth?.handlerSize ?? null,
  };
  const targets = computeTargets(ratios, growthSummary);
  section('Targets');
  console.log(targetsTable(targets));
  if (problems.length > 0) console.log(`\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const results = {
    schema: 1,
    mode: plan.quick ? 'quick' : 'full',
    machine: { ...machine, loadavgAtEnd: os.loadavg().map((x) => round(x, 2)), note: 'shared, noisy machine: compare the ratios (measured side by side, interleaved), not absolute times' },
    versions,
    git: gitState(root),
    corpus: { seed: plan.seed, files: corpus.length, lines: corpusLines, byLibrary, byVariant, javascriptFiles: corpus.filter((f) => f.name.endsWith('.js')).length },
    ratios,
    growth: growthSummary,
    targets,
    throughput: throughput ?? null,
    perRule: perRule ?? null,
    eslintStats: stats,
    examples: examples ?? null,
    lsp: lsp ?? null,
    profile: profile ?? null,
    profileLargeFile: profileBig ?? null,
    project,
    serverModel,
    plan: { ...plan, skip: [...plan.skip], out: path.relative(root, plan.out) },
    problems,
    durationSeconds: round((now() - started) / 1000, 1),
  };
  const tmp = `${plan.out}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, plan.out);
  console.log(`\nWrote ${path.relative(root, plan.out)} (${results.durationSeconds} s).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
