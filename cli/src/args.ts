/** Command-line arguments: `--name value`, `--name=value`, `-x value`, and `--` before paths. */
import { UsageError } from './errors';

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface CliArgs {
  paths: string[];
  format: FormatName;
  outputFile?: string;
  configFile?: string;
  fix: boolean;
  quiet: boolean;
  maxWarnings?: number;
  /** gitignore-syntax patterns, relative to the working directory (`--ignore-pattern`, repeatable). */
  ignorePatterns: string[];
  /** Skip generated, minified, package-manager and build-output files (on unless `--no-default-ignores`). */
  defaultIgnores: boolean;
  /** Print the consumer inventory (every handler found) instead of the findings. */
  listConsumers: boolean;
  help: boolean;
  version: boolean;
}

type ValueOption = 'format' | 'outputFile' | 'configFile' | 'maxWarnings' | 'ignorePattern';
type FlagOption = 'fix' | 'quiet' | 'help' | 'version' | 'noDefaultIgnores' | 'listConsumers';

const VALUE_OPTIONS: Record<string, ValueOption> = {
  '--format': 'format',
  '-f': 'format',
  '--output-file': 'outputFile',
  '-o': 'outputFile',
  '--config': 'configFile',
  '-c': 'configFile',
  '--max-warnings': 'maxWarnings',
  '--ignore-pattern': 'ignorePattern',
};

const FLAG_OPTIONS: Record<string, FlagOption> = {
  '--fix': 'fix',
  '--quiet': 'quiet',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-v': 'version',
  '--no-default-ignores': 'noDefaultIgnores',
  '--list-consumers': 'listConsumers',
};

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { paths: [], format: 'stylish', fix: false, quiet: false, ignorePatterns: [], defaultIgnores: true, listConsumers: false, help: false, version: false };
  const values: Partial<Record<ValueOption, string>> = {};
  const flags = new Set<FlagOption>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (arg === '-') throw new UsageError("reading from stdin ('-') is not supported; pass file or directory paths");
      args.paths.push(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals >= 0 ? arg.slice(0, equals) : arg;
    const flag = FLAG_OPTIONS[name];
    if (flag) {
      if (equals >= 0) throw new UsageError(`option ${name} does not take a value`);
      flags.add(flag);
      continue;
    }
    const valueOption = VALUE_OPTIONS[name];
    if (!valueOption) throw new UsageError(`unknown option '${name}' (see --help)`);
    let value: string | undefined;
    if (equals >= 0) value = arg.slice(equals + 1);
    else value = argv[++i];
    if (value === undefined || value === '') throw new UsageError(`option ${name} needs a value`);
    if (valueOption === 'ignorePattern') args.ignorePatterns.push(value);
    else values[valueOption] = value;
  }
  args.fix = flags.has('fix');
  args.quiet = flags.has('quiet');
  args.help = flags.has('help');
  args.version = flags.has('version');
  args.defaultIgnores = !flags.has('noDefaultIgnores');
  args.listConsumers = flags.has('listConsumers');
  if (args.listConsumers && (args.fix || (values.format !== undefined && values.format !== 'json' && values.format !== 'stylish'))) {
    throw new UsageError('--list-consumers prints text or --format json, and does not take --fix');
  }
  if (values.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(values.format)) {
      throw new UsageError(`unknown format '${values.format}' (expected ${FORMATS.join(', ')})`);
    }
    args.format = values.format as FormatName;
  }
  if (values.maxWarnings !== undefined) {
    if (!/^\d+$/.test(values.maxWarnings)) {
      throw new UsageError(`--max-warnings needs a non-negative integer, got '${values.maxWarnings}'`);
    }
    args.maxWarnings = Number(values.maxWarnings);
  }
  if (values.outputFile !== undefined) args.outputFile = values.outputFile;
  if (values.configFile !== undefined) args.configFile = values.configFile;
  return args;
}
