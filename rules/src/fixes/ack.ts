/**
 * Suggestions for messages settled too early: move the ack after the work (never into a branch or a
 * loop, where it would stop acking other paths), settle only on success (out of `finally`), await
 * fire-and-forget work, and rethrow swallowed errors.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { identifiersResolveSame, type TextEdit } from '../analysis/access';
import { calleeName, enclosingFunction, findDescendant, isExitStatement, isFunction, isInside, propertyName, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import type { HandlerFacts } from '../analysis/flow';
import { freshName, importEdits, indentUnit, lineIndent, statementRemovalRange, usesTypeScript } from './text';

type Suggestion<M extends string> = TSESLint.SuggestionReportDescriptor<M>;

function toSuggestion<M extends string>(messageId: M, data: Record<string, string>, edits: TextEdit[]): Suggestion<M> {
  return { messageId, data, fix: (fixer) => edits.map((e) => fixer.replaceTextRange(e.range, e.text)) };
}

/** The statement that consists of the ack call (`ch.ack(msg);`, `await receiver.completeMessage(m);`). */
function ackStatement(ack: Node): TSESTree.ExpressionStatement | null {
  let node: Node = ack;
  // aws-sdk v2: `await sqs.deleteMessage(params).promise();`
  const member = node.parent;
  if (member?.type === AST_NODE_TYPES.MemberExpression && member.object === node && propertyName(member) === 'promise' && member.parent?.type === AST_NODE_TYPES.CallExpression) {
    node = member.parent;
  }
  if (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  return node.parent?.type === AST_NODE_TYPES.ExpressionStatement ? node.parent : null;
}

/** Inserts `statement` as the last statement of `block` (before a final return/throw/continue/break). */
function appendToBlock(file: FileContext, block: TSESTree.BlockStatement, statementText: string): { edit: TextEdit; anchor: Node } | null {
  const statements = block.body;
  const last = statements[statements.length - 1];
  if (!last) {
    const indent = lineIndent(file.sourceCode, block) + indentUnit(file.sourceCode);
    return { edit: { range: [block.range[0] + 1, block.range[1] - 1], text: `\n${indent}${statementText}\n${lineIndent(file.sourceCode, block)}` }, anchor: block };
  }
  const indent = lineIndent(file.sourceCode, last);
  if (isExitStatement(last) && last.type !== AST_NODE_TYPES.BlockStatement && last.type !== AST_NODE_TYPES.IfStatement) {
    return { edit: { range: [last.range[0], last.range[0]], text: `${statementText}\n${indent}` }, anchor: last };
  }
  return { edit: { range: [last.range[1], last.range[1]], text: `\n${indent}${statementText}` }, anchor: last };
}

/** Effects after the ack, as the statement-level node in the ack's function that leads to them. */
function workAfter(facts: HandlerFacts, statement: TSESTree.Statement): Node[] {
  const fn = enclosingFunction(statement);
  const anchors: Node[] = [];
  for (const effect of facts.effects) {
    const candidates = [effect.node, effect.via].filter((n): n is NonNullable<typeof n> => n != null);
    const anchor = candidates.find((n) => enclosingFunction(n) === fn);
    if (anchor && anchor.range[0] > statement.range[1]) anchors.push(anchor);
  }
  return anchors;
}

/**
 * Where the ack goes: the end of its own block, or of a `try` block on the way to the last work (the
 * success path). Never into an if-branch, loop, callback or catch.
 */
function targetBlock(block: TSESTree.BlockStatement, lastWork: Node): TSESTree.BlockStatement {
  let target = block;
  let current: Node | undefined = lastWork;
  const path: Node[] = [];
  while (current && current !== block) {
    path.push(current);
    current = current.parent;
  }
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    if (node.type === AST_NODE_TYPES.TryStatement) {
      const next = path[i - 1];
      if (next === node.block) {
        target = node.block;
        i--;
        continue;
      }
      break;
    }
    if (node.parent !== target) break;
  }
  return target;
}

