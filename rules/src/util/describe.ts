/** Source text of a node for messages: on one line, shortened. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

export function describeNode(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, max = 60): string {
  const text = sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
}
