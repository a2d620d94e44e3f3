/**
 * sqs-consumer: `Consumer.create({ handleMessage | handleMessageBatch })` or `new Consumer({...})`.
 * The library deletes a message when the handler returns it (and, with `alwaysAcknowledge: true`,
 * whatever happened). The id is `message.MessageId`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeObject, findProperty, isBooleanLiteral } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH } from '../analysis/message-paths';
import { functionSite, handlerProperty, keyFromMessage, settleModel } from './support';
import type { LibraryModule } from './types';

const MODULE = 'sqs-consumer';

function emitFromOptions(file: FileContext, options: TSESTree.Node | undefined, emit: Parameters<LibraryModule['discover']>[2]): void {
  if (!options || options.type !== AST_NODE_TYPES.ObjectExpression) return;
  const always = findProperty(options, 'alwaysAcknowledge');
  const autoAck =
    always && isBooleanLiteral(always.value, true)
      ? { node: always, when: 'even when handling fails' }
      : null;
  const settle = settleModel({
    returnSettles: true,
    returnPhrase: 'sqs-consumer deletes the message once the handler returns',
    autoAck,
  });
  const single = handlerProperty(file, options, 'handleMessage');
  if (single) {
    emit(
      functionSite(file, {
        library: MODULE,
        label: 'sqs-consumer handleMessage',
        fn: single,
        settle,
        key: keyFromMessage(file, ['MessageId']),
        // Returning the message tells sqs-consumer to delete the duplicate.
        duplicate: (unit) => {
          const message = accessPath(file, unit.message, []);
          return message ? `return ${message.text};` : null;
        },
      }),
    );
  }
  const batch = handlerProperty(file, options, 'handleMessageBatch');
  if (batch) {
    emit(
      functionSite(file, {
        library: MODULE,
        label: 'sqs-consumer handleMessageBatch',
        fn: batch,
        batchSteps: [EACH],
        settle,
        key: keyFromMessage(file, ['MessageId']),
      }),
    );
  }
}

export const sqsConsumer: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: [MODULE],
  candidates: ['calls', 'news'],
  discover(file, candidates, emit) {
    if (!file.hasModule(MODULE)) return;
    for (const call of candidates.callsNamed('create')) {
      const receiver = calleeObject(call);
      if (receiver && file.isExportOf(receiver, [MODULE], 'Consumer')) emitFromOptions(file, call.arguments[0], emit);
    }
    for (const call of candidates.news) {
      if (file.isExportOf(call.callee, [MODULE], 'Consumer')) emitFromOptions(file, call.arguments[0], emit);
    }
  },
};
