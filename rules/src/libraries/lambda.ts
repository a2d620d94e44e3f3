/**
 * AWS Lambda functions triggered by SQS, SNS, Kinesis and DynamoDB streams: an exported handler whose
 * event carries `Records`. Lambda settles the whole batch when the handler returns (SQS: deletes it;
 * streams: advance the iterator); `batchItemFailures` reports failed records. Known dedup wrappers
 * (Powertools `makeIdempotent`, `makeHandlerIdempotent` middleware) guard the whole handler.
 * Powertools batch `processPartialResponse(event, recordHandler, processor)` calls recordHandler per record.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import {
  bareParam,
  calleeName,
  calleeObject,
  findDescendant,
  findProperty,
  isFunction,
  propertyName,
  receiverName,
  typeAnnotationName,
  unwrap,
  type FunctionNode,
  type Node,
} from '../analysis/ast';
import { DEDUP_WRAPPERS } from '../analysis/dedup';
import type { FileContext } from '../analysis/file-context';
import { EACH, iterationsOfParam } from '../analysis/message-paths';
import { classifySqsSettle } from './sqs-client';
import { functionSite, joinedKey, settleModel } from './support';
import type { Call, LibraryModule, SettleKind } from './types';

/** Event sources that redeliver: queues, streams, and asynchronous invocations (SNS, S3, EventBridge). */
type RecordKind = 'sqs' | 'sns' | 'kinesis' | 'dynamodb' | 's3';
type EventKind = RecordKind | 'eventbridge' | 'not-a-delivery';

const EVENT_TYPES: Record<string, EventKind> = {
  SQSEvent: 'sqs',
  SQSHandler: 'sqs',
  SNSEvent: 'sns',
  SNSHandler: 'sns',
  KinesisStreamEvent: 'kinesis',
  KinesisStreamHandler: 'kinesis',
  DynamoDBStreamEvent: 'dynamodb',
  DynamoDBStreamHandler: 'dynamodb',
  S3Event: 's3',
  S3Handler: 's3',
  EventBridgeEvent: 'eventbridge',
  EventBridgeHandler: 'eventbridge',
  // Synchronous invocations (the caller gets the answer) and schedules: no redelivered message.
  APIGatewayProxyEvent: 'not-a-delivery',
  APIGatewayProxyEventV2: 'not-a-delivery',
  APIGatewayProxyHandler: 'not-a-delivery',
  APIGatewayProxyHandlerV2: 'not-a-delivery',
  APIGatewayEvent: 'not-a-delivery',
  ALBEvent: 'not-a-delivery',
  ALBHandler: 'not-a-delivery',
  LambdaFunctionURLEvent: 'not-a-delivery',
  LambdaFunctionURLHandler: 'not-a-delivery',
  CloudFrontRequestEvent: 'not-a-delivery',
  CloudFrontRequestHandler: 'not-a-delivery',
  CloudFrontResponseEvent: 'not-a-delivery',
  CloudFrontResponseHandler: 'not-a-delivery',
  CloudFormationCustomResourceEvent: 'not-a-delivery',
  CloudFormationCustomResourceHandler: 'not-a-delivery',
  ScheduledEvent: 'not-a-delivery',
  ScheduledHandler: 'not-a-delivery',
  FirehoseTransformationEvent: 'not-a-delivery',
  FirehoseTransformationHandler: 'not-a-delivery',
  AppSyncResolverEvent: 'not-a-delivery',
  AppSyncResolverHandler: 'not-a-delivery',
};

/** Where each kind of event keeps an id that survives redelivery. */
const RECORD_ID: Record<RecordKind | 'eventbridge', readonly string[]> = {
  sqs: ['messageId'],
  sns: ['Sns', 'MessageId'],
  kinesis: ['eventID'],
  dynamodb: ['eventID'],
  // With the bucket and key (below): an object version's event, stable across redeliveries.
  s3: ['s3', 'object', 'sequencer'],
  eventbridge: ['id'],
};

/** Record properties that tell the event source when the code has no types. */
const RECORD_SHAPE: Record<string, EventKind> = {
  Sns: 'sns',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
  body: 'sqs',
  receiptHandle: 'sqs',
  messageId: 'sqs',
  s3: 's3',
  // Lambda@Edge: CloudFront waits for the function's answer.
  cf: 'not-a-delivery',
};

