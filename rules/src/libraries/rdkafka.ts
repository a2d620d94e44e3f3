/**
 * node-rdkafka and the native API of @confluentinc/kafka-javascript: `new KafkaConsumer(config)`
 * emits each message to a `'data'` listener (flowing mode, `consumer.consume()`), or hands a batch
 * to `consumer.consume(n, (err, messages) => …)`. librdkafka stores each offset as the message is
 * handed over and `enable.auto.commit` (on by default) commits stored offsets on a timer, so work
 * still running is committed past; with it off, `commit()` / `commitMessage(m)` after the work
 * settles. The message id is topic:partition:offset. (The KafkaJS-compatible API of
 * @confluentinc/kafka-javascript is read by the kafkajs module.)
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeName, calleeObject, findProperty, isBooleanLiteral, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH } from '../analysis/message-paths';
import { comesFrom, constructionOf, eventListeners, exitStatement, functionSite, handlerFunction, joinedKey, settleModel } from './support';
import type { LibraryModule, SettleModel } from './types';

const MODULES = ['node-rdkafka', '@confluentinc/kafka-javascript'];
const ACKS = new Set(['commit', 'commitSync', 'commitMessage', 'commitMessageSync', 'offsetsStore']);

/** `'enable.auto.commit': false` (or `'enable.auto.offset.store': false`) in the consumer's config. */
function autoCommitOff(file: FileContext, receiver: Node): boolean {
  const made = constructionOf(file, receiver);
  const config = made?.arguments[0] as Node | undefined;
  const option = (name: string) => findProperty(config, name);
  const off = (name: string) => {
    const p = option(name);
    return p != null && isBooleanLiteral(unwrap(p.value as Node), false);
  };
  return off('enable.auto.commit') || off('enable.auto.offset.store');
}

function settleFor(file: FileContext, receiver: Node): SettleModel {
  return settleModel({
    returnSettles: false,
    autoAck: autoCommitOff(file, receiver) ? null : { node: constructionOf(file, receiver) ?? receiver, when: 'on a timer (`enable.auto.commit` is on by default), for every message handed over, whether or not its work has finished' },
    classify: (call) =>
      call.type === AST_NODE_TYPES.CallExpression && ACKS.has(calleeName(call) ?? '') && comesFrom(file, calleeObject(call) ?? call, MODULES) ? 'ack' : null,
  });
}

function site(file: FileContext, fn: FunctionNode, receiver: Node, label: string, batch: boolean) {
  const root = file.originOf(receiver) ?? MODULES[0]!;
  return functionSite(file, {
    library: root,
    label,
    fn,
    settle: settleFor(file, receiver),
    ...(batch ? { messageParam: 1, batchSteps: [EACH] } : {}),
    key: (unit) => joinedKey(['topic', 'partition', 'offset'].map((p) => accessPath(file, unit.message, [p]))),
    duplicate: (unit) => exitStatement(unit),
  });
}

export const rdkafka: LibraryModule = {
  id: 'node-rdkafka',
  modules: MODULES,
  textHints: ['rdkafka', 'kafka-javascript'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    const isConsumer = (r: Node) => comesFrom(file, r, MODULES);
    for (const { receiver, listener } of eventListeners(candidates, ['data'], isConsumer)) {
      const fn = handlerFunction(file, listener);
      if (fn) emit(site(file, fn, receiver, "KafkaConsumer 'data' listener", false));
    }
    // consumer.consume(100, (err, messages) => { for (const m of messages) … })
    for (const call of candidates.callsNamed('consume')) {
      const receiver = calleeObject(call);
      const callback = call.arguments[1];
      if (!receiver || !callback || !isConsumer(receiver)) continue;
      const fn = handlerFunction(file, callback);
      if (fn && fn.params.length >= 2) emit(site(file, fn, receiver, 'KafkaConsumer consume callback', true));
    }
  },
};
