/**
 * NATS Streaming (STAN, `node-nats-streaming`): `stan.subscribe(subject, [queueGroup], options)`
 * returns a subscription whose `'message'` event hands each message to a callback. With
 * `setManualAckMode(true)` the server redelivers every message the callback does not `msg.ack()`
 * within the ack wait; without it the client acknowledges each message on receipt. The message's
 * id is its sequence in the channel (`msg.getSequence()`, scoped by `msg.getSubject()`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeName, calleeObject, findDescendant, isBooleanLiteral, unwrap, unwrapAwait, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { functionSite, handlerFunction, settleModel, settleThenExit } from './support';
import type { LibraryModule } from './types';

const MODULE = 'node-nats-streaming';

/** The `subscribe(…)` call a `'message'` listener is attached to: `sub.on(…)` with `sub = stan.subscribe(…)`, or chained. */
function subscribeCallOf(file: FileContext, receiver: Node): TSESTree.CallExpression | null {
  let r = unwrapAwait(receiver);
  if (r.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(r);
    if (def?.kind !== 'variable' || !def.node.init) return null;
    r = unwrapAwait(def.node.init);
  }
  return r.type === AST_NODE_TYPES.CallExpression && calleeName(r) === 'subscribe' ? r : null;
}

/** `setManualAckMode(true)` in the options, in the method that builds them, or anywhere in the file. */
function manualAckMode(file: FileContext): boolean {
  const isManual = (n: Node) => n.type === AST_NODE_TYPES.CallExpression && calleeName(n) === 'setManualAckMode' && isBooleanLiteral(n.arguments[0], true);
  return findDescendant(file.sourceCode.ast as TSESTree.Program, isManual, true) != null;
}

export const natsStreaming: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: [MODULE],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    let manual: boolean | null = null;
    for (const call of candidates.callsNamed('on')) {
      const event = call.arguments[0] ? unwrap(call.arguments[0]) : null;
      if (event?.type !== AST_NODE_TYPES.Literal || event.value !== 'message' || !call.arguments[1]) continue;
      const receiver = calleeObject(call);
      const subscribe = receiver ? subscribeCallOf(file, receiver) : null;
      if (!subscribe) continue;
      const fn = handlerFunction(file, call.arguments[1]);
      if (!fn) continue;
      manual ??= manualAckMode(file);
      const settle = settleModel({
        returnSettles: false,
        ack: ['ack'],
        autoAck: manual ? null : { node: subscribe, when: 'as soon as it is received (no `setManualAckMode(true)`)' },
      });
      emit(
        functionSite(file, {
          library: MODULE,
          label: 'NATS Streaming message listener',
          fn,
          settle,
          key(unit) {
            const message = accessPath(file, unit.message, []);
            if (!message) return null;
            const m = message.text;
            return { text: `\`\${${m}.getSubject()}:\${${m}.getSequence()}\``, edits: message.edits };
          },
          duplicate(unit) {
            const message = accessPath(file, unit.message, []);
            return message && manual ? settleThenExit(unit, `${message.text}.ack();`) : settleThenExit(unit, null);
          },
        }),
      );
    }
  },
};
