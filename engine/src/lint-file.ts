/**
 * Lints one text or file with the embedded configuration. Shared by the command line and the
 * language server. Bad input never throws: a file that cannot be read, looks binary, is too large,
 * does not parse or makes a rule throw gives a result that says so, and the caller moves on.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';

/** A handler the rules found (the consumer inventory). */
export type ConsumerEntry = ReturnType<typeof plugin.consumersOf>[number];
export type UnresolvedEntry = ReturnType<typeof plugin.unresolvedOf>[number];
import { embeddedConfig, LINTED_EXTENSIONS, LINTED_GLOB, type EmbeddedConfigOptions } from './config';
import { createIncrementalParser, type IncrementalParser } from './incremental-parser';

/** Larger files (minified bundles, generated code) are skipped. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A NUL byte in this many leading bytes marks a file as binary. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

const RULE_PREFIX = 'idempotency/';

/** A rule that threw while linting a file: its findings for that file are missing, the others are kept. */
export interface RuleCrash {
  /** The rule's id when ESLint named it ("Rule: ..." in the error), else null. */
  ruleId: string | null;
  /** First line of the error, e.g. "TypeError: Cannot read properties of undefined (reading 'type')". */
  message: string;
  /** The line ESLint was at when the rule threw, if it said. */
  line?: number;
}

export interface LintOutcome {
  /** ESLint's messages: the findings, and for text that does not parse, ESLint's fatal parse error. */
  messages: Linter.LintMessage[];
  /** Why the file could not be linted: its parse error or the read error. */
  fatal?: string;
  /** Why the file was not linted at all (binary, too large). */
  skipped?: string;
  /** Rules that threw on this file. */
  crashes?: RuleCrash[];
  /** With `fix`: the fixed text, present only when it differs from the input. */
  output?: string;
  /** With `consumers`: the handlers the rules found in the file. */
  consumers?: ConsumerEntry[];
  /** With `consumers`: registrations whose handler could not be resolved. */
  unresolved?: UnresolvedEntry[];
}

export interface LintRunOptions {
  /** Apply autofixes (ESLint `fix`, never suggestions) and return the fixed text as `output`. */
  fix?: boolean;
  /** Also return the handlers the rules found (the consumer inventory). */
  consumers?: boolean;
}

/** `Linter.LintOptions` plus the rule filter ESLint accepts at runtime but does not declare. */
type VerifyOptions = Linter.FixOptions & {
  ruleFilter?: (rule: { ruleId: string; severity: number }) => boolean;
};

export interface EngineOptions {
  /**
   * Reparse only what changed since the last lint of the same file (the language server, which
   * lints a file on every keystroke). Same results as a full parse; see incremental-parser.ts.
   */
  incremental?: boolean;
}

export class LintEngine {
  private readonly linter: Linter;
  private anyExtensionConfig: Linter.Config[] | undefined;

  private readonly config: Linter.Config[];

  /** `config` is used for every file: build it once, pass it once. */
  constructor(
    config: Linter.Config[],
    /** The parser `config` uses when it is the incremental one. */
    readonly incrementalParser?: IncrementalParser,
  ) {
    // cwd at the filesystem root: the config's globs then match files anywhere.
    this.linter = new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root });
    // Choosing files is the caller's job (the CLI skips node_modules when it walks directories);
    // a file it asks about is linted, so ESLint's default ignore of node_modules is lifted.
    this.config = [...config, { name: 'idempotency/lint-what-is-asked', ignores: ['!**/node_modules/'] }];
  }

  /** Lints `text` as the file `filePath` (which need not exist). */
  lintText(text: string, filePath: string, run: LintRunOptions = {}): LintOutcome {
    const skipped = skipReason(Buffer.byteLength(text, 'utf8'), text.slice(0, BINARY_SNIFF_BYTES).includes('\0'));
    if (skipped) return { messages: [], skipped };
    const filename = path.resolve(filePath);
    const config = this.configFor(filename);
    const disabled = new Set<string>();
    const crashes: RuleCrash[] = [];
    for (;;) {
      const options: VerifyOptions = {
        filename,
        // Only our rules run: an inline `/* eslint no-console: "error" */` does not turn core rules on.
        ruleFilter: ({ ruleId }) => ruleId.startsWith(RULE_PREFIX) && !disabled.has(ruleId),
      };
      try {
        const outcome = this.verify(text, config, options, run.fix === true);
        if (crashes.length > 0) outcome.crashes = crashes;
        // The rules' analysis of this text, kept with ESLint's SourceCode (typescript-eslint types it apart).
        if (run.consumers) {
          const sourceCode = this.linter.getSourceCode() as unknown as Parameters<typeof plugin.consumersOf>[0];
          outcome.consumers = plugin.consumersOf(sourceCode);
          outcome.unresolved = plugin.unresolvedOf(sourceCode);
        }
        return outcome;
      } catch (error) {
        const crash = describeCrash(error);
        crashes.push(crash);
        // Lint again without the failing rule; give up when the culprit is unknown or keeps failing.
        if (crash.ruleId === null || disabled.has(crash.ruleId)) return { messages: [], crashes };
        disabled.add(crash.ruleId);
      }
    }
  }

  /** Reads and lints a file. */
  lintFile(filePath: string, run: LintRunOptions = {}): LintOutcome {
    let buffer: Buffer;
    try {
      const size = statSync(filePath).size;
      const tooLarge = skipReason(size, false);
      if (tooLarge) return { messages: [], skipped: tooLarge };
      buffer = readFileSync(filePath);
    } catch (error) {
      return { messages: [], fatal: `Could not read file: ${errorText(error)}` };
    }
    const skipped = skipReason(buffer.length, buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0));
    if (skipped) return { messages: [], skipped };
    return this.lintText(buffer.toString('utf8'), filePath, run);
  }

  private verify(text: string, config: Linter.Config[], options: VerifyOptions, fix: boolean): LintOutcome {
    let messages: Linter.LintMessage[];
    let output: string | undefined;
    if (fix) {
      const report = this.linter.verifyAndFix(text, config, { ...options, fix: true });
      messages = report.messages;
      if (report.fixed && report.output !== text) output = report.output;
    } else {
      messages = this.linter.verify(text, config, options);
    }
    messages = messages.filter((message) => !isForeignRuleNotFound(message));
    const outcome: LintOutcome = { messages };
    const fatal = messages.find((message) => message.fatal);
    if (fatal) outcome.fatal = fatal.message;
    if (output !== undefined) outcome.output = output;
    return outcome;
  }

  /**
   * Files named explicitly are linted whatever their extension: for those the embedded block is
   * repeated for every file name (an unknown extension parses as TypeScript).
   */
  private configFor(filename: string): Linter.Config[] {
    if ((LINTED_EXTENSIONS as readonly string[]).includes(path.extname(filename).toLowerCase())) return this.config;
    this.anyExtensionConfig ??= [
      ...this.config,
      ...this.config
        .filter((block) => block.files?.includes(LINTED_GLOB))
        .map((block) => ({ ...block, name: `${block.name ?? 'embedded'}/any-extension`, files: ['**/?*'] })),
    ];
    return this.anyExtensionConfig;
  }
}

