import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE_URL = 'https://github.com/idempotency-lint/idempotency-lint/blob/main/rules/docs';

export function docsUrl(ruleName: string): string {
  return `${DOCS_BASE_URL}/${ruleName}.md`;
}

/** Extra metadata our rules carry beyond ESLint's. */
export interface IdempotencyRuleDocs {
  /** In the recommended config. */
  recommended: boolean;
  /** Which of the three hazards the rule reports (labels-compatible category). */
  category: 'increment-write' | 'missing-dedup' | 'ack-before-process';
}

export const createRule = ESLintUtils.RuleCreator<IdempotencyRuleDocs>(docsUrl);
