/**
 * What a catch clause (or a promise rejection handler) does with the failure it caught. A handler
 * that swallows the failure lets the message be settled as if the work had succeeded; one that
 * passes it on does not:
 * - rethrows it, now (`throw e`) or later through a variable (`caught = e; … if (caught) throw caught`);
 * - hands it to a completion callback (`callback(err)`, `done(err)`, `reject(err)`, `context.fail(err)`);
 * - records the message as failed for the library (`failures.push(id)` into what becomes
 *   `batchItemFailures`);
 * - reports it onward: a dead-letter publish, a failure status (`{ status: 'FAILED' }`,
 *   `sendResponse(event, 'FAILED')`, `markFailed(id)`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, findDescendant, forEachChild, isFunction, mentionsIdentifier, propertyName, rootIdentifier, unwrap, type FunctionNode, type Node } from './ast';
import { isInstrumentationOrMemory } from './effects/instrumentation';
import type { FileContext } from './file-context';
import { NO_BINDINGS } from './static-value';

const COMPLETION_CALLBACKS = /^(callback|cb|done|next|reject|fail|onError|onFailure)$/;
/** A failure word, also inside snake or kebab case (`parse_failed`, `PAYMENT_FAILED`, `dead-letter`). */
const FAILURE_WORD = /(^|[^a-z])(fail(ed|ure|ures)?|error(ed)?|dead[-_ ]?letter(ed)?|dlq|rejected|poison)([^a-z]|$)/i;
/** Constants naming a failure: `FAILED`, `Failure`, `PARSE_FAILED`, `DeadLetter` (not `errorCount`, `failover`). */
const FAILURE_CONSTANT = /^([A-Z][A-Z0-9]*_)*(FAILED|FAILURE|ERROR|ERRORED|DEAD_LETTER|REJECTED)(_[A-Z0-9]+)*$|^(Failed|Failure|Error|Errored|DeadLetter|Rejected)$/;
/** Calls whose name says they report a failure onward: `markFailed(id)`, `sendToDlq(msg)`, `deadLetter(msg)`. */
const FAILURE_REPORTING_NAME = /(fail|Fail|dlq|Dlq|DLQ|deadLetter|DeadLetter|Poison|poison|quarantine|Quarantine)/;

export interface FailureScope {
  file: FileContext;
  /** The function the catch is in (its later statements may rethrow a saved error). */
  fn: FunctionNode | null;
}

/** Conversions and formatting of the error (`String(err)`, `JSON.stringify(err)`): they pass nothing on. */
const FORMATTING_CALLEE = /^(String|Number|Boolean|JSON|Object|Array|util|inspect|format|stringify|toString|toJSON|serializeError|errorMessage|getErrorMessage|formatError)$/;

/** Whether the code handling a failure (a catch body or a rejection callback) passes it on. */
export function reportsFailureOnward(body: Node, errorBinding: Node | null, scope: FailureScope, depth = 0): boolean {
  if (findDescendant(body, (n) => n.type === AST_NODE_TYPES.ThrowStatement) != null) return true;
  if (body.type === AST_NODE_TYPES.CallExpression && isRejecting(body)) return true;
  const errorName = errorBinding?.type === AST_NODE_TYPES.Identifier ? errorBinding.name : null;
  let onward = false;
  const visit = (n: Node): void => {
    if (onward || isFunction(n)) return;
    if (n.type === AST_NODE_TYPES.AssignmentExpression && ((errorName && savesErrorForLater(n, errorName, body, scope)) || recordsOnMessage(n, scope))) {
      onward = true;
      return;
    }
    if (n.type === AST_NODE_TYPES.CallExpression) {
      if (isFailureListPush(n, scope)) {
        onward = true;
        return;
      }
      // A log line (and whatever is formatted inside its arguments) passes nothing on.
      if (isInstrumentationOrMemory(n, { file: scope.file, bindings: NO_BINDINGS }) || isFormatting(n)) return;
      if (isRejecting(n) || passesToCallback(n) || helperReportsOnward(n, errorName, scope, depth) || reportsFailure(n, errorName, scope)) {
        onward = true;
        return;
      }
    }
    forEachChild(n, visit);
  };
  forEachChild(body, visit);
  return onward;
}

function isFormatting(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const root = callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(callee)?.name : callee.type === AST_NODE_TYPES.Identifier ? callee.name : null;
  return FORMATTING_CALLEE.test(root ?? '') || FORMATTING_CALLEE.test(calleeName(call) ?? '');
}

/**
 * `handleFailure(err)` to a function of this file: it passes the failure on when its own body does
 * (a `logError(err)` helper that only logs does not).
 */
function helperReportsOnward(call: TSESTree.CallExpression, errorName: string | null, scope: FailureScope, depth: number): boolean {
  const fn = scope.file.functionOf(call.callee);
  if (!fn || depth >= 2) return false;
  const index = errorName ? call.arguments.findIndex((a) => mentionsIdentifier(a as Node, errorName)) : -1;
  return reportsFailureOnward(fn.body, index >= 0 ? (fn.params[index] ?? null) : null, { file: scope.file, fn }, depth + 1);
}

