/**
 * What a call in one file runs in another: `processOrder(x)` imported from `./orders`,
 * `query.link.incrementVisit()` through a CommonJS index, `this.walletService.increase()` on a
 * service whose class is imported (NestJS injection by type), `userService.create()` on an exported
 * instance. Values are followed through re-exports, `module.exports`, object literals, `extends` and
 * what project factories return, with a bound on every chain. The answer is the function and the
 * file context to analyse it with.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { annotationOf, bareParam, classField, findDescendant, isFunction, propertyName, propertySignature, typeName, unwrap, unwrapAwait, type FunctionNode, type Node } from '../analysis/ast';
import { soleImplementation } from './implementations';
import { enclosingClass, type FileContext, type ImportBinding } from '../analysis/file-context';
import { noteRead } from './reads';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** A value of the project as far as calls into it go. */
type Value =
  | { kind: 'function'; file: FileContext; fn: FunctionNode }
  | { kind: 'class'; file: FileContext; cls: ClassNode }
  | { kind: 'instance'; file: FileContext; cls: ClassNode }
  | { kind: 'object'; file: FileContext; object: TSESTree.ObjectExpression }
  | { kind: 'array'; file: FileContext; array: TSESTree.ArrayExpression }
  | { kind: 'namespace'; file: FileContext }
  /** Any other expression a name is defined by (`model('User', userSchema)`), for readers of declarations. */
  | { kind: 'expression'; file: FileContext; node: Node }
  /**
   * A value known only by its declared type: an interface or a type literal (`opt: { queue: PlatformQueue }`).
   * Its properties have the types declared; its methods are those of the project's one implementation.
   */
  | { kind: 'typed'; file: FileContext; name: string | null; members: readonly TSESTree.TypeElement[] };

export interface CallTarget {
  file: FileContext;
  fn: FunctionNode;
}

const MAX_DEPTH = 14;

/**
 * By callee node: the editor reuses the nodes of unchanged statements from one lint to the next, so
 * an answer holds only for the model it was found with (a successor means another file changed).
 */
const targetCache = new WeakMap<Node, { project: object; target: CallTarget | null }>();
const exportCache = new WeakMap<FileContext, Map<string, Value | null>>();

/**
 * The function a call runs: one of this file (`FileContext.functionOf`: declarations, methods, the
 * functions a wrapper's parameters stand for), else one of another project file (`callTarget`).
 */
export function calledFunction(file: FileContext, callee: Node): CallTarget | null {
  const local = file.functionOf(callee);
  return local ? { file, fn: local } : callTarget(file, callee);
}

/**
 * The function a callee runs when it is defined in another project file (or reached through a typed
 * receiver), with that file's context; null when it cannot be seen.
 */
export function callTarget(file: FileContext, callee: Node): CallTarget | null {
  const project = file.project;
  if (!project) return null;
  const cached = targetCache.get(callee);
  if (cached !== undefined && cached.project === project) {
    // The target's file is read again by whoever asks (the editor's dependency record).
    if (cached.target) noteRead(cached.target.file.path);
    return cached.target;
  }
  targetCache.set(callee, { project, target: null }); // cycle guard
  let result: CallTarget | null = null;
  try {
    const value = valueOf(file, callee, 0);
    if (value?.kind === 'function') result = { file: value.file, fn: value.fn };
  } catch {
    // Another file's shape this code did not foresee must never stop the linted file's analysis:
    // the call is then judged as if its target were unseen.
    result = null;
  }
  targetCache.set(callee, { project, target: result });
  return result;
}

/** The class an `extends` clause (or any class reference) names, in this file or another project file. */
export function classTarget(file: FileContext, node: Node): { file: FileContext; cls: ClassNode } | null {
  try {
    const value = valueOf(file, node, 0);
    return value?.kind === 'class' ? { file: value.file, cls: value.cls } : null;
  } catch {
    return null; // as in callTarget: an unforeseen shape elsewhere never stops this file's analysis
  }
}

