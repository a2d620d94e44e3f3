/**
 * Small, allocation-light helpers over ESTree / TSESTree nodes. Every other analysis module builds on
 * these; nothing here knows about message libraries.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;
export type Expression = TSESTree.Expression;
export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node != null &&
    (node.type === AST_NODE_TYPES.FunctionDeclaration ||
      node.type === AST_NODE_TYPES.FunctionExpression ||
      node.type === AST_NODE_TYPES.ArrowFunctionExpression)
  );
}

/** Strips wrappers that do not change the runtime value: parentheses are already gone in ESTree. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** Like unwrap, and also looks through `await`. */
export function unwrapAwait(node: Node): Node {
  let current = unwrap(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrap(current.argument);
  return current;
}

/** `x ?? []`, `x || []`, `x!` → x: the collection expression of a defaulted iteration. */
export function unwrapDefault(node: Node): Node {
  let current = unwrapAwait(node);
  while (
    current.type === AST_NODE_TYPES.LogicalExpression &&
    (current.operator === '??' || current.operator === '||')
  ) {
    current = unwrapAwait(current.left);
  }
  return current;
}

export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition | TSESTree.TSAbstractMethodDefinition | TSESTree.PropertyDefinition): string | null {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  if (!node.computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.PrivateIdentifier) return `#${key.name}`;
  }
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? null;
  }
  if (!node.computed && key.type === AST_NODE_TYPES.Literal) return String(key.value);
  return null;
}

/** The called function's simple name: `a.b.c()` → `c`, `f()` → `f`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | null {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return null;
}

/** The receiver of a method call: `a.b.c()` → `a.b`; null for plain calls. */
export function calleeObject(call: TSESTree.CallExpression | TSESTree.NewExpression): Node | null {
  const callee = unwrap(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : null;
}

/**
 * A dotted path for simple member chains: `this.bus.subscribe` → "this.bus.subscribe",
 * `a.b().c` → null (a call breaks the chain). Used for configured callee matching and for naming.
 */
export function memberPath(node: Node): string | null {
  const n = unwrap(node);
  switch (n.type) {
    case AST_NODE_TYPES.Identifier:
      return n.name;
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.Super:
      return 'super';
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(n);
      if (name == null) return null;
      const objectPath = memberPath(n.object);
      return objectPath == null ? null : `${objectPath}.${name}`;
    }
    default:
      return null;
  }
}

/** The leftmost identifier of a member/call chain: `a.b().c.d` → `a`. */
export function rootIdentifier(node: Node): TSESTree.Identifier | null {
  let current = unwrap(node);
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.Identifier:
        return current;
      case AST_NODE_TYPES.MemberExpression:
        current = unwrap(current.object);
        break;
      case AST_NODE_TYPES.CallExpression:
        current = unwrap(current.callee);
        break;
      case AST_NODE_TYPES.AwaitExpression:
        current = unwrap(current.argument);
        break;
      default:
        return null;
    }
  }
}

/** The last segment name of a receiver, for name-based heuristics: `this.ordersService` → "ordersService". */
export function receiverName(node: Node | null): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.Identifier) return n.name;
  if (n.type === AST_NODE_TYPES.MemberExpression) return propertyName(n);
  if (n.type === AST_NODE_TYPES.CallExpression) return calleeName(n);
  if (n.type === AST_NODE_TYPES.AwaitExpression) return receiverName(n.argument);
  return null;
}

/** Finds a property of an object literal by (static) key name. */
export function findProperty(object: Node | null | undefined, name: string): TSESTree.Property | null {
  if (!object) return null;
  const obj = unwrap(object);
  if (obj.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const prop of obj.properties) {
    if (prop.type === AST_NODE_TYPES.Property && propertyName(prop) === name) return prop;
  }
  return null;
}

export function propertyValue(object: Node | null | undefined, name: string): Node | null {
  const prop = findProperty(object, name);
  return prop ? (prop.value as Node) : null;
}

export function isBooleanLiteral(node: Node | null | undefined, value: boolean): boolean {
  return node != null && node.type === AST_NODE_TYPES.Literal && node.value === value;
}

