/**
 * Suggestions for relative writes: make the write itself conditional on recording the message id
 * (one SQL statement with a dedup insert in a CTE; a Mongo filter on the applied ids), or guard the
 * whole handler with an idempotency key.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { KeyExpression, TextEdit } from '../analysis/access';
import { calleeObject, isInside, propertyName, unwrap, type Node } from '../analysis/ast';
import { maskSql } from '../analysis/effects/sql';
import type { FileContext } from '../analysis/file-context';
import type { EffectRecord, HandlerFacts } from '../analysis/flow';
import type { MessageUnit } from '../libraries/types';
import { guardSuggestions } from './guard';
import { lineIndent } from './text';

type MessageIds = 'suggestSqlGuardedUpdate' | 'suggestMongoGuardedUpdate' | 'suggestGuard';
type Suggestion = TSESLint.SuggestionReportDescriptor<MessageIds>;

/** Postgres-speaking clients whose SQL accepts a data-modifying CTE. */
const POSTGRES_CLIENTS = new Set(['pg', 'pg-promise', 'postgres', 'slonik', '@databases/pg', '@prisma/client', 'knex', 'typeorm', 'sequelize']);
const CLAIM_CTE = 'idempotency_claim';
/** Field that keeps the ids of messages applied to a Mongo document (bounded to the last 1000). */
const MONGO_APPLIED_FIELD = 'processedMessageIds';

function unitOf(facts: HandlerFacts, node: Node): MessageUnit | null {
  return facts.site.units().find((u) => isInside(node, u.container)) ?? null;
}

function toSuggestion(messageId: MessageIds, data: Record<string, string>, edits: TextEdit[]): Suggestion {
  return { messageId, data, fix: (fixer) => edits.map((e) => fixer.replaceTextRange(e.range, e.text)) };
}

/** Blanks `${…}` substitutions of a template literal (same length), so SQL keywords are found only in text. */
function maskSubstitutions(template: TSESTree.TemplateLiteral, rawStart: number, raw: string): string {
  let masked = raw;
  for (const expression of template.expressions) {
    const from = expression.range[0] - 2 - rawStart;
    const to = expression.range[1] + 1 - rawStart;
    // '#' is neither a word character nor whitespace: keywords stay detectable, trimming keeps it.
    masked = masked.slice(0, from) + '#'.repeat(to - from) + masked.slice(to);
  }
  return masked;
}

function topLevelIndex(masked: string, pattern: RegExp, from = 0): number {
  let depth = 0;
  const re = new RegExp(pattern.source, 'gi');
  const depthAt: number[] = [];
  for (let i = 0; i < masked.length; i++) {
    depthAt.push(depth);
    if (masked[i] === '(') depth++;
    else if (masked[i] === ')') depth--;
  }
  re.lastIndex = from;
  let match: RegExpExecArray | null;
  while ((match = re.exec(masked))) if ((depthAt[match.index] ?? 0) === 0) return match.index;
  return -1;
}

