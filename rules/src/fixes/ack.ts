import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FileContext } from '../analysis/file-context';
import type { HandlerFacts } from '../analysis/flow';

export function ackSuggestions(file: FileContext, facts: HandlerFacts, ack: TSESTree.Node): TSESLint.SuggestionReportDescriptor<'suggestMoveAck' | 'suggestAckOnSuccess'>[] {
  void file; void facts; void ack;
  return [];
}
export function awaitSuggestions(file: FileContext, node: TSESTree.Node): TSESLint.SuggestionReportDescriptor<'suggestAwait'>[] {
  void file; void node;
  return [];
}
export function rethrowSuggestions(file: FileContext, clause: TSESTree.CatchClause): TSESLint.SuggestionReportDescriptor<'suggestRethrow'>[] {
  void file; void clause;
  return [];
}