function moveAck(file: FileContext, facts: HandlerFacts, ack: Node): Suggestion<'suggestMoveAck'> | null {
  const statement = ackStatement(ack);
  if (!statement || statement.parent?.type !== AST_NODE_TYPES.BlockStatement) return null;
  const block = statement.parent;
  const work = workAfter(facts, statement).filter((n) => isInside(n, block));
  if (work.length === 0) return null;
  const lastWork = work.reduce((a, b) => (b.range[1] > a.range[1] ? b : a));
  // After un-awaited work (a floating promise, a timer) the ack would still come first.
  if (!isAwaited(lastWork)) return null;
  const target = targetBlock(block, lastWork);
  const text = file.sourceCode.getText(statement);
  const placed = appendToBlock(file, target, text);
  if (!placed || !identifiersResolveSame(file, statement, placed.anchor)) return null;
  const removal = statementRemovalRange(file.sourceCode, statement);
  return toSuggestion('suggestMoveAck', { ack: file.sourceCode.getText(ack) }, [{ range: removal, text: '' }, placed.edit]);
}

/** Whether the promise of `node` is awaited where it stands (directly, through a chain, or via Promise.all). */
function isAwaited(node: Node): boolean {
  let current: Node = node;
  for (;;) {
    const parent: Node | undefined = current.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.YieldExpression:
        return true;
      case AST_NODE_TYPES.ForOfStatement:
        return parent.await && parent.right === current;
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ArrayExpression:
        current = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object !== current) return false;
        current = parent;
        continue;
      case AST_NODE_TYPES.CallExpression:
        // work.then(…) / Promise.all([work]) / Promise.all(items.map(…)) carry the awaitedness on.
        if (parent.callee === current || parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
          current = parent;
          continue;
        }
        return false;
      default:
        return false;
    }
  }
}

/** Out of `finally` (or from after a swallowing catch) to the end of the try block: settle on success only. */
function ackOnSuccess(file: FileContext, facts: HandlerFacts, ack: Node): Suggestion<'suggestAckOnSuccess'> | null {
  const failure = facts.ackAfterFailure.get(ack as TSESTree.CallExpression);
  const statement = ackStatement(ack);
  if (!failure || !statement) return null;
  const tryStatement = failure.node.type === AST_NODE_TYPES.TryStatement ? failure.node : failure.node.parent;
  if (tryStatement?.type !== AST_NODE_TYPES.TryStatement) return null;
  const text = file.sourceCode.getText(statement);
  const removal: TextEdit = { range: statementRemovalRange(file.sourceCode, statement), text: '' };
  // The try block acks already (a second ack sat in the catch): only remove the failing-path ack.
  if (tryStatement.block.body.some((s) => s.type === AST_NODE_TYPES.ExpressionStatement && file.sourceCode.getText(s) === text)) {
    return toSuggestion('suggestAckOnSuccess', {}, [removal]);
  }
  const finalizer = tryStatement.finalizer;
  const finallyOnlyAcks = finalizer != null && isInside(statement, finalizer) && finalizer.body.length === 1;
  if (finallyOnlyAcks && !tryStatement.handler) {
    // try { work } finally { ack }  →  work; ack
    const statements = tryStatement.block.body;
    if (statements.length === 0 || !identifiersResolveSame(file, statement, tryStatement)) return null;
    const indent = lineIndent(file.sourceCode, tryStatement);
    const body = dedent(file, [statements[0]!.range[0], statements[statements.length - 1]!.range[1]], indentUnit(file.sourceCode));
    return toSuggestion('suggestAckOnSuccess', {}, [{ range: tryStatement.range, text: `${body}\n${indent}${text}` }]);
  }
  const placed = appendToBlock(file, tryStatement.block, text);
  if (!placed || !identifiersResolveSame(file, statement, placed.anchor)) return null;
  // `finally { ack }` becomes empty: drop the clause.
  const drop: TextEdit = finallyOnlyAcks && tryStatement.handler ? { range: [tryStatement.handler.range[1], finalizer!.range[1]], text: '' } : removal;
  return toSuggestion('suggestAckOnSuccess', {}, [drop, placed.edit]);
}

