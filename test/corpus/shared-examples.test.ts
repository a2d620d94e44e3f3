/**
 * ../shared/examples: every labelled finding is reported within 2 lines (or at its alt line), nothing
 * else is reported, and no finding falls in a mustNotFlag category.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_OF_RULE, lint } from '../helpers/lint';
import { readLabels, SHARED_EXAMPLES, type LabelledFile } from '../helpers/labels';

const labels = readLabels(SHARED_EXAMPLES);

function findings(entry: LabelledFile, dir: string) {
  const text = readFileSync(path.join(dir, entry.path), 'utf8');
  const messages = lint(text, path.join(dir, entry.path), entry.consumers ? { settings: { consumers: entry.consumers } } : {});
  const fatal = messages.filter((m) => m.fatal);
  expect(fatal, `parse errors in ${entry.path}`).toEqual([]);
  return messages.map((m) => ({ category: CATEGORY_OF_RULE[m.ruleId ?? ''] ?? m.ruleId ?? 'unknown', line: m.line, message: m.message }));
}

/** Matches expectations to findings one to one; returns what is left on each side. */
export function match(entry: LabelledFile, found: { category: string; line: number; message: string }[]) {
  const unmatched = [...found];
  const missing: LabelledFile['expect'] = [];
  for (const e of entry.expect) {
    const index = unmatched.findIndex(
      (f) => f.category === e.category && (Math.abs(f.line - e.line) <= 2 || (e.alt !== undefined && f.line === e.alt)),
    );
    if (index >= 0) unmatched.splice(index, 1);
    else missing.push(e);
  }
  return { missing, extra: unmatched };
}

describe('../shared/examples corpus', () => {
  it('has labelled files', () => {
    expect(labels.length).toBeGreaterThanOrEqual(40);
  });
  for (const entry of labels) {
    it(`${entry.path}`, () => {
      const found = findings(entry, SHARED_EXAMPLES);
      const { missing, extra } = match(entry, found);
      expect({ missing, extra }, entry.notes).toEqual({ missing: [], extra: [] });
      for (const category of entry.mustNotFlag) expect(found.filter((f) => f.category === category)).toEqual([]);
    });
  }
});
