/**
 * @google-cloud/pubsub: `subscription.on('message', handler)`. Messages are settled with
 * `message.ack()` / `ackWithResponse()` (`nack()` / `nackWithResponse()` ask for redelivery).
 * The id is `message.id`.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeObject, isIdentifier } from '../analysis/ast';
import { functionSite, handlerFunction, keyFromMessage, settleModel, settleThenExit, typedHandlers } from './support';
import type { FunctionNode } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import type { LibraryModule } from './types';

const MODULE = '@google-cloud/pubsub';

const settle = settleModel({
  returnSettles: false,
  ack: ['ack', 'ackWithResponse'],
  nack: ['nack', 'nackWithResponse'],
});

function listenerSite(file: FileContext, fn: FunctionNode, label: string) {
  return functionSite(file, {
    library: MODULE,
    label,
    fn,
    settle,
    key: keyFromMessage(file, ['id']),
    duplicate: (unit) => {
      const message = accessPath(file, unit.message, []);
      return message ? settleThenExit(unit, `${message.text}.ack();`) : null;
    },
  });
}

export const pubsub: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: ['pubsub'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    if (!file.hasModule(MODULE)) return;
    for (const name of ['on', 'addListener', 'once']) {
      for (const call of candidates.callsNamed(name)) {
        const event = call.arguments[0];
        if (!event || event.type !== AST_NODE_TYPES.Literal || event.value !== 'message') continue;
        if (isIdentifier(calleeObject(call), 'process')) continue;
        const fn = call.arguments[1] ? handlerFunction(file, call.arguments[1]) : null;
        if (fn) emit(listenerSite(file, fn, 'Pub/Sub message listener'));
      }
    }
    // `async function onMessage(message: Message)` handed to a subscription in another file.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: [MODULE], messageTypes: ['Message'] })) {
      emit(listenerSite(file, fn, 'Pub/Sub message handler'));
    }
  },
};
