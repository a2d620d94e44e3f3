/**
 * NestJS: `@EventPattern` / `@MessagePattern` (@nestjs/microservices), `@Process` in `@Processor`
 * classes (@nestjs/bull, @nestjs/bullmq), `WorkerHost.process` (@nestjs/bullmq), `@RabbitSubscribe`
 * (@golevelup/nestjs-rabbitmq) and `@SqsMessageHandler` (@ssut/nestjs-sqs).
 * The transport decides settling: RMQ with manual acks (`channel.ack(context.getMessage())`),
 * Kafka commits after the handler returns, Bull completes the job on return. Without a transport
 * context in the file nothing is assumed about auto-acks.
 */
import path from 'node:path';
import { producersOf } from '../project/producers';
import { calledFunction } from '../project/targets';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import {
  bareParam,
  calleeName,
  findDescendant,
  propertyName,
  typeAnnotationName,
  unwrap,
  unwrapAwait,
  type FunctionNode,
  type Node,
} from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { bullmqSettle } from './bullmq';
import { bullPromiseSettle } from './bull';
import { exitStatement, functionSite, handlerReportNode, type FunctionSiteOptions, joinedKey, queueScopedJobKey, reuseAckStatement, settleModel, settleThenExit, type KeyBuilder } from './support';
import type { LibraryModule, MessageUnit, SettleModel } from './types';

const MICROSERVICES = '@nestjs/microservices';
const NEST_BULL = ['@nestjs/bull', '@nestjs/bullmq'];
const GOLEVELUP = '@golevelup/nestjs-rabbitmq';
/** @ssut/nestjs-sqs and its fork with the same API. */
export const NEST_SQS: readonly string[] = ['@ssut/nestjs-sqs', '@nestjs-packages/sqs'];

type Transport = 'rmq' | 'kafka' | 'nats' | 'redis' | 'tcp' | 'mqtt' | 'grpc' | 'unknown';

const CONTEXT_TRANSPORT: Record<string, Transport> = {
  RmqContext: 'rmq',
  KafkaContext: 'kafka',
  NatsContext: 'nats',
  RedisContext: 'redis',
  TcpContext: 'tcp',
  MqttContext: 'mqtt',
};

/** Transports that deliver an event at most once: core NATS and Redis pub/sub, TCP, MQTT QoS 0. */
const AT_MOST_ONCE: ReadonlySet<Transport> = new Set(['nats', 'redis', 'tcp', 'mqtt']);

const rmqManualSettle = settleModel({ returnSettles: false, ack: ['ack'], nack: ['nack', 'reject'] });
const kafkaSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'the NestJS Kafka transport commits the offset once the handler returns',
  ack: ['commitOffsets'],
});
const unknownTransportSettle = settleModel({ returnSettles: false, ack: ['ack', 'commitOffsets'], nack: ['nack', 'reject'] });
const rabbitSubscribeSettle = settleModel({
  returnSettles: true,
  returnPhrase: '@golevelup/nestjs-rabbitmq acks the message once the handler returns',
  // `return new Nack(requeue)` settles the message as failed.
  classify: (call) => (call.type === AST_NODE_TYPES.NewExpression && call.callee.type === AST_NODE_TYPES.Identifier && call.callee.name === 'Nack' ? 'nack' : null),
});
const nestSqsSettle = settleModel({
  returnSettles: true,
  returnPhrase: '@ssut/nestjs-sqs deletes the message once the handler returns',
});

function decoratorName(file: FileContext, decorator: TSESTree.Decorator, roots: readonly string[], names: readonly string[]): string | null {
  const expr = unwrap(decorator.expression);
  const callee = expr.type === AST_NODE_TYPES.CallExpression ? expr.callee : expr;
  for (const name of names) if (file.isExportOf(callee, roots, name)) return name;
  return null;
}

