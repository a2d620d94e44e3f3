/**
 * Redis commands through ioredis (lower-case methods), node-redis v4 (camelCase), Upstash, and their
 * pipelines / multi: relative writes (INCR family), appends (lists, streams), publishes and
 * absolute writes. In-memory caches with a `set` method are not Redis (instrumentation.ts).
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { callLabel, calleeName, calleeObject, receiverName, rootIdentifier, type Node } from '../ast';
import { staticString } from '../static-value';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

export const REDIS_MODULES = new Set(['ioredis', 'redis', '@redis/client', '@upstash/redis', 'redis-om']);

const RELATIVE = new Set([
  'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby', 'hincrby', 'hincrbyfloat', 'zincrby',
  'incrBy', 'incrByFloat', 'decrBy', 'hIncrBy', 'hIncrByFloat', 'zIncrBy',
]);
const APPEND = new Set(['lpush', 'rpush', 'lpushx', 'rpushx', 'linsert', 'append', 'xadd', 'lPush', 'rPush', 'lPushX', 'rPushX', 'lInsert', 'xAdd']);
const PUBLISH = new Set(['publish', 'spublish', 'sPublish']);
const ABSOLUTE = new Set([
  'set', 'setex', 'psetex', 'mset', 'hset', 'hmset', 'del', 'unlink', 'hdel', 'srem', 'sadd', 'zadd', 'zrem', 'expire',
  'pexpire', 'expireat', 'persist', 'lrem', 'lset', 'ltrim', 'getdel', 'getset', 'setrange', 'smove', 'geoadd', 'pfadd',
  'setEx', 'pSetEx', 'mSet', 'hSet', 'hmSet', 'hDel', 'sRem', 'sAdd', 'zAdd', 'zRem', 'pExpire', 'expireAt', 'lRem', 'lSet', 'lTrim', 'getDel', 'getSet', 'setRange', 'sMove', 'geoAdd', 'pfAdd',
]);

/** Whether a receiver is a Redis client (by origin, or by a name that says so). */
export function isRedisReceiver(call: EffectCall, ctx: ClassifyContext): boolean {
  const receiver = call.type === AST_NODE_TYPES.TaggedTemplateExpression ? null : calleeObject(call);
  if (!receiver) return false;
  const origin = ctx.file.originOf(receiver);
  if (origin) return REDIS_MODULES.has(origin);
  const names = [receiverName(receiver), rootIdentifier(receiver)?.name].filter((n): n is string => Boolean(n));
  return names.some((n) => /redis|valkey|upstash/i.test(n));
}

const DOWN = new Set(['decr', 'decrby', 'decrBy']);

/**
 * The direction and key of a counter step (`incr(key)` up, `decrBy(key, n)` down), for pairing the
 * steps of an in-flight counter (a semaphore: up when work starts, down when it ends).
 */
export function counterStep(call: EffectCall, sourceText: (node: Node) => string): { key: string; up: boolean } | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  const receiver = calleeObject(call);
  const key = call.arguments[0];
  if (!name || !receiver || !key || !RELATIVE.has(name) || /^h|^z|float/i.test(name)) return null;
  return { key: `${sourceText(receiver)}\0${sourceText(key as Node)}`, up: !DOWN.has(name) };
}

export const REDIS_CALL_NAMES: ReadonlySet<string> = new Set([...RELATIVE, ...APPEND, ...PUBLISH, ...ABSOLUTE]);

export function classifyRedis(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  if (!name || !calleeObject(call)) return null;
  const description = `\`${callLabel(call)}\``;
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: true };
  if (RELATIVE.has(name)) {
    // Distinctive names: a relative write on any client that is not an in-process object.
    return { ...base, idempotent: false, relative: 'redis', description };
  }
  if (!isRedisReceiver(call, ctx)) return null;
  if (name === 'zadd' || name === 'zAdd') {
    const incr = call.arguments.some((a) => /^incr$/i.test(staticString(ctx.file, a, ctx.bindings) ?? ''));
    if (incr) return { ...base, idempotent: false, relative: 'redis', description: `${description} with INCR` };
  }
  if (APPEND.has(name)) return { ...base, idempotent: false, relative: name === 'xadd' || name === 'xAdd' ? null : 'redis', description };
  if (PUBLISH.has(name)) return { ...base, category: 'publish', idempotent: false, relative: null, description };
  if (ABSOLUTE.has(name)) return { ...base, idempotent: true, relative: null, description };
  return null;
}
