/**
 * @azure/service-bus: `receiver.subscribe({ processMessage, processError }, options)` and
 * `receiveMessages` / `getMessageIterator` loops. With the default `autoCompleteMessages: true` a
 * message is completed when processMessage resolves; otherwise `completeMessage` settles it
 * (`abandonMessage`, `deadLetterMessage`, `deferMessage` settle as failed). The id is `message.messageId`.
 */
import { accessPath, identifiersResolveSame } from '../analysis/access';
import { calleeObject, findProperty, isBooleanLiteral, memberPath, propertyValue } from '../analysis/ast';
import { EACH, followValue, type IterationUnit } from '../analysis/message-paths';
import { exitStatement, functionSite, handlerProperty, keyFromMessage, loopSite, reuseAckStatement, settleModel, settleThenExit, typedHandlers } from './support';
import type { LibraryModule } from './types';

const MODULE = '@azure/service-bus';
const ACK = ['completeMessage'];
const NACK = ['abandonMessage', 'deadLetterMessage', 'deferMessage'];

const manualSettle = settleModel({ returnSettles: false, ack: ACK, nack: NACK });
const autoCompleteSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'Service Bus completes the message once processMessage returns',
  ack: ACK,
  nack: NACK,
});

export const serviceBus: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: ['service-bus'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    if (!file.hasModule(MODULE)) return;
    for (const call of candidates.callsNamed('subscribe')) {
      const handlers = call.arguments[0];
      if (!findProperty(handlers, 'processMessage')) continue;
      const fn = handlerProperty(file, handlers, 'processMessage');
      if (!fn) continue;
      const autoComplete = !isBooleanLiteral(propertyValue(call.arguments[1], 'autoCompleteMessages'), false);
      const settle = autoComplete ? autoCompleteSettle : manualSettle;
      const receiver = calleeObject(call);
      const receiverPath = receiver ? memberPath(receiver) : null;
      emit(
        functionSite(file, {
          library: MODULE,
          label: 'Service Bus processMessage handler',
          fn,
          settle,
          key: keyFromMessage(file, ['messageId']),
          duplicate(unit, at) {
            if (autoComplete) return exitStatement(unit);
            const reused = reuseAckStatement(file, settle, unit, at);
            if (reused) return settleThenExit(unit, reused);
            const message = accessPath(file, unit.message, []);
            if (!receiver || !receiverPath || !message || !identifiersResolveSame(file, receiver, at)) return null;
            return settleThenExit(unit, `await ${receiverPath}.completeMessage(${message.text});`);
          },
        }),
      );
    }
    // `async (message: ServiceBusReceivedMessage) => …` passed as processMessage from another file:
    // subscribe() completes it when the handler returns unless told otherwise.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: [MODULE], messageTypes: ['ServiceBusReceivedMessage'] })) {
      emit(functionSite(file, { library: MODULE, label: 'Service Bus message handler', fn, settle: autoCompleteSettle, key: keyFromMessage(file, ['messageId']), duplicate: (unit) => exitStatement(unit) }));
    }
    const iterations: IterationUnit[] = [];
    for (const call of [...candidates.callsNamed('receiveMessages'), ...candidates.callsNamed('getMessageIterator')]) {
      followValue(file, call, [EACH], iterations);
    }
    for (const iteration of iterations) {
      emit(loopSite(file, iteration, { library: MODULE, label: 'Service Bus receive loop', settle: manualSettle, key: ['messageId'] }));
    }
  },
};
