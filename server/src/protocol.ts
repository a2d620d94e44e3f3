/**
 * The contract between the language server and its clients, beyond standard LSP: the settings
 * section, custom requests and notifications, and the commands the server executes. Any LSP client
 * can use the server with none of this; the VS Code extension uses all of it.
 */

/** `workspace/configuration` section holding every setting (`idempotency.enable`, …). */
export const SETTINGS_SECTION = 'idempotency';

/** Diagnostic `source`. */
export const DIAGNOSTIC_SOURCE = 'idempotency';

export type RunMode = 'onType' | 'onSave';
export type SeverityOverride = 'off' | 'warn' | 'error' | 'default';

/** The settings as the client sends them (every property optional; invalid ones warn once and fall back). */
export interface ClientSettings {
  /** Lint at all (default true). */
  enable?: boolean;
  /** Lint on every change (default) or only when the file is saved. */
  run?: RunMode;
  /** Per-rule severity, by rule name without the plugin prefix: `{ "no-increment-write": "warn" }`. */
  rules?: Record<string, SeverityOverride>;
  /** Use the workspace's ESLint flat config for files it configures `idempotency/*` rules in (trusted workspaces only; executes the config). */
  workspaceConfig?: boolean;
  /** A CodeLens above each message handler: its library, message key and unguarded effects (default true). */
  codeLens?: boolean;
  /** Read the workspace in the background at start, so the first lints that look into other files are fast (default true). */
  warmup?: boolean;
  /** settings.idempotency, as in ESLint shared settings. */
  consumers?: unknown;
  dedupFunctions?: unknown;
  idempotentWrites?: unknown;
  guard?: unknown;
  dedupTable?: unknown;
  helperDepth?: unknown;
  followImports?: unknown;
}

/** Workspace ESLint flat configs: a change makes the server read the configuration again. */
export const WATCHED_CONFIG_GLOB = '**/eslint.config.{js,mjs,cjs,ts,mts,cts}';
/**
 * Project files the server's project model reads: a change on disk (a branch switch, a generator)
 * invalidates what it cached from them and re-lints the open documents that consulted them.
 */
export const WATCHED_PROJECT_GLOBS: readonly string[] = ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', '**/package.json', '**/{tsconfig,jsconfig}*.json'];

/** `initializationOptions` the client may send. */
export interface InitializationOptions {
  /** The editor trusts the workspace (VS Code workspace trust); other clients: leave unset. */
  workspaceTrusted?: boolean;
  /**
   * The client already sends `workspace/didChangeWatchedFiles` for source files, package.json and
   * tsconfig/jsconfig (the VS Code extension does): the server then registers no watchers of its own.
   */
  watchesProjectFiles?: boolean;
}

/** Request: lint every JS/TS file of the workspace folders from disk and publish their diagnostics. */
export const LINT_WORKSPACE_REQUEST = 'idempotency/lintWorkspace';
export interface LintWorkspaceResult {
  files: number;
  problems: number;
  /** Files that could not be linted (unreadable, binary, too large, syntax error). */
  skipped: number;
}

/**
 * Request: the consumer inventory of the workspace: every message handler the rules find in the JS/TS
 * files of the workspace folders and in the open documents (as in their buffer), sorted by file and line.
 * Params: `{ workDoneToken? }`; cancellable.
 */
export const CONSUMERS_REQUEST = 'idempotency/consumers';
export interface ConsumersResult {
  consumers: WorkspaceConsumer[];
  /** Files looked at. */
  files: number;
}

/** A message handler the rules found (the consumer inventory entry of `--list-consumers`), and where. */
export interface WorkspaceConsumer {
  uri: string;
  /** 1-based, as in `--list-consumers`. */
  line: number;
  column: number;
  library: string;
  /** "BullMQ processor", "kafkajs eachMessage handler"… */
  handler: string;
  delivery: 'at-least-once' | 'request-reply' | 'no-redelivery';
  /** Why a handler is not analysed (request/reply, not redelivered). */
  reason?: string;
  /** How it was found: `registered at line 12`, `decorator`, `typed parameter`… */
  via: string;
  /** Source text of the message key, or null. */
  key: string | null;
  /** Side effects it runs with no dedup check before them (0 when not analysed). */
  unguardedEffects: number;
}

/** Notification server → client: state for a status item. */
export const STATUS_NOTIFICATION = 'idempotency/status';
export interface StatusParams {
  state: 'ok' | 'warning' | 'error';
  /** Problems currently published: open documents and the files of the last workspace lint. */
  problems: number;
  /** A short sentence for the tooltip, e.g. which configuration is in use or the last warning. */
  message: string;
}

/** Commands executed by the server (`workspace/executeCommand`). */
export const COMMANDS = {
  /** Arguments: [url: string]. Opens a rule's documentation through `window/showDocument`. */
  showDocumentation: 'idempotency.showDocumentation',
  /** Arguments: none. The same as the lintWorkspace request. */
  lintWorkspace: 'idempotency.lintWorkspace.server',
} as const;

/** Code action kind for "fix all autofixable problems" (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.idempotency';
