import rule from '../../rules/src/rules/require-dedup-check';
import { cases } from './cases/require-dedup-check';
import { runRuleTests } from './tester';

runRuleTests('require-dedup-check', rule, cases);
