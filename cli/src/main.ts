/**
 * `idempotency-lint [paths…]`: the zero-config command line. Lints with the embedded config (the
 * recommended rules), prints stylish, JSON or SARIF, and exits 0 (clean), 1 (errors, or more
 * warnings than --max-warnings) or 2 (usage, configuration or I/O error).
 */
import { version } from '../../package.json';
import { parseArgs } from './args';
import { UsageError } from './errors';
import { processIo, type CliIo } from './io';
import { USAGE } from './usage';

export type { CliIo } from './io';

/** Runs the command line and returns the exit code; never throws. */
export function run(argv: readonly string[], io: CliIo = processIo()): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (args.version) {
      io.stdout(versionText());
      return 0;
    }
    // Loaded only now: ESLint, the parser and TypeScript take a while to load.
    const { lintCommand } = require('./lint-command') as typeof import('./lint-command');
    return lintCommand(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`idempotency-lint: ${error.message}\n`);
    } else {
      io.stderr(`idempotency-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    return 2;
  }
}

function versionText(): string {
  const pluginVersion = (require('eslint-plugin-idempotency/package.json') as { version: string }).version;
  const eslintVersion = (require('eslint/package.json') as { version: string }).version;
  return `idempotency-lint ${version} (eslint-plugin-idempotency ${pluginVersion}, ESLint ${eslintVersion})\n`;
}
