/**
 * In-house buses, configured in `settings.idempotency.consumers` (`{ callee: "bus.subscribe",
 * handlerArg: 1 }`), and functions tagged `/** @consumer *\/`. Nothing is known about settling beyond
 * the configured `ack` method names; the id is `<message>.<messageId>` (default `id`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberPath, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import { calleeMatches } from '../analysis/callee-match';
import type { FileContext } from '../analysis/file-context';
import type { ClassConsumerSetting, ConsumerSetting, FilesConsumerSetting } from '../settings';
import { exportedFunction } from '../project/targets';
import { globToRegExp } from '../util/glob';
import path from 'node:path';
import { exitStatement, functionSite, handlerProperty, keyFromMessage, reuseAckStatement, settleModel, settleThenExit } from './support';
import type { HandlerSite, LibraryModule } from './types';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

function configuredSite(file: FileContext, consumer: ConsumerSetting, fn: FunctionNode, label: string, via: string): HandlerSite {
  const settle = settleModel({ returnSettles: false, ack: consumer.ack ?? [] });
  const messageParam = 'callee' in consumer ? 0 : (consumer.messageArg ?? 0);
  return functionSite(file, {
    library: 'generic',
    label,
    fn,
    settle,
    messageParam,
    via,
    key: keyFromMessage(file, (consumer.messageId ?? 'id').split('.')),
    // With acks configured, a duplicate must be acked too (re-using the handler's own ack).
    duplicate: (unit, at) => {
      if (!consumer.ack?.length) return exitStatement(unit);
      const ack = reuseAckStatement(file, settle, unit, at);
      return ack ? settleThenExit(unit, ack) : null;
    },
  });
}

/** `{ "extends": "BaseTask", "method": "perform" }`: the method of each class here that extends it. */
function subclassHandlers(file: FileContext, classes: readonly ClassNode[], consumer: ClassConsumerSetting): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const cls of classes) {
    const base = cls.superClass ? memberPath(unwrap(cls.superClass)) : null;
    if (!base || !calleeMatches(base, consumer.extends)) continue;
    const fn = file.classMember(cls, consumer.method);
    if (fn) out.push(fn);
  }
  return out;
}

/** `{ "files": "src/jobs/**\/*.ts", "export": "default" }`: the export, when this file matches a glob. */
function exportedHandler(file: FileContext, consumer: FilesConsumerSetting): FunctionNode | null {
  if (!path.isAbsolute(file.path)) return null;
  const bases = [file.project?.root, process.cwd()].filter((b): b is string => b != null);
  const relatives = bases.map((base) => path.relative(base, file.path).split(path.sep).join('/')).filter((r) => !r.startsWith('..'));
  const matches = consumer.files.some((glob) => {
    const re = globToRegExp(glob);
    return relatives.some((r) => re.test(r));
  });
  return matches ? (exportedFunction(file, consumer.export)?.fn ?? null) : null;
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
  candidates: ['calls', 'classes'],
  discover(file, candidates, emit) {
    for (const consumer of file.settings.consumers) {
      if ('extends' in consumer) {
        for (const fn of subclassHandlers(file, candidates.classes, consumer)) emit(configuredSite(file, consumer, fn, `${consumer.extends} subclass ${consumer.method}()`, 'setting'));
        continue;
      }
      if ('files' in consumer) {
        const fn = exportedHandler(file, consumer);
        if (fn) emit(configuredSite(file, consumer, fn, `${consumer.export === 'default' ? 'default export' : consumer.export} (configured files)`, 'setting'));
        continue;
      }
      const method = consumer.callee.slice(consumer.callee.lastIndexOf('.') + 1);
      for (const call of candidates.callsNamed(method)) {
        if (!calleeMatches(memberPath(call.callee), consumer.callee)) continue;
        const arg = call.arguments[consumer.handlerArg];
        const fn = arg ? handlerFromArgument(file, arg, consumer.handlerMethod) : null;
        if (fn) emit(configuredSite(file, consumer, fn, `${consumer.callee} handler`, `registered at line ${call.loc.start.line}`));
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
