/**
 * The idempotency-key guard suggestion: claim the message id before the handler's work and leave
 * (settling the duplicate) when it was claimed before; release the claim when the work fails, so a
 * redelivery retries instead of being dropped. Built on the store the file already uses, or on the
 * project's helpers named in `settings.idempotency.guard`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { KeyExpression, TextEdit } from '../analysis/access';
import { findDescendant, isExitStatement, isFunction, isInside, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import type { EffectRecord, HandlerFacts } from '../analysis/flow';
import type { HandlerSite, MessageUnit } from '../libraries/types';
import type { GuardSetting } from '../settings';
import { chooseStore, storeLabel, type Store } from './stores';
import { freshName, importEdits, indentUnit, lineIndent, reindent, usesTypeScript } from './text';

/** How long a claimed id is remembered in Redis: longer than any redelivery window. */
const REDIS_TTL_SECONDS = 7 * 24 * 3600;

export interface GuardPlan {
  site: HandlerSite;
  unit: MessageUnit;
  body: TSESTree.BlockStatement;
  /** Statements the guard protects (from the first after input validation to the last). */
  first: TSESTree.Statement;
  last: TSESTree.Statement;
  key: KeyExpression;
  duplicate: string;
}

/** A guard can go at the top of the unit when its body is a block in an async function and the key is known. */
export function planGuard(site: HandlerSite, unit: MessageUnit, effects: readonly EffectRecord[] = []): GuardPlan | null {
  const container = unit.container;
  const body = container.body;
  if (body.type !== AST_NODE_TYPES.BlockStatement) return null;
  const fn = isFunction(container) ? container : enclosingFunctionOf(container);
  if (!fn?.async) return null;
  const statements = body.body;
  let index = 0;
  // Input validation (`if (!msg) return;`) and synchronous set-up (`const channel = ctx.getChannelRef()`)
  // stay first: the key may not exist for invalid input, and a duplicate's ack may need the set-up.
  while (index < statements.length && (isValidation(statements[index]!) || isSetup(statements[index]!, effects))) index++;
  const first = statements[index];
  const last = statements[statements.length - 1];
  if (!first || !last) return null;
  const key = site.messageKey(unit);
  if (!key) return null;
  const duplicate = site.duplicateSettle(unit, first);
  if (duplicate == null) return null;
  return { site, unit, body, first, last, key, duplicate };
}

function enclosingFunctionOf(node: Node): FunctionNode | null {
  let current = node.parent;
  while (current && !isFunction(current)) current = current.parent;
  return current && isFunction(current) ? current : null;
}

/** `const order = JSON.parse(…)`: a declaration that neither waits nor starts any side effect. */
function isSetup(statement: TSESTree.Statement, effects: readonly EffectRecord[]): boolean {
  if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  if (findDescendant(statement, (n) => n.type === AST_NODE_TYPES.AwaitExpression) != null) return false;
  return !effects.some((e) => isInside(e.node, statement) || (e.via != null && isInside(e.via, statement)));
}

function isValidation(statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.IfStatement || statement.alternate) return false;
  if (!isExitStatement(statement.consequent)) return false;
  return findDescendant(statement, (n) => n.type === AST_NODE_TYPES.AwaitExpression) == null;
}

/** Lines relative to the guard's indentation; nested lines carry their own extra indentation. */
type Lines = string[];

function nest(lines: Lines, unit: string): Lines {
  return lines.map((l) => unit + l);
}

/** `if (<test>) <duplicate>`, with the duplicate's statements in a block when there are several. */
function ifDuplicate(test: string, duplicate: string, unit: string): Lines {
  const statements = duplicate.split('\n');
  if (statements.length === 1) return [`if (${test}) ${statements[0]}`];
  return [`if (${test}) {`, ...nest(statements, unit), '}'];
}

/** `processed:${…}` for Redis keys (the message id inside a namespaced key). */
function redisKey(key: KeyExpression): string {
  if (key.text.startsWith('`') && key.text.endsWith('`')) return '`processed:' + key.text.slice(1);
  return '`processed:${' + key.text + '}`';
}

