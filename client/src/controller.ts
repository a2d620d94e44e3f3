import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/protocol';

/** Crashes of a running server that are restarted automatically, per RESTART_WINDOW_MS. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Owns the language client: starts, restarts and stops it, one operation at a time.
 *
 * - A server that exits while starting is not restarted in a loop (vscode-languageclient's default
 *   would try five times, with three error notifications each): the status item says "failed to
 *   start" and "Idempotency: Restart Server" tries again. A running server that crashes is restarted
 *   up to MAX_RESTARTS times in RESTART_WINDOW_MS.
 * - A vscode-languageclient whose start failed cannot always be started again, so a restart then
 *   replaces it with a new client (same options and output channel); `attach` wires each client up.
 */
export class ServerController implements vscode.Disposable {
  private client: LanguageClient;
  private attached: vscode.Disposable[];
  /** The operation in progress; the next one waits for it. */
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly serverOptions: ServerOptions,
    private readonly clientOptions: LanguageClientOptions,
    private readonly attach: (client: LanguageClient) => vscode.Disposable[],
    private readonly output: vscode.LogOutputChannel,
  ) {
    [this.client, this.attached] = this.create();
  }

  /** The current client (replaced after a failed start). */
  get current(): LanguageClient {
    return this.client;
  }

  private create(): [LanguageClient, vscode.Disposable[]] {
    const restarts: number[] = [];
    let client: LanguageClient | undefined;
    const errorHandler: ErrorHandler = {
      error: (_error, _message, count): ErrorHandlerResult => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: (): CloseHandlerResult => {
        if (client?.state === State.Starting) {
          return { action: CloseAction.DoNotRestart, message: 'The Idempotency language server stopped while starting; see the output above. "Idempotency: Restart Server" tries again.', handled: true };
        }
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length <= MAX_RESTARTS) return { action: CloseAction.Restart, message: 'The Idempotency language server stopped; restarting it.' };
        return {
          action: CloseAction.DoNotRestart,
          message: `The Idempotency language server stopped ${restarts.length} times in the last 3 minutes and will not be restarted; see the output. "Idempotency: Restart Server" starts it again.`,
        };
      },
    };
    // The id is the settings section, so the library reads `idempotency.trace.server`.
    client = new LanguageClient(SETTINGS_SECTION, 'Idempotency', this.serverOptions, {
      ...this.clientOptions,
      errorHandler,
      // No retry prompt and no duplicate notification: start() reports the failure once.
      initializationFailedHandler: () => false,
    });
    return [client, this.attach(client)];
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.disposed) return;
      if (this.client.state === State.StartFailed) this.replace();
      await this.client.start();
    });
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      if (this.disposed) return;
      const client = this.client;
      if (client.state === State.Starting) {
        // Let the start in progress finish (or fail) first: a starting client cannot be stopped.
        await client.start().catch(() => undefined);
      }
      if (client.state === State.Running) {
        await client.restart();
      } else {
        if (client.state === State.StartFailed) this.replace();
        await this.client.start();
      }
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      if (this.client.state === State.Running) await this.client.stop();
    });
  }

  /** Drops a client whose start failed (it has no connection to stop) for a fresh one. */
  private replace(): void {
    const old = this.client;
    for (const disposable of this.attached) disposable.dispose();
    old.diagnostics?.dispose();
    try {
      old.serverProcess?.kill();
    } catch {
      // already gone
    }
    this.output.info('Starting a new language client: the previous one failed to start.');
    [this.client, this.attached] = this.create();
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    this.disposed = true;
    for (const disposable of this.attached) disposable.dispose();
  }
}