/**
 * What a name stands for across modules, for readers of declarations: a class, or the expression
 * that defines it (`UserModel` → `model('User', userSchema)` in models/user.ts, with that file).
 */
export function definitionTarget(file: FileContext, node: Node): { file: FileContext; node: Node } | null {
  try {
    const value = valueOf(file, node, 0);
    if (value?.kind === 'expression') return { file: value.file, node: value.node };
    if (value?.kind === 'class') return { file: value.file, node: value.cls };
    return null;
  } catch {
    return null; // as in callTarget
  }
}

/** The function `member` of what `file` exports under `exportName` (an object literal's property, a class's method). */
export function exportedMemberFunction(file: FileContext, exportName: string, member: string): CallTarget | null {
  try {
    const value = exportedValue(file, exportName, 0);
    const found = value ? memberOf(value, member, 0) : null;
    return found?.kind === 'function' ? { file: found.file, fn: found.fn } : null;
  } catch {
    return null; // as in callTarget
  }
}

/** The class a file exports under `name`, when it is declared in that file. */
export function exportedClass(file: FileContext, name: string): ClassNode | null {
  try {
    const value = exportedValue(file, name, 0);
    return value?.kind === 'class' && value.file === file ? value.cls : null;
  } catch {
    return null;
  }
}

/** The function a file exports under `name` (`default`: `export default fn`, `module.exports = fn`). */
export function exportedFunction(file: FileContext, name: string): CallTarget | null {
  try {
    const value = exportedValue(file, name, 0);
    return value?.kind === 'function' && value.file === file ? { file, fn: value.fn } : null;
  } catch {
    return null;
  }
}

/**
 * The function a module runs as a sandboxed processor: its default export (`module.exports = fn`,
 * `export default fn`), for a file named by `specifier` relative to `file` (`./mail.processor.js`).
 */
export function moduleHandler(file: FileContext, specifier: string): CallTarget | null {
  const project = file.project;
  if (!project) return null;
  try {
    const target = project.resolver.resolve(file.path, specifier);
    const module = target ? project.contextOf(target, file.settings, file.settingsKey) : null;
    const value = module ? exportedValue(module, 'default', 0) : null;
    return value?.kind === 'function' ? { file: value.file, fn: value.fn } : null;
  } catch {
    return null;
  }
}

function valueOf(file: FileContext, node: Node, depth: number): Value | null {
  if (depth > MAX_DEPTH) return null;
  const n = unwrapAwait(node);
  if (isFunction(n)) return { kind: 'function', file, fn: n };
  switch (n.type) {
    case AST_NODE_TYPES.Identifier:
      return identifierValue(file, n, depth);
    case AST_NODE_TYPES.ClassDeclaration:
    case AST_NODE_TYPES.ClassExpression:
      return { kind: 'class', file, cls: n };
    case AST_NODE_TYPES.TSInterfaceDeclaration:
    case AST_NODE_TYPES.TSTypeAliasDeclaration:
      return declaredType(file, n, depth);
    case AST_NODE_TYPES.ObjectExpression:
      return { kind: 'object', file, object: n };
    case AST_NODE_TYPES.ArrayExpression:
      return { kind: 'array', file, array: n };
    case AST_NODE_TYPES.NewExpression: {
      const cls = valueOf(file, n.callee, depth + 1);
      return cls?.kind === 'class' ? { kind: 'instance', file: cls.file, cls: cls.cls } : { kind: 'expression', file, node: n };
    }
    case AST_NODE_TYPES.CallExpression: {
      // `handler.bind(this)`
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'bind') return valueOf(file, callee.object, depth + 1);
      // `exports.link = require('./link.queries')`: the module itself.
      const source = n.arguments[0];
      if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' && n.arguments.length === 1 && source?.type === AST_NODE_TYPES.Literal && typeof source.value === 'string') {
        return importedValue(file, { source: source.value, root: source.value, imported: '*', commonjs: true }, depth + 1);
      }
      // What a project factory returns (`getPlatformQueue(id)`); any other call is kept as an expression.
      const factory = valueOf(file, callee, depth + 1);
      return (factory?.kind === 'function' ? returnedValue(factory.file, factory.fn, depth + 1) : null) ?? { kind: 'expression', file, node: n };
    }
    case AST_NODE_TYPES.MemberExpression:
      return memberValue(file, n, depth);
    case AST_NODE_TYPES.LogicalExpression:
      // `models.User || model('User', schema)`, `cached ?? createClient()`: the value built when none is cached.
      return n.operator === '&&' ? null : (valueOf(file, n.right, depth + 1) ?? valueOf(file, n.left, depth + 1));
    default:
      return null;
  }
}

