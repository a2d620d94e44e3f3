/**
 * Classifies a call as a side effect (or not). Order matters: instrumentation and in-memory calls
 * are never effects; configured idempotent writes win over built-in knowledge; then stores, AWS
 * commands, outbound calls, and finally verbs of calls into code the file cannot see.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { memberPath } from '../ast';
import { calleeMatches } from '../callee-match';
import { classifyAwsCommand } from './aws';
import { classifyDatabase } from './database';
import { classifyByName } from './heuristics';
import { isInstrumentationOrMemory } from './instrumentation';
import { classifyOutbound } from './outbound';
import { classifyRedis } from './redis';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

export function classifyEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (isInstrumentationOrMemory(call, ctx)) return null;
  const configured = ctx.file.settings.idempotentWrites;
  if (configured.length > 0 && call.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
    const path = memberPath(call.callee);
    if (configured.some((c) => calleeMatches(path, c))) {
      return { category: 'db', idempotent: true, relative: null, description: `${path}()`, nameNode: nameNodeOf(call), returnsPromise: true };
    }
  }
  return (
    classifyDatabase(call, ctx) ??
    classifyRedis(call, ctx) ??
    classifyAwsCommand(call, ctx) ??
    classifyOutbound(call, ctx) ??
    classifyByName(call, ctx)
  );
}

export type { ClassifyContext, EffectCall, EffectInfo, EffectCategory, RelativeKind } from './types';
export { isFreshId, sqlStatementOf } from './database';
export { sentCommand } from './aws';
