import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE_URL = 'https://github.com/idempotency-lint/idempotency-lint/blob/main/rules/docs';

export function docsUrl(ruleName: string): string {
  return `${DOCS_BASE_URL}/${ruleName}.md`;
}

/** Extra metadata our rules carry beyond ESLint's. */
export interface IdempotencyRuleDocs {
  /** In the recommended config. */
  recommended: boolean;
  /** Its severity there (default error): `warn` for findings teams often accept deliberately. */
  recommendedSeverity?: 'warn' | 'error';
  /** Which of the three hazards the rule reports (labels-compatible category). */
  category: 'increment-write' | 'missing-dedup' | 'ack-before-process';
}

const creator = ESLintUtils.RuleCreator<IdempotencyRuleDocs>(docsUrl);

/**
 * typescript-eslint's RuleCreator, minus its per-file `applyDefault` (a structuredClone of the
 * defaults on every create): our rules read `context.options` themselves, and create() runs for every
 * file on every keystroke.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  rule: Parameters<typeof creator<Options, MessageIds>>[0],
): ReturnType<typeof creator<Options, MessageIds>> {
  const created = creator<Options, MessageIds>(rule);
  return { ...created, create: (context) => rule.create(context, context.options) };
}