/** Text of `range` with one indentation unit removed from the start of each line after the first. */
function dedent(file: FileContext, range: [number, number], unit: string): string {
  return file.sourceCode.text
    .slice(range[0], range[1])
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(unit) ? line.slice(unit.length) : line))
    .join('\n');
}

export function ackSuggestions(file: FileContext, facts: HandlerFacts, ack: Node): Suggestion<'suggestMoveAck' | 'suggestAckOnSuccess'>[] {
  const out: Suggestion<'suggestMoveAck' | 'suggestAckOnSuccess'>[] = [];
  const onSuccess = facts.ackAfterFailure.has(ack as TSESTree.CallExpression) ? ackOnSuccess(file, facts, ack) : null;
  if (onSuccess) out.push(onSuccess);
  const moved = facts.ackBeforeEffect.has(ack as TSESTree.CallExpression) ? moveAck(file, facts, ack) : null;
  if (moved) out.push(moved);
  return out;
}

/** `await` before fire-and-forget work; `forEach(async …)` becomes `await Promise.all(….map(async …))`. */
export function awaitSuggestions(file: FileContext, facts: HandlerFacts, node: Node): Suggestion<'suggestAwait'>[] {
  const fn = enclosingFunction(node);
  if (!fn?.async || node.type !== AST_NODE_TYPES.CallExpression) return [];
  const work = file.sourceCode.getText(node.callee);
  if (calleeName(node) === 'forEach' && node.callee.type === AST_NODE_TYPES.MemberExpression && node.parent?.type === AST_NODE_TYPES.ExpressionStatement) {
    const callback = node.arguments[0];
    if (!callback || !isFunction(callback) || !callback.async) return [];
    return [
      toSuggestion('suggestAwait', { work: `the callbacks of ${work}(…) (Promise.all over .map)` }, [
        { range: [node.range[0], node.range[0]], text: 'await Promise.all(' },
        { range: node.callee.property.range, text: 'map' },
        { range: [node.range[1], node.range[1]], text: ')' },
      ]),
    ];
  }
  if (node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === 'void') {
    return [toSuggestion('suggestAwait', { work: `${work}(…)` }, [{ range: [node.parent.range[0], node.range[0]], text: 'await ' }])];
  }
  // send(…).catch(log): await the whole chain.
  let outer: Node = node;
  while (
    outer.parent?.type === AST_NODE_TYPES.MemberExpression &&
    outer.parent.object === outer &&
    ['then', 'catch', 'finally'].includes(propertyName(outer.parent) ?? '') &&
    outer.parent.parent?.type === AST_NODE_TYPES.CallExpression
  ) {
    outer = outer.parent.parent;
  }
  if (outer.parent?.type !== AST_NODE_TYPES.ExpressionStatement) return [];
  // `await` on an Observable does not wait for it: `await lastValueFrom(client.emit(…))` does.
  if (facts.floating.get(node)?.work.observable) {
    if (outer !== node) return [];
    const imports = importEdits(file, 'rxjs', ['lastValueFrom']);
    if (!imports) return [];
    return [
      toSuggestion('suggestAwait', { work: `${work}(…)` }, [
        { range: [node.range[0], node.range[0]], text: 'await lastValueFrom(' },
        { range: [node.range[1], node.range[1]], text: ')' },
        ...imports,
      ]),
    ];
  }
  const edits: TextEdit[] = [{ range: [outer.range[0], outer.range[0]], text: 'await ' }];
  // Awaiting `send().catch(log)` would still settle the message after a failure: rethrow in the handler.
  if (outer !== node && outer.type === AST_NODE_TYPES.CallExpression && calleeName(outer) === 'catch') {
    const handler = outer.arguments[0];
    // A handler that rethrows, or reports the failure (nack, batchItemFailures), is kept as it is.
    const handles = (fn: FunctionNode) =>
      findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.ThrowStatement || ((n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) && facts.site.settle.classify(n, file) === 'nack')) != null ||
      ((fn.body.type === AST_NODE_TYPES.CallExpression) && facts.site.settle.classify(fn.body, file) === 'nack');
    if (handler && isFunction(handler) && !handles(handler)) {
      const rethrow = rethrowEdits(file, handler);
      if (!rethrow) return [];
      edits.push(...rethrow);
    }
  }
  return [toSuggestion('suggestAwait', { work: `${work}(…)` }, edits)];
}

