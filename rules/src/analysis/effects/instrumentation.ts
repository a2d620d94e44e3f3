/**
 * Calls that are not side effects for idempotency: logging, metrics (prom-client `counter.inc()`,
 * StatsD `metrics.increment('x')`), tracing, closing clients and connections, and in-memory
 * collections and caches.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, rootIdentifier, receiverName, unwrap, type Node } from '../ast';
import type { ClassifyContext, EffectCall } from './types';

const INSTRUMENTATION_MODULES = new Set([
  'prom-client', 'hot-shots', 'node-statsd', 'statsd-client', 'lynx', 'datadog-metrics', 'dd-trace',
  '@opentelemetry/api', 'pino', 'winston', 'bunyan', 'loglevel', 'debug', '@sentry/node', 'newrelic',
  'elastic-apm-node', 'signale', 'consola', 'log4js', '@nestjs/common', '@sentry/nestjs', '@sentry/serverless',
  '@sentry/aws-serverless', '@sentry/nextjs', '@sentry/core', '@sentry/browser', 'aws-xray-sdk', 'aws-xray-sdk-core',
  '@aws-lambda-powertools/logger', '@aws-lambda-powertools/metrics', '@aws-lambda-powertools/tracer',
  // Product analytics: an event recorded twice is a statistic, not a business effect.
  'posthog-node', 'posthog-js', '@segment/analytics-node', 'analytics-node', 'mixpanel', '@amplitude/analytics-node',
  '@amplitude/node', 'rudder-sdk-node', '@rudderstack/rudder-sdk-node', 'applicationinsights', 'hot-shots',
]);

const IN_MEMORY_MODULES = new Set(['lru-cache', 'node-cache', 'quick-lru', 'mnemonist', 'keyv', 'memory-cache', 'ttlcache', '@isaacs/ttlcache']);

/** Receivers that only log, trace or record analytics, whatever the method. */
const LOGGER_NAMES = /^(console|logger|log|logs|tracer|tracing|span|telemetry|sentry|Sentry|newrelic|apm|AWSXRay|xray|posthog|phClient|analytics|segment|mixpanel|amplitude|appInsights|\w*(Logger|Log|Tracer|Analytics|Telemetry|Posthog|PostHog))$/;
/**
 * Functions named for instrumentation (`addPubsubSpanLabels`, `recordMetric`, `captureException`,
 * `trackEvent` on an analytics helper): never business effects, whoever implements them.
 */
const INSTRUMENTATION_FUNCTION = /(Span|Spans|Trace|Tracing|Metric|Metrics|Telemetry|Breadcrumb|Analytics)(s|Labels?|Attributes?|Tags?|Event)?$|^(captureException|captureMessage|captureEvent|captureError|captureFunc|captureAsyncFunc|captureAWSv3Client|captureAWSClient|captureHTTPsGlobal|setTag|setTags|setContext|setUser|setExtra|addBreadcrumb|startSpan|startActiveSpan|withSpan|recordException)$/;
/** Receivers that hold metrics: only their metric methods are instrumentation (`stats.bulkWrite` is not). */
const METRIC_NAMES = /^(metrics?|statsd|stats|statsClient|dogstatsd|datadog|dd|monitor(ing)?|counter|gauge|histogram|summary|meter|timer|prom\w*|\w*(Counter|Gauge|Histogram|Metric|Metrics|Meter|Timer|Total|Seconds|Duration))$/;

const METRIC_METHODS = new Set(['inc', 'dec', 'observe', 'startTimer', 'labels', 'set', 'increment', 'decrement', 'gauge', 'timing', 'histogram', 'distribution', 'record', 'add']);

const IN_MEMORY_CONSTRUCTORS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/** Whether a call only instruments, logs, or touches process memory. */
export function isInstrumentationOrMemory(call: EffectCall, ctx: ClassifyContext): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return false;
  const name = calleeName(call);
  if (name && INSTRUMENTATION_FUNCTION.test(name)) return true;
  const receiver = calleeObject(call);
  if (!receiver) {
    const binding = ctx.file.importOf(unwrap(call.callee));
    return binding != null && INSTRUMENTATION_MODULES.has(binding.root);
  }
  const names = [rootIdentifier(receiver)?.name, receiverName(receiver)].filter((n): n is string => Boolean(n));
  if (names.some((n) => LOGGER_NAMES.test(n)) || isLogLine(call) || isLifecycleCall(call)) return true;
  if (isMetricMethod(call) && names.some((n) => METRIC_NAMES.test(n))) return true;
  const origin = ctx.file.originOf(receiver);
  if (origin && (INSTRUMENTATION_MODULES.has(origin) || IN_MEMORY_MODULES.has(origin))) return true;
  return isInMemoryCollection(receiver, ctx);
}

/** Closing a client or connection: the process's resources, not the message's work. */
const LIFECYCLE_METHODS = new Set(['close', 'disconnect', 'quit', 'destroy', 'dispose', 'shutdown', 'terminate']);

/** `client.close()`, `redis.quit()`, `consumer.disconnect()`: a lifecycle call (no arguments). */
function isLifecycleCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const name = calleeName(call);
  return call.type === AST_NODE_TYPES.CallExpression && call.arguments.length === 0 && name != null && LIFECYCLE_METHODS.has(name);
}

const LOG_METHODS = new Set(['error', 'warn', 'warning', 'info', 'debug', 'trace', 'fatal', 'verbose']);

/** `ctx.error('failed to process', { err })`: a log level named with a written message, whatever the receiver is called. */
function isLogLine(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const name = calleeName(call);
  const first = call.arguments[0] ? unwrap(call.arguments[0] as Node) : null;
  const message = first != null && ((first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') || first.type === AST_NODE_TYPES.TemplateLiteral);
  return name != null && LOG_METHODS.has(name) && message;
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
