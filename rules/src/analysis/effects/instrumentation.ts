/**
 * Calls that are not side effects for idempotency: logging, metrics (prom-client `counter.inc()`,
 * StatsD `metrics.increment('x')`), tracing, and in-memory collections and caches.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { calleeObject, rootIdentifier, receiverName, unwrap, type Node } from '../ast';
import type { ClassifyContext, EffectCall } from './types';

const INSTRUMENTATION_MODULES = new Set([
  'prom-client', 'hot-shots', 'node-statsd', 'statsd-client', 'lynx', 'datadog-metrics', 'dd-trace',
  '@opentelemetry/api', 'pino', 'winston', 'bunyan', 'loglevel', 'debug', '@sentry/node', 'newrelic',
  'elastic-apm-node', 'signale', 'consola', 'log4js', '@nestjs/common',
]);

const IN_MEMORY_MODULES = new Set(['lru-cache', 'node-cache', 'quick-lru', 'mnemonist', 'keyv', 'memory-cache', 'ttlcache', '@isaacs/ttlcache']);

/** Receivers that only log or trace, whatever the method. */
const LOGGER_NAMES = /^(console|logger|log|logs|tracer|tracing|span|telemetry|sentry|newrelic|apm|\w*(Logger|Log|Tracer))$/;
/** Receivers that hold metrics: only their metric methods are instrumentation (`stats.bulkWrite` is not). */
const METRIC_NAMES = /^(metrics?|statsd|stats|statsClient|dogstatsd|datadog|dd|monitor(ing)?|counter|gauge|histogram|summary|meter|timer|prom\w*|\w*(Counter|Gauge|Histogram|Metric|Metrics|Meter|Timer|Total|Seconds|Duration))$/;

const METRIC_METHODS = new Set(['inc', 'dec', 'observe', 'startTimer', 'labels', 'set', 'increment', 'decrement', 'gauge', 'timing', 'histogram', 'distribution', 'record', 'add']);

const IN_MEMORY_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Whether a call only instruments, logs, or touches process memory. */
export function isInstrumentationOrMemory(call: EffectCall, ctx: ClassifyContext): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return false;
  const receiver = calleeObject(call);
  if (!receiver) return false;
  const names = [rootIdentifier(receiver)?.name, receiverName(receiver)].filter((n): n is string => Boolean(n));
  if (names.some((n) => LOGGER_NAMES.test(n))) return true;
  if (isMetricMethod(call) && names.some((n) => METRIC_NAMES.test(n))) return true;
  const origin = ctx.file.originOf(receiver);
  if (origin && (INSTRUMENTATION_MODULES.has(origin) || IN_MEMORY_MODULES.has(origin))) return true;
  return isInMemoryCollection(receiver, ctx);
}

function isMetricMethod(call: EffectCall): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return false;
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier && METRIC_METHODS.has(callee.property.name);
}

/** `const seen = new Map()` (or a class field initialised so) used as a cache. */
function isInMemoryCollection(receiver: Node, ctx: ClassifyContext): boolean {
  const r = unwrap(receiver);
  let init: Node | null = null;
  if (r.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(r);
    if (def?.kind === 'variable' && def.node.init) init = unwrap(def.node.init);
  } else if (r.type === AST_NODE_TYPES.MemberExpression && r.object.type === AST_NODE_TYPES.ThisExpression) {
    const cls = ctx.file.classOfReceiver(r.object);
    const name = receiverName(r);
    const member = cls?.body.body.find((m) => m.type === AST_NODE_TYPES.PropertyDefinition && !m.computed && m.key.type === AST_NODE_TYPES.Identifier && m.key.name === name);
    if (member && member.type === AST_NODE_TYPES.PropertyDefinition && member.value) init = unwrap(member.value);
  }
  if (!init) return false;
  if (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) return IN_MEMORY_CONSTRUCTORS.has(init.callee.name);
  return init.type === AST_NODE_TYPES.ArrayExpression || (init.type === AST_NODE_TYPES.ObjectExpression && init.properties.length === 0);
}
