/**
 * kafka-node: `new Consumer(client, payloads, options)`, `new ConsumerGroup(options, topics)` and
 * `new ConsumerGroupStream(options, topics)` emit each message to a `'message'` (stream: `'data'`)
 * listener. `autoCommit` is on by default: offsets of fetched messages are committed on a timer
 * (`autoCommitIntervalMs`) whether or not the listener finished, so a crash loses them. With
 * `autoCommit: false`, `consumer.commit()` (stream: `commit(message)`) after the work settles. The
 * message id is topic:partition:offset.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeName, calleeObject, isBooleanLiteral, propertyValue, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { comesFrom, constructionOf, eventListeners, exitStatement, functionSite, handlerFunction, joinedKey, settleModel } from './support';
import type { LibraryModule } from './types';

const MODULE = 'kafka-node';
const ACKS = new Set(['commit', 'commitOffset', 'sendOffsetCommitRequest']);

/** Where each consumer class takes its options: `Consumer(client, payloads, options)`, the groups first. */
const OPTIONS_ARG: Record<string, number> = { Consumer: 2, HighLevelConsumer: 2, ConsumerGroup: 0, ConsumerGroupStream: 0, ConsumerStream: 2 };

/** The `autoCommit` option of the consumer a listener is attached to (true when unset or unknown). */
function autoCommits(file: FileContext, receiver: Node): { on: boolean; explicit: boolean; node: Node } {
  const made = constructionOf(file, receiver);
  const className = made?.type === AST_NODE_TYPES.NewExpression ? calleeName(made) : null;
  const index = className ? OPTIONS_ARG[className] : undefined;
  const options = made && index !== undefined ? made.arguments[index] : undefined;
  const value = options ? propertyValue(options as Node, 'autoCommit') : null;
  return { on: !isBooleanLiteral(value, false), explicit: isBooleanLiteral(value, true), node: made ?? receiver };
}

export const kafkaNode: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: [MODULE],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const { receiver, listener, event } of eventListeners(candidates, ['message', 'data'], (r) => comesFrom(file, r, [MODULE]))) {
      const fn = handlerFunction(file, listener);
      if (!fn) continue;
      const auto = autoCommits(file, receiver);
      const settle = settleModel({
        returnSettles: false,
        autoAck: auto.on ? { node: auto.node, when: `on a timer (${auto.explicit ? '`autoCommit: true`' : '`autoCommit` is on by default'}), whether or not the listener has finished` } : null,
        classify: (call) =>
          call.type === AST_NODE_TYPES.CallExpression && ACKS.has(calleeName(call) ?? '') && comesFrom(file, calleeObject(call) ?? call, [MODULE]) ? 'ack' : null,
      });
      emit(
        functionSite(file, {
          library: MODULE,
          label: `kafka-node '${event}' listener`,
          fn,
          settle,
          key: (unit) => joinedKey(['topic', 'partition', 'offset'].map((p) => accessPath(file, unit.message, [p]))),
          duplicate: (unit) => exitStatement(unit),
        }),
      );
    }
  },
};