/** `processed_messages` → `processedMessage` (Prisma's client property for the model). */
function prismaModel(table: string): string {
  const last = table.split('.').pop() ?? table;
  const singular = last.replace(/ies$/, 'y').replace(/(ss|us|is)$/, '$1').replace(/(x|ch|sh|ses)es$/, '$1').replace(/([^s])s$/, '$1');
  return singular.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

interface GuardText {
  /** Lines before the protected statements. */
  claim: Lines;
  /** Lines that undo the claim when the work fails (the protected statements get a try/catch). */
  release: Lines | null;
  /** Lines after the protected statements (a success mark). */
  mark: Lines;
  /** A Prisma transaction the protected statements run in, with the lines of its catch (instead of release). */
  transaction: { ref: string; model: string; onError: Lines } | null;
  label: string;
  extraFixes: TextEdit[];
}

/** Prisma's unique-violation test for the processed-message row (and nothing else). */
function prismaDuplicateTest(file: FileContext, error: string, model: string): { lines: Lines; test: string } {
  if (!usesTypeScript(file)) return { lines: [], test: `${error}.code === 'P2002' && ${error}.meta?.modelName === '${pascal(model)}'` };
  const typed = `${error}Details`;
  return {
    lines: [`const ${typed} = ${error} as { code?: string; meta?: { modelName?: string } };`],
    test: `${typed}.code === 'P2002' && ${typed}.meta?.modelName === '${pascal(model)}'`,
  };
}

function storeGuard(file: FileContext, plan: GuardPlan, store: Store, names: Names, unit: string): GuardText {
  const { table, column } = file.settings.dedupTable;
  const k = names.key;
  const base = { mark: [], transaction: null, label: storeLabel(store, table), extraFixes: [] };
  switch (store.kind) {
    case 'ioredis':
    case 'node-redis': {
      const set =
        store.kind === 'ioredis'
          ? `${store.ref}.set(${k}, '1', 'EX', ${REDIS_TTL_SECONDS}, 'NX')`
          : `${store.ref}.set(${k}, '1', { NX: true, EX: ${REDIS_TTL_SECONDS} })`;
      return {
        ...base,
        claim: [`const ${k} = ${redisKey(plan.key)};`, ...ifDuplicate(`(await ${set}) === null`, plan.duplicate, unit)],
        release: [`await ${store.ref}.del(${k});`],
      };
    }
    case 'pg':
      return {
        ...base,
        claim: [
          `const ${k} = ${plan.key.text};`,
          `const ${names.claim} = await ${store.ref}.query('INSERT INTO ${table} (${column}) VALUES ($1) ON CONFLICT DO NOTHING', [${k}]);`,
          ...ifDuplicate(`${names.claim}.rowCount === 0`, plan.duplicate, unit),
        ],
        release: [`await ${store.ref}.query('DELETE FROM ${table} WHERE ${column} = $1', [${k}]);`],
      };
    case 'mysql':
      return {
        ...base,
        claim: [
          `const ${k} = ${plan.key.text};`,
          `const [${names.claim}] = await ${store.ref}.execute('INSERT IGNORE INTO ${table} (${column}) VALUES (?)', [${k}]);`,
          ...ifDuplicate(usesTypeScript(file) ? `(${names.claim} as { affectedRows: number }).affectedRows === 0` : `${names.claim}.affectedRows === 0`, plan.duplicate, unit),
        ],
        release: [`await ${store.ref}.execute('DELETE FROM ${table} WHERE ${column} = ?', [${k}]);`],
      };
    case 'prisma': {
      const model = prismaModel(table);
      const duplicate = prismaDuplicateTest(file, names.error, model);
      const onDuplicate = [...duplicate.lines, ...ifDuplicate(duplicate.test, plan.duplicate, unit), `throw ${names.error};`];
      if (canRunInTransaction(file, plan, store)) {
        return {
          ...base,
          label: `a ${table} row in a ${store.ref}.$transaction`,
          claim: [`const ${k} = ${plan.key.text};`],
          release: null,
          transaction: { ref: store.ref, model, onError: onDuplicate },
        };
      }
      return {
        ...base,
        claim: [
          `const ${k} = ${plan.key.text};`,
          'try {',
          `${unit}await ${store.ref}.${model}.create({ data: { ${column}: ${k} } });`,
          `} catch (${names.error}) {`,
          ...nest(onDuplicate, unit),
          '}',
        ],
        release: [`await ${store.ref}.${model}.delete({ where: { ${column}: ${k} } });`],
      };
    }
  }
}

/**
 * The protected statements can move into `prisma.$transaction(async (tx) => …)`: the unit is a
 * function, they use the client, no break/continue/yield reaches outside them, and they settle the
 * message only in trailing statements (an ack inside would run before the commit; a nack inside would
 * commit the claim of a message that is to be redelivered).
 */
function canRunInTransaction(file: FileContext, plan: GuardPlan, store: Store): boolean {
  if (!isFunction(plan.unit.container) || plan.unit.container.generator) return false;
  const { inner } = splitTrailingAcks(file, plan);
  if (inner.length === 0) return false;
  const usesClient = inner.some((s) => clientReferences(s, store).length > 0);
  const escapes = inner.some((s) => findDescendant(s, (n) => n.type === AST_NODE_TYPES.YieldExpression || (isJump(n) && !jumpTargetsInside(n, s))) != null);
  const settles = inner.some((s) => findDescendant(s, (n) => (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) && plan.site.settle.classify(n, file) != null, true) != null);
  return usesClient && !escapes && !settles;
}

/** The protected statements, with the acks that end them (`channel.ack(msg);`) kept apart. */
function splitTrailingAcks(file: FileContext, plan: GuardPlan): { inner: TSESTree.Statement[]; acks: TSESTree.Statement[] } {
  const statements = protectedStatements(plan);
  let end = statements.length;
  while (end > 0 && isAckStatement(file, plan, statements[end - 1]!)) end--;
  return { inner: statements.slice(0, end), acks: statements.slice(end) };
}

function isAckStatement(file: FileContext, plan: GuardPlan, statement: TSESTree.Statement): boolean {
  if (statement.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  let expr: Node = statement.expression;
  if (expr.type === AST_NODE_TYPES.AwaitExpression) expr = expr.argument;
  return (expr.type === AST_NODE_TYPES.CallExpression || expr.type === AST_NODE_TYPES.NewExpression) && plan.site.settle.classify(expr, file) === 'ack';
}

/**
 * Statements in the protected code that settle the message as failed (`channel.nack(msg)`,
 * `batchItemFailures.push(…)`): the claim must be released before them, or the redelivery would be
 * taken for a duplicate. Null when one sits where `await` is not allowed.
 */
function nackStatements(file: FileContext, plan: GuardPlan): TSESTree.Statement[] | null {
  const out: TSESTree.Statement[] = [];
  let blocked = false;
  for (const statement of protectedStatements(plan)) {
    findDescendant(
      statement,
      (n) => {
        if (n.type !== AST_NODE_TYPES.CallExpression || plan.site.settle.classify(n, file) !== 'nack') return false;
        let holder: Node | undefined = n.parent;
        if (holder?.type === AST_NODE_TYPES.AwaitExpression) holder = holder.parent;
        const fn = enclosingFunctionOf(n);
        if (holder?.type !== AST_NODE_TYPES.ExpressionStatement || !fn?.async || (fn !== plan.unit.container && !isInsideUnitFunction(fn, plan))) blocked = true;
        else out.push(holder);
        return false;
      },
      true,
    );
  }
  return blocked ? null : out;
}

function isInsideUnitFunction(fn: FunctionNode, plan: GuardPlan): boolean {
  return !isFunction(plan.unit.container) && enclosingFunctionOf(plan.unit.container) === fn;
}

function isJump(n: Node): n is TSESTree.BreakStatement | TSESTree.ContinueStatement {
  return n.type === AST_NODE_TYPES.BreakStatement || n.type === AST_NODE_TYPES.ContinueStatement;
}

function jumpTargetsInside(jump: Node, root: Node): boolean {
  let current = jump.parent;
  while (current && current !== root.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.ForInStatement:
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return true;
      case AST_NODE_TYPES.SwitchStatement:
        if (jump.type === AST_NODE_TYPES.BreakStatement) return true;
        break;
      default:
        break;
    }
    current = current.parent;
  }
  return false;
}

function protectedStatements(plan: GuardPlan): TSESTree.Statement[] {
  const list = plan.body.body;
  return list.slice(list.indexOf(plan.first), list.indexOf(plan.last) + 1);
}

/** Nodes in `root` that denote the store's client (`prisma`, `this.prisma`). */
function clientReferences(root: Node, store: Store): Node[] {
  const out: Node[] = [];
  const member = store.ref.startsWith('this.') ? store.ref.slice(5) : null;
  findDescendant(
    root,
    (n) => {
      if (member) {
        if (n.type === AST_NODE_TYPES.MemberExpression && n.object.type === AST_NODE_TYPES.ThisExpression && !n.computed && n.property.type === AST_NODE_TYPES.Identifier && n.property.name === member) out.push(n);
      } else if (n.type === AST_NODE_TYPES.Identifier && n.name === store.ref) {
        const parent = n.parent;
        const isKey = (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === n && !parent.computed) || (parent?.type === AST_NODE_TYPES.Property && parent.key === n && !parent.shorthand);
        if (!isKey) out.push(n);
      }
      return false;
    },
    false,
  );
  return out;
}

function configuredGuard(file: FileContext, plan: GuardPlan, guard: GuardSetting, names: Names, unit: string): GuardText | null {
  const imports = ensureImported(file, guard);
  if (!imports) return null;
  return {
    claim: [`const ${names.key} = ${plan.key.text};`, ...ifDuplicate(`await ${guard.check}(${names.key})`, plan.duplicate, unit)],
    release: null,
    mark: [`await ${guard.mark}(${names.key});`],
    transaction: null,
    label: `${guard.check} / ${guard.mark}`,
    extraFixes: imports,
  };
}

/** An import of the configured helpers, unless the file already imports them from that module. */
function ensureImported(file: FileContext, guard: GuardSetting): TextEdit[] | null {
  return importEdits(file, guard.module, [guard.check, guard.mark]);
}

interface Names {
  key: string;
  claim: string;
  error: string;
}

/** Builds the replacement of the protected statements: claim, try { work } catch { release; throw }, mark. */
export function buildGuard(file: FileContext, plan: GuardPlan, store: Store | null): { label: string; edits: TextEdit[] } | null {
  const sourceCode = file.sourceCode;
  const indent = lineIndent(sourceCode, plan.first);
  const unit = indentUnit(sourceCode);
  const names: Names = {
    key: freshName(file, plan.first, 'idempotencyKey', plan.body),
    claim: freshName(file, plan.first, 'claim', plan.body),
    error: freshName(file, plan.first, 'error', plan.body),
  };
  const guard = file.settings.guard;
  const text = guard ? configuredGuard(file, plan, guard, names, unit) : store ? storeGuard(file, plan, store, names, unit) : null;
  if (!text) return null;
  const range: [number, number] = [plan.first.range[0], plan.last.range[1]];
  const block = (lines: Lines) => lines.map((l) => indent + l).join('\n');
  let out = block(text.claim).slice(indent.length);
  if (text.transaction && store) {
    const tx = freshName(file, plan.first, 'tx', plan.body);
    const { inner, acks } = splitTrailingAcks(file, plan);
    const innerRange: [number, number] = [inner[0]!.range[0], inner[inner.length - 1]!.range[1]];
    const replacements = inner
      .flatMap((s) => clientReferences(s, store))
      .sort((a, b) => a.range[0] - b.range[0])
      .map((n) => ({ range: n.range, text: tx }));
    const returnsValue = inner.some((s) => findDescendant(s, (n) => n.type === AST_NODE_TYPES.ReturnStatement && n.argument != null) != null || (s.type === AST_NODE_TYPES.ReturnStatement && s.argument != null));
    const { column } = file.settings.dedupTable;
    out += `\n${indent}try {`;
    out += `\n${indent}${unit}${returnsValue ? 'return ' : ''}await ${text.transaction.ref}.$transaction(async (${tx}) => {`;
    out += `\n${indent}${unit}${unit}await ${tx}.${text.transaction.model}.create({ data: { ${column}: ${names.key} } });`;
    out += `\n${indent}${unit}${unit}${reindent(sourceCode, innerRange, unit + unit, replacements)}`;
    out += `\n${indent}${unit}});`;
    // The message is settled after the commit, as before.
    for (const ack of acks) out += `\n${indent}${unit}${sourceCode.getText(ack)}`;
    out += `\n${block([`} catch (${names.error}) {`, ...nest(text.transaction.onError, unit), '}'])}`;
  } else if (text.release) {
    const nacks = nackStatements(file, plan);
    if (!nacks) return null;
    const releaseBeforeNacks = nacks.map((nack) => {
      const at = lineIndent(sourceCode, nack) + unit;
      return { range: [nack.range[0], nack.range[0]] as [number, number], text: `${text.release!.join(`\n${at}`)}\n${at}` };
    });
    out += `\n${indent}try {\n${indent}${unit}${reindent(sourceCode, range, unit, releaseBeforeNacks)}`;
    out += `\n${block([`} catch (${names.error}) {`, ...nest([...text.release, `throw ${names.error};`], unit), '}'])}`;
  } else {
    const lastIsReturn = plan.last.type === AST_NODE_TYPES.ReturnStatement && plan.last !== plan.first;
    if (lastIsReturn) {
      const before: [number, number] = [plan.first.range[0], lastStatementBefore(plan)!.range[1]];
      out += `\n${indent}${sourceCode.text.slice(before[0], before[1])}\n${block(text.mark)}\n${indent}${sourceCode.getText(plan.last)}`;
    } else {
      out += `\n${indent}${sourceCode.text.slice(range[0], range[1])}\n${block(text.mark)}`;
    }
  }
  return { label: text.label, edits: [{ range, text: out }, ...plan.key.edits, ...text.extraFixes] };
}

function lastStatementBefore(plan: GuardPlan): TSESTree.Statement | undefined {
  const list = plan.body.body;
  return list[list.indexOf(plan.last) - 1];
}

const guardCache = new WeakMap<HandlerFacts, TSESLint.SuggestionReportDescriptor<'suggestGuard'>[]>();

/** The guard suggestion for a handler (computed once: both rules and every write offer the same one). */
export function guardSuggestions(file: FileContext, facts: HandlerFacts): TSESLint.SuggestionReportDescriptor<'suggestGuard'>[] {
  let cached = guardCache.get(facts);
  if (!cached) {
    cached = computeGuardSuggestions(file, facts);
    guardCache.set(facts, cached);
  }
  return cached;
}

function computeGuardSuggestions(file: FileContext, facts: HandlerFacts): TSESLint.SuggestionReportDescriptor<'suggestGuard'>[] {
  // A handler written in another file is guarded there, not from its registration.
  if (facts.site.rootFile) return [];
  const unit = facts.site.units()[0];
  if (!unit) return [];
  const plan = planGuard(facts.site, unit, facts.effects);
  if (!plan) return [];
  const store = file.settings.guard ? null : chooseStore(file, facts, plan.first);
  const guard = buildGuard(file, plan, store);
  if (!guard) return [];
  const edits = guard.edits;
  return [
    {
      messageId: 'suggestGuard',
      data: { handler: facts.site.label, store: guard.label },
      fix: (fixer) => edits.map((e) => fixer.replaceTextRange(e.range, e.text)),
    },
  ];
}
