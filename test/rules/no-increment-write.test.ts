import rule from '../../rules/src/rules/no-increment-write';
import { cases } from './cases/no-increment-write';
import { runRuleTests } from './tester';

runRuleTests('no-increment-write', rule, cases);
