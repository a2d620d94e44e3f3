/**
 * A message handler with non-idempotent side effects and no check of the message's idempotency key
 * before them: a redelivered message repeats the effects.
 */
import type { EffectCategory } from '../analysis/effects';
import { createRule } from '../util/create-rule';
import { pathSuffix } from '../util/describe';
import { placeOf } from '../util/anchor';
import { headLocation } from '../util/locations';
import { optionsSchema, sessionFor, type SharedOptions } from '../util/options';
import { guardSuggestions } from '../fixes/guard';
import { suggestionsIf } from '../fixes/suggest';

const CATEGORIES: readonly EffectCategory[] = ['db', 'http', 'email', 'sms', 'push', 'payment', 'publish', 'job', 'call'];

export type Options = [(SharedOptions & { ignoreEffects?: EffectCategory[]; reportRelays?: boolean })?];
export type MessageIds = 'missingDedup' | 'suggestGuard';

export const RULE_NAME = 'require-dedup-check';

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a message handler with non-idempotent side effects to check the message id (idempotency key) first',
      recommended: true,
      category: 'missing-dedup',
    },
    hasSuggestions: true,
    schema: optionsSchema({
      ignoreEffects: {
        type: 'array',
        items: { type: 'string', enum: [...CATEGORIES] },
        uniqueItems: true,
        description:
          'Kinds of side effects that do not need a dedup check in this project, e.g. ["call"] when your services deduplicate internally. Kinds: db (including Redis), http, email, sms, push, payment, publish (forwarding an event), job (enqueuing a background job), call (a service or project function by name).',
      },
      reportRelays: {
        type: 'boolean',
        description:
          'Also report relays: handlers whose only non-idempotent effects are publishing the event onward or enqueuing a job (default false: at-least-once pipelines expect the downstream consumer, or the job\'s processor, to deduplicate).',
      },
    }),
    messages: {
      missingDedup:
        'This {{handler}} runs {{effect}}{{path}} without checking the message id first: a redelivered message repeats it (duplicate on redelivery).',
      suggestGuard: 'Add an idempotency-key guard at the top of the {{handler}} ({{store}})',
    },
  },
  // Default: no ignored effects. An empty default keeps create() cheap.
  defaultOptions: [],
  create(context) {
    // Read the options as given (typescript-eslint's applyDefault only keeps keys present in the defaults).
    const options: NonNullable<Options[0]> = (context.options[0] as Options[0]) ?? {};
    const session = sessionFor(context, options, RULE_NAME);
    const ignored = new Set<EffectCategory>(options.ignoreEffects ?? []);
    // A relay (it only publishes the event onward, or enqueues a job for it) leaves deduplication to
    // the consumer downstream: the job's own processor is a consumer like this one.
    if (options.reportRelays !== true) {
      ignored.add('publish');
      ignored.add('job');
    }
    return {
      ...session.listeners,
      'Program:exit'() {
        const { file, handlers } = session.result();
        const reported = new Set<unknown>();
        for (const facts of handlers) {
          if (facts.site.guardedBy || reported.has(facts.site.reportNode)) continue;
          const effect = facts.effects.find((e) => e.unguarded && !e.info.idempotent && !ignored.has(e.info.category));
          if (!effect) continue;
          reported.add(facts.site.reportNode);
          const loc = headLocation(context.sourceCode, facts.site.reportNode);
          context.report({
            loc,
            messageId: 'missingDedup',
            // A handler written in another file (imported, or a sandboxed processor file) names its place.
            data: { handler: facts.site.rootFile ? `${facts.site.label} (${placeOf(facts.site.root)})` : facts.site.label, effect: effect.info.description, path: pathSuffix(effect.path, effect.node, facts.site.root.loc) },
            suggest: suggestionsIf(file, () => guardSuggestions(file, facts)),
          });
        }
      },
    };
  },
});
