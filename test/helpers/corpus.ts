/**
 * A labelled corpus as a test suite: every `expect` entry is reported within 2 lines (or at its alt
 * line), nothing else is reported (labels are exhaustive), and no finding falls in a mustNotFlag category.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabels, type LabelledFile } from './labels';
import { CATEGORY_OF_RULE, lint } from './lint';

export interface Finding {
  category: string;
  line: number;
  message: string;
}

export function lintLabelled(entry: LabelledFile, dir: string): Finding[] {
  const file = path.join(dir, entry.path);
  const messages = lint(readFileSync(file, 'utf8'), file, entry.consumers ? { settings: { consumers: entry.consumers } } : {});
  return messages.map((m) => ({
    category: m.fatal ? 'parse-error' : (CATEGORY_OF_RULE[m.ruleId ?? ''] ?? String(m.ruleId)),
    line: m.line,
    message: m.message,
  }));
}

/** Matches expectations to findings one to one; returns what is left on each side. */
export function match(entry: LabelledFile, found: readonly Finding[]): { missing: LabelledFile['expect']; extra: Finding[] } {
  const extra = [...found];
  const missing: LabelledFile['expect'] = [];
  for (const e of entry.expect) {
    const index = extra.findIndex((f) => f.category === e.category && (Math.abs(f.line - e.line) <= 2 || (e.alt !== undefined && f.line === e.alt)));
    if (index >= 0) extra.splice(index, 1);
    else missing.push(e);
  }
  return { missing, extra };
}

export function corpusSuite(title: string, dir: string, minimumFiles: number): void {
  const labels = readLabels(dir);
  describe(title, () => {
    it(`has at least ${minimumFiles} labelled files`, () => {
      expect(labels.length).toBeGreaterThanOrEqual(minimumFiles);
    });
    for (const entry of labels) {
      it(entry.path, () => {
        const found = lintLabelled(entry, dir);
        expect(match(entry, found), entry.notes).toEqual({ missing: [], extra: [] });
        for (const category of entry.mustNotFlag) expect(found.filter((f) => f.category === category)).toEqual([]);
      });
    }
  });
}