function sqlGuardedUpdate(file: FileContext, effect: EffectRecord, key: KeyExpression): Suggestion | null {
  const sql = effect.info.sql;
  if (!sql || sql.statement.verb !== 'update') return null;
  const textNode = unwrap(sql.textNode);
  if (textNode.type !== AST_NODE_TYPES.Literal && textNode.type !== AST_NODE_TYPES.TemplateLiteral) return null;
  const tagged = textNode.parent?.type === AST_NODE_TYPES.TaggedTemplateExpression;
  const call = effect.node;
  const clientNode = call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.tag : calleeObject(call);
  const origin = clientNode ? file.originOf(clientNode) : null;
  const rawStart = textNode.range[0] + 1;
  const raw = file.text.slice(rawStart, textNode.range[1] - 1);
  const masked = maskSql(textNode.type === AST_NODE_TYPES.TemplateLiteral ? maskSubstitutions(textNode, rawStart, raw) : raw);
  if (/^\s*with\b/i.test(masked)) return null;
  const numbered = [...masked.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (!tagged && /\?|(^|[^:]):[A-Za-z_]/.test(masked)) return null; // MySQL / named placeholders: no data-modifying CTEs
  if (!(origin && POSTGRES_CLIENTS.has(origin)) && numbered.length === 0) return null;
  const edits: TextEdit[] = [...key.edits];
  let placeholder: string;
  if (tagged) {
    placeholder = '${' + key.text + '}';
  } else {
    placeholder = `$${Math.max(0, ...numbered) + 1}`;
    const params = sql.paramsNode ? unwrap(sql.paramsNode) : null;
    if (params && params.type === AST_NODE_TYPES.ArrayExpression) {
      const last = params.elements[params.elements.length - 1];
      if (last) edits.push({ range: [last.range[1], last.range[1]], text: `, ${key.text}` });
      else edits.push({ range: [params.range[0] + 1, params.range[0] + 1], text: key.text });
    } else if (!params && call.type === AST_NODE_TYPES.CallExpression && call.arguments.length === 1 && call.arguments[0] === sql.textNode) {
      edits.push({ range: [textNode.range[1], textNode.range[1]], text: `, [${key.text}]` });
    } else {
      return null;
    }
  }
  const { table, column } = file.settings.dedupTable;
  const leading = /^\s*/.exec(masked)![0].length;
  edits.push({
    range: [rawStart + leading, rawStart + leading],
    text: `WITH ${CLAIM_CTE} AS (INSERT INTO ${table} (${column}) VALUES (${placeholder}) ON CONFLICT DO NOTHING RETURNING 1) `,
  });
  const where = topLevelIndex(masked, /\bwhere\b/);
  const returning = topLevelIndex(masked, /\breturning\b/, Math.max(where, 0));
  const end = returning >= 0 ? returning : masked.replace(/[\s;]*$/, '').length;
  const conditionEnd = masked.slice(0, end).replace(/\s*$/, '').length;
  if (where >= 0) {
    const conditionStart = where + /^where\s*/i.exec(masked.slice(where))![0].length;
    edits.push({ range: [rawStart + conditionStart, rawStart + conditionStart], text: '(' });
    edits.push({ range: [rawStart + conditionEnd, rawStart + conditionEnd], text: `) AND EXISTS (SELECT 1 FROM ${CLAIM_CTE})` });
  } else {
    edits.push({ range: [rawStart + conditionEnd, rawStart + conditionEnd], text: ` WHERE EXISTS (SELECT 1 FROM ${CLAIM_CTE})` });
  }
  return toSuggestion('suggestSqlGuardedUpdate', { table }, edits);
}

/** `, name: value` after the last property of an object literal (on its own line for multi-line objects). */
function addProperty(file: FileContext, object: TSESTree.ObjectExpression, property: string): TextEdit {
  const last = object.properties[object.properties.length - 1];
  if (!last) return { range: [object.range[0] + 1, object.range[1] - 1], text: ` ${property} ` };
  const multiline = object.loc.start.line !== object.loc.end.line && last.loc.start.line !== object.loc.start.line;
  return { range: [last.range[1], last.range[1]], text: multiline ? `,\n${lineIndent(file.sourceCode, last)}${property}` : `, ${property}` };
}

function mongoGuardedUpdate(file: FileContext, effect: EffectRecord, key: KeyExpression): Suggestion | null {
  const mongo = effect.info.mongo;
  const call = effect.node;
  if (!mongo || call.type !== AST_NODE_TYPES.CallExpression || unwrap(call.arguments[1] as Node) !== mongo.update) return null;
  const operators = mongo.update.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? propertyName(p) : null));
  if (operators.includes('$push') || operators.includes('$addToSet')) return null;
  // With { upsert: true } a redelivery's filter would not match and insert a second document.
  const options = call.arguments[2] ? unwrap(call.arguments[2] as Node) : null;
  if (options?.type === AST_NODE_TYPES.ObjectExpression && options.properties.some((p) => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'upsert')) return null;
  const edits: TextEdit[] = [...key.edits];
  const filter = unwrap(mongo.filter);
  const notApplied = `${MONGO_APPLIED_FIELD}: { $ne: ${key.text} }`;
  if (filter.type === AST_NODE_TYPES.ObjectExpression) edits.push(addProperty(file, filter, notApplied));
  else edits.push({ range: mongo.filter.range, text: `{ ...${file.sourceCode.getText(mongo.filter)}, ${notApplied} }` });
  edits.push(addProperty(file, mongo.update, `$push: { ${MONGO_APPLIED_FIELD}: { $each: [${key.text}], $slice: -1000 } }`));
  return toSuggestion('suggestMongoGuardedUpdate', {}, edits);
}

const relativeWrites = new WeakMap<HandlerFacts, number>();

function relativeWriteCount(facts: HandlerFacts): number {
  let count = relativeWrites.get(facts);
  if (count === undefined) {
    count = facts.effects.filter((e) => e.unguarded && e.info.relative).length;
    relativeWrites.set(facts, count);
  }
  return count;
}

export function incrementWriteSuggestions(file: FileContext, facts: HandlerFacts, effect: EffectRecord): Suggestion[] {
  const suggestions: Suggestion[] = [];
  const unit = unitOf(facts, effect.node);
  const key = unit ? facts.site.messageKey(unit) : null;
  // Two rewritten statements would claim the same id, and the second would never run: guard the handler instead.
  const single = relativeWriteCount(facts) === 1;
  // A write in another file cannot be rewritten from here: the guard around the handler can.
  if (key && single && !facts.anchors.has(effect.node)) {
    const specific = effect.info.relative === 'sql' ? sqlGuardedUpdate(file, effect, key) : effect.info.relative === 'mongo' ? mongoGuardedUpdate(file, effect, key) : null;
    if (specific) suggestions.push(specific);
  }
  suggestions.push(...guardSuggestions(file, facts));
  return suggestions;
}
