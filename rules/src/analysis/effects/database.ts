/**
 * Database writes: SQL text through any client (pg, mysql2, knex.raw, Prisma $executeRaw, TypeORM
 * query, slonik / postgres.js tags), MongoDB / Mongoose, Prisma, Sequelize / TypeORM / Knex builders,
 * DynamoDB, Firestore and Elasticsearch. Each classifier answers for the calls it recognises and
 * returns null for the rest.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  callLabel,
  calleeName,
  calleeObject,
  enclosingFunction,
  findDescendant,
  propertyName,
  receiverName,
  unwrap,
  unwrapAwait,
  type Node,
} from '../ast';
import { staticObject, staticProperty, staticString } from '../static-value';
import { maskSql, parseSql, relativeAssignments, type SqlStatement } from './sql';
import { commandParams, sentCommand } from './aws';
import { prismaModel } from '../../project/prisma-schema';
import { isRepository, modelOfReference, modelOfRepository, type ModelKeys } from '../../project/orm-models';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo, type RelativeKind } from './types';

const FRESH_ID_FUNCTIONS = new Set([
  'randomUUID', 'uuid', 'uuidv4', 'uuidV4', 'uuidv7', 'uuidV7', 'nanoid', 'cuid', 'cuid2', 'createId', 'ulid',
  'ObjectId', 'generateId', 'newId', 'generateUUID', 'genId',
]);
const UUID_MODULE_FUNCTIONS = new Set(['v1', 'v4', 'v6', 'v7']);

/** A freshly generated identifier: `randomUUID()`, `uuidv4()`, `uuid.v4()`, `nanoid()`, `new ObjectId()`. */
const FRESH_ID_GENERATOR_NAME = /^(gen|generate|new|make|random|create)[A-Z]\w*(Id|ID|Uuid|UUID)$/;

/**
 * `clock`: whether randomness and the clock count (`Math.random()`, `Date.now()`): in an id or key
 * they do; as a plain value (`created_at: new Date()`) they say nothing about the row's identity.
 */
export function isFreshId(node: Node | null | undefined, ctx: ClassifyContext, depth = 0, clock = true): boolean {
  if (!node || depth > 3) return false;
  const n = unwrapAwait(node);
  if (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) {
    const name = calleeName(n);
    if (!name) return false;
    // `new ObjectId(hex)` / `ObjectId(id)` converts an existing id; only `new ObjectId()` makes one.
    if (name === 'ObjectId') return n.type === AST_NODE_TYPES.NewExpression && n.arguments.length === 0;
    if (FRESH_ID_FUNCTIONS.has(name)) return n.type === AST_NODE_TYPES.CallExpression;
    // Randomness and the clock differ on every delivery: `Math.random().toString(36)`, `Date.now()`.
    if (clock && isRandomOrClock(n)) return true;
    if (UUID_MODULE_FUNCTIONS.has(name)) {
      const callee = unwrap(n.callee);
      const binding = ctx.file.importOf(callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : callee);
      return binding?.root === 'uuid';
    }
    if (name === 'toString' || name === 'toHexString') {
      const object = calleeObject(n);
      return object ? isFreshId(object, ctx, depth + 1, clock) : false;
    }
    // Project id generators: `genOrderId()`, `generateUsageId()`, `newRequestKey()`.
    if (FRESH_ID_GENERATOR_NAME.test(name) && n.arguments.length === 0) return true;
    // A same-file helper that returns a fresh id.
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const fn = ctx.file.functionOf(n.callee);
      if (fn && fn.body.type !== AST_NODE_TYPES.BlockStatement) return isFreshId(fn.body, ctx, depth + 1, clock);
      if (fn) return findDescendant(fn.body, (r) => r.type === AST_NODE_TYPES.ReturnStatement && r.argument != null && isFreshId(r.argument, ctx, depth + 1, clock)) != null;
    }
    return false;
  }
  if (n.type === AST_NODE_TYPES.Identifier) {
    const bound = ctx.bindings.get(n.name);
    if (bound) return isFreshId(bound, ctx, depth + 1, clock);
    const def = ctx.file.definitionOf(n);
    if (def?.kind === 'variable' && def.node.init && def.node.id.type === AST_NODE_TYPES.Identifier) return isFreshId(def.node.init, ctx, depth + 1, clock);
  }
  if (n.type === AST_NODE_TYPES.TemplateLiteral) return n.expressions.some((e) => isFreshId(e as Node, ctx, depth + 1, clock));
  if (n.type === AST_NODE_TYPES.BinaryExpression && n.operator === '+') return isFreshId(n.left as Node, ctx, depth + 1, clock) || isFreshId(n.right, ctx, depth + 1, clock);
  return false;
}

/** `Math.random()`, `Date.now()`, `new Date()`, `performance.now()`, `crypto.randomBytes(n)` and calls on their result. */
function isRandomOrClock(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) return calleeName(call) === 'Date' && call.arguments.length === 0;
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(callee.object);
  const method = propertyName(callee);
  if (object.type === AST_NODE_TYPES.Identifier) {
    if (object.name === 'Math' && method === 'random') return true;
    if (object.name === 'Date' && method === 'now') return true;
    if (object.name === 'performance' && method === 'now') return true;
    if (object.name === 'crypto' && (method === 'randomBytes' || method === 'randomInt')) return true;
  }
  // `Math.random().toString(36).slice(2)`, `new Date().toISOString()`, `Date.now().toString(36)`
  return (object.type === AST_NODE_TYPES.CallExpression || object.type === AST_NODE_TYPES.NewExpression) && isRandomOrClock(object);
}

const KEY_PROPERTY = /^(id|_id|uuid|pk|sk|PK|SK|key|Key)$|Id$|ID$|_id$|Key$/;

/**
 * Whether any element of an argument list / array / object literal is a fresh id. Randomness and the
 * clock count only under key-like properties (`RequestID: Math.random()…`, `sk: \`TIME#${Date.now()}\``).
 */
function containsFreshId(node: Node | null | undefined, ctx: ClassifyContext, clock = false, depth = 0): boolean {
  if (!node || depth > 4) return false;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.ArrayExpression) return n.elements.some((e) => e != null && containsFreshId(e as Node, ctx, clock, depth + 1));
  if (n.type === AST_NODE_TYPES.ObjectExpression) {
    return n.properties.some((p) => p.type === AST_NODE_TYPES.Property && containsFreshId(p.value as Node, ctx, clock || KEY_PROPERTY.test(propertyName(p) ?? ''), depth + 1));
  }
  // `Item: payment` where the caller built `const payment = { paymentId: generateUUID(), … }`.
  const literal = n.type === AST_NODE_TYPES.Identifier ? recordLiteral(n, ctx) : null;
  if (literal) return containsFreshId(literal, ctx, clock, depth + 1);
  return isFreshId(n, ctx, 0, clock);
}

/** The object or array literal a variable (or a helper's bound parameter) holds, if that is what it holds. */
function recordLiteral(id: TSESTree.Identifier, ctx: ClassifyContext): Node | null {
  const bound = ctx.bindings.get(id.name);
  let value: Node | null = bound && bound !== id ? unwrap(bound) : null;
  if (value?.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(value);
    value = def?.kind === 'variable' && def.node.init ? unwrap(def.node.init) : null;
  } else if (!value) {
    const def = ctx.file.definitionOf(id);
    value = def?.kind === 'variable' && def.node.init ? unwrap(def.node.init) : null;
  }
  return value?.type === AST_NODE_TYPES.ObjectExpression || value?.type === AST_NODE_TYPES.ArrayExpression ? value : null;
}

