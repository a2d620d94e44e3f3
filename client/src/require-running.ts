import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const RESTART_SERVER_COMMAND = 'idempotency.restartServer';

/**
 * Whether the server can answer; if not, says so and offers to restart it. Synchronous, so a
 * command shows its own UI in the same turn as it is run.
 */
export function requireRunning(client: LanguageClient): boolean {
  if (client.isRunning()) return true;
  void offerRestart();
  return false;
}

async function offerRestart(): Promise<void> {
  const choice = await vscode.window.showWarningMessage('Idempotency: the language server is not running.', 'Restart Server');
  if (choice !== undefined) await vscode.commands.executeCommand(RESTART_SERVER_COMMAND);
}
