/** stylish, json and sarif output, and -o. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES, findings, parseJson, requireBuiltCli, runCli, useTempDir } from './helpers';
import { sarifProblems } from './sarif-shape';

requireBuiltCli();
const tempDir = useTempDir();

const INVENTORY = 'project/src/consumers/inventory-consumer.ts';
const WEBHOOKS = 'project/src/consumers/webhook-worker.js';
const EXPECTED = [
  `${INVENTORY}: idempotency/no-increment-write@20`,
  `${INVENTORY}: idempotency/require-dedup-check@17`,
  `${WEBHOOKS}: idempotency/no-ack-before-process@12`,
  `${WEBHOOKS}: idempotency/require-dedup-check@9`,
];

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
}
interface SarifRule {
  id: string;
  helpUri: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: string; enabled: boolean };
}
interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  results: SarifResult[];
  invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; descriptor: { id: string } }[] }[];
  originalUriBaseIds: Record<string, { uri: string }>;
}

describe('--format json', () => {
  it('is ESLint-shaped, with every linted file, rule ids and lines', async () => {
    const result = await runCli(['--format', 'json', 'project']);
    expect(result.code).toBe(1);
    const results = parseJson(result.stdout);
    expect(findings(results, FIXTURES)).toEqual(EXPECTED.sort());
    expect(results.map((r) => path.relative(FIXTURES, r.filePath).split(path.sep).join('/')).sort()).toEqual([
      'project/src/consumers/inventory-consumer.ts',
      'project/src/consumers/order-events.ts',
      'project/src/consumers/payments-consumer.ts',
      'project/src/consumers/webhook-worker.js',
      'project/src/lib/bus.ts',
      'project/src/lib/price.mjs',
      'project/src/lib/redis.ts',
    ]);
    for (const r of results) {
      expect(path.isAbsolute(r.filePath)).toBe(true);
      expect(r).toMatchObject({ fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 });
      expect(r.errorCount).toBe(r.messages.length);
      expect(r).not.toHaveProperty('source');
    }
    const increment = results.flatMap((r) => r.messages).find((m) => m.ruleId === 'idempotency/no-increment-write')!;
    expect(increment).toMatchObject({ severity: 2, line: 20, column: 45, endLine: 20 });
    expect(increment.message).toContain('UPDATE products SET n = n + $1');
    for (const suggestion of increment.suggestions ?? []) expect(typeof suggestion.desc).toBe('string');
  });
});

describe('--format sarif', () => {
  it('is structurally valid SARIF 2.1.0 with a descriptor per rule and a result per finding', async () => {
    const result = await runCli(['--format', 'sarif', 'project']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as { runs: SarifRun[] };
    expect(sarifProblems(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('idempotency-lint');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => r.id).sort()).toEqual([
      'idempotency/no-ack-after-failure',
      'idempotency/no-ack-before-process',
      'idempotency/no-increment-write',
      'idempotency/require-dedup-check',
    ]);
    for (const rule of rules) {
      expect(rule.helpUri).toMatch(new RegExp(`^https://.*/${rule.id.replace('idempotency/', '')}\\.md$`));
      expect(rule.shortDescription.text.length).toBeGreaterThan(20);
      // no-ack-after-failure is a warning in the recommended config (at-most-once on failure is often deliberate).
      expect(rule.defaultConfiguration).toEqual({ enabled: true, level: rule.id === 'idempotency/no-ack-after-failure' ? 'warning' : 'error' });
    }
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`${pathToFileURL(FIXTURES).href}/`);
    const found = run.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.level).toBe('error');
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      return `${artifactLocation.uri}: ${r.ruleId}@${region.startLine}`;
    });
    expect(found.sort()).toEqual(EXPECTED.sort());
    expect(run.invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
  });

  it('reflects --config severity overrides in the rule descriptors and result levels', async () => {
    const result = await runCli(['--format', 'sarif', '--config', 'config/warn-increments.json', INVENTORY]);
    expect(result.code).toBe(0);
    const run = (JSON.parse(result.stdout) as { runs: SarifRun[] }).runs[0]!;
    const byId = new Map(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration]));
    expect(byId.get('idempotency/no-increment-write')).toEqual({ enabled: true, level: 'warning' });
    expect(byId.get('idempotency/require-dedup-check')).toMatchObject({ enabled: false });
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([['idempotency/no-increment-write', 'warning']]);
  });
});

describe('--format stylish (default)', () => {
  it('lists each file with line:col, severity, message and rule id, then a summary', async () => {
    const result = await runCli(['project']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(/\u001b\[/);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(INVENTORY.split('/').join(path.sep));
    expect(result.stdout).toMatch(/^ {2}20:45 {2}error {2}`UPDATE products SET n = n \+ \$1` is a relative write.* {2}idempotency\/no-increment-write$/m);
    expect(result.stdout).toMatch(/^ {2}12:5 {2}error {2}`channel\.ack\(msg\)` settles the message before .* {2}idempotency\/no-ack-before-process$/m);
    expect(result.stdout).toMatch(/^ {2}17:18 {2}error .*idempotency\/require-dedup-check$/m);
    expect(result.stdout).toContain('\u2716 4 problems (4 errors, 0 warnings)');
    expect(result.stdout).not.toContain('payments-consumer');
  });

  it('uses no colour when stdout is not a TTY, even without NO_COLOR', async () => {
    const result = await runCli([INVENTORY], { env: { NO_COLOR: '' } });
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });
});

describe('--output-file', () => {
  it('writes the report to the file (creating its directory) and nothing to stdout', async () => {
    const file = path.join(tempDir(), 'reports', 'idempotency.sarif');
    const result = await runCli(['-f', 'sarif', '-o', file, INVENTORY]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(sarifProblems(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('is a usage error (2) when the file cannot be written', async () => {
    const result = await runCli(['-o', path.join(FIXTURES, 'project/src/lib/bus.ts', 'report.txt'), INVENTORY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^idempotency-lint: cannot write --output-file .*report\.txt: /);
  });
});
