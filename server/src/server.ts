/**
 * The language server: runs the plugin through ESLint's Linter (the same engine as the CLI) on open
 * JS/TS documents and publishes its messages as diagnostics, with quick fixes from its fixes and
 * suggestions. Nothing here knows a rule: the editor shows what CI shows.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import {
  CancellationTokenSource,
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type ProgressToken,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { discoverFiles } from '../../engine/src/discover';
import { engineFor, forgetFile, type ConsumerEntry, type LintOutcome } from '../../engine/src/lint-file';
import type { EmbeddedConfigOptions } from '../../engine/src/config';
import { invalidateFiles, isLayoutFile, setTextOverlay, type FileChange } from '../../rules/src/project/model';
import { recordReads } from '../../rules/src/project/reads';
import { Dependents } from './dependents';
import { describeWarmup, warmUp } from './model-warmup';
import { OpenBuffers } from './open-buffers';
import { classify, watchers } from './watched-files';
import { fixAll, quickFixes, wanted } from './code-actions';
import { consumerLenses } from './consumer-lenses';
import { diagnosticKey, hasBom, toDiagnostic } from './diagnostics';
import {
  COMMANDS,
  CONSUMERS_REQUEST,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  LINT_WORKSPACE_REQUEST,
  SETTINGS_SECTION,
  STATUS_NOTIFICATION,
  type ConsumersResult,
  type InitializationOptions,
  type LintWorkspaceResult,
  type StatusParams,
} from './protocol';
import { PendingLints } from './pending-lints';
import { DEFAULT_SERVER_SETTINGS, embeddedOptions, parseClientSettings, type ServerSettings } from './settings';
import { WorkspaceConfigs } from './workspace-config';
import { collectConsumers, type InventorySource } from './workspace-consumers';

const LANGUAGES = new Set(['javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
const EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts']);
const UNTITLED_EXTENSION: Record<string, string> = { javascript: '.js', javascriptreact: '.jsx', typescript: '.ts', typescriptreact: '.tsx' };
/**
 * A change is linted after this quiet time: changes queued while a lint ran (typing into a large
 * file, multi-cursor edits) arrive within it and are linted once, as their latest version.
 */
const DEBOUNCE_MS = 4;
/** Continuous changes still get diagnostics this often. */
const MAX_WAIT_MS = 250;
/**
 * Documents that depend on a changed file are linted again after this quiet time: typing in one
 * file re-lints the files that look into it once per pause, not once per keystroke.
 */
const DEPENDENTS_DEBOUNCE_MS = 150;
/** The warm-up resumes only after the editor has been this quiet (no lint scheduled or run). */
const WARMUP_QUIET_MS = 300;

interface LintResult {
  version: number;
  /** Messages by diagnostic key, for code actions. */
  messages: Map<string, Linter.LintMessage>;
  file: string;
  /** The configuration the version was linted with. */
  options: EmbeddedConfigOptions;
  /** Whether `messages` carry their suggestions (they are built when quick fixes are asked for). */
  withSuggestions: boolean;
  /** The handlers the rules found (CodeLenses), or null when not asked for (idempotency.codeLens off). */
  consumers: ConsumerEntry[] | null;
  /** The text starts with a byte-order mark (ESLint's columns on line 1 are one short). */
  bom: boolean;
}

export class IdempotencyServer {
  private readonly documents = new TextDocuments(TextDocument);
  private settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  private settingsWarnings: string[] = [];
  private readonly warned = new Set<string>();
  private readonly loggedOnce = new Set<string>();
  private trusted = false;
  private folders: string[] = [];
  private client = { configuration: false, dynamicConfiguration: false, workDoneProgress: false, showDocument: false, workspaceFolders: false, codeLensRefresh: false, dynamicWatchedFiles: false, watchesProjectFiles: false };
  /** Open buffers are what the project model reads for their files. */
  private readonly buffers = new OpenBuffers(this.documents);
  /** Which other files each open document's lints consulted. */
  private readonly dependents = new Dependents();
  private readonly dependentRelints = new Set<string>();
  private dependentTimer: NodeJS.Timeout | null = null;
  /** The version of each open document the model was last told about (open fires a change too). */
  private readonly modelVersions = new Map<string, number>();
  private readonly warmupStop = new CancellationTokenSource();
  private lastLintAt = 0;
  private readonly results = new Map<string, LintResult>();
  private readonly pendingLints = new PendingLints();
  private readonly published = new Map<string, number>();
  private readonly scheduled = new Map<string, { timer: NodeJS.Timeout; firstChange: number }>();
  private readonly configs: WorkspaceConfigs;
  private configMessage = 'embedded recommended config';
  private lastSettingsLine = '';
  /** Lints wait for the client's settings, so the first diagnostics already honour them. */
  private settingsLoaded!: () => void;
  private readonly settingsReady = new Promise<void>((resolve) => {
    this.settingsLoaded = resolve;
  });