const LABELS: Record<RecordKind | 'eventbridge', string> = {
  sqs: 'Lambda SQS handler',
  sns: 'Lambda SNS handler',
  kinesis: 'Lambda Kinesis handler',
  dynamodb: 'Lambda DynamoDB stream handler',
  s3: 'Lambda S3 event handler',
  eventbridge: 'Lambda EventBridge handler',
};

const POWERTOOLS_BATCH = '@aws-lambda-powertools/batch';

function classifyLambdaSettle(call: Call, file: FileContext): SettleKind | null {
  if (call.type === AST_NODE_TYPES.CallExpression && calleeName(call) === 'push') {
    // batchItemFailures.push({ itemIdentifier }) reports a failed record: it will be redelivered.
    const target = receiverName(calleeObject(call));
    if (target && /fail/i.test(target)) return 'nack';
    if (call.arguments.some((a) => findProperty(a, 'itemIdentifier'))) return 'nack';
  }
  return classifySqsSettle(call, file);
}

const lambdaSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'Lambda treats the batch as processed once the handler returns',
  classify: classifyLambdaSettle,
});

/**
 * A callback-style handler (`(event, context, callback)`, not async): Lambda waits for the callback,
 * not the return. `callback(null, …)` / `context.succeed()` settle the batch as done;
 * `callback(err)` / `context.fail(err)` as failed.
 */
function callbackSettle(fn: FunctionNode) {
  const callback = bareParam(fn.params[2]);
  const callbackName = callback?.type === AST_NODE_TYPES.Identifier ? callback.name : null;
  return settleModel({
    returnSettles: false,
    classify(call, file) {
      if (call.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrap(call.callee);
        const name = calleeName(call);
        const first = call.arguments[0] ? unwrap(call.arguments[0]) : null;
        const succeeded = !first || (first.type === AST_NODE_TYPES.Literal && first.value === null) || (first.type === AST_NODE_TYPES.Identifier && first.name === 'undefined');
        if (callbackName && callee.type === AST_NODE_TYPES.Identifier && callee.name === callbackName) return succeeded ? 'ack' : 'nack';
        if (callee.type === AST_NODE_TYPES.MemberExpression && receiverName(callee.object) === 'context') {
          if (name === 'succeed') return 'ack';
          if (name === 'fail') return 'nack';
          if (name === 'done') return succeeded ? 'ack' : 'nack';
        }
      }
      return classifyLambdaSettle(call, file);
    },
  });
}

function settleFor(fn: FunctionNode) {
  return !fn.async && fn.params.length >= 3 ? callbackSettle(fn) : lambdaSettle;
}

interface ExportedHandler {
  fn: FunctionNode;
  declaredType: string | null;
  guardedBy: string | null;
  named: string;
}

