/**
 * How an inventory entry reads, in the editor's CodeLens and in the client's "Show Consumers" list
 * (pure: the client bundles it too).
 */
import type { WorkspaceConsumer } from './protocol';

/** A handler of one document (the engine's ConsumerEntry has this shape). */
export type DocumentConsumer = Omit<WorkspaceConsumer, 'uri'>;

/** Longer keys (template literals, fallbacks) are cut: a lens is one line above the code. */
const MAX_KEY_LENGTH = 60;

/** `BullMQ processor · key job.id · 2 unguarded effects`, or `… · request/reply (not analysed)`. */
export function consumerTitle(consumer: DocumentConsumer): string {
  if (consumer.delivery !== 'at-least-once') return `${consumer.handler} · ${deliveryText(consumer.delivery)}`;
  return `${consumer.handler} · ${keyText(consumer.key)} · ${effectsText(consumer.unguardedEffects)}`;
}

/** Handlers that are not at-least-once deliveries are listed, not analysed. */
export function deliveryText(delivery: DocumentConsumer['delivery']): string {
  if (delivery === 'request-reply') return 'request/reply (not analysed)';
  if (delivery === 'no-redelivery') return 'not redelivered (not analysed)';
  return 'at-least-once';
}

export function keyText(key: string | null): string {
  if (key === null) return 'no key';
  const oneLine = key.replace(/\s+/g, ' ').trim();
  return `key ${oneLine.length > MAX_KEY_LENGTH ? `${oneLine.slice(0, MAX_KEY_LENGTH - 1)}…` : oneLine}`;
}

export function effectsText(count: number): string {
  if (count === 0) return 'no unguarded effects';
  return `${count} unguarded effect${count === 1 ? '' : 's'}`;
}

/** The longer story, for a tooltip: how the handler was found, and what the count means or why it is not analysed. */
export function consumerExplanation(consumer: DocumentConsumer): string {
  const found = `${consumer.library}, found by: ${consumer.via}.`;
  if (consumer.delivery !== 'at-least-once') return consumer.reason ? `${found} Not analysed: ${consumer.reason}.` : found;
  const effects =
    consumer.unguardedEffects === 0
      ? 'No non-idempotent side effect runs before a dedup check.'
      : `${effectsText(consumer.unguardedEffects)}: run before any dedup check, so a redelivered message repeats them.`;
  return `${found} ${effects}`;
}
