/** Source text and call paths for messages. */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callLabel, type Node } from '../analysis/ast';
import { otherFileOf, sourceOfNode } from './anchor';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Source text of a node on one line, shortened. */
export function describeNode(sourceCode: SourceCode, node: TSESTree.Node, max = 60): string {
  const text = sourceOfNode(sourceCode, node).getText(node).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}

/** `execute(…)`, `this.service.apply()` → `service.apply()`: a helper call as a step of a path. */
export function callStepText(call: Node): string {
  if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) return 'callback';
  const label = callLabel(call, 2);
  return call.arguments.length > 0 ? `${label.slice(0, -2)}(…)` : label;
}

/**
 * How a handler reaches an effect in a helper: ` (via \`execute()\` → \`applyEvent(…)\`, line 312)`,
 * or in another file ` (via \`walletService.credit(…)\`, src/wallet/wallet.service.ts:42)`.
 * Empty when the effect is in the handler itself. The line is given when the effect is outside the
 * reported range (far from where the finding is shown).
 */
export function pathSuffix(path: readonly Node[], effect: Node, shownAt?: TSESTree.SourceLocation): string {
  const elsewhere = otherFileOf(effect);
  // A handler written in another file: its own effects are named by their place.
  if (path.length === 0) return elsewhere ? ` (${elsewhere}:${effect.loc.start.line})` : '';
  const steps = path.map((call) => `\`${callStepText(call)}\``).join(' → ');
  if (elsewhere) return ` (via ${steps}, ${elsewhere}:${effect.loc.start.line})`;
  const far = shownAt && (effect.loc.start.line < shownAt.start.line || effect.loc.start.line > shownAt.end.line);
  return ` (via ${steps}${far ? `, line ${effect.loc.start.line}` : ''})`;
}
