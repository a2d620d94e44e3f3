/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Findings are results; parse errors,
 * skipped or unreadable files and rules that threw are tool execution notifications (GitHub shows
 * those as tool diagnostics rather than as alerts in the code).
 */
import { pathToFileURL } from 'node:url';
import type { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import type { NoticeKind } from '../report';
import type { FormatContext, Formatter } from './types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/idempotency-lint/idempotency-lint';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note' | 'none';

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

interface Location {
  physicalLocation: { artifactLocation: ArtifactLocation; region?: Region };
}

interface RuleDocs {
  description?: string;
  url?: string;
  category?: string;
}

function levelOf(severity: number): Level {
  return severity === 2 ? 'error' : 'warning';
}

/** `src/a.ts` relative to %SRCROOT% (the cwd) when inside it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const base = `${pathToFileURL(cwd).href.replace(/\/$/, '')}/`;
  const href = pathToFileURL(file).href;
  if (href.startsWith(base)) return { uri: href.slice(base.length), uriBaseId: SRCROOT };
  return { uri: href };
}

function regionOf(message: Pick<Linter.LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>): Region | undefined {
  if (!(message.line >= 1)) return undefined;
  const region: Region = { startLine: message.line, startColumn: Math.max(1, message.column) };
  if (message.endLine !== undefined && message.endLine >= message.line) {
    region.endLine = message.endLine;
    if (message.endColumn !== undefined) region.endColumn = Math.max(1, message.endColumn);
  }
  return region;
}

function locationOf(file: string, cwd: string, region: Region | undefined): Location {
  return { physicalLocation: { artifactLocation: artifactLocation(file, cwd), ...(region ? { region } : {}) } };
}

function ruleDescriptors(context: FormatContext) {
  return Object.entries(plugin.rules).map(([name, rule]) => {
    const id = `idempotency/${name}`;
    const docs = (rule.meta.docs ?? {}) as RuleDocs;
    const description = docs.description ?? id;
    const severity = context.severities.get(id) ?? 'off';
    return {
      id,
      name,
      shortDescription: { text: description },
      fullDescription: { text: `${description}.` },
      ...(docs.url ? { helpUri: docs.url, help: { text: `${description}. See ${docs.url}` } } : {}),
      defaultConfiguration: { enabled: severity !== 'off', level: severity === 'warn' ? 'warning' : 'error' },
      properties: { tags: ['idempotency', 'reliability', ...(docs.category ? [docs.category] : [])] },
    };
  });
}

export const formatSarif: Formatter = (reports, context) => {
  const rules = ruleDescriptors(context);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  let crashed = false;

  const notify = (file: string, kind: NoticeKind | 'parse-error' | 'eslint-message', severity: number, text: string, region: Region | undefined, ruleId: string | null) => {
    const index = ruleId === null ? undefined : ruleIndex.get(ruleId);
    notifications.push({
      level: levelOf(severity),
      message: { text },
      descriptor: { id: kind },
      locations: [locationOf(file, context.cwd, region)],
      ...(ruleId !== null && index !== undefined ? { associatedRule: { id: ruleId, index } } : {}),
    });
  };

  for (const report of reports) {
    for (const message of report.messages) {
      const index = message.ruleId === null ? undefined : ruleIndex.get(message.ruleId);
      if (message.ruleId === null || index === undefined) {
        // Parse errors, and ESLint's own complaints such as a misspelt rule in a directive comment.
        notify(report.filePath, message.fatal ? 'parse-error' : 'eslint-message', message.severity, message.message, regionOf(message), null);
        continue;
      }
      results.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level: levelOf(message.severity),
        message: { text: message.message },
        locations: [locationOf(report.filePath, context.cwd, regionOf(message))],
      });
    }
    for (const notice of report.notices) {
      if (notice.kind === 'rule-crash') crashed = true;
      const region = notice.line ? { startLine: notice.line, startColumn: 1 } : undefined;
      notify(report.filePath, notice.kind, notice.severity, notice.message, region, notice.ruleId);
    }
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'idempotency-lint',
            informationUri: INFORMATION_URI,
            version: plugin.meta.version,
            semanticVersion: plugin.meta.version,
            rules,
          },
        },
        invocations: [{ executionSuccessful: !crashed, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(context.cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

