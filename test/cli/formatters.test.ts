/** The formatters in-process, on reports the fixtures cannot produce (a rule that threw, odd paths). */
import { describe, expect, it } from 'vitest';
import { formatJson } from '../../cli/src/formatters/json';
import { formatSarif } from '../../cli/src/formatters/sarif';
import { formatNotices, formatStylish } from '../../cli/src/formatters/stylish';
import type { FormatContext } from '../../cli/src/formatters/types';
import type { FileReport } from '../../cli/src/report';
import { sarifProblems } from './sarif-shape';

const context: FormatContext = {
  cwd: '/repo',
  color: false,
  severities: new Map([
    ['idempotency/no-increment-write', 'error'],
    ['idempotency/require-dedup-check', 'error'],
    ['idempotency/no-ack-before-process', 'error'],
  ]),
};

const crashed: FileReport = {
  filePath: '/repo/src/my consumer.ts',
  messages: [{ ruleId: 'idempotency/require-dedup-check', severity: 2, message: 'Missing dedup.', line: 3, column: 5, endLine: 3, endColumn: 9 }],
  notices: [{ kind: 'rule-crash', severity: 2, ruleId: 'idempotency/no-increment-write', message: 'Rule idempotency/no-increment-write failed', line: 7 }],
};
const outside: FileReport = {
  filePath: '/elsewhere/lib.js',
  messages: [{ ruleId: 'idempotency/no-increment-write', severity: 1, message: 'Relative write.', line: 1, column: 1 }],
  notices: [],
};

describe('sarif', () => {
  const log = JSON.parse(formatSarif([crashed, outside], context)) as {
    runs: {
      results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
      invocations: { executionSuccessful: boolean; toolExecutionNotifications: { descriptor: { id: string }; associatedRule?: { id: string; index: number } }[] }[];
    }[];
  };
  const run = log.runs[0]!;

  it('stays valid with a crash notification, an encoded path and a file outside the source root', () => {
    expect(sarifProblems(log)).toEqual([]);
    expect(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation)).toEqual([
      { uri: 'src/my%20consumer.ts', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///elsewhere/lib.js' },
    ]);
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning']);
  });

  it('marks the run unsuccessful and names the rule that threw', () => {
    expect(run.invocations[0]!.executionSuccessful).toBe(false);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ descriptor: { id: 'rule-crash' }, associatedRule: { id: 'idempotency/no-increment-write', index: 0 } }),
    ]);
  });
});

describe('json', () => {
  it('adds notices as ESLint-shaped messages and counts them', () => {
    const [result] = JSON.parse(formatJson([crashed], context)) as { messages: { ruleId: string | null; fatal?: boolean; line: number }[]; errorCount: number; fatalErrorCount: number }[];
    expect(result!.messages.map((m) => [m.ruleId, m.fatal ?? false, m.line])).toEqual([
      ['idempotency/require-dedup-check', false, 3],
      ['idempotency/no-increment-write', true, 7],
    ]);
    expect(result).toMatchObject({ errorCount: 2, fatalErrorCount: 1 });
  });
});

describe('stylish', () => {
  it('prints nothing when there is nothing to say', () => {
    expect(formatStylish([{ filePath: '/repo/a.ts', messages: [], notices: [] }], context)).toBe('');
  });

  it('puts notices on their own stderr lines with the file and line', () => {
    expect(formatNotices([crashed], context)).toBe(
      'idempotency-lint: src/my consumer.ts:7: error: Rule idempotency/no-increment-write failed\n',
    );
    expect(formatStylish([crashed], context)).toContain('1 file not fully linted (see stderr).');
  });
});