function memberValue(file: FileContext, n: TSESTree.MemberExpression, depth: number): Value | null {
  const name = propertyName(n);
  if (!name) return null;
  const shared = elementMember(file, n.object, name, depth + 1);
  if (shared !== undefined) return shared;
  const receiver = receiverValue(file, n.object, depth + 1);
  return receiver ? memberOf(receiver, name, depth + 1) : null;
}

/**
 * What a factory returns: an instance when every `return` (or its expression body) is one of the
 * same class; whatever its only `return` gives (`return sequelize.define(…)`) otherwise.
 */
function returnedValue(file: FileContext, fn: FunctionNode, depth: number): Value | null {
  const returned: Node[] = [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) returned.push(fn.body);
  else {
    findDescendant(fn.body, (n) => {
      if (n.type === AST_NODE_TYPES.ReturnStatement && n.argument) returned.push(n.argument);
      return false;
    });
  }
  if (returned.length === 1) return valueOf(file, returned[0]!, depth + 1);
  let shared: Value | null = null;
  for (const node of returned) {
    const value = valueOf(file, node, depth + 1);
    if (value?.kind !== 'instance' || (shared?.kind === 'instance' && shared.cls !== value.cls)) return null;
    shared = value;
  }
  return shared;
}

/**
 * `handler.handle` where `handler` iterates a registry (`for (const handler of TopicHandlers)`): the
 * member every element of the array literal shares (`KafkaEventHandler.handle`, inherited by all);
 * null when they differ or one cannot be seen; undefined when the receiver iterates nothing.
 */
function elementMember(file: FileContext, receiver: Node, name: string, depth: number): Value | null | undefined {
  const r = unwrap(receiver);
  const collection = r.type === AST_NODE_TYPES.Identifier ? file.iteratedCollection(r) : null;
  if (!collection) return undefined;
  const array = valueOf(file, collection, depth + 1);
  if (array?.kind !== 'array') return null;
  let shared: Value | null = null;
  for (const element of array.array.elements) {
    if (!element || element.type === AST_NODE_TYPES.SpreadElement) return null;
    const value = valueOf(array.file, element, depth + 1);
    const member = value ? memberOf(value, name, depth + 1) : null;
    if (member?.kind !== 'function' || (shared?.kind === 'function' && shared.fn !== member.fn)) return null;
    shared = member;
  }
  return shared;
}

function identifierValue(file: FileContext, id: TSESTree.Identifier, depth: number): Value | null {
  const def = file.definitionOf(id);
  if (!def) return null;
  switch (def.kind) {
    case 'function':
      return { kind: 'function', file, fn: def.node };
    case 'class':
      return { kind: 'class', file, cls: def.node };
    case 'variable': {
      const init = def.node.init && def.node.id.type === AST_NODE_TYPES.Identifier ? valueOf(file, def.node.init, depth + 1) : null;
      if (init && init.kind !== 'expression') return init;
      // `const svc: WalletService = container.get(…)`: the declared class says more than the call.
      return declaredValue(file, def.node.id, depth + 1) ?? init;
    }
    case 'parameter':
      return declaredValue(file, def.name, depth + 1) ?? contextualParamValue(file, def.fn, def.name, depth + 1);
    case 'import':
      return importedValue(file, def.binding, depth + 1);
    default:
      return null;
  }
}