  constructor(private readonly connection: Connection) {
    this.configs = new WorkspaceConfigs((line) => {
      this.configMessage = line;
      this.log(line);
    });
    setTextOverlay(this.buffers);
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.guard('initialized', () => this.initialized()));
    c.onDidChangeConfiguration((change) => this.guard('configuration', () => this.reloadSettings(change.settings)));
    c.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.watchedFilesChanged(params)));
    c.onCodeAction((params) => this.guard('code actions', () => this.codeActions(params), [] as CodeAction[]));
    c.onCodeLens((params) => this.guard('code lenses', () => this.codeLenses(params.textDocument.uri), [] as CodeLens[]));
    c.onRequest(CONSUMERS_REQUEST, async (params: { workDoneToken?: ProgressToken } | undefined, token: CancellationToken) => {
      const reporter = params?.workDoneToken !== undefined ? this.connection.window.attachWorkDoneProgress(params.workDoneToken) : null;
      return (await this.guard('consumers', () => this.workspaceConsumers(token, reporter))) ?? { consumers: [], files: 0 };
    });
    c.onExecuteCommand((params) => this.guard('command', () => this.executeCommand(params.command, params.arguments ?? [])));
    c.onRequest(LINT_WORKSPACE_REQUEST, async (params: { workDoneToken?: ProgressToken } | undefined) => {
      // Report on the client's token when it sent one (one progress indicator, the client's).
      const reporter = params?.workDoneToken !== undefined ? this.connection.window.attachWorkDoneProgress(params.workDoneToken) : null;
      return (await this.guard('lint workspace', () => this.lintWorkspace(reporter))) ?? { files: 0, problems: 0, skipped: 0 };
    });
    c.onShutdown(() => {
      this.stopWarmup();
      for (const pending of this.scheduled.values()) clearTimeout(pending.timer);
      this.scheduled.clear();
      if (this.dependentTimer) clearTimeout(this.dependentTimer);
      this.dependentRelints.clear();
      this.pendingLints.clear();
    });
    this.documents.onDidOpen((e) => {
      this.guard('open', () => this.bufferOpened(e.document));
      this.schedule(e.document.uri);
    });
    this.documents.onDidChangeContent((e) => {
      this.guard('change', () => this.bufferChanged(e.document));
      if (this.settings.run === 'onType') this.schedule(e.document.uri);
    });
    this.documents.onDidSave((e) => {
      if (this.settings.run !== 'onSave') return;
      this.schedule(e.document.uri);
      const file = uriToPath(e.document.uri);
      if (file) this.relintDependents(this.dependents.affectedBy([file]), e.document.uri);
    });
    this.documents.onDidClose((e) => this.guard('close', () => this.close(e.document)));
    this.documents.listen(c);
    c.listen();
  }

  // ------------------------------------------------------------------ lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.client = {
      configuration: capabilities.workspace?.configuration === true,
      dynamicConfiguration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      workDoneProgress: capabilities.window?.workDoneProgress === true,
      showDocument: capabilities.window?.showDocument?.support === true,
      workspaceFolders: capabilities.workspace?.workspaceFolders === true,
      codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
      dynamicWatchedFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      watchesProjectFiles: false,
    };
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.trusted = options.workspaceTrusted === true;
    this.client.watchesProjectFiles = options.watchesProjectFiles === true;
    this.folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p != null);
    if (this.folders.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) this.folders = [root];
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [COMMANDS.showDocumentation, COMMANDS.lintWorkspace] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'idempotency-language-server', version: SERVER_VERSION },
    };
  }

  private async initialized(): Promise<void> {
    if (this.client.dynamicConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    // Edits made outside the editor (a branch switch, a generator) reach the model as watched-file
    // events: asked for here unless the client watches those files already (the VS Code extension).
    if (this.client.dynamicWatchedFiles && !this.client.watchesProjectFiles) {
      this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: watchers() }).catch((error: unknown) => {
        this.log(`The client refused to watch the project's files (${(error as Error).message}); changes made outside the editor are seen when the files are next read.`);
      });
    }
    if (this.client.workspaceFolders) this.connection.workspace.onDidChangeWorkspaceFolders((event) =>
      this.guard('workspace folders', () => {
        const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
        this.folders = [...this.folders.filter((f) => !removed.has(f)), ...event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p != null)];
      }),
    );
    this.log(`idempotency-language-server ${SERVER_VERSION} started (${this.trusted ? 'trusted' : 'untrusted'} workspace${this.folders.length ? `: ${this.folders.join(', ')}` : ''}).`);
    await this.reloadSettings(undefined);
    if (this.settings.warmup && this.settings.enable && this.folders.length > 0) void this.guard('warm-up', () => this.warmUp());
  }

  private stopWarmup(): void {
    // A source cancelled before its token was asked for cannot be cancelled twice.
    if (!this.warmupStop.token.isCancellationRequested) this.warmupStop.cancel();
  }

  /** Reads the workspace in the background (model-warmup.ts); lints always go first. */
  private async warmUp(): Promise<void> {
    const outcome = await warmUp(
      {
        files: () => this.workspaceFiles(),
        warm: async (file) => {
          if (this.buffers.isOpen(file) || !this.settings.enable) return;
          const outcome = engineFor(await this.optionsFor(file)).lintFile(file, { consumers: true });
          this.report(file, outcome, 0);
        },
        linting: () => this.pendingLints.any(),
        lintsIdle: async () => {
          // Typing comes in bursts: the next keystroke of one should not meet a file of the warm-up.
          for (;;) {
            await this.pendingLints.allIdle();
            const quiet = this.lastLintAt + WARMUP_QUIET_MS - Date.now();
            if (quiet <= 0) return;
            await new Promise((resolve) => setTimeout(resolve, quiet));
          }
        },
        progress: async () => {
          if (!this.client.workDoneProgress) return null;
          try {
            return await this.connection.window.createWorkDoneProgress();
          } catch {
            return null; // a client that refuses the progress still gets the warm-up
          }
        },
      },
      this.warmupStop.token,
    );
    this.log(describeWarmup(outcome));
  }

  private async reloadSettings(pushed: unknown): Promise<void> {
    let raw: unknown;
    if (this.client.configuration) {
      try {
        raw = await this.connection.workspace.getConfiguration(SETTINGS_SECTION);
      } catch (error) {
        this.log(`Could not read the settings (${(error as Error).message}); using the defaults.`);
      }
    } else {
      raw = (pushed as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    }
    const { settings, warnings } = parseClientSettings(raw);
    this.settings = settings;
    if (!settings.warmup) this.stopWarmup();
    this.settingsLoaded();
    this.settingsWarnings = warnings;
    for (const warning of warnings) {
      if (this.warned.has(warning)) continue;
      this.warned.add(warning);
      this.log(`Invalid setting: ${warning}`);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Idempotency: ${warning}` });
    }
    const line = `Settings: ${settings.enable ? `linting ${settings.run === 'onType' ? 'on type' : 'on save'}` : 'disabled'}; workspace ESLint config ${this.mayUseWorkspaceConfig() ? 'used where it configures idempotency rules' : 'not used (embedded config only)'}.`;
    if (line !== this.lastSettingsLine) this.log(line);
    this.lastSettingsLine = line;
    this.relintOpenDocuments();
  }

  private mayUseWorkspaceConfig(): boolean {
    return this.trusted && this.settings.workspaceConfig;
  }

  // ------------------------------------------------------------------ linting

  private relintOpenDocuments(): void {
    for (const document of this.documents.all()) this.schedule(document.uri);
    // What the lenses show may change with the settings or the workspace config, not only with the text.
    void this.refreshCodeLenses();
  }

  /** Asks the client to request the lenses again once the open documents' lints are done. */
  private async refreshCodeLenses(): Promise<void> {
    if (!this.client.codeLensRefresh) return;
    await Promise.all(this.documents.all().map((document) => this.pendingLints.idle(document.uri)));
    try {
      await this.connection.sendRequest(CodeLensRefreshRequest.type);
    } catch (error) {
      this.logOnce(`refresh:${(error as Error).message}`, `The client refused to refresh the code lenses: ${(error as Error).message}`);
    }
  }

  /** Debounced lint: DEBOUNCE_MS after the last change, but no later than MAX_WAIT_MS after the first. */
  private schedule(uri: string): void {
    const now = Date.now();
    const pending = this.scheduled.get(uri);
    if (pending) clearTimeout(pending.timer);
    else this.pendingLints.begin(uri);
    const firstChange = pending?.firstChange ?? now;
    const delay = Math.max(0, Math.min(DEBOUNCE_MS, firstChange + MAX_WAIT_MS - now));
    const timer = setTimeout(() => {
      this.scheduled.delete(uri);
      void Promise.resolve(this.guard('lint', () => this.lint(uri))).finally(() => {
        this.lastLintAt = Date.now();
        this.pendingLints.end(uri);
      });
    }, delay);
    this.scheduled.set(uri, { timer, firstChange });
  }

  /**
   * The workspace config applies only to files inside a workspace folder, found no higher than that
   * folder: an untitled buffer or a file elsewhere never runs a config from outside the workspace.
   */
  private async optionsFor(file: string, isFile = true): Promise<EmbeddedConfigOptions> {
    const folder = isFile ? this.folderOf(file) : null;
    if (this.mayUseWorkspaceConfig() && folder) {
      const workspace = await this.configs.resolve(file, folder);
      if (workspace) return mergeEditorOverrides(workspace.options, this.settings);
    }
    return embeddedOptions(this.settings);
  }

  private folderOf(file: string): string | null {
    return this.folders.filter((f) => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? null;
  }

  private async lint(uri: string): Promise<void> {
    await this.settingsReady;
    const document = this.documents.get(uri);
    if (!document) return;
    if (!this.settings.enable || !isLintable(document)) {
      this.results.delete(uri);
      this.publish(uri, [], document.version);
      return;
    }
    const version = document.version;
    const file = documentPath(document);
    const options = await this.optionsFor(file, uriToPath(uri) != null);
    // A newer version arrived while the configuration loaded: that version is scheduled and wins.
    const current = this.documents.get(uri);
    if (!current || current.version !== version) return;
    const text = current.getText();
    // Open documents are linted on every change: reparse only what changed, and leave the
    // suggestions until the editor asks for quick fixes. The same lint gives the lenses' inventory.
    const { value: outcome, reads } = recordReads(() => engineFor(withoutSuggestions(options), { incremental: true }).lintText(text, file, { consumers: this.settings.codeLens }));
    this.dependents.record(uri, reads, uriToPath(uri));
    this.report(file, outcome, version);
    const { diagnostics, byKey } = diagnosticsOf(outcome, text);
    const consumers = this.settings.codeLens ? consumersAfter(outcome, this.results.get(uri)?.consumers ?? null) : null;
    this.results.set(uri, { version, messages: byKey, file, options, withSuggestions: false, consumers, bom: hasBom(text) });
    this.publish(uri, diagnostics, version);
  }

  /** Logs what kept a file from being linted fully: once per version, or once per file and cause. */
  private report(file: string, outcome: LintOutcome, version: number): void {
    // Keyed by the kind of reason (not the size): one line per file, however many edits follow.
    if (outcome.skipped) this.logOnce(`skip:${file}:${outcome.skipped.split(' (')[0]}`, `Skipped ${file}: ${outcome.skipped}.`);
    if (outcome.fatal) {
      const fatal = outcome.messages.find((m) => m.fatal);
      this.logOnce(`fatal:${file}:${version}`, `No idempotency diagnostics for ${file} (version ${version}): ${fatal ? `line ${fatal.line}: ` : ''}${outcome.fatal}`);
    }
    for (const crash of outcome.crashes ?? []) {
      this.logOnce(`crash:${file}:${crash.ruleId}`, `Rule ${crash.ruleId ?? '(unknown)'} failed on ${file}${crash.line ? ` at line ${crash.line}` : ''}: ${crash.message}. The other rules' diagnostics are shown.`);
    }
  }

  private publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length > 0) this.published.set(uri, diagnostics.length);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    this.sendStatus();
  }

  private sendStatus(): void {
    let problems = 0;
    for (const count of this.published.values()) problems += count;
    const status: StatusParams = {
      state: this.settingsWarnings.length > 0 ? 'warning' : 'ok',
      problems,
      message: this.settingsWarnings.length > 0 ? `Invalid settings: ${this.settingsWarnings.join(' ')}` : !this.settings.enable ? 'Disabled (idempotency.enable is false).' : this.mayUseWorkspaceConfig() ? this.configMessage : 'Using the embedded recommended config.',
    };
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  private close(document: TextDocument): void {
    const uri = document.uri;
    this.dependents.forget(uri);
    this.modelVersions.delete(uri);
    this.dependentRelints.delete(uri);
    const closedFile = this.buffers.closed(uri);
    // The model reads the disk again: unsaved edits it saw in the buffer are gone.
    if (closedFile) this.modelChanged(new Map([[closedFile, 'content']]), uri, !sameAsDisk(closedFile, document.getText()));
    const pending = this.scheduled.get(uri);
    if (pending) {
      clearTimeout(pending.timer);
      this.pendingLints.end(uri);
    }
    this.scheduled.delete(uri);
    const file = this.results.get(uri)?.file;
    if (file) forgetFile(file);
    this.results.delete(uri);
    this.publish(uri, []);
  }

  // ------------------------------------------------------------------ the project model kept current

  private bufferOpened(document: TextDocument): void {
    this.modelVersions.set(document.uri, document.version);
    const file = this.buffers.opened(document.uri);
    // Dependents are linted again only when the buffer differs from the disk they were linted with.
    if (file) this.modelChanged(new Map([[file, 'content']]), document.uri, !sameAsDisk(file, document.getText()));
  }

  private bufferChanged(document: TextDocument): void {
    if (this.modelVersions.get(document.uri) === document.version) return; // the change event of an open
    this.modelVersions.set(document.uri, document.version);
    const file = uriToPath(document.uri);
    if (file) this.modelChanged(new Map([[file, 'content']]), document.uri, this.settings.run === 'onType');
  }

  private watchedFilesChanged(params: unknown): void {
    const { config, files } = classify(params);
    if (config) {
      this.configs.invalidate();
      this.relintOpenDocuments();
    }
    // An open file is read from its buffer: its saves change nothing the model sees.
    for (const [file, change] of files) if (change === 'content' && this.buffers.isOpen(file)) files.delete(file);
    if (files.size > 0) this.modelChanged(files, null, true);
  }

  /**
   * Tells the model which files changed; with `relint`, lints again the open documents (other than
   * `source`, which its own change lints) whose last lints consulted them.
   */
  private modelChanged(changes: Map<string, FileChange>, source: string | null, relint: boolean): void {
    const { renewed, indexChanged } = invalidateFiles(changes);
    if (!relint) return;
    const files = [...changes.keys()];
    const layout = [...changes].some(([file, change]) => change === 'layout' || isLayoutFile(file));
    const affected = this.dependents.affectedBy(files, { indexChanged, layoutRoots: layout ? [...renewed] : [] });
    this.relintDependents(affected, source);
  }

  /** Debounced: the dependents of a burst of changes are linted once, then their lenses refreshed. */
  private relintDependents(uris: readonly string[], source: string | null): void {
    for (const uri of uris) if (uri !== source) this.dependentRelints.add(uri);
    if (this.dependentRelints.size === 0) return;
    if (this.dependentTimer) clearTimeout(this.dependentTimer);
    this.dependentTimer = setTimeout(() => {
      this.dependentTimer = null;
      const due = [...this.dependentRelints].filter((uri) => this.documents.get(uri));
      this.dependentRelints.clear();
      if (due.length === 0) return;
      for (const uri of due) this.schedule(uri);
      void this.refreshCodeLenses();
    }, DEPENDENTS_DEBOUNCE_MS);
  }

  // ------------------------------------------------------------------ code actions and commands

  private codeActions(params: CodeActionParams): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    const result = this.results.get(params.textDocument.uri);
    if (!document || !result) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wanted(CodeActionKind.QuickFix, only)) {
      if (result.version === document.version && params.context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) this.addSuggestions(result, document);
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
        const message = result.messages.get(diagnosticKey(diagnostic));
        if (message && result.version === document.version) actions.push(...quickFixes(document, diagnostic, message));
      }
    }
    // Asked for explicitly (editor.codeActionsOnSave), never offered unasked.
    if (only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`))) {
      const fixed = engineFor(embeddedOptions(this.settings)).lintText(document.getText(), result.file, { fix: true });
      const action = fixAll(document, fixed.output);
      if (action) actions.push(action);
    }
    return actions;
  }

  /** Lints the result's version again with suggestions, once, and keeps its messages. */
  private addSuggestions(result: LintResult, document: TextDocument): void {
    if (result.withSuggestions) return;
    const text = document.getText();
    const outcome = engineFor(result.options, { incremental: true }).lintText(text, result.file);
    if (outcome.fatal || outcome.skipped) return;
    result.messages = diagnosticsOf(outcome, text).byKey;
    result.withSuggestions = true;
  }

  private async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === COMMANDS.showDocumentation) {
      const url = typeof args[0] === 'string' ? args[0] : null;
      if (!url) return null;
      if (this.client.showDocument) await this.connection.window.showDocument({ uri: url, external: true });
      else this.log(`Documentation: ${url}`);
      return null;
    }
    if (command === COMMANDS.lintWorkspace) return this.lintWorkspace();
    this.log(`Unknown command ${command}`);
    return null;
  }

  /** Every JS/TS file of the workspace folders the CLI would lint there. */
  private workspaceFiles(): string[] {
    const files: string[] = [];
    for (const folder of this.folders) {
      try {
        files.push(...discoverFiles([folder], folder).files);
      } catch (error) {
        this.log(`Could not list ${folder}: ${(error as Error).message}`);
      }
    }
    return files;
  }

  /** Lints every JS/TS file of the workspace folders from disk (open documents keep their buffer's results). */
  private async lintWorkspace(clientProgress: WorkDoneProgressReporter | null = null): Promise<LintWorkspaceResult> {
    const files = this.workspaceFiles();
    const open = new Map(this.documents.all().map((d) => [documentPath(d), d.uri]));
    const progress = clientProgress ?? (this.client.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : null);
    progress?.begin('Idempotency: linting the workspace', 0, `${files.length} files`, false);
    let problems = 0;
    let skipped = 0;
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const openUri = open.get(file);
      if (openUri) {
        problems += this.published.get(openUri) ?? 0;
        continue;
      }
      const outcome = engineFor(await this.optionsFor(file)).lintFile(file);
      this.report(file, outcome, 0);
      if (outcome.fatal || outcome.skipped) skipped++;
      const messages = outcome.fatal || outcome.skipped ? [] : outcome.messages.filter((m) => !m.fatal);
      problems += messages.length;
      const uri = pathToFileURL(file).toString();
      // Opened while the workspace was being linted: its buffer's diagnostics win over the disk's.
      if (this.documents.get(uri) || open.has(file)) continue;
      this.publish(uri, messages.map((m) => toDiagnostic(m)));
      if (i % 10 === 9) {
        progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1} / ${files.length}`);
        // Keep answering the editor (changes, code actions) while the workspace is linted.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    progress?.done();
    this.log(`Linted ${files.length} workspace files: ${problems} problems, ${skipped} skipped.`);
    return { files: files.length, problems, skipped };
  }

  // ------------------------------------------------------------------ the consumer inventory

  /** The lenses of the version the editor has: after its scheduled lint, never a lint of their own. */
  private async codeLenses(uri: string): Promise<CodeLens[]> {
    if (!this.settings.codeLens) return [];
    await this.pendingLints.idle(uri);
    const result = this.results.get(uri);
    if (!this.settings.codeLens || !result?.consumers) return [];
    return consumerLenses(result.consumers, result.bom);
  }

  /** The handlers of every workspace file and open document: open ones as in their buffer. */
  private async workspaceConsumers(token: CancellationToken, progress: WorkDoneProgressReporter | null): Promise<ConsumersResult> {
    await this.settingsReady;
    const open = new Map(this.documents.all().filter(isLintable).map((d) => [documentPath(d), d]));
    const sources: InventorySource[] = [...open.values()].map((document) => ({ uri: document.uri, consumers: () => this.documentConsumers(document.uri) }));
    for (const file of this.workspaceFiles()) {
      if (open.has(file)) continue;
      sources.push({
        uri: pathToFileURL(file).toString(),
        consumers: async () => {
          const outcome = engineFor(await this.optionsFor(file)).lintFile(file, { consumers: true });
          this.report(file, outcome, 0);
          return outcome.consumers ?? [];
        },
      });
    }
    const result = await collectConsumers(sources, token, progress);
    this.log(`Found ${result.consumers.length} message handlers in ${result.files} files.`);
    return result;
  }

  /** An open document's handlers: from its last lint when that covered them, else from its buffer. */
  private async documentConsumers(uri: string): Promise<ConsumerEntry[]> {
    await this.pendingLints.idle(uri);
    const document = this.documents.get(uri);
    if (!document) return [];
    const result = this.results.get(uri);
    if (result?.consumers && result.version === document.version) return result.consumers;
    const file = documentPath(document);
    const options = await this.optionsFor(file, uriToPath(uri) != null);
    const outcome = engineFor(withoutSuggestions(options), { incremental: true }).lintText(document.getText(), file, { consumers: true });
    return outcome.consumers ?? [];
  }

  // ------------------------------------------------------------------ robustness

  /** Runs a handler; a failure is logged once and answered with `fallback`, never thrown at the client. */
  private guard<T>(what: string, fn: () => T | Promise<T>, fallback?: T): T | Promise<T | undefined> | undefined {
    try {
      const result = fn();
      if (result instanceof Promise) {
        return result.catch((error: unknown) => {
          this.logFailure(what, error);
          return fallback;
        });
      }
      return result;
    } catch (error) {
      this.logFailure(what, error);
      return fallback;
    }
  }

  private logFailure(what: string, error: unknown): void {
    const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.logOnce(`failure:${what}:${text.split('\n')[0]}`, `Internal error in ${what}: ${text}`);
  }

  private log(line: string): void {
    this.connection.console.log(line);
  }

  private logOnce(key: string, line: string): void {
    if (this.loggedOnce.has(key)) return;
    if (this.loggedOnce.size > 10_000) this.loggedOnce.clear();
    this.loggedOnce.add(key);
    this.log(line);
  }
}

