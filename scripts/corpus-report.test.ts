// Dev aid: `npx vitest run scripts/corpus-report.test.ts --config vitest.config.ts` prints a compact diff.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { CATEGORY_OF_RULE, lint } from '../test/helpers/lint';
import { readLabels, SHARED_EXAMPLES } from '../test/helpers/labels';

it('report', () => {
  const dir = process.env.CORPUS_DIR ?? SHARED_EXAMPLES;
  let ok = 0;
  const lines: string[] = [];
  for (const entry of readLabels(dir)) {
    const file = path.join(dir, entry.path);
    const msgs = lint(readFileSync(file, 'utf8'), file, entry.consumers ? { settings: { consumers: entry.consumers } } : {});
    const found = msgs.map((m) => ({ category: CATEGORY_OF_RULE[m.ruleId ?? ''] ?? String(m.ruleId), line: m.line, message: m.message }));
    const extra = [...found];
    const missing: string[] = [];
    for (const e of entry.expect) {
      const i = extra.findIndex((f) => f.category === e.category && (Math.abs(f.line - e.line) <= 2 || f.line === e.alt));
      if (i >= 0) extra.splice(i, 1);
      else missing.push(`${e.category}@${e.line}${e.alt ? `/${e.alt}` : ''}`);
    }
    if (missing.length === 0 && extra.length === 0) { ok++; continue; }
    lines.push(`${entry.path}\n   missing: ${missing.join(', ')}\n   extra: ${extra.map((f) => `${f.category}@${f.line} ${f.message}`).join('\n          ')}`);
  }
  console.log(lines.join('\n') + `\nOK ${ok}/${readLabels(dir).length}`);
});
