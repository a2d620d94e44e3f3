/**
 * RuleTester under vitest. Cases live in ./cases/<rule>.ts so other tests (fixes-parse) can reuse
 * them. Every case whose filename ends in .js/.cjs/.mjs also runs with ESLint's default parser (espree).
 */
import { RuleTester, type InvalidTestCase, type ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import * as espree from 'espree';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

export interface RuleCases<MessageIds extends string, Options extends readonly unknown[]> {
  valid: ValidTestCase<Options>[];
  invalid: InvalidTestCase<MessageIds, Options>[];
}

const isJavaScript = (filename: string | undefined) => filename != null && /\.(c|m)?jsx?$/.test(filename);

function withEspree<T extends { filename?: string; name?: string; languageOptions?: unknown }>(cases: T[]): T[] {
  return cases
    .filter((c) => isJavaScript(c.filename))
    .map((c) => ({
      ...c,
      name: `${c.name ?? 'case'} (espree)`,
      languageOptions: { parser: espree, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    }));
}

export function runRuleTests<MessageIds extends string, Options extends readonly unknown[]>(
  name: string,
  rule: TSESLint.RuleModule<MessageIds, Options>,
  cases: RuleCases<MessageIds, Options>,
): void {
  const tester = new RuleTester();
  tester.run(name, rule, {
    valid: [...cases.valid, ...withEspree(cases.valid)],
    invalid: [...cases.invalid, ...withEspree(cases.invalid)],
  });
}