/** Diagnostics of a lint, and its messages by diagnostic key. */
function diagnosticsOf(outcome: LintOutcome, text: string): { diagnostics: Diagnostic[]; byKey: Map<string, Linter.LintMessage> } {
  const messages = outcome.fatal || outcome.skipped ? [] : outcome.messages.filter((m) => !m.fatal);
  const bom = hasBom(text);
  const diagnostics = messages.map((m) => toDiagnostic(m, bom));
  const byKey = new Map<string, Linter.LintMessage>();
  diagnostics.forEach((d, i) => byKey.set(diagnosticKey(d), messages[i]!));
  return { diagnostics, byKey };
}

/**
 * The handlers of a lint; a text that does not parse keeps the last ones found (typing through a
 * syntax error would otherwise make every lens, and the lines under it, jump away and back).
 */
function consumersAfter(outcome: LintOutcome, previous: ConsumerEntry[] | null): ConsumerEntry[] {
  if (outcome.fatal) return previous ?? [];
  if (outcome.skipped) return [];
  return outcome.consumers ?? [];
}

/** The same configuration without building suggestions (`settings.idempotency.suggestions`). */
function withoutSuggestions(options: EmbeddedConfigOptions): EmbeddedConfigOptions {
  return { ...options, settings: { ...(options.settings ?? {}), suggestions: false } };
}