/** `Promise.reject(err)` / `reject(err)`. */
function isRejecting(call: TSESTree.CallExpression): boolean {
  return calleeName(call) === 'reject' && call.arguments.length > 0;
}

/** `callback(err)`, `done(err)`, `context.fail(err)`: a completion callback given a failure. */
function passesToCallback(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  if (!name || !COMPLETION_CALLBACKS.test(name)) return false;
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (!first) return name === 'fail';
  return !(first.type === AST_NODE_TYPES.Literal && first.value === null) && !(first.type === AST_NODE_TYPES.Identifier && first.name === 'undefined');
}

/** `caught = err` into a variable declared outside the catch, thrown later in the same function. */
function savesErrorForLater(assignment: TSESTree.AssignmentExpression, errorName: string, body: Node, scope: FailureScope): boolean {
  const right = unwrap(assignment.right);
  const carriesError = (right.type === AST_NODE_TYPES.Identifier && right.name === errorName) || findDescendant(right, (n) => n.type === AST_NODE_TYPES.Identifier && n.name === errorName, false) != null;
  if (!carriesError || !scope.fn) return false;
  const target = assignment.left.type === AST_NODE_TYPES.Identifier ? assignment.left.name : assignment.left.type === AST_NODE_TYPES.MemberExpression ? (rootIdentifier(assignment.left)?.name ?? null) : null;
  if (!target) return false;
  return (
    findDescendant(scope.fn.body, (n) => {
      if (n.type !== AST_NODE_TYPES.ThrowStatement || n.range[0] >= body.range[0] && n.range[1] <= body.range[1]) return false;
      const thrown = unwrap(n.argument);
      const root = thrown.type === AST_NODE_TYPES.Identifier ? thrown.name : thrown.type === AST_NODE_TYPES.MemberExpression ? (rootIdentifier(thrown)?.name ?? null) : null;
      return root === target || findDescendant(thrown, (m) => m.type === AST_NODE_TYPES.Identifier && m.name === target, false) != null;
    }, true) != null
  );
}

/**
 * `job.data.nextCursor = cursor`, `msg.failed = true`: the catch records the failure on the message or
 * job it was handed (a parameter of its function), for whoever retries or inspects it.
 */
function recordsOnMessage(assignment: TSESTree.AssignmentExpression, scope: FailureScope): boolean {
  if (!scope.fn || assignment.left.type !== AST_NODE_TYPES.MemberExpression) return false;
  const root = rootIdentifier(assignment.left);
  if (!root) return false;
  const def = scope.file.definitionOf(root);
  return def?.kind === 'parameter' && def.fn === scope.fn;
}

/** `failed.push(record.messageId)` into an array that the function returns as `batchItemFailures`. */
function isFailureListPush(call: TSESTree.CallExpression, scope: FailureScope): boolean {
  if (calleeName(call) !== 'push' || !scope.fn) return false;
  const list = calleeObject(call);
  const name = list ? rootIdentifier(list)?.name : null;
  if (!name) return false;
  return (
    findDescendant(scope.fn.body, (n) => {
      if (n.type !== AST_NODE_TYPES.Property || propertyName(n) !== 'batchItemFailures') return false;
      return findDescendant(n.value as Node, (m) => m.type === AST_NODE_TYPES.Identifier && m.name === name, true) != null || (unwrap(n.value as Node).type === AST_NODE_TYPES.Identifier && (unwrap(n.value as Node) as TSESTree.Identifier).name === name);
    }, true) != null
  );
}

/**
 * A call that records the failure somewhere others act on it (not a log line): named for it, given a
 * failure marker, or handed the caught error itself (`deadLetters.park(queue, body, String(error))`).
 */
function reportsFailure(call: TSESTree.CallExpression, errorName: string | null, scope: FailureScope): boolean {
  if (isInstrumentationOrMemory(call, { file: scope.file, bindings: NO_BINDINGS })) return false;
  const name = calleeName(call) ?? '';
  if (FAILURE_REPORTING_NAME.test(name)) return true;
  // A helper of this file is judged by its body (helperReportsOnward), not by being handed the error.
  if (scope.file.functionOf(call.callee)) return false;
  if (errorName && call.arguments.some((arg) => mentionsIdentifier(arg as Node, errorName))) return true;
  return call.arguments.some((arg) => isFailureMarker(arg as Node) || findDescendant(arg as Node, isFailureMarker, false) != null);
}

/** `'FAILED'`, `"dead-letter"`, `Status.FAILED`: a short literal or constant naming a failure. */
function isFailureMarker(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Literal && typeof n.value === 'string') return n.value.length <= 40 && FAILURE_WORD.test(n.value);
  if (n.type === AST_NODE_TYPES.MemberExpression && !n.computed) return FAILURE_CONSTANT.test(propertyName(n) ?? '');
  return false;
}
