/**
 * Dev aid for writing RuleTester cases: prints what a rule reports for draft cases, in RuleTester
 * syntax (messageId, line, column, suggestions with their output). Review every output before pasting.
 *   CASES_MODULE=./test/rules/drafts.ts RULE=no-increment-write VITEST_INCLUDE=scripts/case-errors.test.ts npx vitest run
 * The module exports `drafts: { name: string; code: string; filename?: string; settings?: object; options?: unknown[] }[]`.
 */
import path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { it } from 'vitest';
import plugin from '../rules/src/index';

interface Draft { name: string; code: string; filename?: string; settings?: Record<string, unknown>; options?: unknown[] }

function apply(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

it('prints errors', async () => {
  const module = (await import(path.resolve(process.env.CASES_MODULE ?? ''))) as { drafts: Draft[] };
  const rule = process.env.RULE ?? '';
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  for (const draft of module.drafts) {
    const config: Linter.Config[] = [{
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: { parser: tsParser as unknown as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { [`idempotency/${rule}`]: ['error', ...(draft.options ?? [])] as Linter.RuleEntry },
      settings: draft.settings ?? {},
    }];
    const messages = linter.verify(draft.code, config, { filename: `/${draft.filename ?? 'file.ts'}` });
    const errors = messages.map((m) => ({
      messageId: m.messageId ?? `FATAL ${m.message}`,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      ...(m.suggestions ? { suggestions: m.suggestions.map((s) => ({ messageId: s.messageId, output: apply(draft.code, s.fix as { range: [number, number]; text: string }) })) } : {}),
    }));
    console.log(`\n// ===== ${draft.name}\n${JSON.stringify(errors, null, 2)}`);
  }
});
