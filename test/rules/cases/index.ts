/** All rule case modules, for tests that run over every case (fixes-parse). */
import type { RuleCases } from '../tester';
import { cases as noAckAfterFailure } from './no-ack-after-failure';
import { cases as noAckBeforeProcess } from './no-ack-before-process';
import { cases as noIncrementWrite } from './no-increment-write';
import { cases as requireDedupCheck } from './require-dedup-check';

export interface RuleCaseModule {
  rule: string;
  cases: RuleCases<string, readonly unknown[]>;
}

export const ruleCaseModules: RuleCaseModule[] = [
  { rule: 'no-increment-write', cases: noIncrementWrite as RuleCases<string, readonly unknown[]> },
  { rule: 'require-dedup-check', cases: requireDedupCheck as RuleCases<string, readonly unknown[]> },
  { rule: 'no-ack-before-process', cases: noAckBeforeProcess as RuleCases<string, readonly unknown[]> },
  { rule: 'no-ack-after-failure', cases: noAckAfterFailure as RuleCases<string, readonly unknown[]> },
];
