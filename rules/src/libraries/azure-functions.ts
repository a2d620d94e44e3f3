/**
 * Azure Functions triggered by queues, topics and streams. v4 registers a handler with
 * `app.serviceBusQueue(name, { …, handler })` (also `serviceBusTopic`, `storageQueue`, `eventHub`,
 * `eventGrid`, `cosmosDB`) from `@azure/functions`; v3 exports `async function (context, message)`
 * from an `index.js` whose `function.json` binds a trigger (`serviceBusTrigger`, `queueTrigger`, …).
 * The host completes the message (or advances the checkpoint) when the function returns and retries
 * it when the function throws. HTTP and timer triggers deliver nothing. Ids come from the trigger
 * metadata (`context.triggerMetadata` in v4, `context.bindingData` in v3) or the event itself.
 */
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath, type KeyExpression } from '../analysis/access';
import { bareParam, calleeName, calleeObject, findProperty, isFunction, propertyName, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH } from '../analysis/message-paths';
import { callsBackSuccess, functionSite, handlerFunction, joinedKey, settleModel } from './support';
import type { LibraryModule, MessageUnit } from './types';

const MODULE = '@azure/functions';

type Trigger = 'serviceBus' | 'storageQueue' | 'eventHub' | 'eventGrid' | 'cosmosDB';

/** v4 registration methods and v3 binding types of the triggers that redeliver. */
const V4_TRIGGERS: Record<string, Trigger> = {
  serviceBusQueue: 'serviceBus',
  serviceBusTopic: 'serviceBus',
  storageQueue: 'storageQueue',
  eventHub: 'eventHub',
  eventGrid: 'eventGrid',
  cosmosDB: 'cosmosDB',
};
const V3_TRIGGERS: Record<string, Trigger> = {
  serviceBusTrigger: 'serviceBus',
  queueTrigger: 'storageQueue',
  eventHubTrigger: 'eventHub',
  eventGridTrigger: 'eventGrid',
  cosmosDBTrigger: 'cosmosDB',
};

const LABELS: Record<Trigger, string> = {
  serviceBus: 'Azure Functions Service Bus trigger',
  storageQueue: 'Azure Functions Storage Queue trigger',
  eventHub: 'Azure Functions Event Hubs trigger',
  eventGrid: 'Azure Functions Event Grid trigger',
  cosmosDB: 'Azure Functions Cosmos DB trigger',
};

/** The trigger metadata property that identifies a message (v4 `triggerMetadata`, v3 `bindingData`). */
const METADATA_ID: Partial<Record<Trigger, readonly string[]>> = {
  serviceBus: ['messageId'],
  storageQueue: ['id'],
  eventHub: ['sequenceNumber'],
};

const settle = settleModel({
  returnSettles: true,
  returnPhrase: 'Azure Functions completes the message once the function returns',
});

/**
 * A v3 callback-style function (`function (context, msg) { …; context.done(); }`, not async):
 * `context.done()` completes the message, `context.done(err)` fails it.
 */
function v3Settle(fn: FunctionNode) {
  if (fn.async) return settle;
  const context = bareParam(fn.params[0]);
  const contextName = context?.type === AST_NODE_TYPES.Identifier ? context.name : null;
  return settleModel({
    returnSettles: false,
    classify(call) {
      if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call) !== 'done') return null;
      const object = calleeObject(call);
      if (!contextName || object?.type !== AST_NODE_TYPES.Identifier || object.name !== contextName) return null;
      return callsBackSuccess(call) ? 'ack' : 'nack';
    },
  });
}

/** `<id>` of the message in `unit`: trigger metadata, or the event's own id (Event Grid, Cosmos DB documents). */
function keyFor(file: FileContext, trigger: Trigger, unit: MessageUnit, context: Node | null, metadata: 'triggerMetadata' | 'bindingData', batch: boolean): KeyExpression | null {
  if (trigger === 'eventGrid') return accessPath(file, unit.message, ['id']);
  // A change-feed document's version: its id and its etag.
  if (trigger === 'cosmosDB') return joinedKey([accessPath(file, unit.message, ['id']), accessPath(file, unit.message, ['_etag'])]);
  const id = METADATA_ID[trigger];
  // Batches carry arrays of metadata (`messageIdArray`); a per-message key is not a plain path there.
  if (!id || batch) return null;
  return accessPath(file, context, [metadata, ...id]);
}

