/**
 * The consumer inventory in the editor: a CodeLens above each message handler the rules found in a
 * document — what it is, its message key, and how many effects it runs without a dedup check — so a
 * handler the rules did not see stands out by its missing lens.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import { consumerExplanation, consumerTitle, type DocumentConsumer } from './consumer-text';

/** One informational lens per handler, at the handler (ESLint's 1-based positions made 0-based). */
export function consumerLenses(consumers: readonly DocumentConsumer[], bom = false): CodeLens[] {
  return consumers.map((consumer) => {
    const line = Math.max(0, consumer.line - 1);
    // ESLint strips a byte-order mark before counting columns; the editor counts it.
    const character = Math.max(0, consumer.column - 1) + (bom && line === 0 ? 1 : 0);
    const position = { line, character };
    // No command id: VS Code shows the title as text, and other clients have nothing to run.
    return { range: { start: position, end: position }, command: { title: consumerTitle(consumer), command: '', tooltip: consumerExplanation(consumer) } };
  });
}