export interface SqlSource {
  text: string;
  textNode: Node;
  paramsNode: Node | null;
}

/** The SQL text a call or tagged template runs, when it is static. */
export function sqlSource(call: EffectCall, ctx: ClassifyContext): SqlSource | null {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const text = staticString(ctx.file, call.quasi, ctx.bindings, true);
    return text ? { text, textNode: call.quasi, paramsNode: null } : null;
  }
  const first = call.arguments[0] as Node | undefined;
  if (!first) return null;
  const arg = unwrap(first);
  if (arg.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const text = staticString(ctx.file, arg.quasi, ctx.bindings, true);
    return text ? { text, textNode: arg.quasi, paramsNode: null } : null;
  }
  if (arg.type === AST_NODE_TYPES.ObjectExpression) {
    // pg QueryConfig { text, values } / mysql { sql, values }
    const textNode = staticProperty(ctx.file, arg, 'text') ?? staticProperty(ctx.file, arg, 'sql');
    const text = staticString(ctx.file, textNode, ctx.bindings, true);
    return text && textNode ? { text, textNode, paramsNode: staticProperty(ctx.file, arg, 'values') } : null;
  }
  // Cheap rejection before resolving anything: literal text without any SQL verb is not SQL.
  if (arg.type === AST_NODE_TYPES.TemplateLiteral && !arg.quasis.some((q) => SQL_HINT.test(q.value.cooked ?? ''))) return null;
  if (arg.type === AST_NODE_TYPES.Literal && (typeof arg.value !== 'string' || !SQL_HINT.test(arg.value))) return null;
  const text = staticString(ctx.file, arg, ctx.bindings, true);
  return text ? { text, textNode: arg, paramsNode: (call.arguments[1] as Node | undefined) ?? null } : null;
}

const SQL_HINT = /\b(insert|update|delete|merge|replace|select)\b/i;

type ParsedSqlCall = { statement: SqlStatement; source: SqlSource } | null;
const parsedSql = new WeakMap<EffectCall, ParsedSqlCall>();

/** The parsed SQL statement a call runs, if any (memoised per call when no helper arguments are bound). */
export function sqlStatementOf(call: EffectCall, ctx: ClassifyContext): ParsedSqlCall {
  const cacheable = ctx.bindings.size === 0;
  if (cacheable) {
    const cached = parsedSql.get(call);
    if (cached !== undefined) return cached;
  }
  const source = sqlSource(call, ctx);
  const statement = source && SQL_HINT.test(source.text) ? parseSql(source.text) : null;
  const result = source && statement ? { statement, source } : null;
  if (cacheable) parsedSql.set(call, result);
  return result;
}

function sqlEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  const parsed = sqlStatementOf(call, ctx);
  if (!parsed || parsed.statement.verb === 'select') return null;
  const { statement, source } = parsed;
  const table = statement.table ?? 'table';
  const base = {
    category: 'db' as const,
    nameNode: nameNodeOf(call),
    returnsPromise: true,
    sql: { statement, textNode: source.textNode, paramsNode: source.paramsNode },
  };
  if (statement.cteInsertTable) {
    return { ...base, idempotent: true, relative: null, description: `\`${statement.verb.toUpperCase()} ${table}\` guarded by its insert into ${statement.cteInsertTable}` };
  }
  // A second run finds nothing to feed it: state-guarded in one statement.
  if (statement.cteStateGuard) {
    return { ...base, idempotent: true, relative: null, description: `\`${statement.verb.toUpperCase()} ${table}\` of ${statement.cteStateGuard}` };
  }
  if (statement.relativeColumns.length > 0) {
    const assignment = truncate(statement.relativeAssignment ?? statement.relativeColumns[0]!, 48);
    return {
      ...base,
      idempotent: false,
      relative: 'sql',
      ...(statement.relativeAssignment ? { relativePart: { node: source.textNode, text: statement.relativeAssignment } } : {}),
      description: `\`${statement.upserts ? `INSERT INTO ${table} … DO UPDATE SET` : `UPDATE ${table} SET`} ${assignment}\``,
    };
  }
  if (statement.verb === 'insert' && !statement.ignoresConflicts && !statement.upserts) {
    const fresh = statement.serverGeneratedKey || containsFreshId(source.paramsNode, ctx);
    return {
      ...base,
      idempotent: false,
      relative: fresh ? 'fresh-key-insert' : null,
      description: `\`INSERT INTO ${table}\`${fresh ? ' with a freshly generated key' : ''}`,
    };
  }
  return { ...base, idempotent: true, relative: null, description: `\`${statement.verb.toUpperCase()} ${table}\`` };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const MONGO_UPDATE = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate', 'update']);
/** Mongoose model methods that take a plain document as `$set` (Sequelize's `update` takes `{ where }` options instead). */
const MONGOOSE_SET_METHODS = new Set(['updateOne', 'updateMany', 'findOneAndUpdate', 'findByIdAndUpdate']);
const MONGO_INSERT = new Set(['insertOne', 'insertMany']);
const MONGO_IDEMPOTENT = new Set(['replaceOne', 'deleteOne', 'deleteMany', 'findOneAndReplace', 'findOneAndDelete', 'findByIdAndDelete', 'findByIdAndRemove']);
const MONGO_RELATIVE_OPERATORS = ['$inc', '$mul'];
const MONGO_APPEND_OPERATORS = ['$push'];

function updateOperators(update: TSESTree.ObjectExpression): string[] {
  const out: string[] = [];
  for (const p of update.properties) {
    if (p.type === AST_NODE_TYPES.Property) {
      const name = propertyName(p);
      if (name?.startsWith('$')) out.push(name);
    }
  }
  return out;
}

/**
 * `{ …, appliedIds: { $ne: key } }` + `$push`/`$addToSet: { appliedIds: key }`: the update applies once
 * per key, whatever it does (the guarded-update form).
 */
function isKeyGuardedUpdate(filter: Node | null, update: TSESTree.ObjectExpression, ctx: ClassifyContext): boolean {
  const filterObject = staticObject(ctx.file, filter, ctx.bindings);
  if (!filterObject) return false;
  const guardedFields = new Set<string>();
  for (const p of filterObject.properties) {
    if (p.type !== AST_NODE_TYPES.Property) continue;
    const condition = staticObject(ctx.file, p.value as Node, ctx.bindings);
    if (condition && (staticProperty(ctx.file, condition, '$ne') || staticProperty(ctx.file, condition, '$nin'))) guardedFields.add(propertyName(p) ?? '');
  }
  if (guardedFields.size === 0) return false;
  for (const operator of ['$push', '$addToSet']) {
    const target = staticObject(ctx.file, staticProperty(ctx.file, update, operator), ctx.bindings);
    if (target?.properties.some((p) => p.type === AST_NODE_TYPES.Property && guardedFields.has(propertyName(p) ?? ''))) return true;
  }
  return false;
}

