/**
 * `npm run eval:real [-- options]`: the linter on whole public repositories, as a user runs it.
 *
 * For every repository of corpus/manifest.json: write its tree at the pinned commit into a cache
 * folder (from a local git copy: see corpus/README.md), run `idempotency-lint --format json` at its
 * root with zero configuration, and score the findings against the labels and judgements.
 *
 *   --mirrors DIR[,DIR]  where the git copies are (default: ../.mirror, or $IDEMPOTENCY_MIRRORS)
 *   --cache DIR          where trees are written (default: .cache/real-corpus)
 *   --only a/b[,c/d]     these repositories only (results are then not written unless --out)
 *   --cli FILE           the command line to run (default: bin/idempotency-lint.js), e.g. an older build
 *   --check              validate the data against the git copies (files exist, lines in range); no run
 *   --out FILE           results file (default: corpus/results.json for a full run)
 *   --rescore FILE       no run: score the findings of an earlier results file with today's labels and judgements (with --only: of those repositories)
 *   --quiet              totals only
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOptions } from '../../scripts/cli-options';
import { CATEGORIES, CorpusError, loadCorpus, type Category, type Corpus, type RepositoryEntry } from './data';
import { fileAt, findGitDir, hasCommit, materialise } from './materialise';
import { score, type Finding, type Score } from './score';

const root = process.env.IDEMPOTENCY_REPO_ROOT ?? path.resolve(__dirname, '../../..');
const corpusDir = path.join(root, 'corpus');

interface Options {
  mirrors: string[];
  cache: string;
  only: Set<string> | null;
  cli: string;
  check: boolean;
  out: string | null;
  rescore: string | null;
  quiet: boolean;
}

function parseOptions(argv: string[]): Options {
  const options = readOptions(argv, ['--mirrors', '--cache', '--only', '--cli', '--check', '--out', '--rescore', '--quiet']);
  const rescore = options.value('--rescore');
  const mirrors = (options.value('--mirrors') ?? process.env.IDEMPOTENCY_MIRRORS ?? path.resolve(root, '../.mirror')).split(',').map((p) => path.resolve(p));
  const only = options.list('--only');
  const out = options.value('--out');
  return {
    mirrors,
    cache: path.resolve(options.value('--cache') ?? path.join(root, '.cache/real-corpus')),
    only: only.length > 0 ? new Set(only) : null,
    cli: path.resolve(options.value('--cli') ?? path.join(root, 'bin/idempotency-lint.js')),
    check: options.flag('--check'),
    out: out ? path.resolve(out) : only.length > 0 || rescore ? null : path.join(corpusDir, 'results.json'),
    rescore: rescore ? path.resolve(rescore) : null,
    quiet: options.flag('--quiet'),
  };
}

/** The rule → category map, from the plugin's own metadata. */
function ruleCategories(): Map<string, Category> {
  const plugin = require(path.join(root, 'rules/dist/index.js')) as { rules: Record<string, { meta: { docs?: { category?: Category } } }> };
  return new Map(Object.entries(plugin.rules).map(([name, rule]) => [name, rule.meta.docs!.category!]));
}

interface RepoRun {
  repo: string;
  commit: string;
  files: number;
  findings: number;
  ms: number;
  msPerFile: number;
  peakRssMb: number | null;
  crashes: { path: string; message: string }[];
  parseErrors: number;
  skipped: number;
  discoveryNote: string;
  exitCode: number | null;
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; message: string; line: number; endLine?: number; fatal?: boolean; severity: number }[];
}

const PRELOAD = `process.on('exit', () => { require('fs').writeFileSync(process.env.IDEMPOTENCY_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n`;

