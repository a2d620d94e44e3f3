/** Report locations that read well in an editor: a handler's signature, not its whole body. */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, type Node } from '../analysis/ast';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** A function's head (`async (msg) =>`, `async function handle(msg)`), a method key, or a loop head. */
export function headLocation(sourceCode: SourceCode, node: Node): TSESTree.SourceLocation {
  if (isFunction(node) || node.type === AST_NODE_TYPES.ForOfStatement) {
    const before = sourceCode.getTokenBefore(node.body);
    if (before && before.range[0] >= node.range[0]) return { start: node.loc.start, end: before.loc.end };
  }
  return node.loc;
}

/** From a call's method name to the end of the call: `.increment(…)` on its own line in a chain. */
export function nameToEndLocation(nameNode: Node, whole: Node): TSESTree.SourceLocation {
  return { start: nameNode.loc.start, end: whole.loc.end };
}