function mongoUpdateEffect(call: TSESTree.CallExpression, update: TSESTree.ObjectExpression, filter: Node | null, ctx: ClassifyContext): EffectInfo | null {
  const operators = updateOperators(update);
  if (operators.length === 0) {
    // Mongoose casts a plain document to `$set` (`User.findByIdAndUpdate(id, { isDeleted: true })`): an
    // absolute write, which a read-modify-write may still have computed from the old value.
    const mongooseSet = MONGOOSE_SET_METHODS.has(calleeName(call) ?? '') && update.properties.length > 0 && !update.properties.some((p) => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'where');
    return mongooseSet ? { category: 'db', idempotent: true, relative: null, description: `\`${callLabel(call)}\``, nameNode: nameNodeOf(call), returnsPromise: true } : null;
  }
  if (isKeyGuardedUpdate(filter, update, ctx)) {
    return { category: 'db', idempotent: true, relative: null, description: `\`${callLabel(call)}\` guarded by the message id`, nameNode: nameNodeOf(call), returnsPromise: true };
  }
  const relative = operators.find((o) => MONGO_RELATIVE_OPERATORS.includes(o)) ?? operators.find((o) => MONGO_APPEND_OPERATORS.includes(o));
  const entry = relative ? update.properties.find((p) => p.type === AST_NODE_TYPES.Property && propertyName(p) === relative) : undefined;
  return {
    category: 'db',
    idempotent: !relative,
    relative: relative ? 'mongo' : null,
    ...(entry ? { relativePart: { node: entry } } : {}),
    description: `\`${callLabel(call)}\`${relative ? ` with ${relative}` : ''}`,
    nameNode: nameNodeOf(call),
    returnsPromise: true,
    ...(relative && filter ? { mongo: { filter, update } } : {}),
  };
}

function mongoEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  if (!name) return null;
  if (MONGO_UPDATE.has(name)) {
    const update = staticObject(ctx.file, call.arguments[1] as Node | undefined, ctx.bindings);
    return update ? mongoUpdateEffect(call, update, (call.arguments[0] as Node | undefined) ?? null, ctx) : null;
  }
  if (name === 'bulkWrite') {
    // Operations may be literal or built with .map(): look for relative operators anywhere inside.
    const ops = call.arguments[0] as Node | undefined;
    const relative =
      ops != null &&
      findDescendant(ops, (n) => n.type === AST_NODE_TYPES.Property && MONGO_RELATIVE_OPERATORS.includes(propertyName(n) ?? ''), true) != null;
    return { category: 'db', idempotent: !relative, relative: relative ? 'mongo' : null, description: `\`${callLabel(call)}\`${relative ? ' with $inc' : ''}`, nameNode: nameNodeOf(call), returnsPromise: true };
  }
  if (MONGO_INSERT.has(name)) {
    const doc = call.arguments[0] as Node | undefined;
    const id = name === 'insertOne' ? staticProperty(ctx.file, doc, '_id', ctx.bindings) : null;
    const fresh = id != null && isFreshId(id, ctx);
    return {
      category: 'db',
      idempotent: id != null && !fresh,
      relative: fresh ? 'fresh-key-insert' : null,
      description: `\`${callLabel(call)}\`${fresh ? ' with a freshly generated _id' : ''}`,
      nameNode: nameNodeOf(call),
      returnsPromise: true,
    };
  }
  if (MONGO_IDEMPOTENT.has(name)) {
    return { category: 'db', idempotent: true, relative: null, description: `\`${callLabel(call)}\``, nameNode: nameNodeOf(call), returnsPromise: true };
  }
  return null;
}

const PRISMA_OPS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany']);
const PRISMA_RELATIVE = new Set(['increment', 'decrement', 'multiply', 'divide', 'push']);

/** A property's key as written: `name`, `'quoted-name'`, `[computedKey]` (source text). */
function keyText(ctx: ClassifyContext, p: TSESTree.Property): string {
  if (p.computed) return `[${ctx.file.sourceCode.getText(p.key)}]`;
  return propertyName(p) ?? ctx.file.sourceCode.getText(p.key);
}

/** `{ field: { increment: n } }` somewhere in a Prisma data object: its text and the `increment: n` entry. */
function prismaRelativeField(data: Node | null, ctx: ClassifyContext): { text: string; node: Node } | null {
  const object = staticObject(ctx.file, data, ctx.bindings);
  if (!object) return null;
  for (const p of object.properties) {
    if (p.type !== AST_NODE_TYPES.Property) continue;
    const value = staticObject(ctx.file, p.value as Node, ctx.bindings);
    if (!value) continue;
    for (const inner of value.properties) {
      if (inner.type === AST_NODE_TYPES.Property && PRISMA_RELATIVE.has(propertyName(inner) ?? '')) {
        return { text: `${keyText(ctx, p)}: { ${propertyName(inner)} }`, node: inner };
      }
    }
  }
  return null;
}

function prismaEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !PRISMA_OPS.has(name) || !receiver || unwrap(receiver).type !== AST_NODE_TYPES.MemberExpression) return null;
  const args = staticObject(ctx.file, call.arguments[0] as Node | undefined, ctx.bindings);
  if (!args || call.arguments.length !== 1) return null;
  const has = (key: string) => staticProperty(ctx.file, args, key) != null;
  if (!has('data') && !has('where') && !has('create')) return null;
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: true, lazy: true };
  if (name === 'update' || name === 'updateMany' || name === 'upsert') {
    const relative = prismaRelativeField(staticProperty(ctx.file, args, name === 'upsert' ? 'update' : 'data'), ctx);
    return relative
      ? { ...base, idempotent: false, relative: 'prisma', description: `\`${callLabel(call)}\` with { ${relative.text} }`, relativePart: { node: relative.node } }
      : { ...base, idempotent: true, relative: null, description: `\`${callLabel(call)}\`` };
  }
  if (name === 'create' || name === 'createMany' || name === 'createManyAndReturn') {
    if (staticProperty(ctx.file, args, 'skipDuplicates') != null) return { ...base, idempotent: true, relative: null, description: `\`${callLabel(call)}\` with skipDuplicates` };
    const data = staticProperty(ctx.file, args, 'data');
    const id = name === 'create' ? staticProperty(ctx.file, data, 'id', ctx.bindings) : null;
    // `usageId: genCreditUsageId()`: the table's key need not be called `id`.
    const fresh = name === 'create' && containsFreshId(data, ctx);
    const generated = name === 'create' && !fresh && id == null ? databaseGeneratedKey(receiver, data, ctx) : null;
    if (generated) return { ...base, idempotent: false, relative: 'fresh-key-insert', description: `\`${callLabel(call)}\` with a database-generated id (${generated})` };
    // Keyed by an id the message carries: a second insert fails on the primary key.
    return { ...base, idempotent: id != null && !fresh, relative: fresh ? 'fresh-key-insert' : null, description: `\`${callLabel(call)}\`${fresh ? ' with a freshly generated id' : ''}` };
  }
  return { ...base, idempotent: true, relative: null, description: `\`${callLabel(call)}\`` };
}

/**
 * `prisma.websiteTick.create({ data: { … } })` of a model whose schema lets the database generate the
 * primary key, with data that sets no field of any key: where that is declared (`@default(uuid())`,
 * prisma/schema.prisma); null when the data sets a key, is not a literal, or no schema is seen.
 */
