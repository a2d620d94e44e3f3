/**
 * MQTT.js: `client.on('message', (topic, payload, packet) => …)`. A QoS 0 subscription is delivered
 * at most once; QoS 1 and 2 are at least once (the broker resends until the client acknowledges, and
 * with a persistent session after a reconnect). MQTT.js acknowledges (PUBACK / PUBREC) as soon as
 * the listener is called unless the client overrides `handleMessage`, so work the listener starts
 * is not waited for. `packet.messageId` is reused per connection: the key is an id in the payload.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { calleeName, calleeObject, findProperty, unwrap, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { comesFrom, eventListeners, exitStatement, functionSite, handlerFunction, settleModel } from './support';
import type { Candidates, LibraryModule } from './types';

const MODULES = ['mqtt', 'async-mqtt', 'precompiled-mqtt'];

/** `client.subscribe(topic, { qos: 1 })` (or a topic → options map with qos ≥ 1) on an MQTT client of this file. */
function subscribesAtLeastOnce(file: FileContext, candidates: Candidates): boolean {
  // An options object written there or in a const (`const SUB = { qos: 1 }`); a QoS computed at run time may be 1.
  const qosAtLeastOne = (n: Node | undefined): boolean => {
    const options = n ? constValue(file, n) : null;
    const qos = findProperty(options ?? undefined, 'qos');
    const value = qos ? constValue(file, qos.value as Node) : null;
    if (!value) return false;
    return value.type === AST_NODE_TYPES.Literal ? typeof value.value === 'number' && value.value >= 1 : true;
  };
  return [...candidates.callsNamed('subscribe'), ...candidates.callsNamed('subscribeAsync')].some((call) => {
    const receiver = calleeObject(call);
    if (!receiver || !comesFrom(file, receiver, MODULES)) return false;
    const [topics, options] = call.arguments as Node[];
    if (qosAtLeastOne(options)) return true;
    const map = topics ? constValue(file, topics) : null;
    return map?.type === AST_NODE_TYPES.ObjectExpression && map.properties.some((p) => p.type === AST_NODE_TYPES.Property && qosAtLeastOne(p.value as Node));
  });
}

/** A value, or the initial value of the const it names. */
function constValue(file: FileContext, node: Node): Node {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return n;
  const def = file.definitionOf(n);
  return def?.kind === 'variable' && def.node.init && def.node.parent.kind === 'const' ? unwrap(def.node.init) : n;
}

/** `handleMessage` overridden on the client: the acknowledgement waits for its callback. */
function handlesMessageItself(candidates: Candidates): boolean {
  return candidates.calls.some((call) => calleeName(call) === 'handleMessage');
}

export const mqtt: LibraryModule = {
  id: 'mqtt',
  modules: MODULES,
  textHints: ['mqtt'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    const listeners = eventListeners(candidates, ['message'], (r) => comesFrom(file, r, MODULES));
    if (listeners.length === 0) return;
    const atLeastOnce = subscribesAtLeastOnce(file, candidates);
    for (const { listener, call } of listeners) {
      const fn = handlerFunction(file, listener);
      if (!fn) continue;
      emit(
        functionSite(file, {
          library: 'mqtt',
          label: "MQTT 'message' listener",
          fn,
          ...(atLeastOnce ? {} : { delivery: 'no-redelivery' as const, deliveryReason: 'QoS 0 subscriptions (the default) are delivered at most once' }),
          messageParam: 1,
          settle: settleModel({
            returnSettles: false,
            autoAck: handlesMessageItself(candidates) ? null : { node: call.callee, when: 'as soon as the listener is called (MQTT.js sends PUBACK without waiting for its work)' },
          }),
          // packet.messageId is per connection: a redelivery after a reconnect may carry another.
          key: () => null,
          duplicate: (unit) => exitStatement(unit),
        }),
      );
    }
  },
};