/** A receiver: a value, `this.x` typed or initialised in the class, or a parameter typed with a class. */
function receiverValue(file: FileContext, node: Node, depth: number): Value | null {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.MemberExpression && unwrap(n.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(n);
    const cls = enclosingClass(n);
    return name && cls ? classFieldValue(file, cls, name, depth) : null;
  }
  if (n.type === AST_NODE_TYPES.ThisExpression) {
    const cls = enclosingClass(n);
    return cls ? { kind: 'instance', file, cls } : null;
  }
  return valueOf(file, n, depth);
}

/** `this.name` in a class: a property with an initialiser or a class type, or a constructor parameter property. */
function classFieldValue(file: FileContext, cls: ClassNode, name: string, depth: number): Value | null {
  const field = classField(cls, name);
  if (field?.type !== AST_NODE_TYPES.PropertyDefinition) return field ? declaredValue(file, field, depth + 1) : null;
  const v = field.value ? valueOf(file, field.value, depth + 1) : null;
  if (v && v.kind !== 'expression') return v;
  return declaredValue(file, field, depth + 1) ?? v;
}

/**
 * An unannotated parameter of a callback typed by where it is passed: `withRating(ws, async (indexer)
 * => indexer.calculate(…))` with `op: (indexer: RatingCalculator) => Promise<void>` declared by the
 * project function that takes it.
 */
function contextualParamValue(file: FileContext, fn: FunctionNode, param: TSESTree.Identifier, depth: number): Value | null {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || depth > MAX_DEPTH) return null;
  const argIndex = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  const paramIndex = fn.params.findIndex((p) => bareParam(p) === param);
  if (argIndex < 0 || paramIndex < 0) return null;
  const callee = unwrap(call.callee);
  const target = callee.type === AST_NODE_TYPES.MemberExpression ? memberValue(file, callee, depth + 1) : valueOf(file, callee, depth + 1);
  if (target?.kind !== 'function') return null;
  const callback = annotationOf(bareParam(target.fn.params[argIndex]));
  if (callback?.type !== AST_NODE_TYPES.TSFunctionType) return null;
  const type = annotationOf(callback.params[paramIndex]);
  return type ? valueOfType(target.file, type, depth + 1) : null;
}

/** The value a declaration's type annotation describes (`svc: WalletService`, `opt: { queue: PlatformQueue }`). */
function declaredValue(file: FileContext, declared: Node, depth: number): Value | null {
  const type = annotationOf(declared);
  return type ? valueOfType(file, type, depth) : null;
}

function valueOfType(file: FileContext, type: TSESTree.TypeNode, depth: number): Value | null {
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return { kind: 'typed', file, name: null, members: type.members };
  return typedValue(file, typeName(type), depth + 1);
}

/**
 * An instance of the class a type annotation names (`svc: WalletService`), or the interface or type
 * it names, when declared in the project.
 */
function typedValue(file: FileContext, name: string | null, depth: number): Value | null {
  if (!name || depth > MAX_DEPTH) return null;
  const binding = file.imports.get(name);
  let value: Value | null = null;
  if (binding) value = importedValue(file, binding, depth + 1);
  else {
    const local = localDeclaration(file, name);
    if (local) value = valueOf(file, local, depth + 1);
  }
  if (value?.kind === 'class') return { kind: 'instance', file: value.file, cls: value.cls };
  return value?.kind === 'typed' ? value : null;
}

function localDeclaration(file: FileContext, name: string): Node | null {
  for (const statement of (file.sourceCode.ast as TSESTree.Program).body) {
    const decl =
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration
        ? statement.declaration
        : statement;
    if (!decl) continue;
    if ((decl.type === AST_NODE_TYPES.ClassDeclaration || decl.type === AST_NODE_TYPES.TSInterfaceDeclaration || decl.type === AST_NODE_TYPES.TSTypeAliasDeclaration) && decl.id?.name === name) return decl;
  }
  return null;
}

/** An interface or a type alias as a value of that type. */
function declaredType(file: FileContext, decl: TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration, depth: number): Value | null {
  if (decl.type === AST_NODE_TYPES.TSInterfaceDeclaration) return { kind: 'typed', file, name: decl.id.name, members: decl.body.body };
  const type = decl.typeAnnotation;
  if (type.type === AST_NODE_TYPES.TSTypeLiteral) return { kind: 'typed', file, name: decl.id.name, members: type.members };
  return valueOfType(file, type, depth + 1);
}

