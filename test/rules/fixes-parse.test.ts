/**
 * Every fix and suggestion the rules produce — on every RuleTester case and every example file —
 * yields code that parses (with the typescript-eslint parser, and with espree for JavaScript), and
 * resolves the report it was offered for.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseTypeScript } from '@typescript-eslint/parser';
import * as espree from 'espree';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { embeddedConfig } from '../../engine/src/config';
import { readLabels, REPO_ROOT, SHARED_EXAMPLES } from '../helpers/labels';
import { ruleCaseModules } from './cases';

interface Source {
  name: string;
  code: string;
  filename: string;
  settings?: Record<string, unknown>;
}

function exampleSources(dir: string): Source[] {
  const labels = new Map(readLabels(dir).map((l) => [l.path, l]));
  const out: Source[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry)) {
        const label = labels.get(path.relative(dir, full));
        out.push({ name: path.relative(REPO_ROOT, full), code: readFileSync(full, 'utf8'), filename: full, settings: label?.consumers ? { consumers: label.consumers } : undefined });
      }
    }
  };
  walk(dir);
  return out;
}

function caseSources(): Source[] {
  const out: Source[] = [];
  for (const { rule, cases } of ruleCaseModules) {
    for (const c of [...cases.invalid, ...cases.valid]) {
      const testCase = typeof c === 'string' ? { code: c } : c;
      const settings = (testCase as { settings?: { idempotency?: Record<string, unknown> } }).settings?.idempotency;
      out.push({
        name: `${rule}: ${(testCase as { name?: string }).name ?? testCase.code.slice(0, 40)}`,
        code: testCase.code,
        filename: `/cases/${(testCase as { filename?: string }).filename ?? 'file.ts'}`,
        settings,
      });
    }
  }
  return out;
}

function parses(code: string, filename: string): string | null {
  try {
    parseTypeScript(code, { filePath: filename, sourceType: 'module', ecmaVersion: 'latest', loc: true, range: true });
    if (/\.(c|m)?js$/.test(filename)) espree.parse(code, { ecmaVersion: 'latest', sourceType: /\.cjs$/.test(filename) ? 'script' : 'module' });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function apply(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

const linter = new Linter({ configType: 'flat', cwd: '/' });
const configs = new Map<string, Linter.Config[]>();
function lintAll(source: Source, code = source.code): Linter.LintMessage[] {
  const key = JSON.stringify(source.settings ?? {});
  let config = configs.get(key);
  if (!config) {
    config = embeddedConfig({ allRules: true, settings: source.settings });
    configs.set(key, config);
  }
  return linter.verify(code, config, { filename: source.filename });
}

const sources = [...exampleSources(SHARED_EXAMPLES), ...exampleSources(path.join(REPO_ROOT, 'examples')), ...caseSources()];

describe('every fix and suggestion', () => {
  let checked = 0;
  for (const source of sources) {
    it(source.name, () => {
      const messages = lintAll(source);
      expect(messages.filter((m) => m.fatal)).toEqual([]);
      for (const message of messages) {
        const candidates = [...(message.fix ? [{ desc: 'fix', fix: message.fix }] : []), ...(message.suggestions ?? [])];
        for (const suggestion of candidates) {
          const output = apply(source.code, suggestion.fix);
          expect(parses(output, source.filename), `${message.ruleId} → "${suggestion.desc}" produced code that does not parse:\n${output}`).toBeNull();
          // The suggestion resolves what it was offered for: fewer reports of that kind at most.
          const after = lintAll(source, output).filter((m) => m.ruleId === message.ruleId && m.messageId === message.messageId);
          const before = messages.filter((m) => m.ruleId === message.ruleId && m.messageId === message.messageId);
          expect(after.length, `${message.ruleId} "${suggestion.desc}" did not resolve: ${message.message}\n${output}`).toBeLessThan(before.length);
          checked++;
        }
      }
    });
  }
  it('checked a meaningful number of suggestions', () => {
    expect(checked).toBeGreaterThan(20);
  });
});
