// Dev aid: prints each suggestion's resulting code for the files in SUGGEST_FILES (comma-separated).
import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { lint } from '../test/helpers/lint';

function apply(text: string, fix: { range: [number, number]; text: string }) {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

it('suggestions', () => {
  for (const file of (process.env.SUGGEST_FILES ?? '').split(',').filter(Boolean)) {
    const text = readFileSync(file, 'utf8');
    const settings = process.env.SUGGEST_SETTINGS ? JSON.parse(process.env.SUGGEST_SETTINGS) : undefined;
    for (const m of lint(text, file, settings ? { settings } : {})) {
      console.log(`\n##### ${file}:${m.line} ${m.ruleId}: ${m.message}`);
      for (const s of m.suggestions ?? []) {
        console.log(`--- suggestion: ${s.desc}`);
        const out = apply(text, s.fix as { range: [number, number]; text: string });
        const lines = out.split('\n');
        const start = Math.max(0, m.line - 6);
        console.log(lines.slice(start, start + 40).join('\n'));
      }
    }
  }
});