/** Editor severity overrides apply on top of the workspace config too (`off` silences a rule locally). */
function mergeEditorOverrides(options: EmbeddedConfigOptions, settings: ServerSettings): EmbeddedConfigOptions {
  if (Object.keys(settings.rules).length === 0) return options;
  const rules = { ...(options.rules ?? {}) };
  for (const [name, severity] of Object.entries(settings.rules)) {
    const entry = rules[name];
    rules[name] = Array.isArray(entry) ? [severity, ...entry.slice(1)] : severity;
  }
  return { ...options, rules };
}

function isLintable(document: TextDocument): boolean {
  if (LANGUAGES.has(document.languageId)) return true;
  const file = uriToPath(document.uri);
  return file != null && EXTENSIONS.has(path.extname(file).toLowerCase());
}

function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** Whether `text` is what the disk holds for `file` (a missing or unreadable file is not). */
function sameAsDisk(file: string, text: string): boolean {
  try {
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

/** The path a document is linted as: its file, or a stand-in with the language's extension. */
function documentPath(document: TextDocument): string {
  const file = uriToPath(document.uri);
  if (file) return file;
  const name = document.uri.replace(/^[a-z-]+:/i, '').replace(/[^\w.-]+/g, '_') || 'untitled';
  return path.join(os.tmpdir(), 'idempotency-untitled', `${name}${UNTITLED_EXTENSION[document.languageId] ?? '.ts'}`);
}

const SERVER_VERSION = plugin.meta.version;
