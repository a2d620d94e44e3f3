/**
 * Files that cannot be linted (syntax error, binary, too large, unreadable) are reported for that file
 * and the other files are still linted.
 */
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, findings, parseJson, requireBuiltCli, runCli, useTempDir } from './helpers';
import { sarifProblems } from './sarif-shape';

requireBuiltCli();
const tempDir = useTempDir();

const STILL_LINTED = ['still-linted.ts: idempotency/no-increment-write@12', 'still-linted.ts: idempotency/require-dedup-check@10'];

interface Notification {
  level: string;
  message: { text: string };
  descriptor: { id: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
}

describe('bad input', () => {
  let broken = '';
  let server: net.Server | undefined;
  beforeAll(async () => {
    broken = copyFixture('broken', tempDir());
    // Over the 2 MB limit: a generated bundle.
    writeFileSync(path.join(broken, 'huge.js'), `// generated\n${'module.exports.counter += 1;\n'.repeat(80_000)}`);
    // A path that exists but cannot be read as a file: a socket (works even when the tests run as root).
    if (process.platform !== 'win32') {
      const socket = path.join(broken, 'unreadable.ts');
      server = net.createServer();
      await new Promise<void>((resolve) => server!.listen(socket, resolve));
    }
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('json: a parse error is a fatal error with ruleId null, skipped files are warnings, the rest is linted', async () => {
    const result = await runCli(['-f', 'json', '.'], { cwd: broken });
    expect(result.code).toBe(1);
    const results = parseJson(result.stdout);
    expect(findings(results.filter((r) => r.filePath.endsWith('still-linted.ts')), broken)).toEqual(STILL_LINTED);
    const byName = new Map(results.map((r) => [path.basename(r.filePath), r]));

    const syntax = byName.get('syntax-error.ts')!;
    expect(syntax).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
    expect(syntax.messages[0]).toMatchObject({ ruleId: null, severity: 2, fatal: true, line: 8 });
    expect(syntax.messages[0]!.message).toMatch(/^Parsing error: /);

    expect(byName.get('binary.js')!.messages).toEqual([
      expect.objectContaining({ ruleId: null, severity: 1, message: expect.stringMatching(/File skipped: binary file/) }),
    ]);
    expect(byName.get('huge.js')!.messages).toEqual([
      expect.objectContaining({ ruleId: null, severity: 1, message: expect.stringMatching(/File skipped: larger than 2 MB/) }),
    ]);
  });

  it.skipIf(process.platform === 'win32')('reports an unreadable explicit file as an error and lints the others', async () => {
    const result = await runCli(['-f', 'json', 'unreadable.ts', 'still-linted.ts'], { cwd: broken });
    expect(result.code).toBe(1);
    const [unreadable, linted] = parseJson(result.stdout);
    expect(unreadable!.messages).toEqual([
      expect.objectContaining({ ruleId: null, severity: 2, fatal: true, message: expect.stringMatching(/^Could not read file: /) }),
    ]);
    expect(findings([linted!], broken)).toEqual(STILL_LINTED);
  });

  it('stylish: the parse error is listed with the findings, skipped files are reported on stderr', async () => {
    const result = await runCli(['syntax-error.ts', 'binary.js', 'huge.js', 'still-linted.ts'], { cwd: broken });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^syntax-error\.ts\n {2}8:\d+ {2}error {2}Parsing error: .+$/m);
    expect(result.stdout).toContain('idempotency/no-increment-write');
    expect(result.stdout).toContain('\u2716 3 problems (3 errors, 0 warnings)');
    expect(result.stderr.trimEnd().split('\n').sort()).toEqual([
      expect.stringMatching(/^idempotency-lint: binary\.js: warning: File skipped: binary file \(NUL byte in the first 8 KB\)\.$/),
      expect.stringMatching(/^idempotency-lint: huge\.js: warning: File skipped: larger than 2 MB \(\d+ bytes\)\.$/),
    ]);
  });

  it('only skipped files: warnings, exit code 0', async () => {
    const result = await runCli(['binary.js', 'huge.js'], { cwd: broken });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('binary.js: warning');
  });

  it('sarif: parse errors and skipped files are tool execution notifications, not results', async () => {
    const result = await runCli(['-f', 'sarif', 'syntax-error.ts', 'binary.js', 'still-linted.ts'], { cwd: broken });
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as {
      runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[] }[];
    };
    expect(sarifProblems(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.results.map((r) => r.ruleId).sort()).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    const notifications = run.invocations[0]!.toolExecutionNotifications;
    expect(notifications.map((n) => [n.descriptor.id, n.level, n.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['parse-error', 'error', 'syntax-error.ts'],
      ['skipped', 'warning', 'binary.js'],
    ]);
    expect(notifications[0]!.locations[0]!.physicalLocation.region?.startLine).toBe(8);
  });
});
