/**
 * In-house buses, configured in `settings.idempotency.consumers` (`{ callee: "bus.subscribe",
 * handlerArg: 1 }`), and functions tagged `/** @consumer *\/`. Nothing is known about settling beyond
 * the configured `ack` method names; the id is `<message>.<messageId>` (default `id`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberPath, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import { calleeMatches } from '../analysis/callee-match';
import type { FileContext } from '../analysis/file-context';
import type { ConsumerSetting } from '../settings';
import { exitStatement, functionSite, handlerProperty, keyFromMessage, reuseAckStatement, settleModel, settleThenExit } from './support';
import type { HandlerSite, LibraryModule } from './types';

function configuredSite(file: FileContext, consumer: ConsumerSetting, fn: FunctionNode): HandlerSite {
  const settle = settleModel({ returnSettles: false, ack: consumer.ack ?? [] });
  return functionSite(file, {
    library: 'generic',
    label: `${consumer.callee} handler`,
    fn,
    settle,
    key: keyFromMessage(file, (consumer.messageId ?? 'id').split('.')),
    // With acks configured, a duplicate must be acked too (re-using the handler's own ack).
    duplicate: (unit, at) => {
      if (!consumer.ack?.length) return exitStatement(unit);
      const ack = reuseAckStatement(file, settle, unit, at);
      return ack ? settleThenExit(unit, ack) : null;
    },
  });
}

function handlerFromArgument(file: FileContext, arg: Node, method: string | undefined): FunctionNode | null {
  if (!method) return file.functionOf(arg);
  const fromLiteral = handlerProperty(file, arg, method);
  if (fromLiteral) return fromLiteral;
  const a = unwrap(arg);
  // bus.subscribe('x', new OrderHandler()) / bus.subscribe('x', handlerInstance)
  if (a.type === AST_NODE_TYPES.NewExpression && a.callee.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(a.callee);
    if (def?.kind === 'class') return file.classMember(def.node, method);
  }
  const cls = file.classOfReceiver(a);
  return cls ? file.classMember(cls, method) : null;
}

/** The function a `/** @consumer *\/` comment documents. */
function taggedFunction(file: FileContext, comment: TSESTree.Comment): FunctionNode | null {
  const token = file.sourceCode.getTokenAfter(comment, { includeComments: false });
  if (!token) return null;
  let node = file.sourceCode.getNodeByRangeIndex(token.range[0]) as Node | null;
  if (!node) return null;
  // The outermost node that starts at the token is the documented declaration.
  while (node.parent && node.parent.type !== AST_NODE_TYPES.Program && node.parent.range[0] === token.range[0]) node = node.parent;
  if (node.type === AST_NODE_TYPES.ExportNamedDeclaration && node.declaration) node = node.declaration;
  if (isFunction(node)) return node;
  if (node.type === AST_NODE_TYPES.MethodDefinition || node.type === AST_NODE_TYPES.PropertyDefinition) {
    const value = node.value ? unwrap(node.value) : null;
    return isFunction(value) ? value : null;
  }
  if (node.type === AST_NODE_TYPES.VariableDeclaration) {
    const init = node.declarations[0]?.init;
    const value = init ? unwrap(init) : null;
    return isFunction(value) ? value : null;
  }
  return null;
}

export const generic: LibraryModule = {
  id: 'generic',
  modules: [],
  textHints: [],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const consumer of file.settings.consumers) {
      const method = consumer.callee.slice(consumer.callee.lastIndexOf('.') + 1);
      for (const call of candidates.callsNamed(method)) {
        if (!calleeMatches(memberPath(call.callee), consumer.callee)) continue;
        const arg = call.arguments[consumer.handlerArg];
        const fn = arg ? handlerFromArgument(file, arg, consumer.handlerMethod) : null;
        if (fn) emit(configuredSite(file, consumer, fn));
      }
    }
    if (!file.text.includes('@consumer')) return;
    for (const comment of file.sourceCode.getAllComments()) {
      if (comment.type !== 'Block' || !/(^|\s|\*)@consumer\b/.test(comment.value)) continue;
      const fn = taggedFunction(file, comment);
      if (!fn) continue;
      emit(
        functionSite(file, {
          library: 'generic',
          label: '@consumer function',
          fn,
          settle: settleModel({ returnSettles: false, ack: ['ack'], nack: ['nack'] }),
          key: keyFromMessage(file, ['id']),
        }),
      );
    }
  },
};
