import type { TSESLint } from '@typescript-eslint/utils';
import type { FileContext } from '../analysis/file-context';
import type { EffectRecord, HandlerFacts } from '../analysis/flow';

export function incrementWriteSuggestions(
  file: FileContext,
  facts: HandlerFacts,
  effect: EffectRecord,
): TSESLint.SuggestionReportDescriptor<'suggestSqlGuardedUpdate' | 'suggestMongoGuardedUpdate' | 'suggestGuard'>[] {
  void file; void facts; void effect;
  return [];
}
