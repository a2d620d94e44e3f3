/** ESLint messages as LSP diagnostics, and back (code actions receive the diagnostics). */
import type { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from './protocol';

const RULE_PREFIX = 'idempotency/';

export function ruleDocsUrl(ruleId: string): string | undefined {
  const name = ruleId.startsWith(RULE_PREFIX) ? ruleId.slice(RULE_PREFIX.length) : ruleId;
  const rule = (plugin.rules as Record<string, { meta?: { docs?: { url?: string } } }>)[name];
  return rule?.meta?.docs?.url;
}

/** Whether a text starts with a byte-order mark, which ESLint strips before computing positions. */
export function hasBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

/**
 * ESLint lines and columns are 1-based (columns count UTF-16 code units, like LSP). With a BOM,
 * the editor counts one more character on the first line.
 */
export function toDiagnostic(message: Linter.LintMessage, bom = false): Diagnostic {
  const startLine = Math.max(0, message.line - 1);
  const startCharacter = Math.max(0, message.column - 1) + (bom && startLine === 0 ? 1 : 0);
  const endLine = message.endLine !== undefined ? message.endLine - 1 : startLine;
  const endCharacter = (message.endColumn !== undefined ? message.endColumn - 1 : startCharacter) + (bom && endLine === 0 && message.endColumn !== undefined ? 1 : 0);
  const diagnostic: Diagnostic = {
    range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
    severity: message.severity === 2 ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: message.message,
  };
  if (message.ruleId) {
    diagnostic.code = message.ruleId;
    const href = ruleDocsUrl(message.ruleId);
    if (href) diagnostic.codeDescription = { href };
  }
  return diagnostic;
}

/** A key that identifies a diagnostic across the round trip through the client. */
export function diagnosticKey(diagnostic: Pick<Diagnostic, 'range' | 'code' | 'message'>): string {
  const { start, end } = diagnostic.range;
  return `${start.line}:${start.character}:${end.line}:${end.character}:${String(diagnostic.code)}:${diagnostic.message}`;
}
