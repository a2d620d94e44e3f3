/**
 * Code actions for our diagnostics: every ESLint fix and suggestion as a quick fix (the first one
 * preferred), "Disable <rule> for this line", "Show documentation for <rule>", and the
 * `source.fixAll.idempotency` action that applies autofixes only.
 */
import type { Linter } from 'eslint';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { hasBom, ruleDocsUrl } from './diagnostics';
import { COMMANDS, FIX_ALL_KIND } from './protocol';

type Fix = { range: [number, number]; text: string };

/** Whether an action of `kind` is wanted given `context.only` (prefix match, as LSP specifies). */
export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/** ESLint's fix offsets exclude a leading BOM; the document's include it. */
function edit(document: TextDocument, fix: Fix): TextEdit {
  const shift = hasBom(document.getText()) ? 1 : 0;
  return { range: { start: document.positionAt(fix.range[0] + shift), end: document.positionAt(fix.range[1] + shift) }, newText: fix.text };
}

function workspaceEdit(document: TextDocument, edits: TextEdit[]): CodeAction['edit'] {
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
}

/** `// eslint-disable-next-line idempotency/<rule>` above the reported line (merged into an existing one). */
function disableForLine(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const line = diagnostic.range.start.line;
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const previous = line > 0 ? document.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } }).replace(/\r?\n$/, '') : '';
  const existing = /^(\s*\/\/\s*eslint-disable-next-line\s+)([^\n]*?)(\s*(--.*)?)$/.exec(previous);
  let change: TextEdit;
  if (existing && existing[2]!.trim().length > 0) {
    const at = { line: line - 1, character: existing[1]!.length + existing[2]!.length };
    change = { range: { start: at, end: at }, newText: `, ${ruleId}` };
  } else {
    const at = { line, character: 0 };
    change = { range: { start: at, end: at }, newText: `${indent}// eslint-disable-next-line ${ruleId}\n` };
  }
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(document, [change]),
  };
}

/** The quick fixes for one diagnostic, from the ESLint message it came from. */
export function quickFixes(document: TextDocument, diagnostic: Diagnostic, message: Linter.LintMessage): CodeAction[] {
  const actions: CodeAction[] = [];
  if (message.fix) {
    actions.push({
      title: `Fix: ${message.message.split(':')[0]}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(document, [edit(document, message.fix as Fix)]),
    });
  }
  for (const suggestion of message.suggestions ?? []) {
    actions.push({
      title: suggestion.desc,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(document, [edit(document, suggestion.fix as Fix)]),
    });
  }
  if (actions[0]) actions[0].isPreferred = true;
  if (message.ruleId) {
    actions.push(disableForLine(document, diagnostic, message.ruleId));
    const url = ruleDocsUrl(message.ruleId);
    if (url) {
      actions.push({
        title: `Show documentation for ${message.ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${message.ruleId}`, command: COMMANDS.showDocumentation, arguments: [url] },
      });
    }
  }
  return actions;
}

/** `source.fixAll.idempotency`: the whole document as the autofixer leaves it, when that differs. */
export function fixAll(document: TextDocument, fixedText: string | undefined): CodeAction | null {
  if (fixedText === undefined || fixedText === document.getText()) return null;
  const end = document.positionAt(document.getText().length);
  return {
    title: 'Fix all auto-fixable idempotency problems',
    kind: FIX_ALL_KIND,
    edit: workspaceEdit(document, [{ range: { start: { line: 0, character: 0 }, end }, newText: fixedText }]),
  };
}
