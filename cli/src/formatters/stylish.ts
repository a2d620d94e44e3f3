/**
 * ESLint's `stylish` look: the file, then `line:col  severity  message  rule` rows, then a summary.
 * Notices (skipped or unreadable files, rules that threw) go to stderr via `formatNotices`.
 */
import { displayPath, sumTotals, type FileReport } from '../report';
import type { FormatContext, Formatter } from './types';

interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const formatStylish: Formatter = (reports, context) => {
  const c = palette(context.color);
  let output = '';
  let problems = 0;
  for (const report of reports) {
    if (report.messages.length === 0) continue;
    problems += report.messages.length;
    const rows = report.messages.map((m) => ({
      position: `${m.line}:${m.column}`,
      severity: m.severity === 2 ? 'error' : 'warning',
      message: m.message.replace(/\s*\n\s*/g, ' ').replace(/([^ ])\.$/, '$1'),
      ruleId: m.ruleId ?? '',
    }));
    const width = (key: 'position' | 'severity' | 'message') => Math.max(...rows.map((row) => row[key].length));
    const [positionWidth, severityWidth, messageWidth] = [width('position'), width('severity'), width('message')];
    output += `\n${c.underline(displayPath(report.filePath, context.cwd))}\n`;
    const pad = (text: string, size: number) => ' '.repeat(size - text.length);
    for (const row of rows) {
      const severity = row.severity === 'error' ? c.red(row.severity) : c.yellow(row.severity);
      const message = row.ruleId ? `${row.message}${pad(row.message, messageWidth)}  ${c.dim(row.ruleId)}` : row.message;
      output += `  ${c.dim(row.position)}${pad(row.position, positionWidth)}  ${severity}${pad(row.severity, severityWidth)}  ${message}\n`;
    }
  }
  const notices = reports.reduce((n, report) => n + report.notices.length, 0);
  if (problems === 0 && notices === 0) return '';
  const t = sumTotals(reports.map((report) => ({ ...report, notices: [] })));
  if (problems > 0) {
    const paint = t.errorCount > 0 ? c.red : c.yellow;
    output += `\n${paint(c.bold(`\u2716 ${plural(problems, 'problem')} (${plural(t.errorCount, 'error')}, ${plural(t.warningCount, 'warning')})`))}\n`;
    if (t.fixableErrorCount > 0 || t.fixableWarningCount > 0) {
      output += paint(
        c.bold(`  ${plural(t.fixableErrorCount, 'error')} and ${plural(t.fixableWarningCount, 'warning')} potentially fixable with the \`--fix\` option.`),
      );
      output += '\n';
    }
  }
  const withNotices = reports.filter((report) => report.notices.length > 0).length;
  if (withNotices > 0) output += `${problems > 0 ? '' : '\n'}  ${plural(withNotices, 'file')} not fully linted (see stderr).\n`;
  return `${output}\n`;
};

/** One stderr line per notice: `idempotency-lint: path[:line]: error|warning: message`. */
export function formatNotices(reports: readonly FileReport[], context: Pick<FormatContext, 'cwd'>): string {
  let output = '';
  for (const report of reports) {
    for (const notice of report.notices) {
      const where = `${displayPath(report.filePath, context.cwd)}${notice.line ? `:${notice.line}` : ''}`;
      output += `idempotency-lint: ${where}: ${notice.severity === 2 ? 'error' : 'warning'}: ${notice.message}\n`;
    }
  }
  return output;
}