/** A member of a typed value: a property by its declared type; a method by the one implementation's. */
function typedMember(receiver: Extract<Value, { kind: 'typed' }>, name: string, depth: number): Value | null {
  const property = propertySignature(receiver.members, name);
  const type = property?.typeAnnotation?.typeAnnotation;
  // `createConsumer: (…) => Handle` declares a method as much as `createConsumer(…): Handle` does.
  if (property && type?.type !== AST_NODE_TYPES.TSFunctionType) return type ? valueOfType(receiver.file, type, depth + 1) : null;
  if (!receiver.name) return null;
  const implementation = soleImplementation(receiver.file, receiver.name);
  return implementation ? memberOf({ kind: 'instance', file: implementation.file, cls: implementation.cls }, name, depth + 1) : null;
}

function memberOf(receiver: Value, name: string, depth: number): Value | null {
  if (depth > MAX_DEPTH) return null;
  switch (receiver.kind) {
    case 'namespace':
      return exportedValue(receiver.file, name, depth + 1);
    case 'object': {
      for (const p of receiver.object.properties) {
        if (p.type === AST_NODE_TYPES.Property && propertyName(p) === name) return valueOf(receiver.file, p.value as Node, depth + 1);
      }
      return null;
    }
    case 'typed':
      return typedMember(receiver, name, depth);
    case 'instance':
    case 'class': {
      let cls: ClassNode | null = receiver.cls;
      let file = receiver.file;
      for (let i = 0; cls && i < 4; i++) {
        const fn = file.classMember(cls, name);
        if (fn) return { kind: 'function', file, fn };
        if (!cls.superClass) return null;
        const parent = valueOf(file, cls.superClass, depth + 1);
        if (parent?.kind !== 'class') return null;
        cls = parent.cls;
        file = parent.file;
      }
      return null;
    }
    default:
      return null;
  }
}

function importedValue(file: FileContext, binding: ImportBinding, depth: number): Value | null {
  const project = file.project;
  if (!project || depth > MAX_DEPTH) return null;
  const target = project.resolver.resolve(file.path, binding.source);
  if (!target) return null;
  const module = project.contextOf(target, file.settings, file.settingsKey);
  if (!module) return null;
  if (binding.imported === '*') {
    // `require('./x')` of a module whose `module.exports` is one value (a function, a class, an instance).
    if (binding.commonjs) {
      const whole = exportedValue(module, 'default', depth + 1);
      if (whole && whole.kind !== 'object') return whole;
    }
    return { kind: 'namespace', file: module };
  }
  return exportedValue(module, binding.imported, depth + 1);
}

/** What a module exports under `name` ("default" for the default export or `module.exports = value`). */
function exportedValue(module: FileContext, name: string, depth: number): Value | null {
  let byName = exportCache.get(module);
  if (!byName) {
    byName = new Map();
    exportCache.set(module, byName);
  }
  if (byName.has(name)) return byName.get(name)!;
  byName.set(name, null); // cycle guard
  const value = depth > MAX_DEPTH ? null : findExport(module, name, depth);
  byName.set(name, value);
  return value;
}