/**
 * `// eslint-disable-next-line @typescript-eslint/no-explicit-any` is everywhere in real code; with
 * only our plugin loaded ESLint reports "Definition for rule ... was not found" for it. Those are
 * not findings of ours. (A misspelt `idempotency/...` rule is still reported.)
 */
function isForeignRuleNotFound(message: Linter.LintMessage): boolean {
  return (
    message.ruleId !== null &&
    !message.ruleId.startsWith(RULE_PREFIX) &&
    /^Definition for rule '.*' was not found/.test(message.message)
  );
}

function skipReason(bytes: number, hasNul: boolean): string | undefined {
  if (bytes > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES / (1024 * 1024)} MB (${bytes} bytes)`;
  if (hasNul) return `binary file (NUL byte in the first ${BINARY_SNIFF_BYTES / 1024} KB)`;
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** ESLint appends "Occurred while linting <file>:<line>" and 'Rule: "<id>"' to a rule's error. */
export function describeCrash(error: unknown): RuleCrash {
  const text = errorText(error);
  const ownRuleId = typeof error === 'object' && error !== null ? (error as { ruleId?: unknown }).ruleId : undefined;
  const ruleId = typeof ownRuleId === 'string' ? ownRuleId : (/\nRule: "([^"]+)"/.exec(text)?.[1] ?? null);
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  const crash: RuleCrash = { ruleId, message: `${name}${text.split('\n')[0]}` };
  const line = /\nOccurred while linting .*:(\d+)(?:\n|$)/.exec(text)?.[1];
  if (line !== undefined) crash.line = Number(line);
  return crash;
}

const engines = new Map<string, LintEngine>();
const MAX_CACHED_ENGINES = 8;

/** The engine for these options: the Linter and the config are built once per distinct options. */
export function engineFor(options: EmbeddedConfigOptions = {}, { incremental = false }: EngineOptions = {}): LintEngine {
  const key = JSON.stringify([options, incremental]);
  let engine = engines.get(key);
  if (!engine) {
    const parser = incremental ? createIncrementalParser() : undefined;
    engine = new LintEngine(parser ? embeddedConfig(options, parser) : embeddedConfig(options), parser);
    if (engines.size >= MAX_CACHED_ENGINES) engines.delete(engines.keys().next().value as string);
    engines.set(key, engine);
  }
  return engine;
}

/** Drops what incremental engines remember about `filePath` (closed in the editor). */
export function forgetFile(filePath: string): void {
  for (const engine of engines.values()) engine.incrementalParser?.forget(path.resolve(filePath));
}

/** Lints `text` as `filePath` with the embedded config for `options`. */
export function lintText(text: string, filePath: string, options: EmbeddedConfigOptions = {}, run: LintRunOptions = {}): LintOutcome {
  return engineFor(options).lintText(text, filePath, run);
}

/** Reads and lints `filePath` with the embedded config for `options`. */
export function lintFile(filePath: string, options: EmbeddedConfigOptions = {}, run: LintRunOptions = {}): LintOutcome {
  return engineFor(options).lintFile(filePath, run);
}

/** Effective severity of every rule the config mentions (later blocks win, as in ESLint). */
export function ruleSeverities(config: Linter.Config[]): Map<string, 'off' | 'warn' | 'error'> {
  const severities = new Map<string, 'off' | 'warn' | 'error'>();
  const names = ['off', 'warn', 'error'] as const;
  for (const block of config) {
    for (const [ruleId, entry] of Object.entries(block.rules ?? {})) {
      const level = Array.isArray(entry) ? entry[0] : entry;
      if (typeof level === 'number') severities.set(ruleId, names[level] ?? 'off');
      else if (level === 'off' || level === 'warn' || level === 'error') severities.set(ruleId, level);
    }
  }
  return severities;
}
