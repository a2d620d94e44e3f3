/**
 * Classifies a call as a side effect (or not). Order matters: instrumentation and in-memory calls
 * are never effects; configured idempotent writes win over built-in knowledge; then stores, AWS
 * commands, outbound calls, and finally verbs of calls into code the file cannot see.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { memberPath } from '../ast';
import { calleeMatches } from '../callee-match';
import { calleeName, unwrap } from '../ast';
import { AWS_METHOD_PATTERNS, classifyAwsCommand } from './aws';
import { classifyDatabase, DATABASE_CALL_NAMES, hasSqlLiteralArgument } from './database';
import { classifyByName, HEURISTIC_CALL_PATTERNS } from './heuristics';
import { isInstrumentationOrMemory } from './instrumentation';
import { classifyOutbound, OUTBOUND_CALL_NAMES, OUTBOUND_CALL_PATTERNS } from './outbound';
import { classifyRedis, REDIS_CALL_NAMES } from './redis';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

const CALL_NAMES: ReadonlySet<string> = new Set([...DATABASE_CALL_NAMES, ...REDIS_CALL_NAMES, ...OUTBOUND_CALL_NAMES]);
const CALL_PATTERNS: readonly RegExp[] = [...OUTBOUND_CALL_PATTERNS, ...HEURISTIC_CALL_PATTERNS, ...AWS_METHOD_PATTERNS];

/**
 * Whether any classifier could accept the call, from its name and arguments alone. Most calls in a
 * handler (`JSON.parse`, `toString`, `map`) are rejected here, before any scope or origin lookup.
 */
function mightBeEffect(call: EffectCall, ctx: ClassifyContext): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return true;
  const name = calleeName(call);
  if (name && (CALL_NAMES.has(name) || CALL_PATTERNS.some((pattern) => pattern.test(name)))) return true;
  if (hasSqlLiteralArgument(call)) return true;
  // axios(config), got(url), request(url, options), createInvoice(…) from a project module
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.Identifier && ctx.file.imports.has(callee.name);
}

/**
 * `provider.send('eth_call', […])`: a JSON-RPC call (ethers, web3) of a read method. Its name says
 * it changes nothing; `eth_sendRawTransaction` and other writes are not matched.
 */
const JSON_RPC_READ = /^(eth_(call|get\w+|estimateGas|blockNumber|chainId|gasPrice|feeHistory)|debug_\w+|trace_\w+|net_\w+|web3_\w+)$/;

function isJsonRpcRead(call: EffectCall): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call) !== 'send') return false;
  const method = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  return method?.type === AST_NODE_TYPES.Literal && typeof method.value === 'string' && JSON_RPC_READ.test(method.value);
}

export function classifyEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  const configured = ctx.file.settings.idempotentWrites;
  if (configured.length === 0 && !mightBeEffect(call, ctx)) return null;
  if (isInstrumentationOrMemory(call, ctx) || isJsonRpcRead(call)) return null;
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
export { builderTable, isFreshId, sqlStatementOf } from './database';
export { sentCommand } from './aws';
