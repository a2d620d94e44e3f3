/**
 * amqplib (promise and callback APIs) and amqp-connection-manager's ChannelWrapper:
 * `channel.consume(queue, onMessage, options)`. Messages are settled explicitly with `ack` / `ackAll`
 * (`nack` / `nackAll` / `reject` settle as failed); `{ noAck: true }` acknowledges on delivery.
 * The message id is `msg.properties.messageId` (set by the publisher).
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { calleeObject, findDescendant, findProperty, isBooleanLiteral, memberPath, propertyName, type FunctionNode } from '../analysis/ast';
import { identifiersResolveSame } from '../analysis/access';
import { exitStatement, functionSite, handlerFunction, reuseAckStatement, settleModel, settleThenExit, typedHandlers, typedParamIndex } from './support';
import type { FileContext } from '../analysis/file-context';
import type { TSESTree } from '@typescript-eslint/utils';
import type { HandlerSite, LibraryModule } from './types';

const AMQPLIB = 'amqplib';
const CONNECTION_MANAGER = 'amqp-connection-manager';

/**
 * An RPC server: the handler answers to `msg.properties.replyTo` (with the request's correlationId).
 * The caller waits for that reply and decides itself whether to ask again.
 */
function repliesToCaller(fn: FunctionNode): boolean {
  return findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.MemberExpression && propertyName(n) === 'replyTo', true) != null;
}

/** The consume callback `fn`; `call` is its `channel.consume(…)` registration when it is in this file. */
function consumeSite(file: FileContext, library: string, fn: FunctionNode, call: TSESTree.CallExpression | null, messageParam = 0): HandlerSite {
  const noAck = call ? findProperty(call.arguments[2], 'noAck') : null;
  const autoAck = noAck && isBooleanLiteral(noAck.value, true) ? { node: noAck, when: 'as soon as it is delivered' } : null;
  const settle = settleModel({
    returnSettles: false,
    ack: ['ack', 'ackAll'],
    nack: ['nack', 'nackAll', 'reject'],
    autoAck,
  });
  const channel = call ? calleeObject(call) : null;
  const channelPath = channel ? memberPath(channel) : null;
  return functionSite(file, {
    library,
    label: call ? 'AMQP consume callback' : 'AMQP message handler',
    fn,
    ...(repliesToCaller(fn) ? { delivery: 'request-reply' as const, deliveryReason: 'replies to msg.properties.replyTo (an RPC server)' } : {}),
    settle,
    messageParam,
    key: (unit) => accessPath(file, unit.message, ['properties', 'messageId']),
    duplicate(unit, at) {
      if (autoAck) return exitStatement(unit);
      const reused = reuseAckStatement(file, settle, unit, at);
      if (reused) return settleThenExit(unit, reused);
      const message = accessPath(file, unit.message, []);
      if (!channel || !channelPath || !message || channel.type === AST_NODE_TYPES.ThisExpression) return null;
      if (!identifiersResolveSame(file, channel, at)) return null;
      return settleThenExit(unit, `${channelPath}.ack(${message.text});`);
    },
  });
}

export const amqplib: LibraryModule = {
  id: AMQPLIB,
  modules: [AMQPLIB, CONNECTION_MANAGER],
  textHints: ['amqp'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    const library = file.hasModule(CONNECTION_MANAGER) ? CONNECTION_MANAGER : file.hasModule(AMQPLIB) ? AMQPLIB : null;
    if (!library) return;
    const registered = new Set<FunctionNode>();
    for (const call of candidates.callsNamed('consume')) {
      const handlerArg = call.arguments[1];
      const fn = handlerArg ? handlerFunction(file, handlerArg) : null;
      if (!fn) continue;
      registered.add(fn);
      emit(consumeSite(file, library, fn, call));
    }
    // `async function onOrder(msg: ConsumeMessage)`, `consume(channel: Channel, msg: ConsumeMessage)` called from another file.
    const shape = { modules: [AMQPLIB, CONNECTION_MANAGER], messageTypes: ['ConsumeMessage', 'Message'], anyParam: true };
    for (const fn of typedHandlers(file, candidates.typedFunctions, shape)) {
      if (!registered.has(fn)) emit(consumeSite(file, library, fn, null, typedParamIndex(file, fn, shape.modules, shape.messageTypes)));
    }
  },
};
