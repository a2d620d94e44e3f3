import rule from '../../rules/src/rules/no-ack-after-failure';
import { cases } from './cases/no-ack-after-failure';
import { runRuleTests } from './tester';

runRuleTests('no-ack-after-failure', rule, cases);
