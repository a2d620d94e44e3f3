/**
 * NATS and JetStream (nats.js v2 and the @nats-io/* v3 packages).
 * Core subscriptions (`nc.subscribe(subject, { callback })`, `for await (const m of nc.subscribe(s))`)
 * have no acks and no id the server guarantees. JetStream messages — from `consumer.consume()`,
 * `consumer.fetch()`, `js.pullSubscribe()`, `js.subscribe()`, a `consume({ callback })` option or a
 * `consumerOpts().callback(fn)` builder — are settled with `m.ack()` / `m.ackAck()` (`m.nak()` /
 * `m.term()` settle as failed). Their id is the `Nats-Msg-Id` header, falling back to the stream
 * sequence (scoped by stream name).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, calleeName, calleeObject, findProperty, receiverName, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH, followValue, type IterationUnit } from '../analysis/message-paths';
import { exitStatement, functionSite, handlerFunction, loopSite, settleModel, settleThenExit, typedHandlers } from './support';
import type { LibraryModule, MessageUnit } from './types';

const MODULES = ['nats', 'nats.ws', '@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/nats-core'];
/** Calls whose messages come from a JetStream consumer; `subscribe` is JetStream only on a `js` client. */
const JETSTREAM_SOURCES = ['consume', 'fetch', 'pullSubscribe'];

const jetStreamSettle = settleModel({ returnSettles: false, ack: ['ack', 'ackAck'], nack: ['nak', 'term'] });
const coreSettle = settleModel({ returnSettles: false });

function jetStreamKey(file: FileContext, unit: MessageUnit) {
  const message = accessPath(file, unit.message, []);
  if (!message) return null;
  const m = message.text;
  return { text: `${m}.headers?.get('Nats-Msg-Id') ?? \`\${${m}.info.stream}:\${${m}.seq}\``, edits: message.edits };
}

function jetStreamDuplicate(file: FileContext) {
  return (unit: MessageUnit) => {
    const message = accessPath(file, unit.message, []);
    return message ? settleThenExit(unit, `${message.text}.ack();`) : null;
  };
}

/** `(err, msg) => …` callbacks take the message second. */
function messageParamIndex(fn: FunctionNode): number {
  const first = bareParam(fn.params[0]);
  return fn.params.length >= 2 && first?.type === AST_NODE_TYPES.Identifier && /^(err|error|e)$/i.test(first.name) ? 1 : 0;
}

function isJetStreamClient(receiver: Node | null): boolean {
  return receiver != null && /^(js|jetstream|jetStream|jsClient)$/i.test(receiverName(receiver) ?? '');
}

/** `consumerOpts()…callback(fn)` builder chains (nats.js v2 JetStream push subscriptions). */
function isConsumerOptsChain(call: TSESTree.CallExpression): boolean {
  let n: Node = unwrap(call.callee);
  for (let i = 0; i < 12; i++) {
    if (n.type === AST_NODE_TYPES.MemberExpression) n = unwrap(n.object);
    else if (n.type === AST_NODE_TYPES.CallExpression) {
      if (calleeName(n) === 'consumerOpts') return true;
      n = unwrap(n.callee);
    } else return false;
  }
  return false;
}

/** Core NATS delivers at most once: a message missed or failed is never sent again. */
function coreDelivery(jetStream: boolean): { delivery?: 'no-redelivery'; deliveryReason?: string } {
  return jetStream ? {} : { delivery: 'no-redelivery', deliveryReason: 'core NATS delivers each message at most once' };
}

export const nats: LibraryModule = {
  id: 'nats',
  modules: MODULES,
  textHints: ['nats'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    const callbackSite = (fn: FunctionNode, jetStream: boolean, label?: string) =>
      functionSite(file, {
        library: 'nats',
        label: label ?? (jetStream ? 'JetStream message callback' : 'NATS subscription callback'),
        fn,
        ...coreDelivery(jetStream),
        messageParam: messageParamIndex(fn),
        settle: jetStream ? jetStreamSettle : coreSettle,
        key: (unit) => (jetStream ? jetStreamKey(file, unit) : null),
        duplicate: jetStream ? jetStreamDuplicate(file) : (unit) => exitStatement(unit),
      });
    const iterations: { iteration: IterationUnit; jetStream: boolean }[] = [];
    for (const source of [...JETSTREAM_SOURCES, 'subscribe']) {
      for (const call of candidates.callsNamed(source)) {
        const receiver = calleeObject(call);
        if (!receiver) continue;
        const jetStream = source !== 'subscribe' || isJetStreamClient(receiver);
        const options = call.arguments[call.arguments.length - 1] as Node | undefined;
        const callback = findProperty(options, 'callback');
        if (callback) {
          const fn = handlerFunction(file, callback.value as Node);
          if (fn) emit(callbackSite(fn, jetStream));
          continue;
        }
        const found: IterationUnit[] = [];
        followValue(file, call, [EACH], found);
        for (const iteration of found) iterations.push({ iteration, jetStream });
      }
    }
    for (const call of candidates.callsNamed('callback')) {
      const fn = call.arguments[0] ? handlerFunction(file, call.arguments[0]) : null;
      if (fn && isConsumerOptsChain(call)) emit(callbackSite(fn, true));
    }
    // `async (m: JsMsg) => …` handed to a project's subscribe helper in another file.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: MODULES, messageTypes: ['JsMsg'] })) {
      emit(callbackSite(fn, true, 'JetStream message handler'));
    }
    for (const { iteration, jetStream } of iterations) {
      if (iteration.container.type !== AST_NODE_TYPES.ForOfStatement || !iteration.container.await) continue;
      emit(
        loopSite(file, iteration, {
          library: 'nats',
          label: jetStream ? 'JetStream message loop' : 'NATS subscription loop',
          ...coreDelivery(jetStream),
          settle: jetStream ? jetStreamSettle : coreSettle,
          key: (unit) => (jetStream ? jetStreamKey(file, unit) : null),
          duplicate: jetStream ? jetStreamDuplicate(file) : (unit) => exitStatement(unit),
        }),
      );
    }
  },
};
