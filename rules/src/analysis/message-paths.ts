/**
 * Follows a value through variables, destructuring, property reads and iteration to the place where
 * each message is handled. Libraries describe where messages sit in what they return as a path of
 * steps (SQS: `Messages` then each element; ioredis XREADGROUP: each stream, its entries at index 1,
 * each entry); this module finds the loops and iteration callbacks that walk that path.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, findDescendant, isFunction, propertyName, type FunctionNode, type Node } from './ast';
import type { FileContext } from './file-context';

/** Iterate the elements of an array or async iterable. */
export const EACH = '[]';
export type PathStep = string | number;

export interface IterationUnit {
  /** The code that runs once per element: a for-of loop or an iteration callback. */
  container: TSESTree.ForOfStatement | FunctionNode;
  /** The element binding: the loop variable pattern or the callback's first parameter. */
  element: Node | null;
  /** For callbacks, the iterating call (`messages.map(...)`). */
  call: TSESTree.CallExpression | null;
  /** The expression the path started from (the receive call). */
  source: Node;
  /** The file the unit is written in: a project helper's caller when the helper returns the messages. */
  file: FileContext;
}

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'filter', 'some', 'every', 'reduce', 'find']);
const MAX_FUNCTION_HOPS = 3;

/**
 * Variables already followed with a given number of steps left: `x = x ?? y`, `a = b; b = a` and
 * recursive helpers would otherwise be followed forever.
 */
type Followed = Set<string>;

export function followValue(file: FileContext, expr: Node, steps: readonly PathStep[], out: IterationUnit[], hops = 0, source: Node = expr, followed: Followed = new Set()): void {
  let node: Node = expr;
  for (;;) {
    const parent = node.parent;
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left !== node || (parent.operator !== '??' && parent.operator !== '||')) return;
        node = parent;
        continue;
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.object !== node) return;
        const name = propertyName(parent);
        const step = steps[0];
        if (step === EACH && name && ITERATION_METHODS.has(name)) {
          const call = parent.parent;
          if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return;
          const callbackArg = call.arguments[0];
          const callback = callbackArg ? file.functionOf(callbackArg) : null;
          if (!callback) return;
          const element = (name === 'reduce' ? callback.params[1] : callback.params[0]) ?? null;
          // `messages.map((m) => m.id)` only reads: no message is handled there.
          if (steps.length === 1 && !isProjection(callback)) out.push({ container: callback, element, call, source, file });
          else if (element) followPattern(file, element, steps.slice(1), out, hops, source, followed);
          return;
        }
        // `reply[0].messages`: one element stands for each (the first stream's entries).
        const element = step === EACH && parent.computed && steps.length > 1 && name != null && /^\d+$/.test(name);
        if (step === undefined || (step === EACH && !element) || (!element && name !== String(step))) return;
        followValue(file, parent, steps.slice(1), out, hops, source, followed);
        return;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const fn = enclosingFunction(parent);
        if (fn) followReturn(file, fn, steps, out, hops, source, followed);
        return;
      }
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === node) followReturn(file, parent, steps, out, hops, source, followed);
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === node) followPattern(file, parent.id, steps, out, hops, source, followed);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
          followPattern(file, parent.left, steps, out, hops, source, followed);
        }
        return;
      case AST_NODE_TYPES.ForOfStatement: {
        if (parent.right !== node || steps[0] !== EACH) return;
        const left = parent.left;
        const element =
          left.type === AST_NODE_TYPES.VariableDeclaration ? (left.declarations[0]?.id ?? null) : (left as Node);
        if (steps.length === 1) out.push({ container: parent, element, call: null, source, file });
        else if (element) followPattern(file, element, steps.slice(1), out, hops, source, followed);
        return;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (hops >= MAX_FUNCTION_HOPS) return;
        const index = parent.arguments.indexOf(node as TSESTree.CallExpressionArgument);
        if (index < 0) return;
        const fn = file.functionOf(parent.callee);
        const param = fn?.params[index];
        if (param) followPattern(file, param, steps, out, hops + 1, source, followed);
        return;
      }
      default:
        return;
    }
  }
}

const INVOKING: ReadonlySet<string> = new Set([AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.TaggedTemplateExpression]);

/** A callback that only computes a value from its element (no call): `(m) => m.id`, `({ id }) => id`. */
function isProjection(fn: FunctionNode): boolean {
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) return false;
  const invokes = (n: Node): boolean => INVOKING.has(n.type);
  return !invokes(fn.body) && findDescendant(fn.body, invokes) == null;
}

/**
 * A function that returns the messages (`async function receive() { … return reply.Messages; }`):
 * the path goes on at its calls, in this file or, while a caller's file reads this one as a receive
 * wrapper (analysis/receive-wrappers.ts), at that caller's calls.
 */
function followReturn(file: FileContext, fn: FunctionNode, steps: readonly PathStep[], out: IterationUnit[], hops: number, source: Node, followed: Followed): void {
  if (hops >= MAX_FUNCTION_HOPS) return;
  const caller = file.returnedTo;
  if (caller?.fn === fn) {
    caller.reached = true;
    for (const call of caller.calls) followValue(caller.file, call, steps, out, hops + 1, source, followed);
  }
  for (const call of file.callsOf(fn)) followValue(file, call, steps, out, hops + 1, source, followed);
}

export function followPattern(file: FileContext, pattern: Node, steps: readonly PathStep[], out: IterationUnit[], hops = 0, source: Node = pattern, followed: Followed = new Set()): void {
  const p = pattern.type === AST_NODE_TYPES.TSParameterProperty ? pattern.parameter : pattern;
  switch (p.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(file.sourceCode.getScope(p), p);
      if (!variable) return;
      const key = `${file.path}:${variable.identifiers[0]?.range[0] ?? p.range[0]}:${p.name}:${steps.length}`;
      if (followed.has(key)) return;
      followed.add(key);
      for (const ref of variable.references) {
        if (ref.identifier === p || !ref.isRead()) continue;
        followValue(file, ref.identifier as Node, steps, out, hops, source, followed);
      }
      return;
    }
    case AST_NODE_TYPES.AssignmentPattern:
      followPattern(file, p.left, steps, out, hops, source, followed);
      return;
    case AST_NODE_TYPES.ObjectPattern: {
      const step = steps[0];
      if (typeof step !== 'string' || step === EACH) return;
      for (const prop of p.properties) {
        if (prop.type === AST_NODE_TYPES.Property && propertyName(prop) === step) {
          followPattern(file, prop.value, steps.slice(1), out, hops, source, followed);
        }
      }
      return;
    }
    case AST_NODE_TYPES.ArrayPattern: {
      const step = steps[0];
      if (typeof step !== 'number') return;
      const element = p.elements[step];
      if (element) followPattern(file, element, steps.slice(1), out, hops, source, followed);
      return;
    }
    default:
      return;
  }
}

/** Units for a function parameter: the iteration over a batch parameter (`event.Records`, `messages`). */
export function iterationsOfParam(file: FileContext, fn: FunctionNode, paramIndex: number, steps: readonly PathStep[]): IterationUnit[] {
  const out: IterationUnit[] = [];
  const param = fn.params[paramIndex];
  if (param) followPattern(file, param, steps, out);
  return out;
}

export function isIterationCallback(node: Node): boolean {
  return isFunction(node) && node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.arguments[0] === node &&
    node.parent.callee.type === AST_NODE_TYPES.MemberExpression && ITERATION_METHODS.has(propertyName(node.parent.callee) ?? '');
}