/** Unwraps `makeIdempotent(fn, ...)`, `middy(fn).use(...)`, `wrap(fn)` to the function and any dedup wrapper. */
function resolveHandlerValue(file: FileContext, value: Node, depth = 0): { fn: FunctionNode; guardedBy: string | null } | null {
  const v = unwrap(value);
  if (isFunction(v)) return { fn: v, guardedBy: null };
  if (depth > 4) return null;
  if (v.type === AST_NODE_TYPES.Identifier) {
    const fn = file.functionOf(v);
    if (fn) return { fn, guardedBy: null };
    const def = file.definitionOf(v);
    if (def?.kind === 'variable' && def.node.init) return resolveHandlerValue(file, def.node.init, depth + 1);
    return null;
  }
  if (v.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(v);
  const dedupNames = file.settings.dedupFunctions;
  if (name === 'use' && v.callee.type === AST_NODE_TYPES.MemberExpression) {
    // middy(fn).use(makeHandlerIdempotent(...)).use(...)
    const inner = resolveHandlerValue(file, v.callee.object, depth + 1);
    if (!inner) return null;
    const middleware = v.arguments[0] ? unwrap(v.arguments[0]) : null;
    const middlewareName = middleware && middleware.type === AST_NODE_TYPES.CallExpression ? calleeName(middleware) : null;
    if (middlewareName && (DEDUP_WRAPPERS.has(middlewareName) || dedupNames.includes(middlewareName))) {
      return { fn: inner.fn, guardedBy: middlewareName };
    }
    return inner;
  }
  const first = v.arguments[0];
  if (!first) return null;
  const inner = resolveHandlerValue(file, first, depth + 1);
  if (!inner) return null;
  if (name && (DEDUP_WRAPPERS.has(name) || dedupNames.includes(name))) return { fn: inner.fn, guardedBy: name };
  return inner;
}

function exportedHandlers(file: FileContext): ExportedHandler[] {
  const out: ExportedHandler[] = [];
  const add = (named: string, value: Node | null | undefined, declaredType: string | null) => {
    if (!value) return;
    const resolved = resolveHandlerValue(file, value);
    if (resolved) out.push({ fn: resolved.fn, guardedBy: resolved.guardedBy, declaredType, named });
  };
  for (const statement of file.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration) {
      const decl = statement.declaration;
      if (decl.type === AST_NODE_TYPES.FunctionDeclaration && decl.id) add(decl.id.name, decl, null);
      if (decl.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const d of decl.declarations) {
          if (d.id.type === AST_NODE_TYPES.Identifier) add(d.id.name, d.init, typeAnnotationName(d.id));
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && !statement.source) {
      for (const spec of statement.specifiers) {
        if (spec.local.type === AST_NODE_TYPES.Identifier) add(spec.exported.type === AST_NODE_TYPES.Identifier ? spec.exported.name : 'handler', spec.local, null);
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      add('default', statement.declaration as Node, null);
    } else if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const { left, right } = statement.expression;
      if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
      const name = propertyName(left);
      const object = unwrap(left.object);
      const isExports =
        (object.type === AST_NODE_TYPES.Identifier && object.name === 'exports') ||
        (object.type === AST_NODE_TYPES.MemberExpression &&
          object.object.type === AST_NODE_TYPES.Identifier &&
          object.object.name === 'module' &&
          propertyName(object) === 'exports');
      const isModuleExports = object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && name === 'exports';
      if (isExports && name) add(name, right, null);
      else if (isModuleExports && right.type === AST_NODE_TYPES.ObjectExpression) {
        for (const prop of right.properties) {
          if (prop.type === AST_NODE_TYPES.Property) add(propertyName(prop) ?? 'handler', prop.value as Node, null);
        }
      }
    }
  }
  return out;
}

function typedKind(declared: string | null, fn: FunctionNode): EventKind | null {
  return (declared ? EVENT_TYPES[declared] : undefined) ?? EVENT_TYPES[typeAnnotationName(bareParam(fn.params[0])) ?? ''] ?? null;
}

function recordKind(records: readonly { message: Node | null; container: Node }[], fn: FunctionNode): EventKind | null {
  for (const record of records) {
    const kind = kindFromUsage(record.message, record.container);
    if (kind) return kind;
  }
  return recordsIndexKind(fn);
}

/** Reads `record.<prop>` on the loop variable to tell the event source. */
function kindFromUsage(binding: Node | null, container: Node): EventKind | null {
  if (!binding || binding.type !== AST_NODE_TYPES.Identifier) return null;
  const read = findDescendant(
    container,
    (n) =>
      n.type === AST_NODE_TYPES.MemberExpression &&
      n.object.type === AST_NODE_TYPES.Identifier &&
      n.object.name === binding.name &&
      RECORD_SHAPE[propertyName(n) ?? ''] !== undefined,
    true,
  );
  return read ? RECORD_SHAPE[propertyName(read as TSESTree.MemberExpression)!]! : null;
}

/** `event.Records[0].cf`, `event.Records[0].s3`: the shape of an indexed record. */
function recordsIndexKind(fn: FunctionNode): EventKind | null {
  const isIndexedRecord = (node: Node): boolean => {
    const indexed = unwrap(node);
    if (indexed.type !== AST_NODE_TYPES.MemberExpression || !indexed.computed) return false;
    const records = unwrap(indexed.object);
    return records.type === AST_NODE_TYPES.MemberExpression && propertyName(records) === 'Records';
  };
  const read = findDescendant(
    fn.body,
    (n) => n.type === AST_NODE_TYPES.MemberExpression && RECORD_SHAPE[propertyName(n) ?? ''] !== undefined && isIndexedRecord(n.object),
    true,
  );
  return read ? RECORD_SHAPE[propertyName(read as TSESTree.MemberExpression)!]! : null;
}

export const lambda: LibraryModule = {
  id: 'aws-lambda',
  // Plain-JavaScript functions import nothing from Lambda: discovery decides from the exports.
  modules: [],
  textHints: ['Records', 'aws-lambda', '@aws-lambda-powertools', '.detail', "'detail-type'"],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const exported of exportedHandlers(file)) {
      const { fn } = exported;
      const typed = typedKind(exported.declaredType, fn) ?? untypedEventBridge(exported);
      if (typed === 'not-a-delivery') continue;
      if (typed === 'eventbridge') {
        emit(
          functionSite(file, {
            library: 'aws-lambda',
            label: LABELS.eventbridge,
            fn,
            settle: lambdaSettle,
            guardedBy: exported.guardedBy,
            key: (unit) => accessPath(file, unit.message, RECORD_ID.eventbridge),
          }),
        );
        continue;
      }
      const records = iterationsOfParam(file, fn, 0, ['Records', EACH]);
      if (!typed && records.length === 0 && !readsRecords(fn)) continue;
      const kind = typed ?? recordKind(records.map((r) => ({ message: r.element, container: r.container })), fn);
      // A record-shaped event that is not a delivery (Lambda@Edge's Records[0].cf) has no redelivery hazards.
      if (kind === 'not-a-delivery') continue;
      emit(
        functionSite(file, {
          library: 'aws-lambda',
          label: kind ? LABELS[kind] : 'Lambda event handler',
          fn,
          batchSteps: ['Records', EACH],
          settle: settleFor(fn),
          guardedBy: exported.guardedBy,
          key: (unit) =>
            kind === 's3'
              ? joinedKey([accessPath(file, unit.message, ['s3', 'bucket', 'name']), accessPath(file, unit.message, ['s3', 'object', 'key']), accessPath(file, unit.message, RECORD_ID.s3)])
              : accessPath(file, unit.message, RECORD_ID[kind ?? 'sqs']),
        }),
      );
    }
    if (file.hasModule(POWERTOOLS_BATCH)) {
      for (const call of candidates.callsNamed('processPartialResponse')) {
        const recordHandler = call.arguments[1] ? file.functionOf(call.arguments[1]) : null;
        if (!recordHandler) continue;
        emit(
          functionSite(file, {
            library: 'aws-lambda',
            label: 'Powertools batch record handler',
            fn: recordHandler,
            settle: settleModel({ returnSettles: true, returnPhrase: 'Powertools marks the record processed once the record handler returns' }),
            key: (unit) => accessPath(file, unit.message, ['messageId']),
          }),
        );
      }
    }
  },
};

