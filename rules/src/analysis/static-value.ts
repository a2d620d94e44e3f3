/**
 * Static evaluation of the few values classification needs: SQL text, HTTP methods, Redis options,
 * DynamoDB update expressions. Follows `const` declarations and, inside an inlined helper, the
 * arguments bound to its parameters.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, propertyName, unwrap, type Node } from './ast';
import type { FileContext } from './file-context';

/** Parameter name → argument expression, for helpers inlined into a handler's flow. */
export type Bindings = ReadonlyMap<string, Node>;
export const NO_BINDINGS: Bindings = new Map();

/** Placeholder used for template-literal substitutions (a bind parameter in tagged SQL). */
export const PLACEHOLDER = '${…}';

function resolveIdentifier(file: FileContext, id: TSESTree.Identifier, bindings: Bindings): Node | null {
  const bound = bindings.get(id.name);
  if (bound) return bound;
  const def = file.definitionOf(id);
  if (def?.kind === 'variable' && def.node.init && def.node.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.node.parent.kind === 'const') {
    return def.node.id.type === AST_NODE_TYPES.Identifier ? def.node.init : null;
  }
  return null;
}

/**
 * The string value of an expression when it is known statically. Template substitutions become
 * PLACEHOLDER when `placeholders` is set (tagged SQL templates), otherwise make the value unknown.
 */
export function staticString(file: FileContext, node: Node | null | undefined, bindings: Bindings = NO_BINDINGS, placeholders = false, depth = 0): string | null {
  if (!node || depth > 6) return null;
  const n = unwrap(node);
  switch (n.type) {
    case AST_NODE_TYPES.Literal:
      return typeof n.value === 'string' ? n.value : null;
    case AST_NODE_TYPES.TemplateLiteral: {
      let out = n.quasis[0]?.value.cooked ?? '';
      for (let i = 0; i < n.expressions.length; i++) {
        const value = staticString(file, n.expressions[i] as Node, bindings, false, depth + 1);
        if (value == null && !placeholders) return null;
        out += (value ?? PLACEHOLDER) + (n.quasis[i + 1]?.value.cooked ?? '');
      }
      return out;
    }
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return staticString(file, n.quasi, bindings, true, depth + 1);
    case AST_NODE_TYPES.BinaryExpression: {
      if (n.operator !== '+') return null;
      const left = staticString(file, n.left as Node, bindings, placeholders, depth + 1);
      const right = left == null ? null : staticString(file, n.right, bindings, placeholders, depth + 1);
      return left != null && right != null ? left + right : null;
    }
    case AST_NODE_TYPES.Identifier: {
      const value = resolveIdentifier(file, n, bindings);
      return value ? staticString(file, value, bindings, placeholders, depth + 1) : null;
    }
    case AST_NODE_TYPES.CallExpression: {
      // String.raw`...`, sql`...`.trim(), dedent`...`
      const name = calleeName(n);
      if ((name === 'trim' || name === 'toString') && n.callee.type === AST_NODE_TYPES.MemberExpression) {
        return staticString(file, n.callee.object, bindings, placeholders, depth + 1);
      }
      return null;
    }
    default:
      return null;
  }
}

/** Resolves an expression to the object literal it denotes (through consts and bound parameters). */
export function staticObject(file: FileContext, node: Node | null | undefined, bindings: Bindings = NO_BINDINGS, depth = 0): TSESTree.ObjectExpression | null {
  if (!node || depth > 4) return null;
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.ObjectExpression) return n;
  if (n.type === AST_NODE_TYPES.Identifier) {
    const bound = bindings.get(n.name);
    if (bound) return staticObject(file, bound, bindings, depth + 1);
    const def = file.definitionOf(n);
    if (def?.kind === 'variable' && def.node.init) return staticObject(file, def.node.init, bindings, depth + 1);
  }
  return null;
}

/** A property's value in an object literal (the object resolved statically). */
export function staticProperty(file: FileContext, object: Node | null | undefined, name: string, bindings: Bindings = NO_BINDINGS): Node | null {
  const obj = staticObject(file, object, bindings);
  if (!obj) return null;
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const prop = obj.properties[i]!;
    if (prop.type === AST_NODE_TYPES.Property && propertyName(prop) === name) return prop.value as Node;
  }
  return null;
}