function findExport(module: FileContext, name: string, depth: number): Value | null {
  const program = module.sourceCode.ast as TSESTree.Program;
  const starSources: string[] = [];
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ExportNamedDeclaration: {
        const decl = statement.declaration;
        if (decl) {
          if ((decl.type === AST_NODE_TYPES.FunctionDeclaration || decl.type === AST_NODE_TYPES.ClassDeclaration) && decl.id?.name === name) {
            return valueOf(module, decl, depth + 1);
          }
          if ((decl.type === AST_NODE_TYPES.TSInterfaceDeclaration || decl.type === AST_NODE_TYPES.TSTypeAliasDeclaration) && decl.id.name === name) {
            return declaredType(module, decl, depth + 1);
          }
          if (decl.type === AST_NODE_TYPES.VariableDeclaration) {
            for (const d of decl.declarations) {
              if (d.id.type === AST_NODE_TYPES.Identifier && d.id.name === name) return d.init ? valueOf(module, d.init, depth + 1) : declaredValue(module, d.id, depth + 1);
            }
          }
        }
        for (const spec of statement.specifiers) {
          if (spec.type !== AST_NODE_TYPES.ExportSpecifier || specifierName(spec.exported) !== name) continue;
          const local = specifierName(spec.local);
          if (statement.source) {
            const from = reexportSource(module, statement.source.value, depth);
            return from ? exportedValue(from, local, depth + 1) : null;
          }
          return spec.local.type === AST_NODE_TYPES.Identifier ? valueOf(module, spec.local, depth + 1) : null;
        }
        break;
      }
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        if (name === 'default') return valueOf(module, statement.declaration as Node, depth + 1);
        break;
      case AST_NODE_TYPES.ExportAllDeclaration:
        if (!statement.exported) starSources.push(statement.source.value);
        else if (specifierName(statement.exported) === name) {
          const from = reexportSource(module, statement.source.value, depth);
          if (from) return { kind: 'namespace', file: from };
        }
        break;
      case AST_NODE_TYPES.TSExportAssignment:
        if (name === 'default') return valueOf(module, statement.expression, depth + 1);
        break;
      case AST_NODE_TYPES.ExpressionStatement: {
        const found = commonJsExport(module, statement.expression, name, depth);
        if (found) return found;
        break;
      }
      default:
        break;
    }
  }
  for (const source of starSources) {
    // Barrels re-export hundreds of modules: parse only those whose text can export the name.
    if (!mayExport(module, source, name, depth)) continue;
    const from = reexportSource(module, source, depth);
    const found = from ? exportedValue(from, name, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

const STAR_EXPORT = /\bexport\s*\*\s*from\s*['"]([^'"]+)['"]/g;

/**
 * Whether the module `source` names (from `module`) could export `name`, read as text: it mentions
 * the name, or re-exports everything of a module that could. No parsing.
 */
function mayExport(module: FileContext, source: string, name: string, depth: number): boolean {
  const project = module.project;
  if (!project) return false;
  const seen = new Set<string>();
  const visit = (from: string, specifier: string, level: number): boolean => {
    if (level > MAX_DEPTH) return false;
    const target = project.resolver.resolve(from, specifier);
    if (!target || seen.has(target)) return false;
    seen.add(target);
    const text = project.fs.text(target);
    if (text == null) return false;
    if (new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`).test(text)) return true;
    for (const match of text.matchAll(STAR_EXPORT)) if (visit(target, match[1]!, level + 1)) return true;
    return false;
  };
  return visit(module.path, source, depth);
}

/** `module.exports = value`, `module.exports = { name }`, `module.exports.name = value`, `exports.name = value`. */
function commonJsExport(module: FileContext, expression: Node, name: string, depth: number): Value | null {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.operator !== '=') return null;
  const left = expression.left;
  if (left.type !== AST_NODE_TYPES.MemberExpression) return null;
  const target = memberChain(left);
  if (target === 'module.exports') {
    const value = valueOf(module, expression.right, depth + 1);
    if (name === 'default') return value;
    if (value?.kind === 'object') return memberOf(value, name, depth + 1);
    return null;
  }
  if ((target === `module.exports.${name}` || target === `exports.${name}`) && name !== 'default') return valueOf(module, expression.right, depth + 1);
  return null;
}

function memberChain(node: Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
    const object = memberChain(node.object);
    return object ? `${object}.${node.property.name}` : null;
  }
  return null;
}

function reexportSource(module: FileContext, source: string, depth: number): FileContext | null {
  const project = module.project;
  if (!project || depth > MAX_DEPTH) return null;
  const target = project.resolver.resolve(module.path, source);
  return target ? project.contextOf(target, module.settings, module.settingsKey) : null;
}

function specifierName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}
