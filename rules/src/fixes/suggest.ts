import type { TSESLint } from '@typescript-eslint/utils';
import type { FileContext } from '../analysis/file-context';

/**
 * The suggestions `build` makes, unless `settings.idempotency.suggestions` is false: building
 * them is a good part of a lint, and the language server asks for them only when the editor
 * wants quick fixes.
 */
export function suggestionsIf<MessageIds extends string>(
  file: FileContext,
  build: () => readonly TSESLint.SuggestionReportDescriptor<MessageIds>[],
): readonly TSESLint.SuggestionReportDescriptor<MessageIds>[] {
  return file.settings.suggestions ? build() : [];
}
