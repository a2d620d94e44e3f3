/**
 * A small LSP client for the protocol tests: spawns the built language server
 * (`node dist/server.js --stdio`), talks to it through vscode-languageserver-protocol, answers the
 * requests the server sends (configuration, registration, progress, showDocument, showMessage) and
 * records everything it is told, so tests can wait for it and inspect it.
 *
 * Nothing here measures time: waits have generous timeouts and only fail a test when the awaited
 * message never comes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll } from 'vitest';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type InitializeResult,
  type LogMessageParams,
  type ProgressToken,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowDocumentParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER_BUNDLE = path.join(ROOT, 'dist/server.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/server');
/** Generous: a wait only fails when the message never comes. */
export const WAIT_MS = 30_000;

/** The "idempotency" settings section as a client sends it (deliberately loose: tests send invalid values). */
export type Settings = Record<string, unknown>;

/** The server's `idempotency/status` notification (see server/src/protocol.ts). */
export interface StatusParams {
  state: 'ok' | 'warning' | 'error';
  problems: number;
  message: string;
}

/** What a well-behaved editor advertises: everything the server can use. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true }, showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
  textDocument: {
    synchronization: { didSave: true, dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: true },
    codeAction: {
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
    },
  },
};

/**
 * A document the server never lints (plain text) but still answers with an (empty) publish whenever
 * it (re)lints the open documents — which it does after loading settings. Its publish is how the
 * helper knows the settings it sent are in effect, without relying on log wording.
 */
const SETTINGS_PROBE_URI = 'file:///idempotency-protocol-tests/settings-probe.txt';

export interface StartOptions {
  /** Returned for `workspace/configuration` of the "idempotency" section (and changed with `changeSettings`). */
  settings?: Settings;
  initializationOptions?: unknown;
  /** Replaces FULL_CAPABILITIES. */
  capabilities?: ClientCapabilities;
  /** Workspace folders (directories). */
  workspaceFolders?: string[];
  /** Send the first folder as `rootUri` only (workspaceFolders: null), as older clients do. */
  rootUriOnly?: boolean;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /**
   * Wait for the background warm-up's progress to end before returning (default true; only when
   * the server reports one: workspace folders, workDoneProgress, `warmup` not false), so tests that
   * count progress or publishes see none of it.
   */
  awaitWarmup?: boolean;
}

/** The title of the server's warm-up progress (server/src/model-warmup.ts). */
export const WARMUP_TITLE = 'Idempotency: reading the project';

/** One message from the server, in arrival order. */
export type ServerEvent =
  | { seq: number; kind: 'diagnostics'; params: PublishDiagnosticsParams }
  | { seq: number; kind: 'log'; params: LogMessageParams }
  | { seq: number; kind: 'message'; via: 'window/showMessage' | 'window/showMessageRequest'; type: number; message: string }
  | { seq: number; kind: 'status'; params: StatusParams }
  | { seq: number; kind: 'progress'; token: ProgressToken; value: { kind: string; title?: string; message?: string; percentage?: number } }
  | { seq: number; kind: 'progressCreate'; token: ProgressToken }
  | { seq: number; kind: 'showDocument'; params: ShowDocumentParams }
  | { seq: number; kind: 'configuration'; items: unknown[] }
  | { seq: number; kind: 'register'; methods: string[] }
  | { seq: number; kind: 'otherRequest'; method: string; params: unknown };

type EventKind = ServerEvent['kind'];
/** A ServerEvent before it is numbered (Omit over each member of the union). */
type UnnumberedEvent = ServerEvent extends infer E ? (E extends ServerEvent ? Omit<E, 'seq'> : never) : never;
type EventOf<K extends EventKind> = Extract<ServerEvent, { kind: K }>;

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

export function languageIdOf(uri: string): string {
  const ext = path.extname(uri).toLowerCase();
  if (ext === '.tsx') return 'typescriptreact';
  if (ext === '.jsx') return 'javascriptreact';
  if (['.js', '.mjs', '.cjs'].includes(ext)) return 'javascript';
  return 'typescript';
}

/** Fails the test file early, with the fix, when the bundle has not been built. */
export function requireBuiltServer(): void {
  beforeAll(() => {
    if (!existsSync(SERVER_BUNDLE)) {
      throw new Error(`${SERVER_BUNDLE} is missing: the server tests run the built language server. Run \`npm run build\` first.`);
    }
  });
}

export class LspClient {
  /** Everything the server sent, in order. */
  readonly events: ServerEvent[] = [];
  readonly stderr: string[] = [];
  /** Publishes whose version went backwards for a document (must stay empty). */
  readonly versionRegressions: string[] = [];
  initializeResult!: InitializeResult;
  settings: Settings;