function paramDecorated(param: TSESTree.Parameter, name: string): boolean {
  const decorators = (param as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
  return decorators.some((d) => {
    const e = unwrap(d.expression);
    return e.type === AST_NODE_TYPES.CallExpression ? calleeName(e) === name : e.type === AST_NODE_TYPES.Identifier && e.name === name;
  });
}

/** The @Ctx() parameter, or one typed as a transport context. */
function contextParam(fn: FunctionNode): { node: Node; transport: Transport } | null {
  for (const param of fn.params) {
    const bare = bareParam(param);
    if (!bare) continue;
    const type = typeAnnotationName(bare);
    const transport: Transport | null = type ? (CONTEXT_TRANSPORT[type] ?? null) : null;
    if (transport || paramDecorated(param, 'Ctx')) return { node: bare, transport: transport ?? usageTransport(fn, bare) };
  }
  return null;
}

function usageTransport(fn: FunctionNode, ctx: Node): Transport {
  if (ctx.type !== AST_NODE_TYPES.Identifier) return 'unknown';
  const call = findDescendant(fn.body as Node, (n) => n.type === AST_NODE_TYPES.CallExpression && ['getChannelRef', 'getPartition', 'getSubject'].includes(calleeName(n) ?? ''));
  const name = call ? calleeName(call as TSESTree.CallExpression) : null;
  return name === 'getChannelRef' ? 'rmq' : name === 'getPartition' ? 'kafka' : name === 'getSubject' ? 'nats' : 'unknown';
}

function payloadParamIndex(fn: FunctionNode): number {
  const index = fn.params.findIndex((p) => paramDecorated(p, 'Payload'));
  if (index >= 0) return index;
  const ctx = contextParam(fn);
  const first = fn.params.findIndex((p) => bareParam(p) !== ctx?.node);
  return first >= 0 ? first : 0;
}

const PAYLOAD_ID = /^(id|eventId|event_id|messageId|message_id|idempotencyKey|idempotency_key|dedupKey)$/;

/** A payload property that identifies the event (`payload.eventId`), when the handler reads one. */
function payloadIdentity(file: FileContext, unit: MessageUnit) {
  const binding = unit.message;
  if (!binding) return null;
  if (binding.type === AST_NODE_TYPES.ObjectPattern) {
    for (const prop of binding.properties) {
      if (prop.type === AST_NODE_TYPES.Property && PAYLOAD_ID.test(propertyName(prop) ?? '')) return accessPath(file, binding, [propertyName(prop)!]);
    }
    return null;
  }
  if (binding.type !== AST_NODE_TYPES.Identifier) return null;
  const read = findDescendant(unit.container.body as Node, (n) =>
    n.type === AST_NODE_TYPES.MemberExpression && n.object.type === AST_NODE_TYPES.Identifier && n.object.name === binding.name && PAYLOAD_ID.test(propertyName(n) ?? ''),
  );
  return read ? accessPath(file, binding, [propertyName(read as TSESTree.MemberExpression)!]) : null;
}

/** `@EventPattern('x', Transport.KAFKA)`: the transport named in the decorator, on hybrid apps. */
function decoratorTransport(decorator: TSESTree.Decorator): Transport | null {
  const expr = unwrap(decorator.expression);
  if (expr.type !== AST_NODE_TYPES.CallExpression) return null;
  for (const arg of expr.arguments.slice(1)) {
    const a = unwrap(arg);
    if (a.type === AST_NODE_TYPES.MemberExpression && a.object.type === AST_NODE_TYPES.Identifier && a.object.name === 'Transport') {
      const name = (propertyName(a) ?? '').toLowerCase();
      if (name === 'rmq' || name === 'kafka' || name === 'nats' || name === 'redis' || name === 'tcp' || name === 'mqtt' || name === 'grpc') return name;
    }
  }
  return null;
}

/**
 * A handler that answers its caller: some `return` gives a value (or the arrow body is an
 * expression). `return this.service.handle(data)` of a service method that itself returns nothing
 * answers nothing either.
 */
function returnsValue(file: FileContext, fn: FunctionNode, depth = 0): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return !returnsNothing(file, fn.body, depth);
  return findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.ReturnStatement && n.argument != null && !returnsNothing(file, n.argument, depth)) != null;
}

/** How many services deep `return svc.handle(x)` is followed to see whether it gives a value. */
const MAX_RETURN_DEPTH = 2;

/** A call of a project function (here or in another file) that returns no value. */
function returnsNothing(file: FileContext, expression: Node, depth: number): boolean {
  const call = unwrapAwait(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression || depth >= MAX_RETURN_DEPTH) return false;
  const target = calledFunction(file, call.callee);
  return target != null && !returnsValue(target.file, target.fn, depth + 1);
}

