/**
 * A message settled (acked, deleted, committed, completed) before its work finished: a crash then
 * loses the message. Covers acks before side effects, fire-and-forget work before the ack (or before
 * the return that settles), and auto-ack with side effects. Settling after a failure (ack in
 * `finally`, swallowed errors) is `no-ack-after-failure`.
 */
import { createRule } from '../util/create-rule';
import { placesOf, sameAnchor, shownAt } from '../util/anchor';
import { callNameNode, nameToEndLocation } from '../util/locations';
import { optionsSchema, sessionFor, type SharedOptions } from '../util/options';
import { ackSuggestions, awaitSuggestions } from '../fixes/ack';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { suggestionsIf } from '../fixes/suggest';
import { describeNode as describe, pathSuffix } from '../util/describe';

export type Options = [
  (SharedOptions & {
    reportFireAndForget?: boolean;
    reportAutoAck?: boolean;
  })?,
];

export type MessageIds =
  | 'ackBeforeWork'
  | 'ackBeforeWorkElsewhere'
  | 'fireAndForget'
  | 'autoAck'
  | 'suggestMoveAck'
  | 'suggestAckOnSuccess'
  | 'suggestAwait';

export const RULE_NAME = 'no-ack-before-process';

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow settling a message (ack, delete, commit, complete) before its work has finished',
      recommended: true,
      category: 'ack-before-process',
    },
    hasSuggestions: true,
    schema: optionsSchema({
      reportFireAndForget: {
        type: 'boolean',
        description: 'Report side effects that are not awaited before the message is settled (default true).',
      },
      reportAutoAck: {
        type: 'boolean',
        description: 'Report automatic acknowledgement (`noAck: true`, `alwaysAcknowledge: true`) on handlers with side effects (default true).',
      },
    }),
    messages: {
      ackBeforeWork: '`{{ack}}` settles the message before {{effect}}{{path}} has run: a crash in between loses the message (message lost on crash).',
      ackBeforeWorkElsewhere: '`{{ack}}` ({{where}}) settles the message before {{effect}}{{path}} has run: a crash in between loses the message (message lost on crash).',
      fireAndForget: '{{work}}{{where}} is not awaited before {{settle}}: if it fails or the process stops, the message is already gone (message lost on crash).',
      autoAck: '`{{option}}` settles each message {{when}}, but this {{handler}} runs {{effect}}: a failure or crash mid-way loses the message (message lost on crash).',
      suggestMoveAck: 'Move `{{ack}}` after the work',
      suggestAckOnSuccess: 'Settle the message only after the work succeeded',
      suggestAwait: 'Await {{work}}',
    },
  },
  // Defaults (all true) are applied where each option is read; an empty default keeps create() cheap.
  defaultOptions: [],
  create(context) {
    // Read the options as given (typescript-eslint's applyDefault only keeps keys present in the defaults).
    const options: NonNullable<Options[0]> = (context.options[0] as Options[0]) ?? {};
    const session = sessionFor(context, options, RULE_NAME);
    const sourceCode = context.sourceCode;
    return {
      ...session.listeners,
      'Program:exit'() {
        const { file, handlers } = session.result();
        const reported = new Set<TSESTree.Node>();
        for (const facts of handlers) {
          for (const [ack, effect] of facts.ackBeforeEffect) {
            // An ack in another file is shown at the handler's call that reaches it; it cannot be moved from here.
            const at = shownAt(facts, ack);
            if (reported.has(at.node)) continue;
            reported.add(at.node);
            context.report({
              node: at.node,
              messageId: at.elsewhere ? 'ackBeforeWorkElsewhere' : 'ackBeforeWork',
              data: { ack: describe(sourceCode, ack), where: placesOf(sameAnchor(facts.ackBeforeEffect.keys(), facts, at.node)), effect: effect.info.description, path: pathSuffix(effect.path, effect.node, at.node.loc) },
              suggest: at.elsewhere ? [] : suggestionsIf(file, () => ackSuggestions(file, facts, ack)),
            });
          }
          if (options.reportFireAndForget !== false) {
            for (const [node, { work, settledBy }] of facts.floating) {
              const at = shownAt(facts, node);
              if (reported.has(at.node)) continue;
              reported.add(at.node);
              const settle = settledBy ? `\`${describe(sourceCode, settledBy)}\` settles the message` : facts.site.settle.returnPhrase;
              const shown = at.node;
              context.report({
                loc: shown.type === AST_NODE_TYPES.CallExpression ? nameToEndLocation(callNameNode(shown), shown) : shown.loc,
                messageId: 'fireAndForget',
                // Work in another file names its place: the user cannot see it from the call shown here.
                data: { work: work.description, where: at.elsewhere ? ` (${placesOf(sameAnchor(facts.floating.keys(), facts, at.node))})` : '', settle },
                suggest: at.elsewhere ? [] : suggestionsIf(file, () => awaitSuggestions(file, facts, node)),
              });
            }
          }
          const autoAck = facts.site.settle.autoAck;
          const effect = facts.effects[0];
          if (options.reportAutoAck !== false && autoAck && effect && !reported.has(autoAck.node)) {
            reported.add(autoAck.node);
            context.report({
              node: autoAck.node,
              messageId: 'autoAck',
              data: { option: describe(sourceCode, autoAck.node), when: autoAck.when, handler: facts.site.label, effect: effect.info.description },
            });
          }
        }
      },
    };
  },
});