export function isIdentifier(node: Node | null | undefined, name?: string): node is TSESTree.Identifier {
  return node != null && node.type === AST_NODE_TYPES.Identifier && (name === undefined || node.name === name);
}

/** `new X(...)` or `X(...)` whose callee is the identifier / member named `name`. */
export function isCallTo(node: Node, name: string): node is TSESTree.CallExpression | TSESTree.NewExpression {
  return (
    (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) &&
    calleeName(node) === name
  );
}

/** The identifiers bound by a parameter or declaration pattern. */
export function patternIdentifiers(pattern: Node, out: TSESTree.Identifier[] = []): TSESTree.Identifier[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      out.push(pattern);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const prop of pattern.properties) {
        if (prop.type === AST_NODE_TYPES.RestElement) patternIdentifiers(prop.argument, out);
        else patternIdentifiers(prop.value, out);
      }
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element) patternIdentifiers(element, out);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      patternIdentifiers(pattern.left, out);
      break;
    case AST_NODE_TYPES.RestElement:
      patternIdentifiers(pattern.argument, out);
      break;
    case AST_NODE_TYPES.TSParameterProperty:
      patternIdentifiers(pattern.parameter, out);
      break;
    default:
      break;
  }
  return out;
}

/** A parameter without its default value / TS parameter-property wrapper. */
export function bareParam(param: TSESTree.Parameter | undefined): Node | null {
  if (!param) return null;
  let p: Node = param;
  if (p.type === AST_NODE_TYPES.TSParameterProperty) p = p.parameter;
  if (p.type === AST_NODE_TYPES.AssignmentPattern) p = p.left;
  return p;
}

/** The type a declaration is annotated with (`x: T`, a field, a parameter), null when none. */
export function annotationOf(node: Node | null | undefined): TSESTree.TypeNode | null {
  const annotation = node && 'typeAnnotation' in node ? (node as { typeAnnotation?: unknown }).typeAnnotation : undefined;
  return (annotation as Node | undefined)?.type === AST_NODE_TYPES.TSTypeAnnotation ? (annotation as TSESTree.TSTypeAnnotation).typeAnnotation : null;
}

/** Name of a simple type reference annotation: `x: Foo<Bar>` → "Foo", `x: ns.Foo` → "Foo". */
export function typeAnnotationName(node: Node | null | undefined): string | null {
  const type = annotationOf(node);
  return type ? typeName(type) : null;
}

/**
 * What declares `this.name` in a class: a property (`svc: Svc = …`), or a constructor parameter
 * (a parameter property `private readonly svc: Svc`, or one assigned to `this.svc`).
 */
export function classField(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): TSESTree.PropertyDefinition | TSESTree.Identifier | null {
  for (const element of cls.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && propertyName(element) === name) return element;
    if (element.type !== AST_NODE_TYPES.MethodDefinition || element.kind !== 'constructor') continue;
    for (const param of element.value.params) {
      const bare = bareParam(param);
      if (bare?.type === AST_NODE_TYPES.Identifier && bare.name === name) return bare;
    }
  }
  return null;
}

/** The property `name` of a type literal or interface body (`{ queue: PlatformQueue }`). */
export function propertySignature(members: readonly TSESTree.TypeElement[], name: string): TSESTree.TSPropertySignature | null {
  for (const member of members) {
    if (member.type !== AST_NODE_TYPES.TSPropertySignature || member.computed) continue;
    const key = member.key;
    const keyName = key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : null;
    if (keyName === name) return member;
  }
  return null;
}

export function typeName(type: TSESTree.TypeNode): string | null {
  if (type.type === AST_NODE_TYPES.TSTypeReference) {
    const name = type.typeName;
    if (name.type === AST_NODE_TYPES.Identifier) return name.name;
    if (name.type === AST_NODE_TYPES.TSQualifiedName) return name.right.name;
  }
  if (type.type === AST_NODE_TYPES.TSUnionType) {
    for (const member of type.types) {
      const n = typeName(member);
      if (n) return n;
    }
  }
  return null;
}

