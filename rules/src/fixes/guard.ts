import type { TSESLint } from '@typescript-eslint/utils';
import type { FileContext } from '../analysis/file-context';
import type { HandlerFacts } from '../analysis/flow';

export function guardSuggestions(file: FileContext, facts: HandlerFacts): TSESLint.SuggestionReportDescriptor<'suggestGuard'>[] {
  void file; void facts;
  return [];
}