/**
 * `@MessagePattern` is request/reply when it answers: the caller `send()`s, waits for the returned
 * value, and retries or not itself. One that returns nothing is used as an event consumer (the
 * producer `emit()`s). Events are at-least-once on brokers (RMQ, Kafka), at most once on core NATS,
 * Redis pub/sub, TCP and MQTT.
 */
function microserviceDelivery(file: FileContext, decorator: TSESTree.Decorator, name: string, transport: Transport, fn: FunctionNode): Pick<FunctionSiteOptions, 'delivery' | 'deliveryReason'> {
  if (name === 'MessagePattern' && returnsValue(file, fn) && !onlyEmitted(file, decorator)) {
    return { delivery: 'request-reply', deliveryReason: '@MessagePattern answers a caller that waits for the reply' };
  }
  if (AT_MOST_ONCE.has(transport)) return { delivery: 'no-redelivery', deliveryReason: `the NestJS ${transport.toUpperCase()} transport does not redeliver events` };
  return {};
}

/**
 * The project only ever `emit`s the pattern (and some file does): nobody waits for the reply, so the
 * handler is an event consumer whatever it returns.
 */
function onlyEmitted(file: FileContext, decorator: TSESTree.Decorator): boolean {
  const expr = unwrap(decorator.expression);
  const pattern = expr.type === AST_NODE_TYPES.CallExpression ? expr.arguments[0] : undefined;
  if (!file.project || !pattern || pattern.type === AST_NODE_TYPES.SpreadElement) return false;
  const kinds = producersOf(file.project, file.sourceCode.getText(pattern));
  return kinds.has('emit') && !kinds.has('send');
}

/** The one transport context type the file imports (`NatsContext`): its controllers' transport. */
function fileTransport(file: FileContext, fromBootstrap: () => Transport | null): Transport {
  const found = new Set<Transport>();
  for (const binding of file.imports.values()) {
    if (binding.root === MICROSERVICES && CONTEXT_TRANSPORT[binding.imported]) found.add(CONTEXT_TRANSPORT[binding.imported]!);
  }
  if (found.size === 1) return [...found][0]!;
  return found.size === 0 ? (fromBootstrap() ?? 'unknown') : 'unknown';
}

const BOOTSTRAP_FILES = ['main.ts', 'main.js', 'src/main.ts', 'src/main.js'];
const TRANSPORT_OPTION = /transport\s*:\s*Transport\.(\w+)/g;

/**
 * The transport the app's bootstrap file starts its microservice with (`connectMicroservice({
 * transport: Transport.KAFKA })` in the nearest `main.ts` up from the controller), when it names
 * exactly one. Read as text with the project model; null without one.
 */
function bootstrapTransport(file: FileContext): Transport | null {
  const project = file.project;
  if (!project || !path.isAbsolute(file.path)) return null;
  let dir = path.dirname(file.path);
  for (let level = 0; level < 6 && isInsideOrSame(project.root, dir); level++) {
    for (const name of BOOTSTRAP_FILES) {
      const text = project.fs.text(path.join(dir, name), 200_000);
      if (text == null || !text.includes('Transport.')) continue;
      const found = new Set([...text.matchAll(TRANSPORT_OPTION)].map((m) => m[1]!.toLowerCase()));
      if (found.size !== 1) return null;
      const [name1] = [...found];
      return KNOWN_TRANSPORTS.has(name1!) ? (name1 as Transport) : null;
    }
    dir = path.dirname(dir);
  }
  return null;
}

const KNOWN_TRANSPORTS = new Set(['rmq', 'kafka', 'nats', 'redis', 'tcp', 'mqtt', 'grpc']);

