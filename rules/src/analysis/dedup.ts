/**
 * Recognises dedup checks and markers: the calls that make a handler idempotent when they come before
 * its side effects.
 *
 * - probe: answers "seen before?" (`processed.has(id)`, Redis `SET key 1 NX`, SELECT from a processed
 *   table, `findUnique` on a processed-message model, configured `dedupFunctions`).
 * - claim: a write that is also a probe (`INSERT … ON CONFLICT DO NOTHING` into a business table;
 *   its row count says whether it was new). It is still a side effect.
 * - throwing-mark: records the key and fails on a duplicate (a plain INSERT into a processed table,
 *   Prisma `processedMessage.create`); what follows it runs only for new messages.
 * - mark: records the key without failing (`processed.add(id)`, a Redis SET without NX).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, findDescendant, isBooleanLiteral, memberPath, propertyName, receiverName, unwrap, type FunctionNode, type Node } from './ast';
import { isStateGuard } from './state-guard';
import { calleeMatches } from './callee-match';
import { builderTable, sqlStatementOf } from './effects';
import { commandParams, sentCommand } from './effects/aws';
import type { ClassifyContext, EffectCall } from './effects/types';
import { staticObject, staticProperty, staticString } from './static-value';

export type DedupRole = 'probe' | 'claim' | 'throwing-mark' | 'mark';

/** Names of stores, tables, models and keys that record processed messages. */
export const DEDUP_NAME = /(processed|dedup|de_dup|idempot|inbox|seen|handled|consumed|delivered|duplicate|already)/i;
const DEDUP_KEY_FIELD = /^(messageId|message_id|eventId|event_id|idempotencyKey|idempotency_key|dedupKey|dedup_key|deliveryId|delivery_id|msgId|msg_id)$/;

/** Called as a statement, these stop duplicates by throwing: what follows runs for new messages only. */
const THROWING_GUARD_NAME = /^(ensure|assert|require|guard)\w*(NotProcessed|Unprocessed|NotHandled|NotSeen|NotDuplicate|First|Once|New|Unique|Idempotent|Idempotency)\w*$/;
const PROBE_NAME = /^(is|was|has|already|check|hasBeen|wasAlready|isAlready)\w*(Processed|Handled|Seen|Duplicate|Duplicated|Consumed|Delivered|Received)$|^(isDuplicate\w*|alreadyProcessed|alreadyHandled|wasProcessed|hasProcessed|seen|claim|tryClaim\w*|claimMessage|claimEvent|claimKey|markIfNew|markIfAbsent|tryMark\w*|dedup\w*|deduplicate\w*|checkIdempotency\w*|tryAcquire\w*|acquireIdempotency\w*|isFirst\w*|isNew(Message|Event|Delivery)?|firstDelivery|firstSeen)$/;
const STORE_PROBE_METHODS = new Set(['has', 'exists', 'contains', 'includes', 'get', 'check', 'lookup', 'isMember', 'sismember', 'sIsMember', 'hexists', 'hExists', 'findOne', 'findUnique', 'findFirst', 'count', 'countDocuments', 'findOneBy', 'findByPk', 'findById', 'existsBy', 'tryAdd', 'claim', 'setIfAbsent', 'putIfAbsent', 'addIfAbsent', 'setnx', 'setNX', 'tryInsert', 'insertIfAbsent']);
const STORE_MARK_METHODS = new Set(['add', 'mark', 'set', 'insert', 'save', 'record', 'put', 'remember', 'markProcessed', 'markHandled', 'markSeen', 'hset', 'hSet', 'sadd', 'sAdd', 'upsert', 'store']);
const STORE_THROWING_MARKS = new Set(['create', 'insertOne', 'insert']);
const REDIS_KEY_PROBES = new Set(['get', 'exists', 'sismember', 'sIsMember', 'hget', 'hGet', 'hexists', 'hExists']);
const REDIS_KEY_MARKS = new Set(['set', 'setex', 'setEx', 'sadd', 'sAdd', 'hset', 'hSet']);
const ORM_READS = new Set(['findUnique', 'findFirst', 'findOne', 'findOneBy', 'count', 'exists', 'existsBy', 'findByPk', 'findById', 'countDocuments', 'findUniqueOrThrow']);

