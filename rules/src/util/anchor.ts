/**
 * Findings about code in another file (an imported helper, an injected service) are shown in the
 * linted file, at the handler's call that leads there; their text is quoted from their own file.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { Node } from '../analysis/ast';
import type { HandlerFacts } from '../analysis/flow';
import { ProjectModel } from '../project/model';

type SourceCode = Readonly<TSESLint.SourceCode>;

export function programOf(node: Node): TSESTree.Program | null {
  let current: Node | undefined = node;
  while (current && current.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current ?? null;
}

/** The other project file a node is in, relative to the project root; null for the linted file. */
export function otherFileOf(node: Node): string | null {
  const program = programOf(node);
  return program ? (ProjectModel.parsedProgram(program)?.relative ?? null) : null;
}

/** `src/common/ack.ts:12`: where a node is, for messages (`line 12` in the linted file). */
export function placeOf(node: Node): string {
  const other = otherFileOf(node);
  return other ? `${other}:${node.loc.start.line}` : `line ${node.loc.start.line}`;
}

/** The source a node's text is read from: its own file's. */
export function sourceOfNode(sourceCode: SourceCode, node: Node): SourceCode {
  const program = programOf(node);
  const parsed = program && program !== sourceCode.ast ? ProjectModel.parsedProgram(program) : null;
  return parsed ? (parsed.sourceCode as unknown as SourceCode) : sourceCode;
}

/** Where a finding about `node` is shown: the node, or in another file the handler's call that reaches it. */
export function shownAt(facts: HandlerFacts, node: Node): { node: Node; elsewhere: boolean } {
  const anchor = facts.anchors.get(node);
  return anchor ? { node: anchor, elsewhere: true } : { node, elsewhere: false };
}
