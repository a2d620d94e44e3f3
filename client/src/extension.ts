import * as vscode from 'vscode';
import {
  TransportKind,
  WorkDoneProgress,
  type LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import {
  LINT_WORKSPACE_REQUEST,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  WATCHED_CONFIG_GLOB,
  WATCHED_PROJECT_GLOBS,
  type InitializationOptions,
  type LintWorkspaceResult,
  type StatusParams,
} from '../../server/src/protocol';
import { ServerController } from './controller';
import { requireRunning } from './require-running';
import { showConsumers } from './show-consumers';
import { IdempotencyStatus, LANGUAGES, SHOW_OUTPUT_COMMAND, problemsText } from './status';

/**
 * The client's own commands (contributes.commands). The server's commands
 * (idempotency.showDocumentation, idempotency.lintWorkspace.server) are registered by
 * vscode-languageclient from the server's executeCommandProvider.
 */
export const COMMANDS = {
  restartServer: 'idempotency.restartServer',
  lintWorkspace: 'idempotency.lintWorkspace',
  showConsumers: 'idempotency.showConsumers',
  showOutput: SHOW_OUTPUT_COMMAND,
} as const;

/** Flat configs and the project files the server's model reads, sent as workspace/didChangeWatchedFiles. */
export const WATCHED_GLOBS = [WATCHED_CONFIG_GLOB, ...WATCHED_PROJECT_GLOBS];

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Idempotency', { log: true });
  const status = new IdempotencyStatus();
  const watchers = WATCHED_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(output, status, ...watchers);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: watchers,
    },
    // A function, so a restart after the workspace is trusted sends the new value.
    // The server then registers no watchers of its own for the same files.
    initializationOptions: (): InitializationOptions => ({ workspaceTrusted: vscode.workspace.isTrusted, watchesProjectFiles: true }),
    // Server logs (window/logMessage, stderr) and traces go to "Idempotency".
    outputChannel: output,
  };

  const servers = new ServerController(
    serverOptions,
    clientOptions,
    (client) => [
      client.onDidChangeState(({ newState }) => status.setClientState(newState)),
      client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => status.setStatus(params)),
    ],
    output,
  );
  controller = servers;
  context.subscriptions.push({ dispose: () => void servers.dispose() });

  const updateEnabled = (): void => {
    const scope = vscode.window.activeTextEditor?.document;
    status.setEnabled(vscode.workspace.getConfiguration(SETTINGS_SECTION, scope).get<boolean>('enable', true));
  };
  updateEnabled();

  const restart = async (): Promise<void> => {
    try {
      await servers.restart();
    } catch (error) {
      output.error(`Restarting the language server failed: ${messageOf(error)}`);
      void vscode.window.showErrorMessage(`Idempotency: the language server failed to restart: ${messageOf(error)}`);
    }
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.enable`)) updateEnabled();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateEnabled),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: restarting the server so it may use the workspace ESLint configuration.');
      void restart();
    }),
    // Literal ids: test/extension checks them against contributes.commands.
    vscode.commands.registerCommand('idempotency.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('idempotency.restartServer', restart),
    vscode.commands.registerCommand('idempotency.lintWorkspace', () => lintWorkspace(servers.current)),
    vscode.commands.registerCommand('idempotency.showConsumers', () => showConsumers(servers.current)),
  );

  try {
    await servers.start();
  } catch (error) {
    // vscode-languageclient already reported it; the status item shows "failed to start" and
    // "Idempotency: Restart Server" tries again.
    output.error(`The language server failed to start: ${messageOf(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.dispose();
}

async function lintWorkspace(client: LanguageClient): Promise<LintWorkspaceResult | undefined> {
  if (!requireRunning(client)) return undefined;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Idempotency: linting the workspace', cancellable: false },
      async (progress) => {
        // A server that reports on the request's workDoneToken (LSP WorkDoneProgressParams) shows
        // its progress in this notification; one that creates its own progress shows it in the
        // status bar (vscode-languageclient does that).
        const workDoneToken = `idempotency-lint-workspace-${Date.now()}-${Math.random().toString(36).slice(2)}`;
        let reported = 0;
        const forward = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const { message, percentage } = value as WorkDoneProgressBegin | WorkDoneProgressReport;
          let increment: number | undefined;
          if (typeof percentage === 'number' && percentage > reported) {
            increment = percentage - reported;
            reported = percentage;
          }
          progress.report({ message, increment });
        });
        try {
          return await client.sendRequest<LintWorkspaceResult | null>(LINT_WORKSPACE_REQUEST, { workDoneToken });
        } finally {
          forward.dispose();
        }
      },
    );
    if (result === null || typeof result !== 'object') {
      // The server answers null when the request failed on its side; it logged why.
      const choice = await vscode.window.showWarningMessage('Idempotency: the workspace could not be linted; see the output.', 'Show Output');
      if (choice !== undefined) await vscode.commands.executeCommand(COMMANDS.showOutput);
      return undefined;
    }
    void vscode.window.showInformationMessage(summary(result));
    return result;
  } catch (error) {
    void vscode.window.showErrorMessage(`Idempotency: linting the workspace failed: ${messageOf(error)}`);
    return undefined;
  }
}

/** "Idempotency: linted 12 files: 3 problems, 0 skipped." */
export function summary(result: LintWorkspaceResult): string {
  const files = `${result.files} ${result.files === 1 ? 'file' : 'files'}`;
  return `Idempotency: linted ${files}: ${problemsText(result.problems)}, ${result.skipped} skipped.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