function triggerSite(file: FileContext, fn: FunctionNode, trigger: Trigger, version: 'v4' | 'v3', batch: boolean) {
  // v4: (message, context); v3: (context, message).
  const messageParam = version === 'v4' ? 0 : 1;
  const context = bareParam(fn.params[version === 'v4' ? 1 : 0]) ?? null;
  return functionSite(file, {
    library: 'azure-functions',
    label: LABELS[trigger],
    fn,
    settle: version === 'v3' ? v3Settle(fn) : settle,
    messageParam,
    ...(batch ? { batchSteps: [EACH] } : {}),
    key: (unit) => keyFor(file, trigger, unit, context, version === 'v4' ? 'triggerMetadata' : 'bindingData', batch),
  });
}

/** `cardinality: 'many'` (v4 options; the default for Event Hubs and Cosmos DB is a batch too). */
function receivesBatch(trigger: Trigger, options: Node | null | undefined): boolean {
  const cardinality = findProperty(options, 'cardinality');
  const value = cardinality ? unwrap(cardinality.value as Node) : null;
  if (value?.type === AST_NODE_TYPES.Literal) return value.value === 'many';
  return trigger === 'eventHub' || trigger === 'cosmosDB';
}

/** v3: the trigger binding of the `function.json` beside this file (`<Function>/index.js`). */
function v3Trigger(file: FileContext): { trigger: Trigger; batch: boolean } | null {
  const text = file.project?.fs.text(path.join(path.dirname(file.path), 'function.json'));
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const bindings = (parsed as { bindings?: unknown }).bindings;
  if (!Array.isArray(bindings)) return null;
  for (const binding of bindings as { type?: unknown; direction?: unknown; cardinality?: unknown }[]) {
    const trigger = typeof binding.type === 'string' ? V3_TRIGGERS[binding.type] : undefined;
    if (trigger && binding.direction !== 'out') return { trigger, batch: binding.cardinality === 'many' || (binding.cardinality === undefined && trigger === 'cosmosDB') };
  }
  return null;
}

/** The function a v3 module exports: `module.exports = async function (context, msg)`, `export default`, `module.exports.run`. */
function v3Export(file: FileContext): FunctionNode | null {
  for (const statement of file.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) return file.functionOf(statement.declaration as Node);
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) continue;
    const { left, right } = statement.expression;
    if (left.type !== AST_NODE_TYPES.MemberExpression) continue;
    const object = unwrap(left.object);
    const isModuleExports = object.type === AST_NODE_TYPES.Identifier && object.name === 'module' && propertyName(left) === 'exports';
    if (isModuleExports) {
      const value = unwrap(right);
      if (isFunction(value)) return value;
      if (value.type === AST_NODE_TYPES.ObjectExpression) continue;
      return file.functionOf(value);
    }
  }
  return null;
}

export const azureFunctions: LibraryModule = {
  id: 'azure-functions',
  // v3 functions import nothing: `function.json` names the trigger.
  modules: [],
  textHints: ['@azure/functions', 'module.exports', 'export default'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    if (file.hasModule(MODULE)) {
      for (const [method, trigger] of Object.entries(V4_TRIGGERS)) {
        for (const call of candidates.callsNamed(method)) {
          if (!file.isExportOf(calleeObject(call) ?? call, [MODULE], 'app') && !isAppImport(file, call)) continue;
          const options = call.arguments[1] as Node | undefined;
          const handler = findProperty(options, 'handler');
          const fn = handler ? (isFunction(handler.value) ? (handler.value as FunctionNode) : handlerFunction(file, handler.value as Node)) : null;
          if (fn) emit(triggerSite(file, fn, trigger, 'v4', receivesBatch(trigger, options)));
        }
      }
    }
    // v3: `<FunctionName>/index.js` (or its TypeScript source) beside `function.json`.
    if (!/(^|[\\/])index\.[cm]?[jt]s$/.test(file.path)) return;
    const v3 = v3Trigger(file);
    const fn = v3 ? v3Export(file) : null;
    if (v3 && fn) emit(triggerSite(file, fn, v3.trigger, 'v3', v3.batch));
  },
};

/** `app` imported from `@azure/functions` (`import { app } from …`, `const { app } = require(…)`). */
function isAppImport(file: FileContext, call: TSESTree.CallExpression): boolean {
  const object = calleeObject(call);
  return object != null && file.importOf(object)?.root === MODULE;
}
