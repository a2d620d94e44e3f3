/** --fix applies only autofixes: our rules offer suggestions, which must never be written. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURES, findings, parseJson, requireBuiltCli, runCli, useTempDir } from './helpers';

requireBuiltCli();
const tempDir = useTempDir();

function snapshot(dir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const files = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs });
  }
  return files;
}

describe('--fix', () => {
  let project = '';
  beforeAll(() => {
    project = copyFixture('project', tempDir());
  });

  it('leaves files with only suggestions byte-for-byte unchanged (not even rewritten) and still reports', async () => {
    const before = snapshot(project);
    const config = path.join(FIXTURES, 'config/bus-consumers.json');
    const result = await runCli(['--fix', '-f', 'json', '--config', config, '.'], { cwd: project });
    expect(result.code).toBe(1);
    const results = parseJson(result.stdout);
    expect(findings(results, project)).toContain('src/consumers/inventory-consumer.ts: idempotency/no-increment-write@20');
    expect(findings(results, project)).toContain('src/consumers/order-events.ts: idempotency/no-increment-write@6');
    const messages = results.flatMap((r) => r.messages);
    expect(messages.some((m) => (m.suggestions ?? []).length > 0), 'the fixtures should offer suggestions').toBe(true);
    for (const message of messages) expect(message.fix).toBeUndefined();
    const after = snapshot(project);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, { bytes, mtimeMs }] of before) {
      expect(after.get(file)!.bytes.equals(bytes), `${file} changed`).toBe(true);
      expect(after.get(file)!.mtimeMs, `${file} rewritten`).toBe(mtimeMs);
    }
  });
});
