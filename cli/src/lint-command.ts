/**
 * The lint run itself: load the config, find the files, lint them, print, pick the exit code.
 * Kept apart from main.ts so that --help, --version and usage errors do not load ESLint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedConfig } from '../../engine/src/config';
import { LintEngine, ruleSeverities, type ConsumerEntry, type UnresolvedEntry } from '../../engine/src/lint-file';
import type { CliArgs } from './args';
import { loadConfigFile } from './config-file';
import { discoverFiles, PathError, skippedSummary } from '../../engine/src/discover';
import { UsageError } from './errors';
import { FORMATTERS, formatNotices, type FormatContext } from './formatters/index';
import type { CliIo } from './io';
import { onlyErrors, reportFor, sumTotals, type FileReport, type Totals } from './report';

export function lintCommand(args: CliArgs, io: CliIo): number {
  const options = args.configFile ? loadConfigFile(path.resolve(io.cwd, args.configFile), args.configFile) : {};
  const config = embeddedConfig(options);
  const engine = new LintEngine(config);
  const discovery = discoverOrExplain(args, io.cwd);
  const summary = skippedSummary(discovery, args.defaultIgnores);
  if (summary) io.stderr(`idempotency-lint: ${summary}\n`);
  if (discovery.files.length === 0 && discovery.unreadable.length === 0 && discovery.ignoredExplicit.length === 0) {
    io.stderr(`idempotency-lint: no JavaScript or TypeScript files found in ${args.paths.length > 0 ? args.paths.join(', ') : 'the current directory'}\n`);
  }

  if (args.listConsumers) return listConsumers(engine, discovery.files, args, io);
  const reports: FileReport[] = discovery.files.map((file) => lintOne(engine, file, args.fix));
  for (const file of discovery.ignoredExplicit) {
    reports.push({
      filePath: file,
      messages: [],
      notices: [{ kind: 'ignored-file', severity: 1, ruleId: null, message: 'File ignored because of a matching ignore pattern (.gitignore or --ignore-pattern).' }],
    });
  }
  for (const directory of discovery.unreadable) {
    reports.push({
      filePath: directory.path,
      messages: [],
      notices: [{ kind: 'unreadable-directory', severity: 1, ruleId: null, message: `Could not list directory: ${directory.reason}` }],
    });
  }

  const totals = sumTotals(reports);
  const shown = args.quiet ? reports.map(onlyErrors) : reports;
  const context: FormatContext = {
    cwd: io.cwd,
    color: !args.outputFile && io.stdoutIsTTY && !io.env.NO_COLOR,
    severities: ruleSeverities(config),
  };
  const output = FORMATTERS[args.format](shown, context);
  if (args.format === 'stylish') io.stderr(formatNotices(shown, context));
  if (args.outputFile) writeOutput(path.resolve(io.cwd, args.outputFile), output);
  else io.stdout(output);
  return exitCode(totals, args, io);
}

/**
 * `--list-consumers`: every handler the rules found, how it was found and its message key, so that a
 * silent report can be trusted (or the settings that would show the missing handlers be found).
 */
function listConsumers(engine: LintEngine, files: readonly string[], args: CliArgs, io: CliIo): number {
  const consumers: (ConsumerEntry & { file: string })[] = [];
  const unresolved: (UnresolvedEntry & { file: string })[] = [];
  for (const file of files) {
    const outcome = engine.lintFile(file, { consumers: true });
    const relative = path.relative(io.cwd, file).split(path.sep).join('/');
    for (const consumer of outcome.consumers ?? []) consumers.push({ file: relative, ...consumer });
    for (const entry of outcome.unresolved ?? []) unresolved.push({ file: relative, ...entry });
  }
  const output = args.format === 'json' ? `${JSON.stringify({ consumers, unresolved }, null, 2)}\n` : consumersText(consumers) + unresolvedText(unresolved);
  if (args.outputFile) writeOutput(path.resolve(io.cwd, args.outputFile), output);
  else io.stdout(output);
  return 0;
}

function consumersText(consumers: readonly (ConsumerEntry & { file: string })[]): string {
  if (consumers.length === 0) return 'No message handlers found. See settings.idempotency.consumers for in-house buses.\n';
  const lines = consumers.map((c) => {
    const delivery = c.delivery === 'at-least-once' ? '' : `  [${c.delivery}${c.reason ? `: ${c.reason}` : ''}]`;
    return `${c.file}:${c.line}:${c.column}  ${c.handler} (${c.library})  key ${c.key ?? '–'}  ${c.via}${delivery}`;
  });
  const analysed = consumers.filter((c) => c.delivery === 'at-least-once').length;
  return `${lines.join('\n')}\n\n${consumers.length} handler${consumers.length === 1 ? '' : 's'}, ${analysed} at-least-once (analysed)\n`;
}

function unresolvedText(unresolved: readonly (UnresolvedEntry & { file: string })[]): string {
  if (unresolved.length === 0) return '';
  const lines = unresolved.map((u) => `${u.file}:${u.line}:${u.column}  ${u.reason}${u.setting ? `\n    would be resolved by settings.idempotency.consumers: ${JSON.stringify(u.setting)}` : ''}`);
  return `\nRegistrations whose handler could not be resolved:\n${lines.join('\n')}\n`;
}

function lintOne(engine: LintEngine, file: string, fix: boolean): FileReport {
  const outcome = engine.lintFile(file, { fix });
  const report = reportFor(file, outcome);
  if (outcome.output !== undefined) {
    try {
      writeFileSync(file, outcome.output);
    } catch (error) {
      report.notices.push({ kind: 'write-error', severity: 2, ruleId: null, message: `Could not write the fixed file: ${(error as Error).message}` });
    }
  }
  return report;
}

function writeOutput(file: string, output: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, output);
  } catch (error) {
    throw new UsageError(`cannot write --output-file ${file}: ${(error as Error).message}`);
  }
}

function exitCode(totals: Totals, args: CliArgs, io: CliIo): number {
  if (totals.errorCount > 0) return 1;
  if (args.maxWarnings !== undefined && totals.warningCount > args.maxWarnings) {
    io.stderr(`idempotency-lint: too many warnings (${totals.warningCount}, maximum ${args.maxWarnings})\n`);
    return 1;
  }
  return 0;
}

function discoverOrExplain(args: CliArgs, cwd: string = process.cwd()): ReturnType<typeof discoverFiles> {
  try {
    return discoverFiles(args.paths, cwd, { ignorePatterns: args.ignorePatterns, defaultIgnores: args.defaultIgnores });
  } catch (error) {
    if (error instanceof PathError) throw new UsageError(error.message);
    throw error;
  }
}