  private seq = 0;
  private readonly listeners = new Set<() => void>();
  private readonly highestPublished = new Map<string, number>();
  /** Open documents: the version and text last sent, and the mark before it was sent. */
  private readonly openDocuments = new Map<string, { version: number; text: string; mark: number }>();
  private shuttingDown = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    settings: Settings,
  ) {
    this.settings = settings;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        this.wake();
        resolve({ code, signal });
      });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
  }

  /** Spawns the server, initializes it and waits until it has loaded the settings. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options.settings ?? {});
    client.wire();
    connection.listen();

    const capabilities = options.capabilities ?? FULL_CAPABILITIES;
    const folders = options.workspaceFolders ?? [];
    client.initializeResult = await client.race(
      connection.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'idempotency-protocol-tests' },
        rootUri: folders[0] ? fileUri(folders[0]) : null,
        workspaceFolders: folders.length > 0 && !options.rootUriOnly ? folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })) : null,
        capabilities,
        initializationOptions: options.initializationOptions,
      }) as Promise<InitializeResult>,
      'initialize',
    );
    await connection.sendNotification('initialized', {});
    // Lints wait for the settings: once the probe is published, they are loaded.
    await client.withSettingsProbe(null, 'the server to load its settings after `initialized`');
    const warms = folders.length > 0 && capabilities.window?.workDoneProgress === true && client.settings.warmup !== false && client.settings.enable !== false;
    if (warms && options.awaitWarmup !== false) await client.warmupEnd();
    return client;
  }

  /** The warm-up's `begin` progress event (its token identifies the rest). */
  warmupBegin(): Promise<EventOf<'progress'>> {
    return this.waitForEvent('progress', (e) => e.value.kind === 'begin' && e.value.title === WARMUP_TITLE, 0, 'the warm-up to begin');
  }

  /** The warm-up's `end` progress event. */
  async warmupEnd(): Promise<EventOf<'progress'>> {
    const begin = await this.warmupBegin();
    return this.waitForEvent('progress', (e) => e.token === begin.token && e.value.kind === 'end', begin.seq, 'the warm-up to end', WAIT_MS * 4);
  }

  /**
   * Opens the settings probe and waits for its publish; then runs `action` and waits for another
   * publish of the probe (the server re-lints every open document once it has applied new
   * settings); then closes the probe.
   */
  private async withSettingsProbe(action: (() => Promise<unknown>) | null, what: string): Promise<void> {
    const opened = this.mark();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: SETTINGS_PROBE_URI, languageId: 'plaintext', version: 1, text: 'probe\n' } });
    await this.waitForEvent('diagnostics', (e) => e.params.uri === SETTINGS_PROBE_URI, opened, what);
    if (action) {
      const before = this.mark();
      await action();
      await this.waitForEvent('diagnostics', (e) => e.params.uri === SETTINGS_PROBE_URI, before, what);
    }
    const closing = this.mark();
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: SETTINGS_PROBE_URI } });
    await this.waitForEvent('diagnostics', (e) => e.params.uri === SETTINGS_PROBE_URI && e.params.version === undefined, closing, 'the probe to close');
  }

  private wire(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.checkVersionOrder(params);
      this.record({ kind: 'diagnostics', params });
    });
    c.onNotification('window/logMessage', (params: LogMessageParams) => this.record({ kind: 'log', params }));
    c.onNotification('window/showMessage', (params: { type: number; message: string }) =>
      this.record({ kind: 'message', via: 'window/showMessage', type: params.type, message: params.message }),
    );
    c.onNotification('idempotency/status', (params: StatusParams) => this.record({ kind: 'status', params }));
    c.onNotification('$/progress', (params: { token: ProgressToken; value: EventOf<'progress'>['value'] }) =>
      this.record({ kind: 'progress', token: params.token, value: params.value }),
    );
    c.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
      this.record({ kind: 'configuration', items: params.items });
      return params.items.map((item) => (item.section === 'idempotency' ? this.settings : null));
    });
    c.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
      this.record({ kind: 'register', methods: params.registrations.map((r) => r.method) });
      return null;
    });
    c.onRequest('window/workDoneProgress/create', (params: { token: ProgressToken }) => {
      this.record({ kind: 'progressCreate', token: params.token });
      return null;
    });
    c.onRequest('window/showDocument', (params: ShowDocumentParams) => {
      this.record({ kind: 'showDocument', params });
      return { success: true };
    });
    c.onRequest('window/showMessageRequest', (params: { type: number; message: string }) => {
      this.record({ kind: 'message', via: 'window/showMessageRequest', type: params.type, message: params.message });
      return null;
    });
    // Any other request is recorded (tests expect none) and answered. ProtocolConnection's types do
    // not declare the catch-all form, but it forwards it to vscode-jsonrpc, which supports it.
    (c as unknown as { onRequest(handler: (method: string, params: unknown) => unknown): void }).onRequest((method, params) => {
      this.record({ kind: 'otherRequest', method, params });
      return null;
    });
    // The stream closes when the server exits; that is the exit check's business, not an error here.
    c.onError(() => undefined);
    c.onClose(() => this.wake());
  }

  // ------------------------------------------------------------------ events

  /** A position in the event stream: `waitFor…(…, mark)` only considers later events. */
  mark(): number {
    return this.seq;
  }

  private record(event: UnnumberedEvent): void {
    this.events.push({ ...event, seq: ++this.seq } as ServerEvent);
    this.wake();
  }

  /** Re-runs the pending waits' checks. */
  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private checkVersionOrder(params: PublishDiagnosticsParams): void {
    if (params.version === undefined) return;
    const highest = this.highestPublished.get(params.uri);
    if (highest !== undefined && params.version < highest) {
      this.versionRegressions.push(`${params.uri}: version ${params.version} published after version ${highest}`);
    }
    this.highestPublished.set(params.uri, Math.max(highest ?? params.version, params.version));
  }

  eventsOf<K extends EventKind>(kind: K, after = 0): EventOf<K>[] {
    return this.events.filter((e): e is EventOf<K> => e.kind === kind && e.seq > after);
  }

  logs(after = 0): string[] {
    return this.eventsOf('log', after).map((e) => e.params.message);
  }

  /** Messages shown to the user (window/showMessage notifications and window/showMessageRequest requests). */
  shownMessages(after = 0): EventOf<'message'>[] {
    return this.eventsOf('message', after);
  }

  statuses(after = 0): StatusParams[] {
    return this.eventsOf('status', after).map((e) => e.params);
  }

  publishes(uri: string, after = 0): PublishDiagnosticsParams[] {
    return this.eventsOf('diagnostics', after)
      .map((e) => e.params)
      .filter((p) => p.uri === uri);
  }

  /** Resolves with the first value `check` returns (re-checked on every server message); fails after `timeoutMs` or when the server exits. */
  waitFor<T>(check: () => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        this.listeners.delete(listener);
        clearTimeout(timer);
        fn();
      };
      const listener = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          done(() => reject(error));
          return;
        }
        if (value !== undefined) done(() => resolve(value));
        else if (this.exit && !this.shuttingDown) done(() => reject(new Error(`the server exited (${this.describeExit()}) while waiting for ${what}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.stderrTail()}`))), timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }

  waitForEvent<K extends EventKind>(kind: K, match: (e: EventOf<K>) => boolean, after: number, what: string, timeoutMs = WAIT_MS): Promise<EventOf<K>> {
    return this.waitFor(() => this.eventsOf(kind, after).find(match), what, timeoutMs);
  }

  /**
   * The first publish for `uri` after `after` (default: the last change sent for it), with
   * `version` when given (default: the version last sent for it when it is open).
   */
  async waitForDiagnostics(uri: string, options: { version?: number | null; after?: number } = {}): Promise<PublishDiagnosticsParams> {
    const version = options.version === undefined ? this.openDocuments.get(uri)?.version : options.version ?? undefined;
    const after = options.after ?? this.openDocuments.get(uri)?.mark ?? 0;
    const event = await this.waitForEvent(
      'diagnostics',
      (e) => e.params.uri === uri && (version === undefined || e.params.version === version),
      after,
      `diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`,
    );
    return event.params;
  }

  /** The status notification the server sends after the first publish for `uri` after `after`. */
  async waitForStatusAfterPublish(uri: string, after: number): Promise<StatusParams> {
    const publish = await this.waitForEvent('diagnostics', (e) => e.params.uri === uri, after, `a publish for ${uri}`);
    const status = await this.waitForEvent('status', () => true, publish.seq, `the status notification after the publish for ${uri}`);
    return status.params;
  }

  /**
   * Waits until the server has handled everything sent so far and has had time to publish what it
   * scheduled: a request round trip, then `ms` more. Used only to check that something did NOT
   * happen (a slow machine can only make such a check pass vacuously, never fail spuriously).
   */
  async settle(ms = 500): Promise<void> {
    await this.request('textDocument/codeAction', {
      textDocument: { uri: 'file:///idempotency-settle-probe.ts' },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
  }

  // ------------------------------------------------------------------ requests and notifications

  private race<T>(promise: Promise<T>, what: string): Promise<T> {
    return Promise.race([
      promise,
      this.exited.then(() => {
        throw new Error(`the server exited (${this.describeExit()}) before answering ${what}${this.stderrTail()}`);
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} within ${WAIT_MS} ms`)), WAIT_MS).unref()),
    ]);
  }

  request<R = unknown>(method: string, params?: unknown): Promise<R> {
    return this.race(params === undefined ? this.connection.sendRequest(method) : this.connection.sendRequest(method, params), method) as Promise<R>;
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): Promise<void> {
    return params === undefined ? this.connection.sendNotification(method) : this.connection.sendNotification(method, params);
  }

  /** Writes bytes straight to the server's stdin, bypassing JSON-RPC framing (for garbage-input tests). */
  writeRaw(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve, reject) => this.child.stdin.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** Opens a document; returns the mark before the notification (for `waitForDiagnostics(…, { after })`). */
  async open(uri: string, text: string, options: { version?: number; languageId?: string } = {}): Promise<number> {
    const version = options.version ?? 1;
    const mark = this.mark();
    this.openDocuments.set(uri, { version, text, mark });
    this.highestPublished.delete(uri);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: options.languageId ?? languageIdOf(uri), version, text } });
    return mark;
  }

  /** Sends the whole new text, or incremental changes (`text` must then be the resulting text). */
  async change(uri: string, version: number, text: string, changes?: TextDocumentContentChangeEvent[]): Promise<number> {
    const mark = this.mark();
    this.openDocuments.set(uri, { version, text, mark });
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes ?? [{ text }] });
    return mark;
  }

  async save(uri: string): Promise<number> {
    const mark = this.mark();
    await this.notify('textDocument/didSave', { textDocument: { uri } });
    return mark;
  }

  async close(uri: string): Promise<number> {
    this.openDocuments.delete(uri);
    this.highestPublished.delete(uri);
    const mark = this.mark();
    await this.notify('textDocument/didClose', { textDocument: { uri } });
    return mark;
  }

  /** Opens a document and returns its first diagnostics. */
  async openAndWait(uri: string, text: string, options: { version?: number; languageId?: string } = {}): Promise<PublishDiagnosticsParams> {
    const mark = await this.open(uri, text, options);
    return this.waitForDiagnostics(uri, { after: mark });
  }

  /** Sends new text and returns the diagnostics published for that version. */
  async changeAndWait(uri: string, version: number, text: string): Promise<PublishDiagnosticsParams> {
    const mark = await this.change(uri, version, text);
    return this.waitForDiagnostics(uri, { after: mark });
  }

  /**
   * Replaces the settings and sends workspace/didChangeConfiguration (with the settings in it, for
   * servers that do not ask); resolves once the server has applied them. Returns the mark before the
   * notification: the re-published diagnostics of open documents come after it.
   */
  async changeSettings(settings: Settings): Promise<number> {
    this.settings = settings;
    let mark = 0;
    await this.withSettingsProbe(async () => {
      mark = this.mark();
      await this.notify('workspace/didChangeConfiguration', { settings: { idempotency: settings } });
    }, 'the server to apply the new settings');
    return mark;
  }

  codeActions(uri: string, diagnostics: Diagnostic[], options: { range?: Range; only?: string[] } = {}): Promise<(CodeAction | Command)[] | null> {
    const range = options.range ?? diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.request('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(options.only ? { only: options.only } : {}) },
    });
  }

  executeCommand(command: string, args: unknown[] = []): Promise<unknown> {
    return this.request('workspace/executeCommand', { command, arguments: args });
  }

  // ------------------------------------------------------------------ the end

  /** Whether the server process has exited (it must not before `shutdown`). */
  get exitedEarly(): string | null {
    return this.exit && !this.shuttingDown ? this.describeExit() : null;
  }

  /** shutdown + exit; resolves with the exit code. Throws when the server had already exited on its own. */
  async shutdown(): Promise<number | null> {
    if (this.exit) throw new Error(`the server exited on its own (${this.describeExit()})${this.stderrTail()}`);
    await this.request('shutdown');
    this.shuttingDown = true;
    await this.notify('exit');
    const result = await Promise.race([
      this.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the server did not exit within ${WAIT_MS} ms of \`exit\``)), WAIT_MS).unref()),
    ]);
    this.connection.dispose();
    return result.code;
  }

  /** For afterAll: ends a server a failed test left running (no-op once it has exited). */
  kill(): void {
    if (!this.exit) {
      this.shuttingDown = true;
      this.child.kill();
    }
    this.connection.dispose();
  }

  private describeExit(): string {
    return this.exit ? `code ${this.exit.code}, signal ${this.exit.signal}` : 'running';
  }

  private stderrTail(): string {
    const text = this.stderr.join('').trim();
    return text ? `\nserver stderr:\n${text.slice(-2000)}` : '';
  }
}
