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

/** The name a call is made by: `increment` in `q.increment(…)`, the callee itself otherwise. */
export function callNameNode(node: Node): Node {
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return node;
  return node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.property : node.callee;
}

/** From a call's method name to the end of the call: `.increment(…)` on its own line in a chain. */
export function nameToEndLocation(nameNode: Node, whole: Node): TSESTree.SourceLocation {
  return { start: nameNode.loc.start, end: whole.loc.end };
}

/**
 * Where an increment finding goes: on the relative part itself (`increment: 1`, the `$inc` entry,
 * `n = n + $1` inside the SQL) when it is written in the call within two lines of the call's name,
 * so the squiggle sits on what to change; from the name to the relative part when it is written
 * further down the call (a params object spread over lines); from the name to the end of the call
 * when it lives elsewhere (a query text in a constant).
 */
export function relativePartLocation(
  sourceCode: SourceCode,
  nameNode: Node,
  call: Node,
  part: { node: Node; text?: string } | undefined,
): TSESTree.SourceLocation {
  const whole = nameToEndLocation(nameNode, call);
  if (!part) return whole;
  let range: [number, number] = part.node.range;
  if (part.text) {
    // Not written there as such: an interpolated template (the literal itself), or a constant
    // (`pool.query(ADD_RATING, …)`: the whole call).
    const index = sourceCode.getText(part.node).indexOf(part.text);
    if (index >= 0) range = [part.node.range[0] + index, part.node.range[0] + index + part.text.length];
    else if (part.node.type !== AST_NODE_TYPES.TemplateLiteral && part.node.type !== AST_NODE_TYPES.Literal) return whole;
  }
  if (range[0] < call.range[0] || range[1] > call.range[1]) return whole;
  // A finding must start on a line above which `// eslint-disable-next-line` can go: inside a
  // multi-line string or template it starts where the literal starts.
  if (part.text && range[0] > part.node.range[0] && sourceCode.getLocFromIndex(range[0]).line > part.node.loc.start.line) range = [part.node.range[0], range[1]];
  const start = sourceCode.getLocFromIndex(range[0]);
  const end = sourceCode.getLocFromIndex(range[1]);
  if (range[0] >= nameNode.range[0] && codeLinesBetween(sourceCode, call, nameNode.range[0], range[0]) <= 2) return { start, end };
  return { start: nameNode.loc.start, end };
}

/**
 * How many lines of code (not comments: an `eslint-disable-next-line` comment must not move the
 * finding it disables) lie from `from` to `to` within `call`.
 */
function codeLinesBetween(sourceCode: SourceCode, call: Node, from: number, to: number): number {
  const lines = new Set<number>([sourceCode.getLocFromIndex(to).line]);
  for (const token of sourceCode.getTokens(call)) {
    if (token.range[0] >= from && token.range[0] <= to) lines.add(token.loc.start.line);
  }
  const first = sourceCode.getLocFromIndex(from).line;
  return [...lines].filter((line) => line >= first).length - 1;
}