/** Error codes and names of a unique-key violation: Postgres, MySQL, SQLite, MongoDB, Prisma, Sequelize, DynamoDB, gRPC. */
const DUPLICATE_KEY_CODE = new Set(['23505', 'P2002', 'E11000', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_UNIQUE', 'ConditionalCheckFailedException', 'TransactionCanceledException', 'ALREADY_EXISTS']);
const DUPLICATE_KEY_NUMBER = new Set([11000, 1062, 23505]);
const DUPLICATE_KEY_NAME = /unique_?violation|uniqueconstraint|duplicate|conditionalcheckfailed|already_?exists|dup_?entry/i;

/**
 * A catch that recognises a unique-key violation and leaves (`if (e.code === '23505') return;`): the
 * write in its try block is an insert-first dedup claim, so what follows the try runs for new
 * messages only.
 */
export function catchSignalsDuplicate(handler: TSESTree.CatchClause): boolean {
  const mentionsDuplicate = (n: Node): boolean =>
    (n.type === AST_NODE_TYPES.Literal && ((typeof n.value === 'string' && (DUPLICATE_KEY_CODE.has(n.value) || DUPLICATE_KEY_NAME.test(n.value))) || (typeof n.value === 'number' && DUPLICATE_KEY_NUMBER.has(n.value)))) ||
    (n.type === AST_NODE_TYPES.Identifier && DUPLICATE_KEY_NAME.test(n.name));
  const exits = (n: Node): boolean => n.type === AST_NODE_TYPES.ReturnStatement || n.type === AST_NODE_TYPES.ContinueStatement;
  return (
    findDescendant(handler.body, (n) => {
      if (n.type !== AST_NODE_TYPES.IfStatement && n.type !== AST_NODE_TYPES.ConditionalExpression && n.type !== AST_NODE_TYPES.LogicalExpression) return false;
      const test = n.type === AST_NODE_TYPES.LogicalExpression ? n : n.test;
      if (!mentionsDuplicate(test) && findDescendant(test, mentionsDuplicate, false) == null) return false;
      if (n.type === AST_NODE_TYPES.IfStatement) return exits(n.consequent) || findDescendant(n.consequent, exits, false) != null;
      return true;
    }, false) != null
  );
}

function isDedupTable(table: string | null, ctx: ClassifyContext): boolean {
  if (!table) return false;
  return table === ctx.file.settings.dedupTable.table.toLowerCase() || DEDUP_NAME.test(table);
}

/** Redis `SET key value NX`, node-redis `set(key, value, { NX: true })`, `setnx`. */
function isRedisSetIfAbsent(call: TSESTree.CallExpression, ctx: ClassifyContext): boolean {
  const name = calleeName(call);
  if (name === 'setnx' || name === 'setNX') return true;
  if (name !== 'set' && name !== 'SET') return false;
  return call.arguments.some((arg) => {
    const text = staticString(ctx.file, arg as Node, ctx.bindings);
    if (text && /^nx$/i.test(text)) return true;
    const options = staticObject(ctx.file, arg as Node, ctx.bindings);
    return options != null && (staticProperty(ctx.file, options, 'NX') != null || staticProperty(ctx.file, options, 'nx') != null);
  });
}

/** A static prefix of a key argument (`processed:${id}` → "processed:"). */
function keyPrefix(node: Node | undefined, ctx: ClassifyContext): string {
  if (!node) return '';
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.TemplateLiteral) return n.quasis[0]?.value.cooked ?? '';
  return staticString(ctx.file, n, ctx.bindings) ?? '';
}

/** `where: { messageId }`: a lookup keyed by a message/event id. */
function keyedByMessageId(args: Node | undefined, ctx: ClassifyContext): boolean {
  const where = staticProperty(ctx.file, args, 'where', ctx.bindings) ?? args;
  const object = staticObject(ctx.file, where, ctx.bindings);
  if (!object) return false;
  return object.properties.some((p) => {
    if (p.type !== AST_NODE_TYPES.Property) return false;
    const key = propertyName(p);
    if (key && DEDUP_KEY_FIELD.test(key)) return true;
    // compound unique keys: where: { consumer_messageId: { ... } }
    const nested = staticObject(ctx.file, p.value as Node, ctx.bindings);
    return nested != null && nested.properties.some((q) => q.type === AST_NODE_TYPES.Property && DEDUP_KEY_FIELD.test(propertyName(q) ?? ''));
  });
}

export function dedupRole(call: EffectCall, ctx: ClassifyContext): DedupRole | null {
  const settings = ctx.file.settings;
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return sqlRole(call, ctx);
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  if (settings.dedupFunctions.length > 0 || settings.guard) {
    const path = memberPath(call.callee);
    if (settings.dedupFunctions.some((f) => calleeMatches(path, f))) return 'probe';
    if (settings.guard) {
      if (calleeMatches(path, settings.guard.check)) return 'probe';
      if (calleeMatches(path, settings.guard.mark)) return 'mark';
    }
  }
  const name = calleeName(call);
  if (!name) return null;
  if (THROWING_GUARD_NAME.test(name)) return 'throwing-mark';
  if (isConditionalDedupPut(call, ctx)) return 'throwing-mark';
  if (isRedisSetIfAbsent(call, ctx)) return 'probe';
  const sql = sqlRole(call, ctx);
  if (sql) return sql;
  if (PROBE_NAME.test(name)) return 'probe';
  const firestore = firestoreMarkerRole(call, name, ctx);
  if (firestore) return firestore;
  const knexClaim = knexInsertIgnoreRole(call, ctx);
  if (knexClaim) return knexClaim;
  const receiver = calleeObject(call);
  if (!receiver) return null;
  const store = receiverName(receiver) ?? '';
  const dedupStore = DEDUP_NAME.test(store);
  if (dedupStore) {
    if (STORE_PROBE_METHODS.has(name)) return 'probe';
    if (name === 'createMany' && staticProperty(ctx.file, call.arguments[0] as Node | undefined, 'skipDuplicates') != null) return 'probe';
    if (STORE_THROWING_MARKS.has(name)) return 'throwing-mark';
    if (STORE_MARK_METHODS.has(name)) return 'mark';
    if (name === 'updateOne' || name === 'findOneAndUpdate') return 'mark';
  }
  // Redis reads / writes of a dedup-looking key: `redis.exists(\`processed:${id}\`)`.
  const keyRole = REDIS_KEY_PROBES.has(name) ? 'probe' : REDIS_KEY_MARKS.has(name) ? 'mark' : null;
  if (keyRole && DEDUP_NAME.test(keyPrefix(call.arguments[0] as Node | undefined, ctx))) return keyRole;
  // Lookups keyed by a message id: prisma.x.findUnique({ where: { messageId } }).
  if (ORM_READS.has(name) && keyedByMessageId(call.arguments[0] as Node | undefined, ctx)) return 'probe';
  return null;
}

/**
 * knex `insert(row).onConflict(key).ignore()` (also with `.returning(…)` after it): the rows it
 * returns say whether the row was new. Into a processed-messages table it is a probe; into a
 * business table a claim.
 */
function knexInsertIgnoreRole(call: TSESTree.CallExpression, ctx: ClassifyContext): DedupRole | null {
  const methods = new Set<string>();
  for (let n: Node = call; n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.MemberExpression; n = unwrap(n.callee.object)) {
    methods.add(calleeName(n) ?? '');
  }
  if (!methods.has('insert') || !methods.has('onConflict') || !methods.has('ignore')) return null;
  return isDedupTable(builderTable(call, ctx)?.toLowerCase() ?? null, ctx) ? 'probe' : 'claim';
}

/**
 * Firestore: a document under a processed-events path (`db.doc(\`processedEvents/${id}\`)`,
 * `collection('processed').doc(id)`, also through a const or as a transaction's / batch's first
 * argument): `get()` asks whether it exists, `create()` fails when it does, `set()` records it.
 */
function firestoreMarkerRole(call: TSESTree.CallExpression, name: string, ctx: ClassifyContext): DedupRole | null {
  const role = name === 'get' ? 'probe' : name === 'create' ? 'throwing-mark' : name === 'set' ? 'mark' : null;
  if (!role) return null;
  const receiver = calleeObject(call);
  const ref = call.arguments.length >= (name === 'get' ? 1 : 2) ? (call.arguments[0] as Node) : receiver;
  return ref && firestorePathMentionsDedup(ref, ctx, 0) ? role : null;
}

function firestorePathMentionsDedup(node: Node, ctx: ClassifyContext, depth: number): boolean {
  let n = unwrap(node);
  if (depth > 3) return false;
  if (n.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(n);
    return def?.kind === 'variable' && def.node.init != null && firestorePathMentionsDedup(def.node.init, ctx, depth + 1);
  }
  for (let i = 0; i < 6 && n.type === AST_NODE_TYPES.CallExpression; i++) {
    const callName = calleeName(n);
    if (callName !== 'doc' && callName !== 'collection') return false;
    const named = n.arguments.some((arg) => {
      const a = unwrap(arg as Node);
      if (a.type === AST_NODE_TYPES.Literal) return typeof a.value === 'string' && DEDUP_NAME.test(a.value);
      if (a.type === AST_NODE_TYPES.TemplateLiteral) return a.quasis.some((q) => DEDUP_NAME.test(q.value.cooked ?? ''));
      return false;
    });
    if (named) return true;
    const object = calleeObject(n);
    if (!object) return false;
    n = unwrap(object);
  }
  return false;
}

/**
 * DynamoDB `PutCommand` into a processed-messages table with `attribute_not_exists(…)`: it fails with
 * ConditionalCheckFailedException on a duplicate.
 */
function isConditionalDedupPut(call: TSESTree.CallExpression, ctx: ClassifyContext): boolean {
  const command = sentCommand(call, ctx.file);
  let params: Node | null = null;
  if (command === 'PutCommand' || command === 'PutItemCommand') params = commandParams(call, ctx.file);
  else if ((calleeName(call) === 'put' || calleeName(call) === 'putItem') && call.arguments[0]) params = call.arguments[0] as Node;
  if (!params) return false;
  const table = staticProperty(ctx.file, params, 'TableName', ctx.bindings);
  const condition = staticString(ctx.file, staticProperty(ctx.file, params, 'ConditionExpression', ctx.bindings), ctx.bindings);
  if (!table || !condition || !/attribute_not_exists/i.test(condition)) return false;
  const tableText = staticString(ctx.file, table, ctx.bindings) ?? ctx.file.sourceCode.getText(table);
  return DEDUP_NAME.test(tableText) || tableText === ctx.file.settings.dedupTable.table;
}

function sqlRole(call: EffectCall, ctx: ClassifyContext): DedupRole | null {
  const parsed = sqlStatementOf(call, ctx);
  if (!parsed) return null;
  const { statement } = parsed;
  const dedupTable = isDedupTable(statement.table, ctx);
  if (statement.verb === 'select') return dedupTable ? 'probe' : null;
  if (statement.verb !== 'insert' || statement.upserts) return null;
  if (statement.ignoresConflicts) return dedupTable ? 'probe' : 'claim';
  return dedupTable ? 'throwing-mark' : null;
}

/** A same-file function whose result is a dedup probe (`async function alreadyProcessed(id) { … }`). */
export function isProbeFunction(fn: FunctionNode, ctx: ClassifyContext, memo: Map<FunctionNode, boolean>): boolean {
  const cached = memo.get(fn);
  if (cached !== undefined) return cached;
  memo.set(fn, false);
  const probeCall = (n: Node) =>
    (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.TaggedTemplateExpression) &&
    (dedupRole(n, ctx) === 'probe' || dedupRole(n, ctx) === 'claim');
  let result = false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    result = probeCall(fn.body) || findDescendant(fn.body, probeCall) != null;
  } else {
    const hasProbe = findDescendant(fn.body, probeCall) != null;
    const hasReturnValue = findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.ReturnStatement && n.argument != null) != null;
    result = (hasProbe && hasReturnValue) || reportsGuardedCreate(fn, ctx);
  }
  memo.set(fn, result);
  return result;
}

/** Wrappers that make the function they wrap idempotent (Powertools and configured dedup functions). */
export const DEDUP_WRAPPERS = new Set(['makeIdempotent', 'makeHandlerIdempotent', 'idempotent', 'withIdempotency']);

/**
 * `if (!existing) { await repo.insert(row); return true; } return false;`: a create-if-absent (a
 * state guard) whose result says whether this call created the row; the caller's work gated on it
 * runs once.
 */
function reportsGuardedCreate(fn: FunctionNode, ctx: ClassifyContext): boolean {
  const returnsTrue = (n: Node) => n.type === AST_NODE_TYPES.ReturnStatement && n.argument != null && isBooleanLiteral(n.argument, true);
  const returnsFalse = findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.ReturnStatement && n.argument != null && isBooleanLiteral(n.argument, false)) != null;
  if (!returnsFalse) return false;
  return (
    findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.IfStatement && findDescendant(n.consequent, returnsTrue) != null && isStateGuard(ctx.file, n, fn)) != null
  );
}
