/**
 * A message settled as done although its work failed: acked in `finally`, acked after a catch that
 * only logs, a handler whose return settles the message swallowing the failure in a catch, or
 * `await Promise.allSettled(work)` whose rejections nobody looks at. The broker never redelivers it:
 * at-most-once on failure. Often deliberate (poison messages), so it is a rule of its own, with its
 * own severity, apart from `no-ack-before-process` (settling before the work is done).
 * A catch that passes the failure on (rethrow, even later; `nack`; dead-letter; a failure status;
 * `batchItemFailures`; `callback(err)`) is not a swallow.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isInside, type FunctionNode } from '../analysis/ast';
import type { EffectCall } from '../analysis/effects';
import { ackSuggestions, rethrowSuggestions, throwRejectedSuggestions } from '../fixes/ack';
import { suggestionsIf } from '../fixes/suggest';
import { createRule } from '../util/create-rule';
import { placeOf, placesOf, sameAnchor, shownAt } from '../util/anchor';
import { headLocation } from '../util/locations';
import { optionsSchema, sessionFor, type SharedOptions } from '../util/options';
import { callStepText, describeNode } from '../util/describe';

export type Options = [
  (SharedOptions & {
    reportFinally?: boolean;
    reportSwallowedErrors?: boolean;
  })?,
];

export type MessageIds =
  | 'ackInFinally'
  | 'ackAfterFailure'
  | 'swallowedError'
  | 'swallowedErrorElsewhere'
  | 'ackInFinallyElsewhere'
  | 'ackAfterFailureElsewhere'
  | 'ignoredSettledResults'
  | 'suggestAckOnSuccess'
  | 'suggestMoveAck'
  | 'suggestRethrow'
  | 'suggestThrowRejected';

export const RULE_NAME = 'no-ack-after-failure';

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow settling a message as done when its work failed (ack in finally, after a swallowing catch, or a swallowed failure where returning settles)',
      recommended: true,
      recommendedSeverity: 'warn',
      category: 'ack-before-process',
    },
    hasSuggestions: true,
    schema: optionsSchema({
      reportFinally: {
        type: 'boolean',
        description: 'Report acks in `finally` blocks, which also run when the work failed (default true).',
      },
      reportSwallowedErrors: {
        type: 'boolean',
        description:
          'Report catch blocks (and ignored `Promise.allSettled` results) that swallow a failure before the message is settled: an ack after the catch, or a handler whose return settles the message, e.g. kafkajs eachMessage (default true).',
      },
    }),
    messages: {
      ackInFinally: '`{{ack}}` runs in finally, so it also settles the message when {{effect}} failed: the failed message is lost.',
      ackAfterFailure: '`{{ack}}` also runs after {{effect}} failed and the error was caught: the failed message is lost.',
      ackInFinallyElsewhere: '`{{ack}}` ({{where}}) runs in finally, so it also settles the message when {{effect}} failed: the failed message is lost.',
      ackAfterFailureElsewhere: '`{{ack}}` ({{where}}) also runs after {{effect}} failed and the error was caught: the failed message is lost.',
      swallowedError: 'This catch swallows a failure of {{effect}} and {{settle}}: the failed message is lost.',
      swallowedErrorElsewhere: '`{{call}}` swallows a failure of {{effect}} in its catch ({{where}}) and {{settle}}: the failed message is lost.',
      ignoredSettledResults: 'The results of this `Promise.allSettled` are ignored: a failure of {{effect}} is swallowed and {{settle}}: the failed message is lost.',
      suggestAckOnSuccess: 'Settle the message only after the work succeeded',
      suggestMoveAck: 'Move `{{ack}}` after the work',
      suggestRethrow: 'Rethrow the error so the message is redelivered',
      suggestThrowRejected: 'Throw the first rejection so the message is redelivered',
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
          // A failure caught inside work left running (`void work().catch(log)`) is that work's
          // fire-and-forget report (no-ack-before-process), not a settle after a failure here.
          const inFloatingWork = (failure: { node: TSESTree.Node }) => [...facts.floating.keys()].some((work) => work !== failure.node && isInside(failure.node, work));
          for (const [ack, failure] of facts.ackAfterFailure) {
            if (inFloatingWork(failure)) continue;
            // An ack in another file is shown at the handler's call that reaches it; it cannot be moved from here.
            const at = shownAt(facts, ack);
            if (reported.has(at.node)) continue;
            const inFinally = isInFinally(ack);
            if (inFinally ? options.reportFinally === false : options.reportSwallowedErrors === false) continue;
            reported.add(at.node);
            context.report({
              node: at.node,
              messageId: at.elsewhere ? (inFinally ? 'ackInFinallyElsewhere' : 'ackAfterFailureElsewhere') : inFinally ? 'ackInFinally' : 'ackAfterFailure',
              data: { ack: describeNode(sourceCode, ack), effect: failure.effect?.info.description ?? 'the work', where: placesOf(sameAnchor(facts.ackAfterFailure.keys(), facts, at.node)) },
              suggest: at.elsewhere ? [] : suggestionsIf(file, () => ackSuggestions(file, facts, ack)),
            });
          }
          if (options.reportSwallowedErrors === false) continue;
          // A catch whose failure an ack after it already settles as done is that report's cause, not a second one.
          const caughtBeforeAck = new Set([...facts.ackAfterFailure.values()].filter((f) => f.kind === 'catch').map((f) => f.node));
          for (const [node, failure] of facts.swallowed) {
            const at = shownAt(facts, node);
            if (reported.has(at.node) || caughtBeforeAck.has(node) || inFloatingWork(failure)) continue;
            reported.add(at.node);
            const data = { effect: failure.effect?.info.description ?? 'the work', settle: facts.site.settle.returnPhrase };
            if (at.elsewhere) {
              // A catch in another file: shown at the handler's call that reaches it, fixed where it is.
              context.report({ node: at.node, messageId: 'swallowedErrorElsewhere', data: { ...data, call: callStepText(at.node), where: placeOf(node) } });
            } else if (failure.kind === 'ignored-results') {
              context.report({
                node,
                messageId: 'ignoredSettledResults',
                data,
                suggest: suggestionsIf(file, () => throwRejectedSuggestions(file, node as TSESTree.CallExpression)),
              });
            } else {
              context.report({
                loc: headLocation(sourceCode, node),
                messageId: 'swallowedError',
                data,
                suggest: suggestionsIf(file, () => rethrowSuggestions(file, node as TSESTree.CatchClause | FunctionNode)),
              });
            }
          }
        }
      },
    };
  },
});

function isInFinally(node: EffectCall | TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.finalizer === current) return true;
    current = parent;
  }
  return false;
}
