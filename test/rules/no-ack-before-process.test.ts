import rule from '../../rules/src/rules/no-ack-before-process';
import { cases } from './cases/no-ack-before-process';
import { runRuleTests } from './tester';

runRuleTests('no-ack-before-process', rule, cases);
