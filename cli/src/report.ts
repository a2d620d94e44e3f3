/** What the formatters print: per file, ESLint's messages plus the tool's own notices about the file. */
import path from 'node:path';
import type { Linter } from 'eslint';
import type { LintOutcome } from '../../engine/src/lint-file';

export type NoticeKind = 'skipped' | 'ignored-file' | 'read-error' | 'rule-crash' | 'write-error' | 'unreadable-directory';

/** Something about the run rather than the code: the file was skipped, unreadable, or a rule threw. */
export interface Notice {
  kind: NoticeKind;
  severity: 1 | 2;
  message: string;
  /** The rule concerned (a crash), else null. */
  ruleId: string | null;
  line?: number;
}

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  /** ESLint's messages: findings, and a fatal parse error for text that does not parse. */
  messages: Linter.LintMessage[];
  notices: Notice[];
}

export interface Totals {
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function reportFor(filePath: string, outcome: LintOutcome): FileReport {
  const notices: Notice[] = [];
  if (outcome.skipped) notices.push({ kind: 'skipped', severity: 1, ruleId: null, message: `File skipped: ${outcome.skipped}.` });
  // A parse error is already one of ESLint's messages; a read error is not.
  if (outcome.fatal && !outcome.messages.some((m) => m.fatal)) {
    notices.push({ kind: 'read-error', severity: 2, ruleId: null, message: outcome.fatal });
  }
  for (const crash of outcome.crashes ?? []) {
    const notice: Notice = {
      kind: 'rule-crash',
      severity: 2,
      ruleId: crash.ruleId,
      message: `${crash.ruleId ? `Rule ${crash.ruleId}` : 'A rule'} failed on this file (its findings here are missing): ${crash.message}`,
    };
    if (crash.line !== undefined) notice.line = crash.line;
    notices.push(notice);
  }
  return { filePath, messages: outcome.messages, notices };
}

/** ESLint-shaped message for a notice (JSON output). */
export function noticeAsMessage(notice: Notice): Linter.LintMessage {
  const message: Linter.LintMessage = {
    ruleId: notice.ruleId,
    severity: notice.severity,
    message: notice.message,
    line: notice.line ?? 0,
    column: 0,
  };
  if (notice.severity === 2) message.fatal = true;
  return message;
}

export function allMessages(report: FileReport): Linter.LintMessage[] {
  return [...report.messages, ...report.notices.map(noticeAsMessage)];
}

export function totals(messages: readonly Linter.LintMessage[]): Totals {
  const t: Totals = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const message of messages) {
    if (message.severity === 2) {
      t.errorCount++;
      if (message.fatal) t.fatalErrorCount++;
      if (message.fix) t.fixableErrorCount++;
    } else {
      t.warningCount++;
      if (message.fix) t.fixableWarningCount++;
    }
  }
  return t;
}

export function sumTotals(reports: readonly FileReport[]): Totals {
  const sum = totals([]);
  for (const report of reports) {
    const t = totals(allMessages(report));
    for (const key of Object.keys(sum) as (keyof Totals)[]) sum[key] += t[key];
  }
  return sum;
}

/** Errors only (`--quiet`). */
export function onlyErrors(report: FileReport): FileReport {
  return {
    filePath: report.filePath,
    messages: report.messages.filter((m) => m.severity === 2),
    notices: report.notices.filter((n) => n.severity === 2),
  };
}

/** Relative to cwd when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return relative && !outside ? relative : file;
}
