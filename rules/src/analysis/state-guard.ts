/**
 * State guards: the handler reads the entity a message is about, leaves when its state shows the
 * work was done, and later changes that very state, so a redelivery finds the changed state and
 * leaves too. No processed-messages table, but idempotent all the same:
 *
 *   const order = await Order.findOne({ id });      // read
 *   if (!order || order.status !== 'PENDING') return; // exit on the state
 *   await Order.updateOne({ id }, { status: 'PAID' }); // …which this handler changes
 *
 * Counts as a guard when (1) the test reads a variable holding a row read from a store, (2) one
 * branch leaves, and (3) the function later writes the same entity so that the test would leave:
 * it deletes the row (the test checks existence), sets a field the test or the read's filter looks
 * at (`status`, `processedAt`), or saves a row read by version (optimistic locking).
 * A plain existence check of an entity the handler does not change (`if (!user) return` before
 * sending `user` an email) is not a guard.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, findDescendant, isExitStatement, propertyName, rootIdentifier, unwrap, unwrapAwait, type FunctionNode, type Node } from './ast';
import type { FileContext } from './file-context';
import { calledFunction } from '../project/targets';

/** Calls that read a row or test for one (`findOneBy`, `findUnique`, `get`, `checkExist`, `count`…). */
const READ_METHOD = /^(find|get|load|fetch|read|select|first|one|retrieve|lookup|query|check|exist|has|count)/i;
/** Writes that create the row a create-if-absent check looked for. */
const CREATE_METHOD = /^(create|insert|add|save|register|record|store|persist|build)/;
const DELETE_METHOD = /^(delete|destroy|remove|del|softDelete|softRemove|findOneAndDelete|findByIdAndDelete|findOneAndRemove|findByIdAndRemove|deleteOne|deleteMany)/;
const WRITE_METHOD = /^(update|save|set|patch|upsert|put|persist|findOneAndUpdate|findByIdAndUpdate|increment|decrement|\$set|modify|merge|replace)/;
const ID_KEY = /^(id|_id|uuid|pk|key)$|Id$|_id$|Key$/;
const RELATIVE_KEY = /^(\$inc|\$mul|\$push|increment|decrement|multiply|divide)$/;
const VERSION_KEY = /^(version|__v|_version|revision|rev|etag|lockVersion|optimisticLockVersion)$/;

interface RowRead {
  name: string;
  /** The read call. */
  call: TSESTree.CallExpression;
  /** Source text of what was read from (`Order`, `this.orders`, `prisma.order`). */
  receiver: string;
  /** Filter keys that describe a state rather than an identity (`status`, `processedAt`, `version`). */
  stateKeys: Set<string>;
  /** The entity or table read (`SourceMember` of `getRepository(SourceMember)`, `sql:allowlists`), when named. */
  entity: string | null;
}

/**
 * For a helper's parameter, the caller's variable it was handed (`parseResource(user, resource)`
 * where the caller read `resource`), with that variable's file; null when the caller passed no variable.
 */
export type ParamSource = (param: TSESTree.Identifier) => { file: FileContext; id: TSESTree.Identifier } | null;

