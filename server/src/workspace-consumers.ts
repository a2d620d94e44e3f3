/**
 * The consumer inventory of the workspace (`idempotency/consumers`): every handler the rules find in
 * the given files, in one list sorted by file and line, for "Idempotency: Show Consumers".
 */
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { DocumentConsumer } from './consumer-text';
import type { ConsumersResult, WorkspaceConsumer } from './protocol';

/** A file to take the inventory of: an open document (its buffer) or a file on disk. */
export interface InventorySource {
  uri: string;
  consumers(): readonly DocumentConsumer[] | Promise<readonly DocumentConsumer[]>;
}

/** Files between two yields to the event loop, so the server keeps answering the editor meanwhile. */
const FILES_PER_TURN = 10;

/** Stops early, with what it has, when the request is cancelled. */
export async function collectConsumers(sources: readonly InventorySource[], token: CancellationToken, progress: WorkDoneProgressReporter | null): Promise<ConsumersResult> {
  progress?.begin('Idempotency: finding message handlers', 0, `${sources.length} files`, false);
  const consumers: WorkspaceConsumer[] = [];
  let files = 0;
  for (const source of sources) {
    if (token.isCancellationRequested) break;
    for (const entry of await source.consumers()) consumers.push(workspaceConsumer(source.uri, entry));
    files++;
    if (files % FILES_PER_TURN === 0) {
      progress?.report(Math.round((files / sources.length) * 100), `${files} / ${sources.length}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  progress?.done();
  consumers.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line || a.column - b.column));
  return { consumers, files };
}

/** Only the protocol's fields: the inventory entry may grow without changing the protocol. */
function workspaceConsumer(uri: string, entry: DocumentConsumer): WorkspaceConsumer {
  const consumer: WorkspaceConsumer = {
    uri,
    line: entry.line,
    column: entry.column,
    library: entry.library,
    handler: entry.handler,
    delivery: entry.delivery,
    via: entry.via,
    key: entry.key,
    unguardedEffects: entry.unguardedEffects,
  };
  if (entry.reason) consumer.reason = entry.reason;
  return consumer;
}