function runRepository(entry: RepositoryEntry, treeDir: string, options: Options, categories: Map<string, Category>, scratch: string): { run: RepoRun; findings: Finding[] } {
  const report = path.join(scratch, 'report.json');
  const rssFile = path.join(scratch, 'rss.txt');
  const preload = path.join(scratch, 'rss-preload.cjs');
  writeFileSync(preload, PRELOAD);
  rmSync(report, { force: true });
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', preload, options.cli, '--format', 'json', '--output-file', report], {
    cwd: treeDir,
    env: { ...process.env, IDEMPOTENCY_RSS_FILE: rssFile, NO_COLOR: '1' },
    maxBuffer: 1 << 28,
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const run: RepoRun = {
    repo: entry.repo,
    commit: entry.commit,
    files: 0,
    findings: 0,
    ms: Math.round(ms),
    msPerFile: 0,
    peakRssMb: existsSync(rssFile) ? Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) : null,
    crashes: [],
    parseErrors: 0,
    skipped: 0,
    discoveryNote: (child.stderr ?? '').split('\n').filter((l) => /skipp/i.test(l)).join(' ').trim(),
    exitCode: child.status,
  };
  if (!existsSync(report)) {
    throw new Error(`${entry.repo}: the command line wrote no report (exit ${child.status}): ${(child.stderr ?? '').slice(0, 2000)}`);
  }
  const results = JSON.parse(readFileSync(report, 'utf8')) as JsonResult[];
  const findings: Finding[] = [];
  run.files = results.length;
  run.msPerFile = results.length > 0 ? Math.round((ms / results.length) * 100) / 100 : 0;
  // The command line reports real paths; the tree may be reached through a symbolic link.
  const realTree = realpathSync(treeDir);
  for (const result of results) {
    const rel = path.relative(realTree, result.filePath).split(path.sep).join('/');
    for (const m of result.messages) {
      if (m.ruleId?.startsWith('idempotency/') && !m.fatal) {
        const rule = m.ruleId.slice('idempotency/'.length);
        findings.push({ repo: entry.repo, path: rel, rule, category: categories.get(rule) ?? null, line: m.line, endLine: m.endLine ?? m.line, message: m.message });
      } else if (/failed on this file/.test(m.message)) {
        run.crashes.push({ path: rel, message: m.message });
      } else if (m.fatal && m.ruleId === null && /^Parsing error/.test(m.message)) {
        run.parseErrors++;
      } else if (m.ruleId === null && /^File skipped/.test(m.message)) {
        run.skipped++;
      }
    }
  }
  run.findings = findings.length;
  return { run, findings };
}