function databaseGeneratedKey(receiver: Node, data: Node | null, ctx: ClassifyContext): string | null {
  const project = ctx.file.project;
  const r = unwrap(receiver);
  const accessor = r.type === AST_NODE_TYPES.MemberExpression ? propertyName(r) : null;
  const object = data ? staticObject(ctx.file, data, ctx.bindings) : null;
  if (!project || !accessor || !object || object.properties.some((p) => p.type !== AST_NODE_TYPES.Property)) return null;
  const model = prismaModel(project, accessor);
  if (!model?.generatedId) return null;
  const set = new Set(object.properties.map((p) => (p.type === AST_NODE_TYPES.Property ? propertyName(p) : null)));
  if (model.keys.some((key) => key.every((field) => set.has(field)))) return null;
  return `\`@default(${model.generatedId})\` in ${model.file}`;
}

const ORM_MODULES = new Set(['sequelize', 'sequelize-typescript', 'typeorm', 'knex', 'objection', '@mikro-orm/core', 'mongoose', 'bookshelf']);
const RAW_SQL_CALLS = new Set(['raw', 'literal']);

const GLOBAL_OBJECTS = new Set(['Object', 'Array', 'JSON', 'Math', 'Promise', 'Reflect', 'Buffer', 'Date', 'Number', 'String', 'Symbol', 'Map', 'Set', 'URL', 'Intl', 'Error', 'BigInt', 'Atomics']);

/** Classes that carry data rather than rows: `CreateItemInput.create(...)`, `OrderDto.from(...)`. */
const DATA_CLASS = /(Input|Dto|DTO|Args|Params|Request|Response|Payload|Command|Query|Event|Schema|Options|Config|Builder|Factory|Mapper|Error)$/;

/** `Order` in `Order.create(...)`: a model class (not a built-in global, not a DTO). */
function isCapitalized(node: Node | null): boolean {
  if (!node) return false;
  const n = unwrap(node);
  return n.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(n.name) && !GLOBAL_OBJECTS.has(n.name) && !DATA_CLASS.test(n.name);
}

const BUILDER_METHODS = new Set(['where', 'whereIn', 'andWhere', 'orWhere', 'whereRaw', 'table', 'from', 'into', 'createQueryBuilder', 'queryBuilder', 'query', 'update', 'insert', 'delete']);

/** `r.knex('table')`, `this.knex('table')`, `ctx.trx('table')`: a knex instance on an object, called with a table name. */
function isKnexOnObject(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const table = call.arguments[0] ? unwrap(call.arguments[0] as Node) : null;
  return callee.type === AST_NODE_TYPES.MemberExpression && /^(knex|trx|tx)$/i.test(propertyName(callee) ?? '') && table?.type === AST_NODE_TYPES.Literal && typeof table.value === 'string';
}

/** `knex('t').where(...)`, `repo.createQueryBuilder().update(...)`: a query-builder chain. */
function isQueryBuilderChain(node: Node, ctx: ClassifyContext): boolean {
  let n: Node = unwrap(node);
  for (let i = 0; i < 12; i++) {
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const origin = ctx.file.originOf(callee);
        return (origin != null && ORM_MODULES.has(origin)) || /^(knex|trx|tx|db|sql)$/i.test(callee.name);
      }
      if (BUILDER_METHODS.has(calleeName(n) ?? '')) return true;
      // `r.knex('t')`, `this.knex('t')`: a knex instance kept on an object, called with a table.
      if (isKnexOnObject(n)) return true;
      n = callee;
    } else if (n.type === AST_NODE_TYPES.MemberExpression) {
      n = unwrap(n.object);
    } else {
      return false;
    }
  }
  return false;
}

/** The table of a query-builder chain: `trx('cart_items').where(…)` → "cart_items". */
export function builderTable(receiver: Node, ctx: ClassifyContext): string | null {
  let n: Node = unwrap(receiver);
  for (let i = 0; i < 12; i++) {
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(n.callee);
      const name = calleeName(n);
      if (callee.type === AST_NODE_TYPES.Identifier || name === 'table' || name === 'from' || name === 'into' || isKnexOnObject(n)) {
        return staticString(ctx.file, n.arguments[0] as Node | undefined, ctx.bindings);
      }
      n = callee;
    } else if (n.type === AST_NODE_TYPES.MemberExpression) {
      n = unwrap(n.object);
    } else return null;
  }
  return null;
}

const ORM_RECEIVER_NAMES = /^(em|trx|tx|db|qb|knex|manager|entityManager|repo|repository|model|transaction)$/i;
const ORM_RECEIVER_SUFFIX = /(Repo|Repository|Model|Manager|Builder|Transaction|Db|DB)$/;

/** Receivers that are ORM models, repositories, entity managers or query builders. */
function isOrmReceiver(receiver: Node | null, ctx: ClassifyContext): boolean {
  if (!receiver) return false;
  const r = unwrap(receiver);
  if (r.type === AST_NODE_TYPES.CallExpression) return isQueryBuilderChain(r, ctx);
  if (isCapitalized(r)) return true;
  const name = receiverName(r) ?? '';
  if (ORM_RECEIVER_NAMES.test(name) || ORM_RECEIVER_SUFFIX.test(name)) return true;
  const origin = ctx.file.originOf(r);
  if (origin != null && ORM_MODULES.has(origin)) return true;
  // const accounts = AppDataSource.getRepository(Account) (the DataSource often lives in another file)
  const init = initializerOf(r, ctx);
  return init?.type === AST_NODE_TYPES.CallExpression && /^get\w*Repository$|^withRepository$/.test(calleeName(init) ?? '');
}

/** The value a receiver was initialised with: `const x = …` or a class field `x = …`. */
function initializerOf(receiver: Node, ctx: ClassifyContext): Node | null {
  if (receiver.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(receiver);
    return def?.kind === 'variable' && def.node.init ? unwrapAwait(def.node.init) : null;
  }
  if (receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression) {
    const cls = ctx.file.classOfReceiver(receiver.object);
    const name = propertyName(receiver);
    for (const member of cls?.body.body ?? []) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && propertyName(member) === name && member.value) return unwrapAwait(member.value);
    }
  }
  return null;
}

/** `{ col: knex.raw('col + ?', [n]) }`, `{ col: () => 'col + 1' }`, `sequelize.literal('col + 1')`. */
function rawRelativeField(values: Node | null, ctx: ClassifyContext): string | null {
  const object = staticObject(ctx.file, values, ctx.bindings);
  if (!object) return null;
  for (const p of object.properties) {
    if (p.type !== AST_NODE_TYPES.Property) continue;
    const column = propertyName(p);
    if (!column) continue;
    const v = unwrap(p.value as Node);
    let text: string | null = null;
    // Drizzle: sql`${table.column} + 1` refers to the column through the table object.
    if (v.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      const operator = v.quasi.quasis.some((q) => /[-+*/]/.test(q.value.cooked ?? ''));
      if (operator && v.quasi.expressions.some((e) => e.type === AST_NODE_TYPES.MemberExpression && propertyName(e) === column)) return column;
      continue;
    }
    if (v.type === AST_NODE_TYPES.CallExpression && RAW_SQL_CALLS.has(calleeName(v) ?? '')) text = staticString(ctx.file, v.arguments[0] as Node | undefined, ctx.bindings, true);
    else if (v.type === AST_NODE_TYPES.ArrowFunctionExpression && v.body.type !== AST_NODE_TYPES.BlockStatement) text = staticString(ctx.file, v.body, ctx.bindings, true);
    // Read as the SET clause it becomes (`n = n + 1`; a JSON path `col->k` is no arithmetic). `||` with
    // a bound value is mostly a jsonb merge here (`flags || :flags`), whose type the text does not say.
    const assignment = text ? `${column} = ${text}` : null;
    if (assignment && relativeAssignments(maskSql(assignment), assignment, { concatenation: 'evident' }).length > 0) return column;
  }
  return null;
}

function ormEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver) return null;
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: true };
  const target = builderTable(receiver, ctx) ?? receiverName(receiver) ?? 'model';
  const args = call.arguments as readonly Node[];
  switch (name) {
    case 'increment':
    case 'decrement': {
      if (args.length === 0) return null;
      const first = unwrap(args[0]!);
      const second = args[1] ? staticObject(ctx.file, args[1], ctx.bindings) : null;
      const builder = unwrap(receiver).type === AST_NODE_TYPES.CallExpression && isQueryBuilderChain(receiver, ctx);
      const typeorm = args.length === 3 && first.type === AST_NODE_TYPES.ObjectExpression;
      const sequelizeOptions = second != null && (staticProperty(ctx.file, second, 'by') != null || staticProperty(ctx.file, second, 'where') != null);
      const numericMap = first.type === AST_NODE_TYPES.ObjectExpression && first.properties.length > 0;
      // Firestore's FieldValue.increment(n) is a value, not a write (the enclosing update is).
      if (receiverName(receiver) === 'FieldValue') return null;
      const column = (first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') || first.type === AST_NODE_TYPES.ArrayExpression;
      const ormish = isCapitalized(receiver) || isDbRead(receiver, ctx) || ctx.file.originOf(receiver) != null && ORM_MODULES.has(ctx.file.originOf(receiver)!);
      if (!(builder || typeorm || sequelizeOptions || (numericMap && ormish) || (column && (ormish || args.length >= 2)))) return null;
      const field = first.type === AST_NODE_TYPES.Literal ? String(first.value) : typeorm ? (staticString(ctx.file, args[1], ctx.bindings) ?? 'column') : 'column';
      return { ...base, idempotent: false, relative: 'orm', description: `\`${target}.${name}('${field}')\`` };
    }
    case 'update':
    case 'set': {
      if (args.length === 0 || !isOrmReceiver(receiver, ctx)) return null;
      // Sequelize Model.update(values, opts), knex .update(values), TypeORM repo.update(criteria, values), qb.set(values)
      const relative = rawRelativeField(args[0]!, ctx) ?? (args[1] ? rawRelativeField(args[1], ctx) : null);
      if (name === 'set' && !relative) return null;
      return relative
        ? { ...base, idempotent: false, relative: 'orm', description: `\`${target}.${name}()\` with ${relative} computed from its old value` }
        : { ...base, idempotent: true, relative: null, description: `\`${target}.${name}()\`` };
    }
    case 'create':
    case 'bulkCreate': {
      // TypeORM repository.create() only builds an entity in memory.
      if (/repo(sitory)?$/i.test(target) || isRepository(ctx.file, receiver)) return null;
      const origin = ctx.file.originOf(receiver);
      if (!isCapitalized(receiver) && !(origin && ORM_MODULES.has(origin))) return null;
      if (name === 'bulkCreate') {
        const options = args[1] ? staticObject(ctx.file, args[1], ctx.bindings) : null;
        const safe = options && (staticProperty(ctx.file, options, 'ignoreDuplicates') || staticProperty(ctx.file, options, 'updateOnDuplicate'));
        return { ...base, idempotent: Boolean(safe), relative: null, description: `\`${target}.bulkCreate()\`` };
      }
      const id = staticProperty(ctx.file, args[0], 'id', ctx.bindings) ?? staticProperty(ctx.file, args[0], '_id', ctx.bindings);
      const fresh = containsFreshId(args[0], ctx);
      const declared = id == null && !fresh ? declaredInsert(base, `\`${target}.create()\``, modelOfReference(ctx.file, receiver), args[0] ?? null, ctx) : null;
      if (declared) return declared;
      // Keyed by an id the message carries: a second insert fails on the primary key.
      return { ...base, idempotent: id != null && !fresh, relative: fresh ? 'fresh-key-insert' : null, description: `\`${target}.create()\`${fresh ? ' with a freshly generated id' : ''}` };
    }
    case 'insert': {
      if (!isOrmReceiver(receiver, ctx)) return null;
      // `.insert().into(T).values(v).onConflict('… DO UPDATE SET n = t.n + EXCLUDED.n').execute()`: the whole chain says.
      const conflict = conflictClauseOf(call, ctx);
      if (conflict) {
        const description = `\`${target}.insert().${conflict.method}()\``;
        return conflict.relative.length > 0
          ? { ...base, idempotent: false, relative: 'orm', description: `${description} with \`${conflict.relative.map((r) => r.text).join(', ')}\`` }
          : { ...base, idempotent: true, relative: null, description };
      }
      // `repo.delete({ parentId }); repo.insert(rows with parentId)`: the rows under that key are replaced.
      if (replacesRowsOfKey(call, receiver, ctx)) return { ...base, idempotent: true, relative: null, description: `\`${target}.insert()\` after deleting the rows it replaces` };
      const fresh = containsFreshId(args[0], ctx);
      const declared = fresh ? null : declaredInsert(base, `\`${target}.insert()\``, modelOfRepository(ctx.file, receiver), args[0] ?? null, ctx);
      return declared ?? { ...base, idempotent: false, relative: fresh ? 'fresh-key-insert' : null, description: `\`${target}.insert()\`` };
    }
    case 'upsert':
      if (!isOrmReceiver(receiver, ctx)) return null;
      return { ...base, idempotent: true, relative: null, description: `\`${target}.upsert()\`` };
    case 'destroy':
    case 'del':
    case 'softDelete':
    case 'delete':
    case 'remove':
      if (!isOrmReceiver(receiver, ctx) || (name === 'delete' && args.length === 0 && unwrap(receiver).type !== AST_NODE_TYPES.CallExpression)) return null;
      return { ...base, idempotent: true, relative: null, description: `\`${target}.${name}()\`` };
    case 'save':
    case 'persist':
    case 'persistAndFlush': {
      const arg = args[args.length - 1];
      // Sequelize `instance.save({ transaction })` saves the instance itself, like a bare `save()`.
      if (name === 'save' && (!arg || isSaveOptions(arg))) {
        const fresh = isNewInstance(receiver, ctx);
        const created = fresh ? createdInstance(receiver, null, ctx) : null;
        const declared = created ? declaredInsert(base, `\`${target}.save()\``, created.model, created.data, ctx) : null;
        return declared ?? { ...base, idempotent: !fresh, relative: null, description: `\`${target}.save()\`` };
      }
      if (!arg || !isOrmReceiver(receiver, ctx)) return null;
      const inserted = isNewInstance(arg, ctx);
      const created = inserted ? createdInstance(arg, receiver, ctx) : null;
      const declared = created ? declaredInsert(base, `\`${target}.${name}()\``, created.model, created.data, ctx) : null;
      return declared ?? { ...base, idempotent: !inserted, relative: null, description: `\`${target}.${name}()\`` };
    }
    default:
      return null;
  }
}

const SAVE_OPTION_KEYS = new Set(['transaction', 'fields', 'silent', 'validate', 'hooks', 'logging', 'returning', 'lock', 'omitNull']);

/** `{ transaction: t }`: an options object of Sequelize's `instance.save()`, not an entity to save. */
/**
 * An insert as its model's declaration keys it: idempotent when the data sets every field of a key
 * the caller supplies (or is passed whole, so it may carry one): a repeat fails on that key instead
 * of adding a row; a fresh-key insert when a literal sets no key and the database generates the id.
 * Null when no declaration is seen or it says neither.
 */
