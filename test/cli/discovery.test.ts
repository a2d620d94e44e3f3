/** Which files get linted: the default directory, skipped folders, symlinks, explicit files. */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, findings, parseJson, plantSkippedDirectories, requireBuiltCli, runCli, useTempDir } from './helpers';

requireBuiltCli();
const tempDir = useTempDir();

const PROJECT_FINDINGS = [
  'src/consumers/inventory-consumer.ts: idempotency/no-increment-write@20',
  'src/consumers/inventory-consumer.ts: idempotency/require-dedup-check@17',
  'src/consumers/webhook-worker.js: idempotency/no-ack-before-process@12',
  'src/consumers/webhook-worker.js: idempotency/require-dedup-check@9',
];

describe('file discovery', () => {
  let project = '';
  let planted: string[] = [];
  beforeAll(() => {
    project = copyFixture('project', tempDir());
    planted = plantSkippedDirectories(project);
  });

  it('lints the current directory by default and skips node_modules, dist, build and .git', async () => {
    const result = await runCli(['-f', 'json'], { cwd: project });
    expect(result.code).toBe(1);
    const results = parseJson(result.stdout);
    expect(findings(results, project)).toEqual(PROJECT_FINDINGS);
    expect(results.map((r) => r.filePath).filter((f) => planted.includes(f))).toEqual([]);
    // The extensionless script under bin/ is not picked up by the walk.
    expect(results.some((r) => r.filePath.includes(`${path.sep}bin${path.sep}`))).toBe(false);
  });

  it('lints files named explicitly, even inside a skipped folder', async () => {
    const result = await runCli(['-f', 'json', planted[0]!], { cwd: project });
    expect(result.code).toBe(1);
    expect(findings(parseJson(result.stdout), project)).toEqual([
      'node_modules/legacy-consumer/index.js: idempotency/no-increment-write@10',
      'node_modules/legacy-consumer/index.js: idempotency/require-dedup-check@9',
    ]);
  });

  it('lints an explicit directory named like a skipped one', async () => {
    const result = await runCli(['-f', 'json', 'dist'], { cwd: project });
    expect(findings(parseJson(result.stdout), project)).toEqual([
      'dist/index.js: idempotency/no-increment-write@10',
      'dist/index.js: idempotency/require-dedup-check@9',
    ]);
  });

  it('lints an explicit file whatever its extension', async () => {
    const result = await runCli(['-f', 'json', 'bin/drain-refunds'], { cwd: project });
    expect(result.code).toBe(1);
    expect(findings(parseJson(result.stdout), project)).toEqual([
      'bin/drain-refunds: idempotency/no-increment-write@12',
      'bin/drain-refunds: idempotency/require-dedup-check@10',
    ]);
  });

  it('lints each file once when paths overlap', async () => {
    const result = await runCli(['-f', 'json', 'src', 'src/consumers', 'src/consumers/inventory-consumer.ts'], { cwd: project });
    expect(findings(parseJson(result.stdout), project)).toEqual(PROJECT_FINDINGS);
  });

  it('follows a symlinked directory once and does not loop on a link back to a parent', async () => {
    const root = path.join(tempDir(), 'links');
    mkdirSync(path.join(root, 'app'), { recursive: true });
    symlinkSync(path.join(project, 'src', 'consumers'), path.join(root, 'app', 'consumers'), 'dir');
    symlinkSync(root, path.join(root, 'app', 'loop'), 'dir');
    symlinkSync(path.join(root, 'missing'), path.join(root, 'app', 'dangling.ts'));
    const result = await runCli(['-f', 'json', '.'], { cwd: root });
    expect(result.code).toBe(1);
    expect(findings(parseJson(result.stdout), root)).toEqual(
      PROJECT_FINDINGS.map((f) => f.replace('src/consumers/', 'app/consumers/')),
    );
  });

  it('says so on stderr when there is nothing to lint', async () => {
    const empty = path.join(tempDir(), 'empty');
    mkdirSync(path.join(empty, 'docs'), { recursive: true });
    const result = await runCli([], { cwd: empty });
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('no JavaScript or TypeScript files found');
  });
});