/** Edits that make a swallowing handler rethrow: `throw error;` at the end of a catch clause or rejection callback. */
function rethrowEdits(file: FileContext, handler: TSESTree.CatchClause | FunctionNode): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const param = handler.type === AST_NODE_TYPES.CatchClause ? handler.param : handler.params[0];
  let name: string;
  if (!param) {
    name = freshName(file, handler.body, 'error');
    if (handler.type === AST_NODE_TYPES.CatchClause) {
      const catchToken = file.sourceCode.getFirstToken(handler);
      if (!catchToken) return null;
      edits.push({ range: [catchToken.range[1], catchToken.range[1]], text: ` (${name})` });
    } else {
      const open = file.sourceCode.getFirstToken(handler, (t) => t.value === '(');
      if (!open || open.range[0] > handler.body.range[0]) return null; // `e => …` has no parentheses to fill
      edits.push({ range: [open.range[1], open.range[1]], text: name });
    }
  } else if (param.type === AST_NODE_TYPES.Identifier) {
    name = param.name;
  } else {
    return null;
  }
  if (handler.body.type !== AST_NODE_TYPES.BlockStatement) {
    // (err) => log(err)  →  (err) => { log(err); throw err; }
    const indent = lineIndent(file.sourceCode, handler);
    const unit = indentUnit(file.sourceCode);
    const body = file.sourceCode.getText(handler.body);
    edits.push({ range: handler.body.range, text: `{\n${indent}${unit}${body};\n${indent}${unit}throw ${name};\n${indent}}` });
    return edits;
  }
  const placed = appendToBlock(file, handler.body, `throw ${name};`);
  if (!placed) return null;
  edits.push(placed.edit);
  return edits;
}

/** `throw error;` at the end of a catch (or `.catch` callback) that swallows a failure. */
export function rethrowSuggestions(file: FileContext, handler: TSESTree.CatchClause | FunctionNode): Suggestion<'suggestRethrow'>[] {
  const edits = rethrowEdits(file, handler);
  return edits ? [toSuggestion('suggestRethrow', {}, edits)] : [];
}

/**
 * `await Promise.allSettled(work);` → keep the results and throw the first rejection, so the library
 * sees the failure (and redelivers) while every piece of work still ran to its end.
 */
export function throwRejectedSuggestions(file: FileContext, call: TSESTree.CallExpression): Suggestion<'suggestThrowRejected'>[] {
  let node: Node = call;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const statement = node.parent;
  if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || node.type !== AST_NODE_TYPES.AwaitExpression) return [];
  const results = freshName(file, statement, 'results');
  const rejected = freshName(file, statement, 'rejected');
  const indent = lineIndent(file.sourceCode, statement);
  const predicate = usesTypeScript(file) ? `(r): r is PromiseRejectedResult => r.status === 'rejected'` : `(r) => r.status === 'rejected'`;
  const text = [
    `const ${results} = ${file.sourceCode.getText(node)};`,
    `const ${rejected} = ${results}.filter(${predicate});`,
    `if (${rejected}.length > 0) throw ${rejected}[0]${usesTypeScript(file) ? '!' : ''}.reason;`,
  ].join(`\n${indent}`);
  return [toSuggestion('suggestThrowRejected', {}, [{ range: statement.range, text }])];
}