function declaredInsert(base: { category: 'db'; nameNode: Node; returnsPromise: boolean }, description: string, model: ModelKeys | null, data: Node | null, ctx: ClassifyContext): EffectInfo | null {
  if (!model) return null;
  const object = data ? staticObject(ctx.file, data, ctx.bindings) : null;
  const literal = object?.properties.every((p) => p.type === AST_NODE_TYPES.Property) ? object : null;
  const sets = (field: string): boolean => {
    if (!literal) return true;
    const value = staticProperty(ctx.file, literal, field, ctx.bindings);
    return value != null && !isFreshId(value, ctx);
  };
  const key = model.suppliedKeys.find((fields) => fields.every(sets));
  if (key) return { ...base, idempotent: true, relative: null, description: `${description} keyed by \`${key.join(', ')}\` (${model.declaredAt})` };
  if (literal && model.generatedId) return { ...base, idempotent: false, relative: 'fresh-key-insert', description: `${description} with a database-generated id (${model.generatedId})` };
  return null;
}

/**
 * The model and data of a new instance: `new User(data)`, `User.build(data)`, `repo.create(data)`,
 * or a literal handed to `repository.save({ … })`.
 */
function createdInstance(node: Node, repository: Node | null, ctx: ClassifyContext): { model: ModelKeys | null; data: Node | null } | null {
  let n = unwrapAwait(node);
  if (n.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(n);
    if (def?.kind !== 'variable' || !def.node.init) return null;
    n = unwrapAwait(def.node.init);
  }
  const data = (n.type === AST_NODE_TYPES.NewExpression || n.type === AST_NODE_TYPES.CallExpression ? (n.arguments[0] as Node | undefined) : undefined) ?? null;
  if (n.type === AST_NODE_TYPES.NewExpression) return { model: modelOfReference(ctx.file, n.callee), data };
  if (n.type === AST_NODE_TYPES.CallExpression) {
    const owner = calleeObject(n);
    if (!owner) return null;
    return { model: modelOfRepository(ctx.file, owner) ?? modelOfReference(ctx.file, owner), data };
  }
  if (n.type === AST_NODE_TYPES.ObjectExpression && repository) return { model: modelOfRepository(ctx.file, repository), data: n };
  return null;
}

/** A variable holding a row read from a store (`const item = await this.get(id)`, `await repo.findOneBy(…)`): it carries its key. */
function isStoredRow(node: Node, ctx: ClassifyContext): boolean {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const def = ctx.file.definitionOf(n);
  const init = def?.kind === 'variable' && def.node.init ? unwrap(def.node.init) : null;
  if (init?.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const read = unwrapAwait(init);
  return read.type === AST_NODE_TYPES.CallExpression && /^(get|find|load|fetch|read|retrieve)/.test(calleeName(read) ?? '');
}

function isSaveOptions(node: Node): boolean {
  const n = unwrap(node);
  return (
    n.type === AST_NODE_TYPES.ObjectExpression &&
    n.properties.length > 0 &&
    n.properties.every((p) => p.type === AST_NODE_TYPES.Property && SAVE_OPTION_KEYS.has(propertyName(p) ?? ''))
  );
}

/** `await Model.findOne(...)`-style initialisers: the variable holds a row read from the database. */
function isDbRead(node: Node, ctx: ClassifyContext): boolean {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.Identifier) return false;
  const def = ctx.file.definitionOf(n);
  if (def?.kind !== 'variable' || !def.node.init) return false;
  const init = unwrapAwait(def.node.init);
  return init.type === AST_NODE_TYPES.CallExpression && /^find/.test(calleeName(init) ?? '');
}

/** An object literal without an id, `repo.create(...)`, `new Entity(...)`, `Model.build(...)`: saving it inserts. */
function isNewInstance(node: Node, ctx: ClassifyContext): boolean {
  let n = unwrapAwait(node);
  if (n.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(n);
    if (def?.kind !== 'variable' || !def.node.init) return false;
    n = unwrapAwait(def.node.init);
  }
  const withoutId = (object: Node | undefined): boolean => {
    const o = object ? unwrap(object) : null;
    if (o?.type !== AST_NODE_TYPES.ObjectExpression) return true;
    return !o.properties.some((p) => (p.type === AST_NODE_TYPES.Property && /^(id|_id|uuid|key)$/i.test(propertyName(p) ?? '')) || (p.type === AST_NODE_TYPES.SpreadElement && isStoredRow(p.argument, ctx)));
  };
  if (n.type === AST_NODE_TYPES.ObjectExpression) return withoutId(n);
  // `new Item({ ...item, ...input })` of a row read before: saved by its primary key, an update.
  if (n.type === AST_NODE_TYPES.NewExpression) return withoutId(n.arguments[0] as Node | undefined);
  // `repo.create({ id: event.id, … })` then save: saving by primary key replaces the row (an upsert).
  return n.type === AST_NODE_TYPES.CallExpression && (calleeName(n) === 'create' || calleeName(n) === 'build') && withoutId(n.arguments[0] as Node | undefined);
}

const DYNAMO_UPDATE_COMMANDS = new Set(['UpdateCommand', 'UpdateItemCommand']);
const DYNAMO_PUT_COMMANDS = new Set(['PutCommand', 'PutItemCommand']);
const DYNAMO_IDEMPOTENT_COMMANDS = new Set(['DeleteCommand', 'DeleteItemCommand', 'BatchWriteCommand', 'BatchWriteItemCommand']);
const DYNAMO_TRANSACT_COMMANDS = new Set(['TransactWriteCommand', 'TransactWriteItemsCommand']);

/** `ADD n :v`, `SET a = a + :v`, `SET a = if_not_exists(a, :z) + :v`, `SET l = list_append(l, :v)`. */
export function dynamoRelative(expression: string): string | null {
  return dynamoRelativeClause(expression)?.label ?? null;
}

