/**
 * The project model on real repositories (the corpus trees of `npm run eval:real`, in
 * `.cache/real-corpus/trees`; the section is skipped without them): for the largest ones, the CLI on
 * the whole repository with `followImports` on and off (ms/file and peak RSS, interleaved), the
 * cold cost of the project-wide text indexes (producers, importers), and the first lint of one
 * handler file in a fresh process with and without the model.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { median, now, round } from './stats';

export interface ProjectRepoResult {
  repo: string;
  files: number;
  /** Median over repetitions. */
  msPerFileOn: number;
  msPerFileOff: number;
  ratio: number;
  peakRssMbOn: number;
  peakRssMbOff: number;
  /** Building the project's text indexes (producers, importers) from cold (ms, median of 3 fresh models). */
  producerIndexMs: number;
  /** One handler file linted in a fresh process (ms, median of 3): with the model, without it. */
  coldFile: { file: string; msOn: number; msOff: number } | null;
}

export interface ProjectResult {
  repos: ProjectRepoResult[];
}

const PRELOAD = `process.on('exit', () => { require('fs').writeFileSync(process.env.IDEMPOTENCY_RSS_FILE, String(process.resourceUsage().maxRSS)); });\n`;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

export function measureProject(options: { root: string; repos: number; reps: number; log: (line: string) => void }): ProjectResult | null {
  const trees = path.join(options.root, '.cache/real-corpus/trees');
  let names: string[];
  try {
    names = readdirSync(trees).filter((n) => !n.endsWith('.json') && statSync(path.join(trees, n)).isDirectory());
  } catch {
    options.log('project: no corpus trees (run `npm run eval:real` first); skipped');
    return null;
  }
  const sized = names.map((name) => ({ name, dir: path.join(trees, name), files: countSources(path.join(trees, name)) }));
  sized.sort((a, b) => b.files - a.files);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'idem-bench-project-'));
  const preload = path.join(scratch, 'rss.cjs');
  writeFileSync(preload, PRELOAD);
  const offConfig = path.join(scratch, 'off.json');
  writeFileSync(offConfig, JSON.stringify({ settings: { followImports: false } }));
  const cli = path.join(options.root, 'bin/idempotency-lint.js');
  const results: ProjectRepoResult[] = [];
  try {
    for (const repo of sized.slice(0, options.repos)) {
      const on: { msPerFile: number; rss: number }[] = [];
      const off: { msPerFile: number; rss: number }[] = [];
      let files = 0;
      let firstHandlerFile: string | null = null;
      for (let rep = 0; rep < options.reps; rep++) {
        // Alternate which goes first: the second run of a pair meets a warmer disk cache.
        const order = rep % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
        for (const mode of order) {
          const run = runCli(cli, repo.dir, preload, scratch, mode === 'off' ? ['--config', offConfig] : []);
          files = run.files;
          firstHandlerFile ??= run.firstFindingFile;
          (mode === 'on' ? on : off).push({ msPerFile: run.ms / Math.max(1, run.files), rss: run.peakRssMb });
        }
      }
      const msPerFileOn = median(on.map((r) => r.msPerFile));
      const msPerFileOff = median(off.map((r) => r.msPerFile));
      const result: ProjectRepoResult = {
        repo: repo.name.replace('+', '/'),
        files,
        msPerFileOn: round(msPerFileOn, 2),
        msPerFileOff: round(msPerFileOff, 2),
        ratio: round(msPerFileOn / msPerFileOff, 2),
        peakRssMbOn: Math.round(median(on.map((r) => r.rss))),
        peakRssMbOff: Math.round(median(off.map((r) => r.rss))),
        producerIndexMs: round(producerIndexMs(options.root, repo.dir), 1),
        coldFile: firstHandlerFile ? coldFile(cli, repo.dir, firstHandlerFile, offConfig) : null,
      };
      options.log(`project: ${result.repo} ${files} files, ${result.msPerFileOn} vs ${result.msPerFileOff} ms/file (${result.ratio}x), RSS ${result.peakRssMbOn} vs ${result.peakRssMbOff} MB`);
      results.push(result);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { repos: results };
}

function runCli(cli: string, cwd: string, preload: string, scratch: string, extra: string[]): { ms: number; files: number; peakRssMb: number; firstFindingFile: string | null } {
  const report = path.join(scratch, 'report.json');
  const rssFile = path.join(scratch, 'rss.txt');
  rmSync(report, { force: true });
  const started = now();
  spawnSync(process.execPath, ['--require', preload, cli, '--format', 'json', '--output-file', report, ...extra], {
    cwd,
    env: { ...process.env, IDEMPOTENCY_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: 'ignore',
    maxBuffer: 1 << 26,
  });
  const ms = now() - started;
  const results = JSON.parse(readFileSync(report, 'utf8')) as { filePath: string; messages: unknown[] }[];
  const withFindings = results.find((r) => r.messages.length > 0);
  return { ms, files: results.length, peakRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, firstFindingFile: withFindings?.filePath ?? null };
}

/**
 * The whole-project text indexes (every `.send(`/`.emit(` and every import specifier of the project)
 * built from cold by fresh models, as a NestJS file or a registry lookup first needs them.
 */
function producerIndexMs(root: string, repoDir: string): number {
  const load = createRequire(path.join(root, 'rules/dist/index.js'));
  const { ProjectModel } = load('./project/model.js') as { ProjectModel: new (root: string) => object };
  const { producersOf } = load('./project/producers.js') as { producersOf: (model: object, pattern: string) => ReadonlySet<string> };
  const { importersOf } = load('./project/importers.js') as { importersOf: (model: object, target: string) => unknown[] };
  const { forgetTextIndexes } = load('./project/text-index.js') as { forgetTextIndexes: (root: string) => void };
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const model = new ProjectModel(repoDir);
    forgetTextIndexes(repoDir);
    const started = now();
    producersOf(model, "'bench.pattern'");
    importersOf(model, path.join(repoDir, 'package.json'));
    times.push(now() - started);
  }
  return median(times);
}

/** A handler file linted alone in a fresh process: the model's first-use cost is the difference. */
function coldFile(cli: string, cwd: string, file: string, offConfig: string): { file: string; msOn: number; msOff: number } {
  const time = (extra: string[]): number => {
    const started = now();
    spawnSync(process.execPath, [cli, '--format', 'json', ...extra, file], { cwd, stdio: 'ignore' });
    return now() - started;
  };
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < 3; i++) {
    on.push(time([]));
    off.push(time(['--config', offConfig]));
  }
  return { file: path.relative(cwd, file), msOn: Math.round(median(on)), msOff: Math.round(median(off)) };
}

function countSources(dir: string): number {
  let count = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(path.join(d, entry.name));
      } else if (SOURCE.test(entry.name)) count++;
    }
  };
  walk(dir);
  return count;
}

export function projectTable(result: ProjectResult): string {
  const rows = result.repos.map(
    (r) =>
      `| ${r.repo} | ${r.files} | ${r.msPerFileOn} | ${r.msPerFileOff} | ${r.ratio}x | ${r.peakRssMbOn} | ${r.peakRssMbOff} | ${r.producerIndexMs} | ${r.coldFile ? `${r.coldFile.msOn} / ${r.coldFile.msOff}` : '–'} |`,
  );
  return [
    '| repository | files | ms/file (model) | ms/file (no model) | ratio | peak RSS MB (model) | peak RSS MB (no model) | text indexes ms (cold) | one handler file, fresh process ms (model / none) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
