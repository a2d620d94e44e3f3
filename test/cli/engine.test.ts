/**
 * The shared engine (engine/src/lint-file.ts) in-process: what the CLI cannot show from outside —
 * a rule that throws, autofix output, the config cache — plus the embedded config's edge cases.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Linter, Rule } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCrash, engineFor, LintEngine, lintFile, lintText, MAX_FILE_BYTES } from '../../engine/src/lint-file';

const dir = mkdtempSync(path.join(os.tmpdir(), 'idempotency-lint-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KAFKA_INCREMENT = `
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    await pool.query('UPDATE products SET n = n + $1 WHERE id = $2', [1, message.key]);
  },
});
`;

/** A plugin of test rules: one throws on identifiers named `boom`, one reports `var`, one fixes `var`. */
function testEngine(): LintEngine {
  const boom: Rule.RuleModule = {
    meta: { type: 'problem', schema: [] },
    create: (context) => ({
      Identifier(node) {
        if (node.name === 'boom') throw new TypeError(`cannot handle ${node.name}`);
        void context;
      },
    }),
  };
  const noVar: Rule.RuleModule = {
    meta: { type: 'suggestion', fixable: 'code', schema: [] },
    create: (context) => ({
      VariableDeclaration(node) {
        if (node.kind !== 'var') return;
        context.report({ node, message: 'Use let.', fix: (fixer) => fixer.replaceTextRange([node.range![0], node.range![0] + 3], 'let') });
      },
    }),
  };
  const config: Linter.Config[] = [
    {
      files: ['**/*.js'],
      plugins: { idempotency: { rules: { boom, 'no-var': noVar } } },
      rules: { 'idempotency/boom': 'error', 'idempotency/no-var': 'warn' },
    },
  ];
  return new LintEngine(config);
}

describe('lintText', () => {
  it('reports with the embedded recommended config', () => {
    const outcome = lintText(KAFKA_INCREMENT, path.join(dir, 'consumer.ts'));
    expect(outcome.messages.map((m) => m.ruleId)).toContain('idempotency/no-increment-write');
    expect(outcome.fatal).toBeUndefined();
  });

  it('builds one engine per distinct options and reuses it', () => {
    const options = { settings: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } };
    expect(engineFor(options)).toBe(engineFor({ settings: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } }));
    expect(engineFor(options)).not.toBe(engineFor({}));
  });

  it('returns a parse error as `fatal` and ESLint fatal message, without throwing', () => {
    const outcome = lintText('const = ;', path.join(dir, 'bad.ts'));
    expect(outcome.fatal).toMatch(/^Parsing error: /);
    expect(outcome.messages).toEqual([expect.objectContaining({ fatal: true, ruleId: null, severity: 2 })]);
  });

  it('skips binary and oversized text with a reason', () => {
    expect(lintText('abc\0def', 'x.js')).toEqual({ messages: [], skipped: expect.stringMatching(/^binary file/) });
    expect(lintText(' '.repeat(MAX_FILE_BYTES + 1), 'x.js')).toEqual({ messages: [], skipped: expect.stringMatching(/^larger than 2 MB/) });
  });

  it('ignores directives that name other plugins’ rules, and does not run core rules turned on inline', () => {
    const text = `/* eslint no-console: "error" */\n// eslint-disable-next-line @typescript-eslint/no-explicit-any\nconst a: any = 1;\nconsole.log(a);\n${KAFKA_INCREMENT}`;
    const outcome = lintText(text, path.join(dir, 'directives.ts'));
    expect(outcome.messages.map((m) => m.ruleId).sort()).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
  });

  it('still honours eslint-disable comments for our rules', () => {
    const text = KAFKA_INCREMENT.replace('    await pool.query', '    // eslint-disable-next-line idempotency/no-increment-write\n    await pool.query');
    const outcome = lintText(text, path.join(dir, 'disabled.ts'));
    expect(outcome.messages.map((m) => m.ruleId)).toEqual(['idempotency/require-dedup-check']);
  });

  it('lints any extension and files under node_modules when asked', () => {
    for (const name of ['consumer', 'consumer.es6', 'node_modules/pkg/consumer.js']) {
      const outcome = lintText(KAFKA_INCREMENT, path.join(dir, name));
      expect(outcome.messages.map((m) => m.ruleId), name).toContain('idempotency/no-increment-write');
    }
  });

  it('lints CommonJS consumers in .cjs files', () => {
    const text = KAFKA_INCREMENT.replace("import { Kafka } from 'kafkajs';", "const { Kafka } = require('kafkajs');")
      .replace("import { Pool } from 'pg';", "const { Pool } = require('pg');")
      .replace('await consumer.run(', 'consumer.run(');
    const outcome = lintText(text, path.join(dir, 'consumer.cjs'));
    expect(outcome.fatal).toBeUndefined();
    expect(outcome.messages.map((m) => m.ruleId)).toContain('idempotency/no-increment-write');
  });
});

