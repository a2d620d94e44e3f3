/**
 * kafkajs (and the kafkajs-compatible API of @confluentinc/kafka-javascript).
 * `consumer.run({ eachMessage })` / `consumer.run({ eachBatch })`; a handler typed with
 * `EachMessagePayload` / `EachBatchPayload` elsewhere in the file counts too.
 * Offsets are resolved when eachMessage's promise settles (and for eachBatch when it returns, unless
 * `eachBatchAutoResolve: false`); `resolveOffset`, `commitOffsets`, `commitOffsetsIfNecessary` settle
 * explicitly. The message id is topic:partition:offset.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, isBooleanLiteral, propertyValue, typeAnnotationName, type FunctionNode } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH } from '../analysis/message-paths';
import { exitStatement, functionSite, handlerProperty, joinedKey, settleModel, typedHandlers } from './support';
import type { HandlerSite, LibraryModule } from './types';

const MODULES = ['kafkajs', '@confluentinc/kafka-javascript'];
// commitOffsetsIfNecessary() commits offsets resolved earlier: it does not settle the current message.
const ACKS = ['resolveOffset', 'commitOffsets'];

/** The package the file's consumer comes from: kafkajs, or @confluentinc/kafka-javascript's KafkaJS-compatible API. */
function packageOf(file: FileContext): string {
  return file.hasModule('kafkajs') ? 'kafkajs' : '@confluentinc/kafka-javascript';
}

function eachMessageSite(file: FileContext, fn: FunctionNode, autoCommit: boolean): HandlerSite {
  const name = packageOf(file);
  return functionSite(file, {
    library: name,
    label: `${name} eachMessage handler`,
    fn,
    settle: settleModel({
      returnSettles: true,
      returnPhrase: autoCommit
        ? `${name} commits the offset once eachMessage returns`
        : `${name} resolves the offset once eachMessage returns`,
      ack: ACKS,
    }),
    key: (unit) =>
      joinedKey([
        accessPath(file, unit.message, ['topic']),
        accessPath(file, unit.message, ['partition']),
        accessPath(file, unit.message, ['message', 'offset']),
      ]),
  });
}

function eachBatchSite(file: FileContext, fn: FunctionNode, autoResolve: boolean): HandlerSite {
  const payload = () => bareParam(fn.params[0]);
  const name = packageOf(file);
  return functionSite(file, {
    library: name,
    label: `${name} eachBatch handler`,
    fn,
    batchSteps: ['batch', 'messages', EACH],
    settle: settleModel({
      returnSettles: autoResolve,
      returnPhrase: `${name} resolves the whole batch once eachBatch returns`,
      ack: ACKS,
    }),
    key: (unit) =>
      joinedKey([
        accessPath(file, payload(), ['batch', 'topic']),
        accessPath(file, payload(), ['batch', 'partition']),
        accessPath(file, unit.message, ['offset']),
      ]),
    duplicate: (unit) => {
      if (autoResolve) return exitStatement(unit);
      const resolve = accessPath(file, payload(), ['resolveOffset']);
      const offset = accessPath(file, unit.message, ['offset']);
      if (!resolve || !offset || resolve.edits.length > 0) return null;
      return `${resolve.text}(${offset.text});\n${exitStatement(unit)}`;
    },
  });
}


export const kafkajs: LibraryModule = {
  id: 'kafkajs',
  modules: MODULES,
  textHints: ['kafkajs', 'kafka-javascript'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    const registered = new Set<FunctionNode>();
    for (const call of candidates.callsNamed('run')) {
      const config = call.arguments[0];
      if (!config || config.type !== AST_NODE_TYPES.ObjectExpression) continue;
      const eachMessage = handlerProperty(file, config, 'eachMessage');
      if (eachMessage) {
        registered.add(eachMessage);
        emit(eachMessageSite(file, eachMessage, !isBooleanLiteral(propertyValue(config, 'autoCommit'), false)));
      }
      const eachBatch = handlerProperty(file, config, 'eachBatch');
      if (eachBatch) {
        registered.add(eachBatch);
        emit(eachBatchSite(file, eachBatch, !isBooleanLiteral(propertyValue(config, 'eachBatchAutoResolve'), false)));
      }
    }
    // Handlers registered in another file but typed here.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: MODULES, messageTypes: ['EachMessagePayload', 'EachBatchPayload'] })) {
      if (registered.has(fn)) continue;
      if (typeAnnotationName(bareParam(fn.params[0])) === 'EachMessagePayload') emit(eachMessageSite(file, fn, true));
      else emit(eachBatchSite(file, fn, true));
    }
  },
};
