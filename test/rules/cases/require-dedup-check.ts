/** RuleTester cases for require-dedup-check, by library. Run by ../require-dedup-check.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/require-dedup-check';
import type { RuleCases } from '../tester';

export const cases: RuleCases<MessageIds, Options> = {
  valid: [],
  invalid: [],
};