/** The relative clause of an update expression: a label for messages and its text as written. */
function dynamoRelativeClause(expression: string): { label: string; raw: string } | null {
  const add = /(^|\s)(ADD\s+([#\w.]+)(\s+[:#\w.]+)?)/i.exec(expression);
  if (add) return { label: `ADD ${add[3]}`, raw: add[2]! };
  const set = /(^|\s)SET\s+([\s\S]*?)(\s(REMOVE|ADD|DELETE)\s|$)/i.exec(expression);
  if (!set) return null;
  for (const part of set[2]!.split(/,(?![^(]*\))/)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const path = part.slice(0, eq).trim();
    const value = part.slice(eq + 1);
    const escaped = path.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&');
    if (new RegExp(`(^|[^\\w#])${escaped}(?![\\w])`).test(value) && /[+-]|list_append/i.test(value)) return { label: `SET ${path} = ${path} ± …`, raw: part.trim() };
  }
  return null;
}

function dynamoParamsEffect(call: EffectCall, params: Node | null, kind: 'update' | 'put' | 'delete' | 'transact', ctx: ClassifyContext): EffectInfo {
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: true };
  if (kind === 'update' || kind === 'transact') {
    const expressions: { text: string; node: Node }[] = [];
    const object = staticObject(ctx.file, params, ctx.bindings);
    if (object) {
      findDescendant(object, (n) => {
        if (n.type === AST_NODE_TYPES.Property && propertyName(n) === 'UpdateExpression') {
          const text = staticString(ctx.file, n.value as Node, ctx.bindings);
          if (text) expressions.push({ text, node: n.value as Node });
        }
        return false;
      }, true);
    }
    for (const expression of expressions) {
      const relative = dynamoRelativeClause(expression.text);
      if (relative) {
        return { ...base, idempotent: false, relative: 'dynamodb', description: `DynamoDB \`${relative.label}\``, relativePart: { node: expression.node, text: relative.raw } };
      }
    }
    return { ...base, idempotent: true, relative: null, description: kind === 'update' ? 'a DynamoDB update' : 'a DynamoDB transaction' };
  }
  if (kind === 'put') {
    const item = staticProperty(ctx.file, params, 'Item', ctx.bindings);
    const fresh = containsFreshId(item, ctx);
    return { ...base, idempotent: !fresh, relative: fresh ? 'fresh-key-insert' : null, description: `a DynamoDB put${fresh ? ' with a freshly generated key' : ''}` };
  }
  return { ...base, idempotent: true, relative: null, description: 'a DynamoDB delete' };
}

function dynamoEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const command = sentCommand(call, ctx.file);
  if (command) {
    const commandArgs = commandParams(call, ctx.file) ?? undefined;
    if (DYNAMO_UPDATE_COMMANDS.has(command)) return dynamoParamsEffect(call, commandArgs ?? null, 'update', ctx);
    if (DYNAMO_PUT_COMMANDS.has(command)) return dynamoParamsEffect(call, commandArgs ?? null, 'put', ctx);
    if (DYNAMO_TRANSACT_COMMANDS.has(command)) return dynamoParamsEffect(call, commandArgs ?? null, 'transact', ctx);
    if (DYNAMO_IDEMPOTENT_COMMANDS.has(command)) return dynamoParamsEffect(call, commandArgs ?? null, 'delete', ctx);
    return null;
  }
  // DocumentClient v2: doc.update({ TableName, UpdateExpression }).promise()
  const name = calleeName(call);
  const params = call.arguments[0] as Node | undefined;
  if (!params || staticProperty(ctx.file, params, 'TableName', ctx.bindings) == null && staticProperty(ctx.file, params, 'TransactItems', ctx.bindings) == null) return null;
  if (name === 'update' || name === 'updateItem') return dynamoParamsEffect(call, params, 'update', ctx);
  if (name === 'put' || name === 'putItem') return dynamoParamsEffect(call, params, 'put', ctx);
  if (name === 'transactWrite' || name === 'transactWriteItems') return dynamoParamsEffect(call, params, 'transact', ctx);
  if (name === 'delete' || name === 'deleteItem' || name === 'batchWrite') return dynamoParamsEffect(call, params, 'delete', ctx);
  return null;
}

const FIRESTORE_MODULES = new Set(['firebase-admin', '@google-cloud/firestore', 'firebase', '@firebase/firestore']);
const FIRESTORE_WRITES = new Set(['set', 'update', 'create', 'delete', 'add', 'setDoc', 'updateDoc', 'addDoc', 'deleteDoc']);

/** `FieldValue.increment(n)` / modular `increment(n)` inside a write's data. */
function firestoreIncrement(call: TSESTree.CallExpression, ctx: ClassifyContext): Node | null {
  for (const arg of call.arguments) {
    const found = findDescendant(arg as Node, (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression || calleeName(n) !== 'increment') return false;
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) return receiverName(callee.object) === 'FieldValue';
      const binding = ctx.file.importOf(callee);
      return binding != null && FIRESTORE_MODULES.has(binding.root);
    }, false);
    if (found) return found;
  }
  return null;
}

function isFirestoreRef(receiver: Node | null, ctx: ClassifyContext): boolean {
  if (!receiver) return false;
  const origin = ctx.file.originOf(receiver);
  if (origin && FIRESTORE_MODULES.has(origin)) return true;
  let n: Node = unwrap(receiver);
  for (let i = 0; i < 6; i++) {
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(n);
      if (name === 'doc' || name === 'collection') return true;
      n = unwrap(n.callee);
    } else if (n.type === AST_NODE_TYPES.MemberExpression) {
      n = unwrap(n.object);
    } else return false;
  }
  return false;
}

/** `col.doc().set(…)`, `batch.create(col.doc(), …)`, `setDoc(doc(col), …)`: a reference made by `doc()` without a path is a new id. */
function writesToNewDocument(call: TSESTree.CallExpression, receiver: Node | null): boolean {
  const isNewDoc = (n: Node | undefined): boolean => {
    if (!n) return false;
    const v = unwrap(n);
    if (v.type !== AST_NODE_TYPES.CallExpression || calleeName(v) !== 'doc') return false;
    // `col.doc()` (method form, no path) or modular `doc(col)` (collection only).
    return v.callee.type === AST_NODE_TYPES.MemberExpression ? v.arguments.length === 0 : v.arguments.length === 1;
  };
  const refArgument = call.arguments.length >= 2 ? (call.arguments[0] as Node) : undefined;
  return isNewDoc(receiver ?? undefined) || isNewDoc(refArgument);
}

function firestoreEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  if (!name || !FIRESTORE_WRITES.has(name)) return null;
  const receiver = calleeObject(call);
  const modular = !receiver && ctx.file.importOf(call.callee) != null && FIRESTORE_MODULES.has(ctx.file.importOf(call.callee)!.root);
  const increment = firestoreIncrement(call, ctx);
  // `FieldValue.increment()` in the data marks a Firestore write whatever the reference is (one read from a document's data).
  const incrementByName = increment != null && unwrap((increment as TSESTree.CallExpression).callee).type === AST_NODE_TYPES.MemberExpression;
  if (!modular && !incrementByName && !isFirestoreRef(receiver, ctx)) return null;
  // `tx.update(ref, data)`, `batch.set(ref, data)`: a transaction's or batch's writes are queued, not
  // awaited (they are committed when the transaction callback resolves or `commit()` is awaited).
  const queued = call.arguments.length >= 2 && isFirestoreRef(call.arguments[0] as Node, ctx);
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: !queued };
  const code = `\`${callLabel(call)}\``;
  if (increment) return { ...base, idempotent: false, relative: 'firestore', description: `${code} with FieldValue.increment()`, relativePart: { node: increment } };
  if (name === 'add' || name === 'addDoc') return { ...base, idempotent: false, relative: 'fresh-key-insert', description: `${code} (auto-generated id)` };
  if ((name === 'set' || name === 'create' || name === 'setDoc') && writesToNewDocument(call, receiver)) {
    return { ...base, idempotent: false, relative: 'fresh-key-insert', description: `${code} to a new document (auto-generated id)` };
  }
  return { ...base, idempotent: true, relative: null, description: code };
}

const SEARCH_MODULES = new Set(['@elastic/elasticsearch', '@opensearch-project/opensearch', '@nestjs/elasticsearch', 'elasticsearch']);

