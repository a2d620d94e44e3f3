/** RuleTester cases for no-ack-before-process, by library. Run by ../no-ack-before-process.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-ack-before-process';
import type { RuleCases } from '../tester';

export const cases: RuleCases<MessageIds, Options> = {
  valid: [],
  invalid: [],
};