function isInsideOrSame(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function microserviceSite(file: FileContext, fn: FunctionNode, decorator: string, decoratorNode: TSESTree.Decorator) {
  const ctx = contextParam(fn);
  const transport = decoratorTransport(decoratorNode) ?? (ctx && ctx.transport !== 'unknown' ? ctx.transport : fileTransport(file, () => bootstrapTransport(file)));
  const acksManually = findDescendant(fn.body as Node, (n) => n.type === AST_NODE_TYPES.CallExpression && calleeName(n) === 'ack') != null;
  const settle: SettleModel =
    transport === 'kafka' ? kafkaSettle : transport === 'rmq' && acksManually ? rmqManualSettle : unknownTransportSettle;
  const ctxText = ctx ? accessPath(file, ctx.node, []) : null;
  return functionSite(file, {
    library: 'nestjs',
    label: `NestJS @${decorator} handler`,
    fn,
    ...microserviceDelivery(file, decoratorNode, decorator, transport, fn),
    messageParam: payloadParamIndex(fn),
    settle,
    key(unit) {
      if (ctxText && transport === 'rmq') return { text: `${ctxText.text}.getMessage().properties.messageId`, edits: [] };
      if (ctxText && transport === 'kafka') {
        const c = ctxText.text;
        return joinedKey([{ text: `${c}.getTopic()`, edits: [] }, { text: `${c}.getPartition()`, edits: [] }, { text: `${c}.getMessage().offset`, edits: [] }]);
      }
      return payloadIdentity(file, unit);
    },
    duplicate(unit, at) {
      if (settle !== rmqManualSettle) return exitStatement(unit);
      const reused = reuseAckStatement(file, settle, unit, at);
      return reused ? settleThenExit(unit, reused) : null;
    },
  });
}

/** `keyParam`: which parameter holds the transport message the key is read from (default: the message). */
function simpleSite(file: FileContext, fn: FunctionNode, label: string, settle: SettleModel, key: readonly string[] | KeyBuilder, keyParam?: number, delivery: Pick<FunctionSiteOptions, 'delivery' | 'deliveryReason'> = {}) {
  const read: KeyBuilder = typeof key === 'function' ? key : (unit) => accessPath(file, keyParam === undefined ? unit.message : bareParam(fn.params[keyParam]), key);
  return functionSite(file, {
    library: 'nestjs',
    label,
    fn,
    ...delivery,
    reportNode: handlerReportNode(fn),
    settle,
    key: read,
  });
}

export const nestjs: LibraryModule = {
  id: 'nestjs',
  modules: [MICROSERVICES, ...NEST_BULL, GOLEVELUP, ...NEST_SQS],
  textHints: ['@nestjs/', 'nestjs-'],
  candidates: ['decoratedMembers', 'classes'],
  discover(file, candidates, emit) {
    if (!file.hasModule(MICROSERVICES, ...NEST_BULL, GOLEVELUP, ...NEST_SQS)) return;
    for (const member of candidates.decoratedMembers) {
      const fn = member.value;
      if (fn.type !== AST_NODE_TYPES.FunctionExpression) continue;
      for (const decorator of member.decorators ?? []) {
        const pattern = decoratorName(file, decorator, [MICROSERVICES], ['EventPattern', 'MessagePattern']);
        if (pattern) {
          emit(microserviceSite(file, fn, pattern, decorator));
          break;
        }
        if (decoratorName(file, decorator, NEST_BULL, ['Process'])) {
          const bullmq = file.hasModule('@nestjs/bullmq');
          emit(simpleSite(file, fn, 'NestJS @Process handler', bullmq ? bullmqSettle : bullPromiseSettle, queueScopedJobKey(file, bullmq ? ['queueName'] : ['queue', 'name'])));
          break;
        }
        const rabbit = decoratorName(file, decorator, [GOLEVELUP], ['RabbitSubscribe', 'RabbitRPC']);
        if (rabbit) {
          // (payload, amqpMsg: ConsumeMessage): the raw message with its properties comes second.
          const rpc = rabbit === 'RabbitRPC' ? { delivery: 'request-reply' as const, deliveryReason: '@RabbitRPC answers a caller that waits for the reply' } : {};
          emit(simpleSite(file, fn, `NestJS @${rabbit} handler`, rabbitSubscribeSettle, ['properties', 'messageId'], 1, rpc));
          break;
        }
        if (decoratorName(file, decorator, NEST_SQS, ['SqsMessageHandler'])) {
          emit(simpleSite(file, fn, 'NestJS @SqsMessageHandler handler', nestSqsSettle, ['MessageId']));
          break;
        }
      }
    }
    // class X extends WorkerHost { async process(job) { … } }
    for (const cls of candidates.classes) {
      if (!cls.superClass || !file.isExportOf(cls.superClass, ['@nestjs/bullmq'], 'WorkerHost')) continue;
      const process = file.classMember(cls, 'process');
      if (process) emit(simpleSite(file, process, 'NestJS WorkerHost processor', bullmqSettle, queueScopedJobKey(file, ['queueName'])));
    }
  },
};