describe('a rule that throws', () => {
  it('is reported with its rule id and line; the other rules still report', () => {
    const outcome = testEngine().lintText('var a = 1;\nconst boom = 2;\n', path.join(dir, 'crash.js'));
    expect(outcome.crashes).toEqual([{ ruleId: 'idempotency/boom', message: 'TypeError: cannot handle boom', line: 2 }]);
    expect(outcome.messages.map((m) => m.ruleId)).toEqual(['idempotency/no-var']);
  });

  it('is described from ESLint’s error text when the error carries no ruleId', () => {
    const error = new Error('cannot read x\nOccurred while linting /a/b.ts:12\nRule: "idempotency/no-increment-write"');
    expect(describeCrash(error)).toEqual({ ruleId: 'idempotency/no-increment-write', message: 'cannot read x', line: 12 });
    expect(describeCrash('weird')).toEqual({ ruleId: null, message: 'weird' });
  });
});

describe('fix', () => {
  it('returns the fixed text only when autofixes changed it', () => {
    const engine = testEngine();
    const fixed = engine.lintText('var a = 1;\n', path.join(dir, 'fix.js'), { fix: true });
    expect(fixed.output).toBe('let a = 1;\n');
    expect(fixed.messages).toEqual([]);
    const unchanged = engine.lintText('let a = 1;\n', path.join(dir, 'fix.js'), { fix: true });
    expect(unchanged).toEqual({ messages: [] });
  });

  it('never applies suggestions', () => {
    const outcome = lintText(KAFKA_INCREMENT, path.join(dir, 'consumer.ts'), {}, { fix: true });
    expect(outcome.output).toBeUndefined();
    expect(outcome.messages.length).toBeGreaterThan(0);
  });
});

describe('lintFile', () => {
  it('reads the file, and reports an unreadable one without throwing', () => {
    const file = path.join(dir, 'on-disk.ts');
    writeFileSync(file, KAFKA_INCREMENT);
    expect(lintFile(file).messages.map((m) => m.ruleId)).toContain('idempotency/no-increment-write');
    expect(lintFile(path.join(dir, 'missing.ts'))).toEqual({ messages: [], fatal: expect.stringMatching(/^Could not read file: ENOENT/) });
    expect(lintFile(dir)).toEqual({ messages: [], fatal: expect.stringMatching(/^Could not read file: EISDIR/) });
  });

  it('checks size before reading and sniffs binary content', () => {
    const big = path.join(dir, 'big.js');
    writeFileSync(big, Buffer.alloc(MAX_FILE_BYTES + 10, 0x20));
    expect(lintFile(big).skipped).toMatch(/^larger than 2 MB/);
    const binary = path.join(dir, 'binary.js');
    writeFileSync(binary, Buffer.from([0x63, 0x6f, 0x00, 0x01]));
    expect(lintFile(binary).skipped).toMatch(/^binary file/);
  });
});