/** `const order = await Order.findOne(...)`: the variable and the read (also a row a caller read and passed in). */
function rowRead(file: FileContext, id: TSESTree.Identifier, paramSource?: ParamSource): RowRead | null {
  const def = file.definitionOf(id);
  if (def?.kind === 'parameter' && paramSource) {
    const passed = paramSource(id);
    const read = passed ? rowRead(passed.file, passed.id) : null;
    return read ? { ...read, name: id.name } : null;
  }
  if (def?.kind !== 'variable' || !def.node.init || def.node.id.type !== AST_NODE_TYPES.Identifier) return null;
  let current: Node = unwrapAwait(def.node.init);
  // `const canvas = given ?? (await prisma.canvas.findFirst(…))`: the read is the fallback.
  if (current.type === AST_NODE_TYPES.LogicalExpression && (current.operator === '??' || current.operator === '||')) current = unwrapAwait(current.right);
  // `await this.findUserById(id)` where the helper returns the read.
  const returned = current.type === AST_NODE_TYPES.CallExpression ? returnedCall(file, current) : null;
  if (returned) current = returned;
  // `await queryReadReplica(con, ({ queryRunner }) => queryRunner.manager.getRepository(X).findOne(…))`:
  // a runner that returns what its callback reads.
  const throughRunner = current.type === AST_NODE_TYPES.CallExpression ? callbackRead(current) : null;
  if (throughRunner) current = throughRunner;
  // `await Order.findById(id).orFail()` / `.exec()` / `.lean()`: the read anywhere along the chain.
  for (let i = 0; i < 6 && current.type === AST_NODE_TYPES.CallExpression; i++) {
    const name = calleeName(current) ?? '';
    const receiver = calleeObject(current);
    if (READ_METHOD.test(name) && receiver) {
      const text = file.sourceCode.getText(receiver);
      return { name: id.name, call: current, receiver: text, stateKeys: stateKeysOf(current), entity: entityOf(text) ?? sqlTable(current, /\bfrom\s+([\w."]+)/i) };
    }
    if (!receiver) return null;
    current = unwrapAwait(receiver);
  }
  return null;
}

/** The read a callback argument returns (`runner(con, (q) => q.repo.findOne(…))`). */
function callbackRead(call: TSESTree.CallExpression): TSESTree.CallExpression | null {
  for (const arg of call.arguments) {
    const fn = unwrap(arg as Node);
    if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) continue;
    const returned = onlyReturnedCall(fn);
    if (returned && READ_METHOD.test(calleeName(returned) ?? '')) return returned;
  }
  return null;
}

/** The call a function only returns (`(q) => q.repo.findOne(…)`, `{ return this.repo.findOne(…); }`). */
function onlyReturnedCall(fn: FunctionNode): TSESTree.CallExpression | null {
  let value: Node | null = null;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) value = fn.body;
  else {
    const statements = fn.body.body;
    const last = statements[statements.length - 1];
    if (statements.length === 1 && last?.type === AST_NODE_TYPES.ReturnStatement && last.argument) value = last.argument;
  }
  const v = value ? unwrapAwait(value) : null;
  return v?.type === AST_NODE_TYPES.CallExpression ? v : null;
}

/**
 * The entity a store expression names, when it names one: `getRepository(SourceMember)` in
 * `queryRunner.manager.getRepository(SourceMember)` and `con.getRepository(SourceMember)` alike.
 */
function entityOf(receiverText: string): string | null {
  return /getRepository\(\s*([\w.]+)\s*\)/.exec(receiverText)?.[1] ?? null;
}

/**
 * Whether a call on `receiver` (in `file`) writes the store the row was read from: the same text, the
 * same entity, or for SQL the same table (`SELECT 1 FROM allowlists …` then `INSERT INTO allowlists`).
 */
function onStoreOf(file: FileContext, receiver: Node, read: RowRead, call?: TSESTree.CallExpression): boolean {
  // Literal SQL names its table: one client (`idb`) writes many.
  const table = call ? sqlTable(call, /\b(?:insert\s+into|update|delete\s+from)\s+([\w."]+)/i) : null;
  if (table) return table === read.entity;
  const text = file.sourceCode.getText(receiver as TSESTree.Node);
  if (text === read.receiver) return true;
  const entity = entityOf(text);
  return entity != null && entity === read.entity;
}

/** The table a call's literal SQL names with `pattern` (`sql:allowlists`); null without literal SQL. */
function sqlTable(call: TSESTree.CallExpression, pattern: RegExp): string | null {
  const first = call.arguments[0] ? unwrap(call.arguments[0] as Node) : null;
  const text =
    first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string'
      ? first.value
      : first?.type === AST_NODE_TYPES.TemplateLiteral
        ? first.quasis.map((q) => q.value.cooked ?? '').join(' ')
        : null;
  const table = text ? pattern.exec(text)?.[1] : null;
  return table ? `sql:${table.replace(/"/g, '').toLowerCase()}` : null;
}

/** The call a same-file helper returns (`return this.repo.findOne(…)`, `(id) => repo.findOne(…)`), if that is all it does. */
function returnedCall(file: FileContext, call: TSESTree.CallExpression): TSESTree.CallExpression | null {
  const fn = file.functionOf(call.callee);
  return fn ? onlyReturnedCall(fn) : null;
}

/** Keys of the read's filter (`{ where: { id, status: 'PENDING' } }` → status) that are not identities. */
function stateKeysOf(call: TSESTree.CallExpression): Set<string> {
  const keys = new Set<string>();
  const visit = (node: Node | undefined, depth: number) => {
    const n = node ? unwrap(node) : null;
    if (!n || n.type !== AST_NODE_TYPES.ObjectExpression || depth > 2) return;
    for (const p of n.properties) {
      if (p.type !== AST_NODE_TYPES.Property) continue;
      const key = propertyName(p);
      if (!key) continue;
      if (key === 'where' || key === 'filter' || key === '$and') visit(p.value as Node, depth + 1);
      else if (!ID_KEY.test(key)) keys.add(key);
    }
  };
  visit(call.arguments[0] as Node | undefined, 0);
  return keys;
}

/** Property keys written by a call's arguments (`{ status: 'PAID' }`, `{ data: { processedAt } }`, `{ $set: { … } }`). */
function writtenKeys(call: TSESTree.CallExpression): Set<string> {
  const keys = new Set<string>();
  const visit = (node: Node, depth: number) => {
    const n = unwrap(node);
    if (n.type !== AST_NODE_TYPES.ObjectExpression || depth > 3) return;
    for (const p of n.properties) {
      if (p.type !== AST_NODE_TYPES.Property) continue;
      const key = propertyName(p);
      if (!key) continue;
      // A relative change (`$inc`, `{ increment }`) does not make the test leave next time.
      if (key === 'where' || key === 'filter' || RELATIVE_KEY.test(key) || isRelativeValue(p.value as Node)) continue;
      keys.add(key);
      visit(p.value as Node, depth + 1);
    }
  };
  for (const arg of call.arguments) visit(arg as Node, 0);
  return keys;
}

/** `{ increment: 1 }`, `row.n + 1`: a value computed from the old one. */
function isRelativeValue(value: Node): boolean {
  const v = unwrap(value);
  if (v.type === AST_NODE_TYPES.BinaryExpression) return true;
  return v.type === AST_NODE_TYPES.ObjectExpression && v.properties.some((p) => p.type === AST_NODE_TYPES.Property && RELATIVE_KEY.test(propertyName(p) ?? ''));
}

/** Fields of the row the test looks at (`order.status`, `order.payment.status`); none when it only tests existence (`!order`). */
function testedFields(test: Node, row: string): Set<string> {
  const fields = new Set<string>();
  const add = (n: Node) => {
    if (n.type !== AST_NODE_TYPES.MemberExpression || rootIdentifier(n)?.name !== row) return;
    for (let m: Node = n; m.type === AST_NODE_TYPES.MemberExpression; m = unwrap(m.object)) {
      const name = propertyName(m);
      if (name) fields.add(name);
    }
  };
  add(test);
  findDescendant(test, (n) => {
    add(n);
    return false;
  }, false);
  return fields;
}

function leaves(statement: Node | null | undefined): boolean {
  return statement != null && isExitStatement(statement);
}

/** Whether `ifNode` is a state guard of the function it is in. */
export function isStateGuard(file: FileContext, ifNode: TSESTree.IfStatement, fn: FunctionNode | null, paramSource?: ParamSource): boolean {
  if (!fn) return false;
  const exits = leaves(ifNode.consequent) || leaves(ifNode.alternate);
  const names = new Set<string>();
  const collect = (n: Node) => {
    if (n.type === AST_NODE_TYPES.Identifier) names.add(n.name);
    findDescendant(n, (child) => {
      if (child.type === AST_NODE_TYPES.Identifier) names.add(child.name);
      return false;
    }, false);
  };
  collect(ifNode.test);
  for (const name of names) {
    const id = findDescendant(ifNode.test, (n) => n.type === AST_NODE_TYPES.Identifier && n.name === name, false) ?? (ifNode.test.type === AST_NODE_TYPES.Identifier ? ifNode.test : null);
    if (!id || id.type !== AST_NODE_TYPES.Identifier) continue;
    const read = rowRead(file, id, paramSource);
    if (!read) continue;
    if (exits) {
      const watched = new Set([...testedFields(ifNode.test, read.name), ...read.stateKeys]);
      if (laterWriteChangesState(file, fn, ifNode, read, watched)) return true;
      if (exitsWhenPresent(ifNode, read.name) && laterCreateOnSameStore(file, fn, ifNode, read)) return true;
    }
    // Find-or-create: the branch taken when the row is absent creates it (`if (!row) create` /
    // `if (row) update else create`).
    const whenAbsent = testsAbsent(ifNode.test, read.name) ? ifNode.consequent : testsPresent(ifNode.test, read.name) ? ifNode.alternate : null;
    if (whenAbsent && createsOnSameStore(file, whenAbsent, read, 1)) return true;
    // Set-once: `if (!canvas.version) { …; update canvas { version } }`: the branch taken while a field
    // is unset sets it on the same row, so a redelivery finds it set.
    const unset = unsetField(ifNode.test, read.name);
    if (unset && setsField(file, ifNode.consequent, read, unset)) return true;
  }
  return false;
}

/** `row` itself, or `rows.length`. */
function isRowOf(node: Node, row: string): boolean {
  return (node.type === AST_NODE_TYPES.Identifier && node.name === row) || (node.type === AST_NODE_TYPES.MemberExpression && rootIdentifier(node)?.name === row && propertyName(node) === 'length');
}

/** `null`, `undefined`, `0`. */
function isNothing(node: Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && (node.value === null || node.value === 0)) || (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
}

/**
 * `!row`, `row == null`, `row === undefined`, `!rows.length`: the test passes when the row is not
 * there; also `!row || row.expiresAt < now` (absent, or present in a state the test names: a
 * redelivery finds the row the first delivery created, in the state it left it).
 */
function testsAbsent(testNode: Node, row: string): boolean {
  const test = unwrap(testNode);
  if (test.type === AST_NODE_TYPES.LogicalExpression && test.operator === '||') {
    return testsAbsent(test.left, row) && findDescendant(test.right, (n) => n.type === AST_NODE_TYPES.Identifier && n.name === row, false) != null;
  }
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return isRowOf(unwrap(test.argument), row);
  return test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '==' || test.operator === '===') && isRowOf(unwrap(test.left as Node), row) && isNothing(unwrap(test.right));
}

/** `row`, `row != null`, `rows.length > 0`: the test passes when the row is there. */
function testsPresent(testNode: Node, row: string): boolean {
  const test = unwrap(testNode);
  if (test.type === AST_NODE_TYPES.Identifier) return test.name === row;
  return test.type === AST_NODE_TYPES.BinaryExpression && (test.operator === '!=' || test.operator === '!==' || test.operator === '>') && isRowOf(unwrap(test.left as Node), row) && isNothing(unwrap(test.right));
}

/**
 * Create-if-absent inside the branch: `if (!wallet) { await this.walletRepository.save(…) }`, also
 * through a same-file helper (`await this.createWallet(…)`): a redelivery finds the row and skips it.
 */
function createsOnSameStore(file: FileContext, body: Node, read: RowRead, helperDepth: number, after = -1): boolean {
  return (
    findDescendant(body, (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression || n.range[0] < after) return false;
      const receiver = calleeObject(n);
      const creates = CREATE_METHOD.test(calleeName(n) ?? '') || sqlTable(n, /\binsert\s+into\s+([\w."]+)/i) != null;
      if (receiver && creates && onStoreOf(file, receiver, read, n)) return true;
      if (helperDepth <= 0) return false;
      // Through a helper of this file or another (`await addNewSourceMember(con, member)`).
      const helper = calledFunction(file, n.callee);
      return helper != null && createsOnSameStore(helper.file, helper.fn.body, read, helperDepth - 1);
    }, true) != null
  );
}

/**
 * Create-if-absent: `if (existing) return;` (or `existing != null`, `count > 0`) leaves when the row is
 * there, and the handler then creates it through the same store: a redelivery finds it and leaves.
 */
function exitsWhenPresent(ifNode: TSESTree.IfStatement, row: string): boolean {
  return leaves(ifNode.consequent) && testsPresent(ifNode.test, row);
}

function laterCreateOnSameStore(file: FileContext, fn: FunctionNode, ifNode: TSESTree.IfStatement, read: RowRead): boolean {
  return createsOnSameStore(file, fn.body, read, 1, ifNode.range[1]);
}

function laterWriteChangesState(file: FileContext, fn: FunctionNode, ifNode: TSESTree.IfStatement, read: RowRead, watched: ReadonlySet<string>): boolean {
  const versioned = [...read.stateKeys].some((k) => VERSION_KEY.test(k));
  const assigned = new Set<string>();
  // `order.status = 'PAID'` anywhere after the test: fields the handler changes on the row itself.
  findDescendant(fn.body, (n) => {
    if (n.type === AST_NODE_TYPES.AssignmentExpression && n.operator === '=' && !isRelativeValue(n.right) && n.range[0] > ifNode.range[1] && n.left.type === AST_NODE_TYPES.MemberExpression && rootIdentifier(n.left)?.name === read.name) {
      const name = propertyName(n.left);
      if (name) assigned.add(name);
    }
    return false;
  }, true);
  return (
    findDescendant(fn.body, (n) => {
      if (n.type !== AST_NODE_TYPES.CallExpression || n.range[0] < ifNode.range[1]) return false;
      const name = calleeName(n) ?? '';
      const receiver = calleeObject(n);
      if (!receiver) return false;
      const onRow = rootIdentifier(receiver)?.name === read.name && unwrap(receiver).type === AST_NODE_TYPES.Identifier;
      const onSameStore = !onRow && onStoreOf(file, receiver, read);
      if (!onRow && !onSameStore) return false;
      if (DELETE_METHOD.test(name)) return true;
      if (!WRITE_METHOD.test(name)) return false;
      if (onRow && versioned) return true;
      const keys = writtenKeys(n);
      if (onRow) for (const k of assigned) keys.add(k);
      for (const key of keys) if (watched.has(key)) return true;
      return false;
    }, true) != null
  );
}

/** `!row.field`: the field the test finds unset. */
function unsetField(testNode: Node, row: string): string | null {
  const test = unwrap(testNode);
  if (test.type !== AST_NODE_TYPES.UnaryExpression || test.operator !== '!') return null;
  const field = unwrap(test.argument);
  return field.type === AST_NODE_TYPES.MemberExpression && unwrap(field.object).type === AST_NODE_TYPES.Identifier && rootIdentifier(field)?.name === row ? propertyName(field) : null;
}

/** The branch writes `field` on the row (`row.field = v` then a save, or an update of the same store). */
function setsField(file: FileContext, body: Node, read: RowRead, field: string): boolean {
  return (
    findDescendant(body, (n) => {
      if (n.type === AST_NODE_TYPES.AssignmentExpression && n.left.type === AST_NODE_TYPES.MemberExpression && rootIdentifier(n.left)?.name === read.name && propertyName(n.left) === field) return true;
      if (n.type !== AST_NODE_TYPES.CallExpression || !WRITE_METHOD.test(calleeName(n) ?? '')) return false;
      const receiver = calleeObject(n);
      return receiver != null && onStoreOf(file, receiver, read) && writtenKeys(n).has(field);
    }, true) != null
  );
}