/** Whether a statement list position always leaves its block (return/throw/continue/break). */
export function isExitStatement(node: Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = node.body[node.body.length - 1];
      return last !== undefined && isExitStatement(last);
    }
    case AST_NODE_TYPES.IfStatement:
      return node.alternate != null && isExitStatement(node.consequent) && isExitStatement(node.alternate);
    default:
      return false;
  }
}

/** The innermost function enclosing a node (using parent links), or null at module level. */
export function enclosingFunction(node: Node): FunctionNode | null {
  let current = node.parent;
  while (current) {
    if (isFunction(current)) return current;
    current = current.parent;
  }
  return null;
}

export function isInside(inner: Node, outer: Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

type ChildVisitor = (child: Node) => void;

/** Calls `visit` for each direct child node, in source order (ESTree visitor keys, TS nodes included). */
export function forEachChild(node: Node, visit: ChildVisitor): void {
  const keys = visitorKeys[node.type];
  if (!keys) return;
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (value == null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (item != null) visit(item as Node);
    } else if (typeof value === 'object') {
      visit(value as Node);
    }
  }
}

/**
 * The first descendant (pre-order) matching `predicate`. Nested functions are skipped unless
 * `enterFunctions` is set: code in a nested function does not run when the outer one does.
 */
export function findDescendant(
  node: Node,
  predicate: (n: Node) => boolean,
  enterFunctions = false,
): Node | null {
  let found: Node | null = null;
  const visit = (n: Node): void => {
    if (found) return;
    if (predicate(n)) {
      found = n;
      return;
    }
    if (!enterFunctions && isFunction(n)) return;
    forEachChild(n, visit);
  };
  forEachChild(node, visit);
  return found;
}

/**
 * A short, code-like label of what a call calls, for messages: `this.mailer.sendMail(x)` →
 * "mailer.sendMail()", `db.collection('x').updateOne(…)` → "db.collection(…).updateOne()".
 * Keeps the last `segments` parts of the chain.
 */
export function callLabel(call: TSESTree.CallExpression | TSESTree.NewExpression, segments = 3): string {
  const parts: string[] = [];
  let current: Node = unwrap(call.callee);
  for (let i = 0; i < 12; i++) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      parts.unshift(propertyName(current) ?? '[…]');
      current = unwrap(current.object);
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(current);
      const callee = unwrap(current.callee);
      const args = current.arguments.length > 0 ? '(…)' : '()';
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        parts.unshift(`${propertyName(callee) ?? '[…]'}${args}`);
        current = unwrap(callee.object);
      } else {
        parts.unshift(`${name ?? 'call'}${args}`);
        break;
      }
    } else {
      if (current.type === AST_NODE_TYPES.Identifier) parts.unshift(current.name);
      break;
    }
  }
  const kept = parts.slice(-segments);
  return `${call.type === AST_NODE_TYPES.NewExpression ? 'new ' : ''}${kept.join('.')}()`;
}

/** `await f(x)`, `return f(x)`, `() => f(x)`: the caller waits for the call's result. */
export function isAwaitedOrReturned(call: TSESTree.CallExpression): boolean {
  let node: Node = call;
  let parent = node.parent;
  while (parent && (parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.ChainExpression)) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return false;
  return parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.ReturnStatement || (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node);
}

/** Whether `node` is, or contains outside nested functions, an identifier named `name`. */
export function mentionsIdentifier(node: Node, name: string): boolean {
  const n = unwrap(node);
  return (n.type === AST_NODE_TYPES.Identifier && n.name === name) || findDescendant(n, (m) => m.type === AST_NODE_TYPES.Identifier && m.name === name, false) != null;
}

/** A method with a body that a class itself declares (overloads and abstract members have none). */
export function ownMethod(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | null {
  for (const member of cls.body.body) {
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && !member.static && propertyName(member) === name && member.value.type === AST_NODE_TYPES.FunctionExpression) {
      return member.value;
    }
  }
  return null;
}