/** Export names Lambda is configured with (`index.handler`, `lambda.main`). */
const HANDLER_EXPORT = /^(handler|main|lambdaHandler)$|Handler$/;

/**
 * An untyped `exports.handler = async (event) => …` that reads `event.detail` or
 * `event['detail-type']`: the envelope EventBridge (and CloudWatch Events) invoke a target with,
 * asynchronously and retried. Only exports named as Lambda handlers are read this way (a DOM
 * `CustomEvent` also has `detail`).
 */
function untypedEventBridge(exported: ExportedHandler): EventKind | null {
  const { fn } = exported;
  const event = bareParam(fn.params[0]);
  if (!HANDLER_EXPORT.test(exported.named) || fn.params.length > 3 || event?.type !== AST_NODE_TYPES.Identifier || typeAnnotationName(event)) return null;
  const read = findDescendant(
    fn.body,
    (n) =>
      n.type === AST_NODE_TYPES.MemberExpression &&
      unwrap(n.object).type === AST_NODE_TYPES.Identifier &&
      (unwrap(n.object) as TSESTree.Identifier).name === event.name &&
      (propertyName(n) === 'detail' || propertyName(n) === 'detail-type'),
    true,
  );
  return read ? 'eventbridge' : null;
}

/** `event.Records` read anywhere in the function (e.g. `event.Records[0]`). */
function readsRecords(fn: FunctionNode): boolean {
  const param = bareParam(fn.params[0]);
  if (!param || param.type !== AST_NODE_TYPES.Identifier) return false;
  return (
    findDescendant(
      fn.body,
      (n) =>
        n.type === AST_NODE_TYPES.MemberExpression &&
        n.object.type === AST_NODE_TYPES.Identifier &&
        n.object.name === param.name &&
        propertyName(n) === 'Records',
      true,
    ) != null
  );
}
