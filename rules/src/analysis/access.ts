/**
 * Builds source text that reads a property path from a binding, for suggested code: `msg` +
 * ["properties", "messageId"] → `msg.properties.messageId`; `{ message }` + ["topic"] → `topic`, adding
 * `topic` to the destructuring pattern when it is missing and the name is free.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { forEachChild, propertyName, type Node } from './ast';
import type { FileContext } from './file-context';
import type { PathStep } from './message-paths';

export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface KeyExpression {
  /** Expression source text. */
  text: string;
  /** Edits needed for the text to be valid (e.g. a property added to a destructuring pattern). */
  edits: TextEdit[];
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function pathSuffix(path: readonly PathStep[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (IDENTIFIER.test(step)) out += `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/** Whether `name` is already bound where `at` is (so adding a binding would shadow or clash). */
export function isNameTaken(file: FileContext, at: Node, name: string): boolean {
  let scope: ReturnType<typeof file.sourceCode.getScope> | null = file.sourceCode.getScope(at);
  while (scope) {
    if (scope.set.has(name)) return true;
    scope = scope.upper;
  }
  return false;
}

/** Text reading `path` from the value bound by `binding`, or null when it cannot be expressed there. */
export function accessPath(file: FileContext, binding: Node | null, path: readonly PathStep[]): KeyExpression | null {
  if (!binding) return null;
  switch (binding.type) {
    case AST_NODE_TYPES.Identifier:
      return { text: binding.name + pathSuffix(path), edits: [] };
    case AST_NODE_TYPES.AssignmentPattern:
      return accessPath(file, binding.left, path);
    case AST_NODE_TYPES.TSParameterProperty:
      return accessPath(file, binding.parameter, path);
    case AST_NODE_TYPES.ObjectPattern: {
      const [first, ...rest] = path;
      if (typeof first !== 'string') return null;
      for (const prop of binding.properties) {
        if (prop.type === AST_NODE_TYPES.Property && propertyName(prop) === first) {
          return accessPath(file, prop.value, rest);
        }
      }
      if (!IDENTIFIER.test(first)) return null;
      if (binding.properties.some((p) => p.type === AST_NODE_TYPES.RestElement)) return null;
      if (isNameTaken(file, binding, first)) return null;
      return { text: first + pathSuffix(rest), edits: [addPatternProperty(file, binding, first)] };
    }
    case AST_NODE_TYPES.ArrayPattern: {
      const [first, ...rest] = path;
      if (typeof first !== 'number') return null;
      const element = binding.elements[first];
      return element ? accessPath(file, element, rest) : null;
    }
    default:
      return null;
  }
}

function addPatternProperty(file: FileContext, pattern: TSESTree.ObjectPattern, name: string): TextEdit {
  const last = pattern.properties[pattern.properties.length - 1];
  if (last) return { range: [last.range[1], last.range[1]], text: `, ${name}` };
  const open = file.sourceCode.getFirstToken(pattern);
  const at = open ? open.range[1] : pattern.range[0] + 1;
  return { range: [at, at], text: ` ${name} ` };
}

/** Resolves a name at a position: the variable it would refer to there, for scope checks of moved code. */
export function variableAt(file: FileContext, at: Node, name: string): unknown {
  let scope: ReturnType<typeof file.sourceCode.getScope> | null = file.sourceCode.getScope(at);
  while (scope) {
    const variable = scope.set.get(name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return null;
}

/**
 * Whether every identifier read in `node` resolves to the same variable at `target` as where it is,
 * and is declared before `target` (no temporal dead zone).
 */
export function identifiersResolveSame(file: FileContext, node: Node, target: Node): boolean {
  const ids: TSESTree.Identifier[] = [];
  collectIdentifiers(node, ids);
  for (const id of ids) {
    const original = ASTUtils.findVariable(file.sourceCode.getScope(id), id);
    // Names the node declares itself (`(r) => …` inside a moved statement) move with it.
    const declaredInside = original?.defs.some((d) => d.name.range[0] >= node.range[0] && d.name.range[1] <= node.range[1]);
    if (declaredInside) continue;
    if (variableAt(file, target, id.name) !== (original ?? null)) return false;
    const def = original?.defs[0];
    if (def && def.type !== 'FunctionName' && def.type !== 'ImportBinding' && def.name.range[0] > target.range[0]) return false;
  }
  return true;
}

function collectIdentifiers(node: Node, out: TSESTree.Identifier[]): void {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const parent = node.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) return;
    if (parent?.type === AST_NODE_TYPES.Property && parent.key === node && !parent.computed && !parent.shorthand) return;
    out.push(node);
    return;
  }
  forEachChild(node, (child) => collectIdentifiers(child, out));
}
