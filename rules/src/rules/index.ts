import noAckAfterFailure from './no-ack-after-failure';
import noAckBeforeProcess from './no-ack-before-process';
import noIncrementWrite from './no-increment-write';
import requireDedupCheck from './require-dedup-check';

export const RULES = {
  'no-increment-write': noIncrementWrite,
  'require-dedup-check': requireDedupCheck,
  'no-ack-before-process': noAckBeforeProcess,
  'no-ack-after-failure': noAckAfterFailure,
};

export type RuleName = keyof typeof RULES;
