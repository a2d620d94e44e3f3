/**
 * What the protocol tests compare against: the built CLI's JSON report turned into the diagnostics
 * the server should publish, a WorkspaceEdit applier, and parse checks for edited code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseTypeScript } from '@typescript-eslint/parser';
import * as espree from 'espree';
import { afterAll, beforeAll } from 'vitest';
import type { Diagnostic, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import type { JsonMessage } from '../cli/helpers';
import { ROOT } from './client';

export const CLI_BIN = path.join(ROOT, 'bin/idempotency-lint.js');

/** An ESLint message as the CLI's `--format json` reports it (fixes and suggestions included). */
export type CliMessage = JsonMessage;

/** The part of a diagnostic the server and the CLI must agree on. */
export interface ComparableDiagnostic {
  code: string | number | undefined;
  severity: number | undefined;
  message: string;
  range: { start: Position; end: Position };
}

/** Runs `node bin/idempotency-lint.js --format json [--config] <files>` and returns the messages by file path. */
export async function cliReport(files: string[], settings?: Record<string, unknown>): Promise<Map<string, CliMessage[]>> {
  const args = [CLI_BIN, '--format', 'json'];
  let configDir: string | null = null;
  if (settings) {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'idempotency-server-cli-'));
    const config = path.join(configDir, 'config.json');
    writeFileSync(config, JSON.stringify({ settings }));
    args.push('--config', config);
  }
  args.push(...files);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, out, err) => {
        // Exit code 1 means "errors found": the report is still on stdout.
        if (error && error.code !== 1) reject(new Error(`CLI failed (${String(error.code)}): ${err}`));
        else resolve(out);
      });
    });
    const results = JSON.parse(stdout) as { filePath: string; messages: CliMessage[] }[];
    return new Map(results.map((r) => [r.filePath, r.messages]));
  } finally {
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  }
}

/** ESLint positions are 1-based lines and columns; LSP positions are 0-based. */
export function expectedDiagnostic(message: CliMessage): ComparableDiagnostic {
  const start = { line: message.line - 1, character: message.column - 1 };
  const end = message.endLine !== undefined && message.endColumn !== undefined ? { line: message.endLine - 1, character: message.endColumn - 1 } : start;
  return { code: message.ruleId ?? undefined, severity: message.severity === 2 ? 1 : 2, message: message.message, range: { start, end } };
}

export function comparable(diagnostic: Diagnostic): ComparableDiagnostic {
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  return { code: diagnostic.code, severity: diagnostic.severity, message, range: diagnostic.range };
}

function order(a: ComparableDiagnostic, b: ComparableDiagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    String(a.code).localeCompare(String(b.code)) ||
    a.message.localeCompare(b.message)
  );
}

export function sorted(diagnostics: ComparableDiagnostic[]): ComparableDiagnostic[] {
  return [...diagnostics].sort(order);
}

// ------------------------------------------------------------------ edits

/** Offset of an LSP position (UTF-16 code units, lines split at \n, \r\n or \r), clamped to its line. */
export function offsetAt(text: string, position: Position): number {
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    const match = /\r\n|\r|\n/g;
    match.lastIndex = lineStart;
    const found = match.exec(text);
    if (!found) return text.length;
    lineStart = found.index + found[0].length;
  }
  const rest = /\r\n|\r|\n/g;
  rest.lastIndex = lineStart;
  const lineEnd = rest.exec(text)?.index ?? text.length;
  return Math.min(lineStart + position.character, lineEnd);
}

/** Applies non-overlapping edits (all positions refer to the original text). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const located = edits.map((edit, index) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, index }));
  located.sort((a, b) => b.start - a.start || b.index - a.index);
  let result = text;
  let limit = Infinity;
  for (const edit of located) {
    if (edit.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}

/** Applies a WorkspaceEdit made of `documentChanges` for one document at `version`; anything else throws. */
export function applyWorkspaceEdit(text: string, uri: string, version: number, edit: WorkspaceEdit): string {
  if (!edit.documentChanges || edit.changes) throw new Error(`expected a WorkspaceEdit with documentChanges only: ${JSON.stringify(edit)}`);
  let result = text;
  for (const change of edit.documentChanges) {
    if (!('textDocument' in change)) throw new Error(`unexpected resource operation: ${JSON.stringify(change)}`);
    if (change.textDocument.uri !== uri) throw new Error(`edit for another document: ${change.textDocument.uri}`);
    if (change.textDocument.version !== version) throw new Error(`edit for version ${String(change.textDocument.version)}, the document is at ${version}`);
    result = applyTextEdits(result, change.edits as TextEdit[]);
  }
  return result;
}

/** null when `code` parses as `file` (typescript-eslint parser; espree too for JavaScript), else the error. */
export function parseError(code: string, file: string): string | null {
  try {
    parseTypeScript(code, { filePath: file, sourceType: 'module', ecmaVersion: 'latest', loc: true, range: true });
    if (/\.(c|m)?jsx?$/.test(file)) {
      espree.parse(code, { ecmaVersion: 'latest', sourceType: /\.cjs$/.test(file) ? 'script' : 'module', ecmaFeatures: { jsx: /\.jsx$/.test(file) } });
    }
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A fresh temporary directory for the test file, removed afterwards. */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
