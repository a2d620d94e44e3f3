/**
 * NATS and JetStream (nats.js v2 and the @nats-io/* v3 packages).
 * Core subscriptions (`nc.subscribe(subject, { callback })`, `for await (const m of sub)`) have no
 * acks. JetStream messages from `consumer.consume()`, `consumer.fetch()`, `js.pullSubscribe()` or a
 * `callback` option are settled with `m.ack()` / `m.ackAck()` (`m.nak()` / `m.term()` settle as failed).
 * The id is the `Nats-Msg-Id` header, falling back to the stream sequence.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, calleeObject, findProperty, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH, followValue, type IterationUnit } from '../analysis/message-paths';
import { functionSite, loopSite, settleModel, settleThenExit } from './support';
import type { LibraryModule, MessageUnit } from './types';

const MODULES = ['nats', 'nats.ws', '@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/nats-core'];
const ITERATOR_SOURCES = ['consume', 'fetch', 'pullSubscribe', 'subscribe'];

const settle = settleModel({ returnSettles: false, ack: ['ack', 'ackAck'], nack: ['nak', 'term'] });

function messageKey(file: FileContext, unit: MessageUnit) {
  const message = accessPath(file, unit.message, []);
  if (!message) return null;
  return { text: `${message.text}.headers?.get('Nats-Msg-Id') ?? String(${message.text}.seq)`, edits: message.edits };
}

function duplicate(file: FileContext) {
  return (unit: MessageUnit) => {
    const message = accessPath(file, unit.message, []);
    return message ? settleThenExit(unit, `${message.text}.ack();`) : null;
  };
}

/** `(err, msg) => …` callbacks of core subscriptions take the message second. */
function messageParamIndex(fn: FunctionNode): number {
  const first = bareParam(fn.params[0]);
  return fn.params.length >= 2 && first?.type === AST_NODE_TYPES.Identifier && /^(err|error|e)$/i.test(first.name) ? 1 : 0;
}

export const nats: LibraryModule = {
  id: 'nats',
  modules: MODULES,
  textHints: ['nats'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    const iterations: IterationUnit[] = [];
    for (const source of ITERATOR_SOURCES) {
      for (const call of candidates.callsNamed(source)) {
        if (!calleeObject(call)) continue;
        const options = call.arguments[call.arguments.length - 1] as Node | undefined;
        const callback = findProperty(options, 'callback');
        if (callback) {
          const fn = file.functionOf(callback.value as Node);
          if (!fn) continue;
          emit(
            functionSite(file, {
              library: 'nats',
              label: 'NATS subscription callback',
              fn,
              messageParam: messageParamIndex(fn),
              settle,
              key: (unit) => messageKey(file, unit),
              duplicate: duplicate(file),
            }),
          );
          continue;
        }
        followValue(file, call, [EACH], iterations);
      }
    }
    for (const iteration of iterations) {
      if (iteration.container.type !== AST_NODE_TYPES.ForOfStatement || !iteration.container.await) continue;
      emit(
        loopSite(file, iteration, {
          library: 'nats',
          label: 'NATS message loop',
          settle,
          key: (unit) => messageKey(file, unit),
          duplicate: duplicate(file),
        }),
      );
    }
  },
};
