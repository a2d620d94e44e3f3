/** RuleTester cases for no-increment-write, by library. Run by ../no-increment-write.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-increment-write';
import type { RuleCases } from '../tester';

export const cases: RuleCases<MessageIds, Options> = {
  valid: [],
  invalid: [],
};
