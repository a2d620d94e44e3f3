/**
 * Relative writes reachable from a message handler: applied again on redelivery, they count twice.
 * A write that runs only after the handler's dedup check is idempotent and not reported.
 */
import type { EffectRecord } from '../analysis/flow';
import { createRule } from '../util/create-rule';
import { callStepText, pathSuffix } from '../util/describe';
import { shownAt } from '../util/anchor';
import { callNameNode, nameToEndLocation, relativePartLocation } from '../util/locations';
import { optionsSchema, sessionFor, type SharedOptions } from '../util/options';
import { incrementWriteSuggestions } from '../fixes/increment-write';
import { suggestionsIf } from '../fixes/suggest';
import type { Node } from '../analysis/ast';

/**
 * For a write in a helper: where the handler is, and the calls that lead from it to the write. A
 * write in another file is shown at the handler's call: the path then ends at the write's place.
 */
function handlerPath(effect: EffectRecord, handler: Node, elsewhere: boolean): string {
  if (elsewhere) return pathSuffix(effect.path, effect.node);
  if (effect.path.length === 0) return '';
  const steps = effect.path.map((call) => `\`${callStepText(call)}\``).join(' → ');
  return ` (line ${handler.loc.start.line}, via ${steps})`;
}

export type Options = [
  (SharedOptions & {
    reportReadModifyWrite?: boolean;
    reportFreshKeyInserts?: boolean;
  })?,
];

export type MessageIds =
  | 'relativeWrite'
  | 'readModifyWrite'
  | 'freshKeyInsert'
  | 'suggestSqlGuardedUpdate'
  | 'suggestMongoGuardedUpdate'
  | 'suggestGuard';

export const RULE_NAME = 'no-increment-write';

export default createRule<Options, MessageIds>({
  name: RULE_NAME,
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow relative writes (increments, appends, read-modify-write, fresh-key inserts) that a redelivered message applies twice',
      recommended: true,
      category: 'increment-write',
    },
    hasSuggestions: true,
    schema: optionsSchema({
      reportReadModifyWrite: {
        type: 'boolean',
        description: 'Report `entity.count += n; save(entity)` read-modify-write sequences (default true).',
      },
      reportFreshKeyInserts: {
        type: 'boolean',
        description: 'Report plain inserts keyed by a freshly generated id (randomUUID(), uuidv4(), nanoid()) (default true).',
      },
    }),
    messages: {
      relativeWrite:
        '{{write}} is a relative write in this {{handler}}{{path}}: a redelivered message applies it twice (duplicate on redelivery).',
      readModifyWrite:
        '{{write}} in this {{handler}}{{path}} writes back a value changed relative to what was read: a redelivered message applies the change twice (duplicate on redelivery).',
      freshKeyInsert:
        '{{write}} in this {{handler}}{{path}} has no conflict handling: each redelivery inserts another row (duplicate on redelivery).',
      suggestSqlGuardedUpdate: 'Record the message id in {{table}} and update only if it was new, in the same statement',
      suggestMongoGuardedUpdate: 'Apply the update only if this message id was not applied yet, in the same update',
      suggestGuard: 'Guard the {{handler}} with an idempotency key ({{store}})',
    },
  },
  // Defaults (both true) are applied where each option is read; an empty default keeps create() cheap.
  defaultOptions: [],
  create(context) {
    // Read the options as given (typescript-eslint's applyDefault only keeps keys present in the defaults).
    const options: NonNullable<Options[0]> = (context.options[0] as Options[0]) ?? {};
    const session = sessionFor(context, options, RULE_NAME);
    return {
      ...session.listeners,
      'Program:exit'() {
        const { file, handlers } = session.result();
        // By place shown and by the handler's call that leads to the write: the writes of one helper are
        // one finding at its call; a handler written in another file (shown at its registration) that
        // calls two helpers has two.
        const reported = new Map<Node, Set<Node>>();
        for (const facts of handlers) {
          for (const effect of facts.effects) {
            const relative = effect.info.relative;
            if (!relative || !effect.unguarded) continue;
            if (relative === 'read-modify-write' && options.reportReadModifyWrite === false) continue;
            if (relative === 'fresh-key-insert' && options.reportFreshKeyInserts === false) continue;
            // A write in another file is shown once at the handler's call that reaches it.
            const at = shownAt(facts, effect.node);
            const writes = reported.get(at.node) ?? new Set<Node>();
            const route = effect.path[0] ?? enclosingStatement(effect.node);
            if (writes.has(route) || (!at.elsewhere && writes.size > 0)) continue;
            reported.set(at.node, writes.add(route));
            context.report({
              loc: at.elsewhere
                ? nameToEndLocation(callNameNode(at.node), at.node)
                : relativePartLocation(context.sourceCode, effect.info.nameNode, effect.node, effect.info.relativePart),
              messageId: relative === 'read-modify-write' ? 'readModifyWrite' : relative === 'fresh-key-insert' ? 'freshKeyInsert' : 'relativeWrite',
              data: { write: effect.info.description, handler: facts.site.label, path: handlerPath(effect, facts.site.reportNode, at.elsewhere) },
              suggest: suggestionsIf(file, () => incrementWriteSuggestions(file, facts, effect)),
            });
          }
        }
      },
    };
  },
});

/** The statement a write is part of (`trx('t').increment(a).increment(b)` is one write). */
function enclosingStatement(node: Node): Node {
  let current: Node = node;
  while (current.parent && !/(Statement|Declaration)$/.test(current.type)) current = current.parent;
  return current;
}
