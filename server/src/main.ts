/**
 * `idempotency-language-server --stdio` (or `--node-ipc`, `--socket=<port>`, `--pipe=<name>`): the
 * language server for any LSP editor. Bad input never takes it down; `shutdown`/`exit` end it.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import plugin from 'eslint-plugin-idempotency';
import { IdempotencyServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];

const USAGE = `Usage: idempotency-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>

The idempotency-lint language server: diagnostics and quick fixes for non-idempotent message
consumers in JavaScript and TypeScript, and a CodeLens above each message handler, for any
editor that speaks the Language Server Protocol.
Settings are read from the "idempotency" configuration section (see the README).`;

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    process.stdout.write(`idempotency-language-server ${plugin.meta.version}\n`);
    return;
  }
  if (!argv.some((arg) => TRANSPORTS.some((t) => arg === t || arg.startsWith(`${t}=`)))) {
    process.stderr.write(`idempotency-language-server: choose a transport.\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // A bug must cost one request, never the editor's server.
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason instanceof Error ? reason.stack : reason)}`));
  new IdempotencyServer(connection).listen();
}

main(process.argv.slice(2));
