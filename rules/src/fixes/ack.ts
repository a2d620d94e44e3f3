/**
 * Suggestions for messages settled too early: move the ack after the work (never into a branch or a
 * loop, where it would stop acking other paths), settle only on success (out of `finally`), await
 * fire-and-forget work, and rethrow swallowed errors.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { identifiersResolveSame, type TextEdit } from '../analysis/access';
import { calleeName, enclosingFunction, isExitStatement, isFunction, isInside, propertyName, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import type { HandlerFacts } from '../analysis/flow';
import { freshName, indentUnit, lineIndent, statementRemovalRange } from './text';

type Suggestion<M extends string> = TSESLint.SuggestionReportDescriptor<M>;

function toSuggestion<M extends string>(messageId: M, data: Record<string, string>, edits: TextEdit[]): Suggestion<M> {
  return { messageId, data, fix: (fixer) => edits.map((e) => fixer.replaceTextRange(e.range, e.text)) };
}

/** The statement that consists of the ack call (`ch.ack(msg);`, `await receiver.completeMessage(m);`). */
function ackStatement(ack: Node): TSESTree.ExpressionStatement | null {
  let node: Node = ack;
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
  const target = targetBlock(block, lastWork);
  const text = file.sourceCode.getText(statement);
  const placed = appendToBlock(file, target, text);
  if (!placed || !identifiersResolveSame(file, statement, placed.anchor)) return null;
  const removal = statementRemovalRange(file.sourceCode, statement);
  return toSuggestion('suggestMoveAck', { ack: file.sourceCode.getText(ack) }, [{ range: removal, text: '' }, placed.edit]);
}

/** Out of `finally` (or from after a swallowing catch) to the end of the try block: settle on success only. */
function ackOnSuccess(file: FileContext, facts: HandlerFacts, ack: Node): Suggestion<'suggestAckOnSuccess'> | null {
  const failure = facts.ackAfterFailure.get(ack as TSESTree.CallExpression);
  const statement = ackStatement(ack);
  if (!failure || !statement) return null;
  const tryStatement = failure.node.type === AST_NODE_TYPES.TryStatement ? failure.node : failure.node.parent;
  if (tryStatement?.type !== AST_NODE_TYPES.TryStatement) return null;
  const placed = appendToBlock(file, tryStatement.block, file.sourceCode.getText(statement));
  if (!placed || !identifiersResolveSame(file, statement, placed.anchor)) return null;
  const finalizer = tryStatement.finalizer;
  let removal: TextEdit = { range: statementRemovalRange(file.sourceCode, statement), text: '' };
  if (finalizer && isInside(statement, finalizer) && finalizer.body.length === 1 && tryStatement.handler) {
    // `finally { ack }` becomes empty: drop the clause.
    removal = { range: [tryStatement.handler.range[1], finalizer.range[1]], text: '' };
  }
  return toSuggestion('suggestAckOnSuccess', {}, [removal, placed.edit]);
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
export function awaitSuggestions(file: FileContext, node: Node): Suggestion<'suggestAwait'>[] {
  const fn = enclosingFunction(node);
  if (!fn?.async || node.type !== AST_NODE_TYPES.CallExpression) return [];
  const work = file.sourceCode.getText(node.callee);
  if (calleeName(node) === 'forEach' && node.callee.type === AST_NODE_TYPES.MemberExpression && node.parent?.type === AST_NODE_TYPES.ExpressionStatement) {
    const callback = node.arguments[0];
    if (!callback || !isFunction(callback) || !callback.async) return [];
    return [
      toSuggestion('suggestAwait', { work: `${work}(…)` }, [
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
  return [toSuggestion('suggestAwait', { work: `${work}(…)` }, [{ range: [outer.range[0], outer.range[0]], text: 'await ' }])];
}

/** `throw error;` at the end of a catch that swallows (adding the parameter when there is none). */
export function rethrowSuggestions(file: FileContext, clause: TSESTree.CatchClause): Suggestion<'suggestRethrow'>[] {
  const edits: TextEdit[] = [];
  let name: string;
  if (!clause.param) {
    name = freshName(file, clause.body, 'error');
    const catchToken = file.sourceCode.getFirstToken(clause);
    if (!catchToken) return [];
    edits.push({ range: [catchToken.range[1], catchToken.range[1]], text: ` (${name})` });
  } else if (clause.param.type === AST_NODE_TYPES.Identifier) {
    name = clause.param.name;
  } else {
    return [];
  }
  const placed = appendToBlock(file, clause.body, `throw ${name};`);
  if (!placed) return [];
  edits.push(placed.edit);
  return [toSuggestion('suggestRethrow', {}, edits)];
}
