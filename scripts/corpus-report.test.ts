// Dev aid: a compact diff of findings against labels.
//   CORPUS_DIR=examples VITEST_INCLUDE=scripts/corpus-report.test.ts npx vitest run
import { it } from 'vitest';
import { lintLabelled, match } from '../test/helpers/corpus';
import { readLabels, SHARED_EXAMPLES } from '../test/helpers/labels';

it('report', () => {
  const dir = process.env.CORPUS_DIR ?? SHARED_EXAMPLES;
  const labels = readLabels(dir);
  const lines: string[] = [];
  let ok = 0;
  for (const entry of labels) {
    const { missing, extra } = match(entry, lintLabelled(entry, dir));
    if (missing.length === 0 && extra.length === 0) ok++;
    else lines.push(`${entry.path}\n   missing: ${missing.map((m) => `${m.category}@${m.line}${m.alt ? `/${m.alt}` : ''}`).join(', ')}\n   extra: ${extra.map((f) => `${f.category}@${f.line} ${f.message}`).join('\n          ')}`);
  }
  console.log(`${lines.join('\n')}\nOK ${ok}/${labels.length}`);
});