function check(corpus: Corpus, options: Options, selected: RepositoryEntry[]): number {
  const problems: string[] = [];
  let files = 0;
  let handlers = 0;
  for (const entry of selected) {
    const gitDir = findGitDir(options.mirrors, entry.repo);
    if (!gitDir) {
      problems.push(`${entry.repo}: no git copy under ${options.mirrors.join(', ')}`);
      continue;
    }
    if (!hasCommit(gitDir, entry.commit)) {
      problems.push(`${entry.repo}: commit ${entry.commit} is not in ${gitDir}`);
      continue;
    }
    for (const file of corpus.labels.get(entry.repo)?.files ?? []) {
      files++;
      handlers += file.handlers.length;
      const text = fileAt(gitDir, entry.commit, file.path);
      if (text === null) {
        problems.push(`${entry.repo}: ${file.path} does not exist at ${entry.commit.slice(0, 10)}`);
        continue;
      }
      const lines = text.split('\n').length;
      const all = [...file.handlers.map((h) => h.line), ...file.expect.flatMap((e) => [e.line, ...(e.alt ?? [])])];
      for (const line of all) if (line > lines) problems.push(`${entry.repo}: ${file.path}: line ${line} is past the end (${lines} lines)`);
    }
  }
  for (const p of problems) console.log(`  ${p}`);
  console.log(`checked ${selected.length} repositories, ${files} labelled files, ${handlers} handlers: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
  return problems.length === 0 ? 0 : 1;
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);

function printScore(s: Score, runs: RepoRun[], quiet: boolean): void {
  console.log('\nper category (labelled files): TP / FP / FN / ambiguous-hit, precision, recall');
  for (const c of CATEGORIES) {
    const k = s.labelled[c];
    const precision = k.tp + k.fp > 0 ? k.tp / (k.tp + k.fp) : null;
    const recall = k.tp + k.fn > 0 ? k.tp / (k.tp + k.fn) : null;
    console.log(`  ${c.padEnd(20)} ${String(k.tp).padStart(4)} ${String(k.fp).padStart(4)} ${String(k.fn).padStart(4)} ${String(k.ambiguous).padStart(4)}   P ${pct(precision).padStart(6)}  R ${pct(recall).padStart(6)}`);
  }
  for (const [kind, k] of Object.entries(s.kinds)) {
    console.log(`    ack-before-process/${kind}: TP ${k.tp}, FN ${k.fn}, ambiguous-hit ${k.ambiguous}`);
  }
  console.log(`  cross-file positives: ${s.crossFilePositives} (found ${s.crossFileFound})`);
  console.log(`judged findings in unlabelled files: TP ${s.judged.tp}, FP ${s.judged.fp}, ambiguous ${s.judged.ambiguous}; unjudged ${s.unjudged.length}`);
  console.log(`PRECISION over all judged findings: ${pct(s.precision)}   RECALL on labelled positives: ${pct(s.recall)} (in-file only: ${pct(s.recallInFile)})`);
  const crashes = runs.reduce((n, r) => n + r.crashes.length, 0);
  console.log(`rule crashes: ${crashes}`);
  if (quiet) return;
  if (s.misses.length > 0) {
    console.log('\nmisses:');
    for (const m of s.misses) console.log(`  ${m.repo} ${m.path}:${m.expectation.line} ${m.expectation.category}${m.expectation.crossFile ? ' (cross-file)' : ''}: ${m.expectation.why}`);
  }
  if (s.falseAlarms.length > 0) {
    console.log('\nfalse alarms:');
    for (const f of s.falseAlarms) console.log(`  ${f.finding.repo} ${f.finding.path}:${f.finding.line} ${f.finding.rule} [${f.source}] ${f.why ?? ''}\n      ${f.finding.message}`);
  }
  if (s.unjudged.length > 0) {
    console.log('\nunjudged findings (add a verdict to corpus/judgements.json):');
    for (const f of s.unjudged) console.log(`  ${f.repo} ${f.path}:${f.line} ${f.rule}\n      ${f.message}`);
  }
}

/** The commit of the checkout the command line under test comes from (this one, or another with --cli). */
function toolCommit(cli: string): string {
  const cwd = path.dirname(cli);
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8' }).stdout.trim() !== '';
  return `${head}${dirty ? ' (with uncommitted changes)' : ''}`;
}

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  const corpus = loadCorpus(corpusDir);
  const selected = corpus.repositories.filter((r) => !options.only || options.only.has(r.repo));
  if (options.only) for (const name of options.only) if (!corpus.repositories.some((r) => r.repo === name)) throw new Error(`--only: ${name} is not in the manifest`);
  if (options.check) return check(corpus, options, selected);
  if (options.rescore) {
    const earlier = JSON.parse(readFileSync(options.rescore, 'utf8')) as { findings: Finding[]; repositories: RepoRun[]; date: string; toolCommit: string };
    console.log(`rescoring ${earlier.findings.length} findings of ${path.relative(process.cwd(), options.rescore)} (${earlier.date}, ${earlier.toolCommit})`);
    // With --only: the score of those repositories alone (e.g. the corpus of an earlier issue).
    const repositories = earlier.repositories.filter((r) => !options.only || options.only.has(r.repo));
    const repos = new Set(repositories.map((r) => r.repo));
    printScore(score(corpus, earlier.findings.filter((f) => repos.has(f.repo)), repos), repositories, options.quiet);
    return 0;
  }
  if (!existsSync(options.cli)) throw new Error(`${options.cli} does not exist (run \`npm run build\`)`);
  const categories = ruleCategories();
  const scratch = path.join(options.cache, 'scratch');
  mkdirSync(scratch, { recursive: true });
  const runs: RepoRun[] = [];
  const findings: Finding[] = [];
  const missing: string[] = [];
  for (const entry of selected) {
    const gitDir = findGitDir(options.mirrors, entry.repo);
    if (!gitDir || !hasCommit(gitDir, entry.commit)) {
      missing.push(entry.repo);
      console.log(`${entry.repo}: no git copy with ${entry.commit.slice(0, 10)} (see corpus/README.md); skipped`);
      continue;
    }
    const tree = materialise(gitDir, entry.repo, entry.commit, path.join(options.cache, 'trees'));
    const { run, findings: found } = runRepository(entry, tree.dir, options, categories, scratch);
    runs.push(run);
    findings.push(...found);
    console.log(
      `${entry.repo.padEnd(48)} ${String(run.files).padStart(6)} files ${String(run.findings).padStart(4)} findings ${String(run.msPerFile).padStart(7)} ms/file ${String(run.peakRssMb ?? '?').padStart(5)} MB` +
        `${run.crashes.length > 0 ? `  CRASHES ${run.crashes.length}` : ''}${run.parseErrors > 0 ? `  parse errors ${run.parseErrors}` : ''}${run.discoveryNote ? `  [${run.discoveryNote}]` : ''}`,
    );
    for (const crash of run.crashes) console.log(`    crash: ${crash.path}: ${crash.message}`);
  }
  const s = score(corpus, findings, new Set(runs.map((r) => r.repo)));
  printScore(s, runs, options.quiet);
  if (options.out) {
    const labelledFiles = [...corpus.labels.values()].reduce((n, l) => n + l.files.length, 0);
    const result = {
      date: new Date().toISOString(),
      toolCommit: toolCommit(options.cli),
      cli: path.relative(root, options.cli),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      corpus: { repositories: runs.length, missingRepositories: missing, labelledFiles, lintedFiles: runs.reduce((n, r) => n + r.files, 0) },
      score: {
        precision: s.precision,
        recall: s.recall,
        recallInFile: s.recallInFile,
        labelled: s.labelled,
        kinds: s.kinds,
        crossFilePositives: s.crossFilePositives,
        crossFileFound: s.crossFileFound,
        judged: s.judged,
        unjudged: s.unjudged.length,
      },
      repositories: runs,
      misses: s.misses.map((m) => ({ repo: m.repo, path: m.path, line: m.expectation.line, category: m.expectation.category, crossFile: m.expectation.crossFile ?? false, why: m.expectation.why })),
      falseAlarms: s.falseAlarms.map((f) => ({ repo: f.finding.repo, path: f.finding.path, line: f.finding.line, rule: f.finding.rule, source: f.source, why: f.why, message: f.finding.message })),
      unjudged: s.unjudged,
      findings,
    };
    writeFileSync(options.out, `${JSON.stringify(result, null, 1)}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), options.out)}`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof CorpusError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
}
