/**
 * The built package as users meet it: `require` and `import` give the plugin, ESLint (10 and 9)
 * loads it from an eslint.config.mjs and reports the same findings, and invalid settings fail with a
 * message that names the setting.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/labels';

const built = path.join(REPO_ROOT, 'rules/dist/index.js');

function node(args: string[], cwd = REPO_ROOT): string {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8' });
}

const CONSUMER = `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
new Kafka({ brokers: [] }).consumer({ groupId: 'g' }).run({
  eachMessage: async ({ message }) => {
    await pool.query('UPDATE products SET n = n + 1 WHERE id = $1', [String(message.key)]);
  },
});
`;

describe('eslint-plugin-idempotency package', () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error('rules/dist is missing: run `npm run build` first');
  });

  it('require() gives the plugin with meta, rules and configs', () => {
    const out = JSON.parse(
      node(['-e', "const p = require('eslint-plugin-idempotency'); console.log(JSON.stringify({ meta: p.meta, rules: Object.keys(p.rules), configs: Object.keys(p.configs), recommended: p.configs.recommended.rules }))"]),
    );
    expect(out.meta).toEqual({ name: 'eslint-plugin-idempotency', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(out.rules).toEqual(expect.arrayContaining(['no-increment-write', 'require-dedup-check', 'no-ack-before-process']));
    expect(out.configs).toEqual(expect.arrayContaining(['recommended', 'all']));
    expect(out.recommended).toMatchObject({
      'idempotency/no-increment-write': 'error',
      'idempotency/require-dedup-check': 'error',
      'idempotency/no-ack-before-process': 'error',
    });
  });

  it('import gives the same plugin as its default export', () => {
    const out = node(['--input-type=module', '-e', "import plugin from 'eslint-plugin-idempotency'; import { createRequire } from 'node:module'; const req = createRequire(process.cwd() + '/'); console.log(plugin === req('eslint-plugin-idempotency') && typeof plugin.rules['no-increment-write'].create === 'function')"]);
    expect(out.trim()).toBe('true');
  });

  for (const eslint of ['eslint', 'eslint9']) {
    it(`${eslint} loads it from an eslint.config.mjs with the typescript-eslint parser`, () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'idempotency-eslint-'));
      writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
      writeFileSync(
        path.join(dir, 'eslint.config.mjs'),
        `import idempotency from 'eslint-plugin-idempotency';
import tsParser from '@typescript-eslint/parser';
export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, idempotency.configs.recommended];
`,
      );
      const script = `
const { ESLint } = require(${JSON.stringify(eslint)});
const eslint = new ESLint({ cwd: ${JSON.stringify(dir)} });
eslint.lintFiles(['consumer.ts']).then((results) => {
  console.log(JSON.stringify(results[0].messages.map((m) => ({ ruleId: m.ruleId, line: m.line }))));
}, (error) => { console.error(error.message); process.exit(1); });`;
      // The config's imports resolve through a node_modules link to the repository's installation.
      symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const out = execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual([
        { ruleId: 'idempotency/require-dedup-check', line: 5 },
        { ruleId: 'idempotency/no-increment-write', line: 6 },
      ]);
    });
  }

  it('works under ESLint --concurrency worker threads: cross-file findings are the same as in one thread', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'idempotency-concurrency-'));
    const files: Record<string, string> = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'eslint.config.mjs': `import idempotency from 'eslint-plugin-idempotency';
import tsParser from '@typescript-eslint/parser';
export default [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, idempotency.configs.recommended];
`,
      'src/ledger.ts': `import { Pool } from 'pg';
const pool = new Pool();
export async function credit(accountId: string, amount: number): Promise<void> {
  await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, accountId]);
}
`,
    };
    // Enough consumer files that ESLint spreads them over its worker threads.
    for (let i = 0; i < 12; i++) {
      files[`src/consumers/c${i}.ts`] = `import { Kafka } from 'kafkajs';
import { credit } from '../ledger';
new Kafka({ brokers: [] }).consumer({ groupId: 'g${i}' }).run({
  eachMessage: async ({ message }) => {
    const { accountId, amount } = JSON.parse(String(message.value));
    await credit(accountId, amount);
  },
});
`;
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const eslintBin = path.join(REPO_ROOT, 'node_modules/eslint/bin/eslint.js');
    const run = (concurrency: string): string[] => {
      let out = '';
      try {
        out = execFileSync(process.execPath, [eslintBin, '--concurrency', concurrency, '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
      } catch (error) {
        // Findings make ESLint exit with 1; its JSON report is on stdout all the same.
        out = (error as { stdout: string }).stdout;
      }
      const results = JSON.parse(out) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
      return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId} ${m.message.includes('src/ledger.ts:4') ? 'names ledger.ts:4' : ''}`)).sort();
    };
    const single = run('off');
    const threaded = run('2');
    expect(single.filter((f) => f.includes('no-increment-write') && f.includes('names ledger.ts:4'))).toHaveLength(12);
    expect(threaded).toEqual(single);
  });
});

