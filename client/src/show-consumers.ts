/**
 * "Idempotency: Show Consumers": the consumer inventory of the workspace (the server's
 * `idempotency/consumers`) in a quick pick, one row per message handler; choosing one opens it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { deliveryText, effectsText, keyText } from '../../server/src/consumer-text';
import { CONSUMERS_REQUEST, type ConsumersResult, type WorkspaceConsumer } from '../../server/src/protocol';
import { requireRunning } from './require-running';

interface ConsumerItem extends vscode.QuickPickItem {
  consumer: WorkspaceConsumer;
}

/** Shows the list at once (busy) and fills it when the server answers; hiding it cancels the request. */
export async function showConsumers(client: LanguageClient): Promise<void> {
  if (!requireRunning(client)) return;
  const pick = vscode.window.createQuickPick<ConsumerItem>();
  pick.title = 'Idempotency: Message Handlers';
  pick.placeholder = 'Finding the message handlers of the workspace…';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  const cancel = new vscode.CancellationTokenSource();
  // Cancelled when the list closes: the answer is no longer wanted.
  const closed = cancel.token;
  pick.onDidHide(() => {
    cancel.cancel();
    cancel.dispose();
    pick.dispose();
  });
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0];
    if (!chosen) return;
    pick.hide();
    openConsumer(chosen.consumer).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Idempotency: could not open ${chosen.label}: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  pick.show();
  let result: ConsumersResult | null;
  try {
    result = await client.sendRequest<ConsumersResult | null>(CONSUMERS_REQUEST, {}, closed);
  } catch (error) {
    if (closed.isCancellationRequested) return;
    pick.hide();
    void vscode.window.showErrorMessage(`Idempotency: finding the message handlers failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (closed.isCancellationRequested) return;
  if (result === null || typeof result !== 'object') {
    // The server answers null when the request failed on its side; it logged why.
    pick.hide();
    void vscode.window.showWarningMessage('Idempotency: the message handlers could not be listed; see the output.');
    return;
  }
  pick.items = result.consumers.map(consumerItem);
  pick.placeholder = placeholder(result);
  pick.busy = false;
}

/** `src/worker.ts:12  BullMQ processor · key job.id`, and below it the unguarded effects and how it was found. */
function consumerItem(consumer: WorkspaceConsumer): ConsumerItem {
  const analysed = consumer.delivery === 'at-least-once';
  return {
    label: `${vscode.workspace.asRelativePath(vscode.Uri.parse(consumer.uri))}:${consumer.line}`,
    description: `${consumer.handler} · ${analysed ? keyText(consumer.key) : deliveryText(consumer.delivery)}`,
    detail: analysed ? `${effectsText(consumer.unguardedEffects)} · ${consumer.via}` : `${consumer.reason ? `${consumer.reason} · ` : ''}${consumer.via}`,
    consumer,
  };
}

function placeholder(result: ConsumersResult): string {
  const handlers = `${result.consumers.length} message handler${result.consumers.length === 1 ? '' : 's'}`;
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
  return result.consumers.length === 0 ? `No message handler found in ${files}` : `${handlers} in ${files}: type to filter, Enter to open`;
}

async function openConsumer(consumer: WorkspaceConsumer): Promise<void> {
  const position = new vscode.Position(Math.max(0, consumer.line - 1), Math.max(0, consumer.column - 1));
  const range = new vscode.Range(position, position);
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(consumer.uri), { selection: range, preview: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
