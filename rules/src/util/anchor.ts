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

/**
 * Several places at once (`src/notify.service.ts:89, 103`): a handler's call can reach more than one
 * ack in another file; the finding shown at that call names them all.
 */
export function placesOf(nodes: readonly Node[]): string {
  const byFile = new Map<string, number[]>();
  for (const node of nodes) {
    const file = otherFileOf(node) ?? '';
    const lines = byFile.get(file) ?? [];
    if (!lines.includes(node.loc.start.line)) lines.push(node.loc.start.line);
    byFile.set(file, lines);
  }
  return [...byFile].map(([file, lines]) => (file ? `${file}:${lines.join(', ')}` : `line ${lines.join(', ')}`)).join('; ');
}

/** The nodes among `nodes` shown at `anchor`. */
export function sameAnchor(nodes: Iterable<Node>, facts: HandlerFacts, anchor: Node): Node[] {
  return [...nodes].filter((n) => facts.anchors.get(n) === anchor);
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