function searchEffect(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver || !['index', 'update', 'delete', 'create', 'bulk', 'updateByQuery', 'deleteByQuery'].includes(name)) return null;
  const origin = ctx.file.originOf(receiver);
  const named = /^(es|elastic\w*|opensearch\w*|search(Client)?)$/i.test(receiverName(receiver) ?? '');
  if (!(origin && SEARCH_MODULES.has(origin)) && !named) return null;
  const params = call.arguments[0] as Node | undefined;
  const base = { category: 'db' as const, nameNode: nameNodeOf(call), returnsPromise: true };
  if (name === 'index') {
    const hasId = staticProperty(ctx.file, params, 'id', ctx.bindings) != null;
    return { ...base, idempotent: hasId, relative: null, description: `\`${callLabel(call)}\`${hasId ? ' by id' : ' without an id'}` };
  }
  if (name === 'update' || name === 'updateByQuery') {
    const script = staticProperty(ctx.file, params, 'script', ctx.bindings);
    const source = staticString(ctx.file, staticProperty(ctx.file, script, 'source', ctx.bindings) ?? script, ctx.bindings);
    if (source && /(\+=|-=|\+\+|--)/.test(source)) return { ...base, idempotent: false, relative: 'search' as RelativeKind, description: `\`${callLabel(call)}\` with a relative script` };
  }
  return { ...base, idempotent: true, relative: null, description: `\`${callLabel(call)}\`` };
}

/** SQL client methods that run a statement given as text (pg, mysql2, knex, Prisma, pg-promise, postgres.js…). */
const SQL_METHODS = ['query', 'execute', 'raw', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result', 'multi', 'exec', 'run', 'unsafe', 'sql', '$executeRaw', '$executeRawUnsafe', '$queryRaw', '$queryRawUnsafe'];
const ORM_METHODS = ['increment', 'decrement', 'update', 'set', 'create', 'bulkCreate', 'insert', 'upsert', 'destroy', 'del', 'softDelete', 'delete', 'remove', 'save', 'persist', 'persistAndFlush'];
const DYNAMO_DOCUMENT_METHODS = ['send', 'update', 'updateItem', 'put', 'putItem', 'transactWrite', 'transactWriteItems', 'delete', 'deleteItem', 'batchWrite'];
const SEARCH_METHODS = ['index', 'update', 'delete', 'create', 'bulk', 'updateByQuery', 'deleteByQuery'];

/** Every method name a database classifier here may accept (SQL text passed as a literal is recognised whatever the name). */
export const DATABASE_CALL_NAMES: ReadonlySet<string> = new Set([
  ...SQL_METHODS, ...MONGO_UPDATE, ...MONGO_INSERT, ...MONGO_IDEMPOTENT, 'bulkWrite', ...PRISMA_OPS, ...ORM_METHODS,
  ...DYNAMO_DOCUMENT_METHODS, ...FIRESTORE_WRITES, ...SEARCH_METHODS,
]);

/** A literal (or template) first argument that reads like SQL: a statement whatever the method is called. */
export function hasSqlLiteralArgument(call: EffectCall): boolean {
  if (call.type === AST_NODE_TYPES.TaggedTemplateExpression) return true;
  const first = call.arguments[0] ? unwrap(call.arguments[0] as Node) : null;
  if (!first) return false;
  if (first.type === AST_NODE_TYPES.Literal) return typeof first.value === 'string' && SQL_HINT.test(first.value);
  if (first.type === AST_NODE_TYPES.TemplateLiteral) return first.quasis.some((q) => SQL_HINT.test(q.value.cooked ?? ''));
  return first.type === AST_NODE_TYPES.TaggedTemplateExpression || first.type === AST_NODE_TYPES.ObjectExpression;
}

/** Database writes, or null when the call is not one. */
export function classifyDatabase(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  return (
    sqlEffect(call, ctx) ??
    dynamoEffect(call, ctx) ??
    mongoEffect(call, ctx) ??
    prismaEffect(call, ctx) ??
    firestoreEffect(call, ctx) ??
    searchEffect(call, ctx) ??
    ormEffect(call, ctx)
  );
}

/**
 * Delete-then-insert under one key (`await repo.delete({ parentType, parentId })`, then
 * `repo.insert(rows.map((r) => ({ ...r, parentType, parentId })))`, on the same store earlier in the
 * same function): a repeat deletes what the first run inserted and inserts it again.
 */
function replacesRowsOfKey(insert: TSESTree.CallExpression, receiver: Node, ctx: ClassifyContext): boolean {
  const body = enclosingFunction(insert)?.body;
  const store = ctx.file.sourceCode.getText(receiver as TSESTree.Node);
  const inserted = insert.arguments[0] ? ctx.file.sourceCode.getText(insert.arguments[0] as TSESTree.Node) : '';
  if (!body || !inserted) return false;
  return (
    findDescendant(body, (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression || n.range[1] > insert.range[0] || !/^(delete|deleteMany|destroy)$/.test(calleeName(n) ?? '')) return false;
      const owner = calleeObject(n);
      const filter = n.arguments[0] ? unwrap(n.arguments[0] as Node) : null;
      if (!owner || ctx.file.sourceCode.getText(owner as TSESTree.Node) !== store || filter?.type !== AST_NODE_TYPES.ObjectExpression || filter.properties.length === 0) return false;
      return filter.properties.every((p) => {
        const key = p.type === AST_NODE_TYPES.Property ? propertyName(p) : null;
        return key != null && new RegExp(`(^|[^\\w.])${key}\\s*[:,}\\n]`).test(inserted);
      });
    }, true) != null
  );
}

/**
 * `const query = qb.insert().into(T); …; return query.orIgnore().execute()`: the builder kept in a
 * variable gets its conflict handling where the variable is used later in the same function.
 */
function heldBuilderConflict(chainEnd: Node, ctx: ClassifyContext): { method: string; relative: { text: string }[] } | null {
  const declarator = chainEnd.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== chainEnd || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  const name = declarator.id.name;
  const scope = enclosingFunction(declarator)?.body;
  let found: { method: string; relative: { text: string }[] } | null = null;
  if (scope) {
    findDescendant(scope, (n) => {
      if (n.type !== AST_NODE_TYPES.Identifier || n.name !== name || n === declarator.id || n.parent?.type !== AST_NODE_TYPES.MemberExpression || n.parent.object !== n) return false;
      found = conflictClauseOf(n, ctx, false);
      return found != null;
    }, true);
  }
  return found;
}

const CONFLICT_METHODS = new Set(['onConflict', 'onDuplicateKeyUpdate', 'orIgnore', 'orUpdate', 'ignore', 'merge', 'onConflictDoNothing', 'onConflictDoUpdate']);

/**
 * The conflict handling chained after an insert (`.insert().into(T).values(v).orIgnore()`), with
 * the relative assignments of a raw `DO UPDATE SET` clause (`n = t.n + EXCLUDED.n` adds on every
 * delivery); null when the insert has none.
 */
function conflictClauseOf(insert: Node, ctx: ClassifyContext, viaVariable = true): { method: string; relative: { text: string }[] } | null {
  let node: Node = insert;
  for (let i = 0; i < 12; i++) {
    const member: Node | undefined = node.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return viaVariable ? heldBuilderConflict(node, ctx) : null;
    const call: Node | undefined = member.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return null;
    const method = propertyName(member);
    if (method && CONFLICT_METHODS.has(method)) {
      const clause = call.arguments[0] ? staticString(ctx.file, call.arguments[0] as Node, ctx.bindings, true) : null;
      const masked = clause ? maskSql(clause) : '';
      const set = /\bset\b/i.exec(masked);
      const from = set ? set.index + set[0].length : -1;
      return { method, relative: clause && from >= 0 ? relativeAssignments(masked.slice(from), clause.slice(from)) : [] };
    }
    node = call;
  }
  return null;
}
