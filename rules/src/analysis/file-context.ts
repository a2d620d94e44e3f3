/**
 * Per-file facts every analysis step asks for: which modules are imported (and under which local
 * names), what an identifier is bound to, which function an expression refers to, and which module
 * a value comes from. Everything is memoised: rules run on every keystroke.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { ProjectModel } from '../project/model';
import type { IdempotencySettings } from '../settings';
import {
  bareParam,
  findDescendant,
  isFunction,
  propertyName,
  typeAnnotationName,
  unwrap,
  unwrapAwait,
  type FunctionNode,
  type Node,
} from './ast';

export type SourceCode = Readonly<TSESLint.SourceCode>;

export interface ImportBinding {
  /** Import source as written, e.g. "amqplib/callback_api". */
  source: string;
  /** Package root, e.g. "amqplib", "@aws-sdk/client-sqs"; "node:crypto" → "crypto". */
  root: string;
  /** "default", "*" (namespace), or the imported export name. */
  imported: string;
  /** A CommonJS `require()` of the whole module: usable both as default and as namespace. */
  commonjs: boolean;
}

export type Definition =
  | { kind: 'function'; node: TSESTree.FunctionDeclaration }
  | { kind: 'variable'; node: TSESTree.VariableDeclarator }
  | { kind: 'parameter'; fn: FunctionNode; name: TSESTree.Identifier }
  | { kind: 'import'; binding: ImportBinding }
  | { kind: 'class'; node: TSESTree.ClassDeclaration }
  | { kind: 'other' };

export function moduleRoot(source: string): string {
  // Project modules ('./db', '../prisma/prisma.service', '@/lib/db') are their own root.
  if (isProjectModule(source)) return source;
  const s = source.startsWith('node:') ? source.slice(5) : source;
  const parts = s.split('/');
  if (s.startsWith('@')) return parts.slice(0, 2).join('/');
  return parts[0] ?? s;
}

export function isProjectModule(source: string): boolean {
  return /^(\.{1,2}(\/|$)|~\/|#|@\/|src\/)/.test(source);
}

function requireSource(node: Node | null | undefined): string | null {
  if (!node) return null;
  const n = unwrap(node);
  if (
    n.type === AST_NODE_TYPES.CallExpression &&
    n.callee.type === AST_NODE_TYPES.Identifier &&
    n.callee.name === 'require' &&
    n.arguments.length === 1
  ) {
    const arg = n.arguments[0];
    if (arg && arg.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string') return arg.value;
  }
  return null;
}

/** Calls that return the client they are given, instrumented. */
const WRAPPER_CALL = /^(capture(AWS|AWSClient|AWSv3Client|HTTPs?Global|Postgres|MySQL)|wrap\w*|instrument\w*|trace\w*|withTracing|withMetrics)$/;

/** Array methods whose callback receives each element. */
const ITERATING_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'some', 'every']);

export interface ReturnedTo {
  fn: FunctionNode;
  file: FileContext;
  calls: readonly TSESTree.CallExpression[];
  /** Set when a message path reached the function's return. */
  reached: boolean;
}

export class FileContext {
  readonly imports = new Map<string, ImportBinding>();
  /** Import sources and their package roots. */
  readonly modules = new Set<string>();
  /** Module-level `const x = require('m')(...)` and similar: local name → module root. */
  private readonly moduleValues = new Map<string, string>();
  private readonly definitionCache = new Map<Node, Definition | null>();
  private readonly originCache = new Map<Node, string | null>();
  private readonly functionCache = new Map<Node, FunctionNode | null>();
  /**
   * While a project wrapper is read for one of its calls (`generateWorker('flow', async (job) => …)`),
   * its parameters stand for the functions that call passes (see analysis/registration-apis.ts).
   */
  parameterFunctions: ReadonlyMap<TSESTree.Identifier, FunctionNode> | null = null;
  /**
   * While a caller's file reads this one as a receive wrapper (`const entries = await readEntries()`
   * with `readEntries` returning the library's reply), the wrapper function and the caller's calls
   * of it: a message path that reaches the function's return goes on there (analysis/receive-wrappers.ts).
   */
  returnedTo: ReturnedTo | null = null;

  constructor(
    readonly sourceCode: SourceCode,
    readonly settings: IdempotencySettings,
    /** The linted file's name (for TypeScript-or-not decisions in suggestions). */
    readonly filename: string = '',
    /** The project the file belongs to, when it is on disk and following imports is on. */
    readonly project: ProjectModel | null = null,
    /** Identifies `settings` (the project model keeps one context per module and settings). */
    readonly settingsKey: string = '',
  ) {
    this.collectImports(sourceCode.ast);
  }

  get text(): string {
    return this.sourceCode.text;
  }

  /** The file's path (absolute when the file is on disk). */
  get path(): string {
    return this.filename;
  }

  hasModule(...roots: readonly string[]): boolean {
    for (const r of roots) if (this.modules.has(r)) return true;
    return false;
  }

  /** Where a named function (`function f`, `const f = …`) is referred to in this file. */
  referencesOf(fn: FunctionNode): TSESTree.Identifier[] {
    const id =
      fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.id : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier ? fn.parent.id : null;
    if (!id) return [];
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    return (variable?.references ?? []).map((ref) => ref.identifier as TSESTree.Identifier);
  }

  /** This file's calls of a named function of its own. */
  callsOf(fn: FunctionNode): TSESTree.CallExpression[] {
    const out: TSESTree.CallExpression[] = [];
    for (const ref of this.referencesOf(fn)) {
      if (ref.parent?.type === AST_NODE_TYPES.CallExpression && ref.parent.callee === ref) out.push(ref.parent);
    }
    return out;
  }

  private addBinding(local: string, source: string, imported: string, commonjs: boolean): void {
    const root = moduleRoot(source);
    this.imports.set(local, { source, root, imported, commonjs });
  }

  private addModule(source: string): void {
    this.modules.add(source);
    this.modules.add(moduleRoot(source));
  }

  private collectImports(program: TSESTree.Program): void {
    for (const statement of program.body) {
      if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
        const source = statement.source.value;
        this.addModule(source);
        for (const spec of statement.specifiers) {
          if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) this.addBinding(spec.local.name, source, 'default', false);
          else if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) this.addBinding(spec.local.name, source, '*', false);
          else {
            const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : String(spec.imported.value);
            this.addBinding(spec.local.name, source, imported, false);
          }
        }
      } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const ref = statement.moduleReference;
        if (ref.type === AST_NODE_TYPES.TSExternalModuleReference && ref.expression.type === AST_NODE_TYPES.Literal) {
          const source = String(ref.expression.value);
          this.addModule(source);
          this.addBinding(statement.id.name, source, '*', true);
        }
      } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of statement.declarations) this.collectRequire(declarator);
      } else if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
        const source = requireSource(statement.expression);
        if (source) this.addModule(source);
      }
    }
  }

  private collectRequire(declarator: TSESTree.VariableDeclarator): void {
    const init = declarator.init ? unwrapAwait(declarator.init) : null;
    if (!init) return;
    let source = requireSource(init);
    let member: string | null = null;
    let called = false;
    if (!source && init.type === AST_NODE_TYPES.MemberExpression) {
      source = requireSource(init.object);
      member = propertyName(init);
    }
    if (!source && init.type === AST_NODE_TYPES.CallExpression) {
      // const knex = require('knex')({...})
      source = requireSource(init.callee);
      called = source != null;
    }
    if (!source) return;
    this.addModule(source);
    const id = declarator.id;
    if (called) {
      if (id.type === AST_NODE_TYPES.Identifier) this.moduleValues.set(id.name, moduleRoot(source));
      return;
    }
    if (id.type === AST_NODE_TYPES.Identifier) {
      if (member) this.addBinding(id.name, source, member, false);
      else this.addBinding(id.name, source, '*', true);
    } else if (id.type === AST_NODE_TYPES.ObjectPattern && !member) {
      for (const prop of id.properties) {
        if (prop.type !== AST_NODE_TYPES.Property) continue;
        const imported = propertyName(prop);
        const value = prop.value.type === AST_NODE_TYPES.AssignmentPattern ? prop.value.left : prop.value;
        if (imported && value.type === AST_NODE_TYPES.Identifier) this.addBinding(value.name, source, imported, false);
      }
    }
  }

  /** What an identifier is bound to, via ESLint's scope manager. */
  definitionOf(id: TSESTree.Identifier): Definition | null {
    const cached = this.definitionCache.get(id);
    if (cached !== undefined) return cached;
    let result: Definition | null = null;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    // Overloads (`function f(a: string): string;` then the implementation) and `declare function`
    // define the name several times; only a definition with a body is a function to follow.
    const def = variable?.defs.find((d) => d.type !== 'FunctionName' || d.node.type === AST_NODE_TYPES.FunctionDeclaration) ?? variable?.defs[0];
    if (def) {
      switch (def.type) {
        case 'FunctionName':
          result = def.node.type === AST_NODE_TYPES.FunctionDeclaration ? { kind: 'function', node: def.node } : { kind: 'other' };
          break;
        case 'Variable':
          result = { kind: 'variable', node: def.node as TSESTree.VariableDeclarator };
          break;
        case 'Parameter':
          result = { kind: 'parameter', fn: def.node as FunctionNode, name: def.name as TSESTree.Identifier };
          break;
        case 'ImportBinding': {
          const binding = this.imports.get(id.name);
          result = binding ? { kind: 'import', binding } : { kind: 'other' };
          break;
        }
        case 'ClassName':
          result = def.node.type === AST_NODE_TYPES.ClassDeclaration ? { kind: 'class', node: def.node } : { kind: 'other' };
          break;
        default:
          result = { kind: 'other' };
      }
      if (result.kind === 'variable') {
        const binding = this.imports.get(id.name);
        if (binding && def.node.parent?.parent?.type === AST_NODE_TYPES.Program) result = { kind: 'import', binding };
      }
    } else if (!variable) {
      // Implicit globals (scripts without module scope) still may be requires.
      const binding = this.imports.get(id.name);
      if (binding) result = { kind: 'import', binding };
    }
    this.definitionCache.set(id, result);
    return result;
  }

  /**
   * The collection an identifier iterates over: `handlers` for `h` in `for (const h of handlers)` or
   * in `handlers.forEach((h) => …)` (also `map`, `find`, `some`…); null for any other binding.
   */
  iteratedCollection(id: TSESTree.Identifier): Node | null {
    const def = this.definitionOf(id);
    if (def?.kind === 'parameter') {
      const fn = def.fn;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn || bareParam(fn.params[0]) !== def.name) return null;
      const callee = unwrap(call.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && ITERATING_METHODS.has(propertyName(callee) ?? '') ? callee.object : null;
    }
    if (def?.kind === 'variable') {
      const loop = def.node.parent?.parent;
      return loop?.type === AST_NODE_TYPES.ForOfStatement && def.node.id.type === AST_NODE_TYPES.Identifier ? loop.right : null;
    }
    return null;
  }

  /** The import an identifier refers to (after shadowing), if any. */
  importOf(node: Node): ImportBinding | null {
    const n = unwrap(node);
    if (n.type !== AST_NODE_TYPES.Identifier || !this.imports.has(n.name)) return null;
    const def = this.definitionOf(n);
    return def?.kind === 'import' ? def.binding : null;
  }

  /**
   * Whether `node` names the export `name` of one of `roots`: `Worker` (named import, any alias),
   * `bullmq.Worker` (namespace / require), or the default export when name is "default".
   */
  isExportOf(node: Node, roots: readonly string[], name: string): boolean {
    const n = unwrap(node);
    if (n.type === AST_NODE_TYPES.Identifier) {
      const binding = this.importOf(n);
      if (!binding || !roots.includes(binding.root)) return false;
      if (binding.imported === name) return true;
      return name === 'default' && binding.commonjs;
    }
    if (n.type === AST_NODE_TYPES.MemberExpression && propertyName(n) === name) {
      const binding = this.importOf(n.object);
      return binding != null && roots.includes(binding.root) && (binding.imported === '*' || binding.imported === 'default');
    }
    return false;
  }

  /** Resolves a handler or helper reference to the function it denotes. */
  functionOf(node: Node, depth = 0): FunctionNode | null {
    const n = unwrap(node);
    if (isFunction(n)) return n;
    if (depth > 4) return null;
    if (this.parameterFunctions && n.type === AST_NODE_TYPES.Identifier) {
      const def = this.definitionOf(n);
      const bound = def?.kind === 'parameter' ? this.parameterFunctions.get(def.name) : undefined;
      if (bound) return bound;
    }
    if (this.parameterFunctions && n.type === AST_NODE_TYPES.MemberExpression && unwrap(n.object).type === AST_NODE_TYPES.ThisExpression) {
      const stored = this.storedParameterFunction(n, depth);
      if (stored) return stored;
    }
    const cached = this.functionCache.get(n);
    if (cached !== undefined) return cached;
    let result: FunctionNode | null = null;
    if (n.type === AST_NODE_TYPES.Identifier) {
      const def = this.definitionOf(n);
      if (def?.kind === 'function') result = def.node;
      else if (def?.kind === 'variable' && def.node.init && def.node.id.type === AST_NODE_TYPES.Identifier) {
        const init = unwrap(def.node.init);
        if (isFunction(init)) result = init;
      }
    } else if (n.type === AST_NODE_TYPES.CallExpression) {
      // handler.bind(this) / handler.bind(obj)
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'bind') {
        result = this.functionOf(callee.object, depth + 1);
      }
    } else if (n.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(n);
      if (name) {
        const cls = this.classOfReceiver(n.object);
        if (cls) result = this.classMember(cls, name);
      }
    }
    // While parameters stand for a caller's functions, answers may depend on them: not cached.
    if (!this.parameterFunctions) this.functionCache.set(n, result);
    return result;
  }

  /**
   * In a wrapper read for one call: `this.onMessage` that the class keeps from its constructor
   * (`constructor(private readonly onMessage: Handler)` or `this.onMessage = onMessage`) when this
   * file constructs it with a function the call passed (`new ConsumerImpl(topic, onMessage)` inside
   * `createConsumer(topic, onMessage)`).
   */
  private storedParameterFunction(member: TSESTree.MemberExpression, depth: number): FunctionNode | null {
    const name = propertyName(member);
    const cls = enclosingClass(member);
    const ctor = cls?.body.body.find((m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor');
    if (!name || !cls || !ctor || !this.parameterFunctions) return null;
    const index = ctor.value.params.findIndex((p) => {
      const bare = bareParam(p);
      return bare?.type === AST_NODE_TYPES.Identifier && bare.name === name && (p.type === AST_NODE_TYPES.TSParameterProperty || assignsToThis(ctor, name));
    });
    if (index < 0) return null;
    const bound = new Set(this.parameterFunctions.values());
    let found: FunctionNode | null = null;
    findDescendant(this.sourceCode.ast, (n) => {
      if (n.type !== AST_NODE_TYPES.NewExpression || n.callee.type !== AST_NODE_TYPES.Identifier) return false;
      const arg = n.arguments[index];
      const def = this.definitionOf(n.callee);
      if (!arg || arg.type === AST_NODE_TYPES.SpreadElement || def?.kind !== 'class' || def.node !== cls) return false;
      const fn = this.functionOf(arg, depth + 1);
      if (fn && bound.has(fn)) found = fn;
      return found != null;
    }, true);
    return found;
  }

  /** The class a receiver expression is an instance of: `this` → enclosing class, `x` where `x = new C()`. */
  classOfReceiver(receiver: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
    const r = unwrap(receiver);
    if (r.type === AST_NODE_TYPES.ThisExpression) return enclosingClass(r);
    if (r.type === AST_NODE_TYPES.Identifier) {
      const def = this.definitionOf(r);
      if (def?.kind === 'variable' && def.node.init) {
        const init = unwrapAwait(def.node.init);
        if (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) {
          const classDef = this.definitionOf(init.callee);
          if (classDef?.kind === 'class') return classDef.node;
        }
      }
    }
    return null;
  }

  classMember(cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | null {
    for (const member of cls.body.body) {
      // Overload signatures and abstract members have no body: the implementation (if any) follows.
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'method' && propertyName(member) === name && member.value.type === AST_NODE_TYPES.FunctionExpression) {
        return member.value;
      }
      if (member.type === AST_NODE_TYPES.PropertyDefinition && propertyName(member) === name && member.value) {
        const value = unwrap(member.value);
        if (isFunction(value)) return value;
      }
    }
    return null;
  }

  /**
   * The package a value comes from: `new Redis()` → "ioredis", `pool` declared as `new Pool()` → "pg",
   * `mongo.db('x').collection('y')` → "mongodb", a parameter annotated `Redis` → "ioredis".
   */
  originOf(node: Node, depth = 0): string | null {
    const n = unwrapAwait(node);
    if (depth > 6) return null;
    switch (n.type) {
      case AST_NODE_TYPES.Identifier: {
        const moduleValue = this.moduleValues.get(n.name);
        if (moduleValue) return moduleValue;
        const def = this.definitionOf(n);
        if (!def) return null;
        if (def.kind === 'import') return def.binding.root;
        return this.memoOrigin(def, depth);
      }
      case AST_NODE_TYPES.MemberExpression:
        if (n.object.type === AST_NODE_TYPES.ThisExpression) return this.thisMemberOrigin(n, depth);
        return this.originOf(n.object, depth + 1);
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        // Tracing wrappers hand back what they wrap: `AWSXRay.captureAWS(require('aws-sdk'))`,
        // `tracer.captureAWSv3Client(new DynamoDBClient())`, `instrument(new Pool())`.
        const name = n.callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(n.callee) : n.callee.type === AST_NODE_TYPES.Identifier ? n.callee.name : null;
        const wrapped = n.arguments[0];
        if (name && WRAPPER_CALL.test(name) && wrapped && wrapped.type !== AST_NODE_TYPES.SpreadElement) {
          const inner = requireSource(wrapped) ? moduleRoot(requireSource(wrapped)!) : this.originOf(wrapped, depth + 1);
          if (inner) return inner;
        }
        return this.originOf(n.callee, depth + 1);
      }
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return this.originOf(n.tag, depth + 1);
      default:
        return null;
    }
  }

  private memoOrigin(def: Definition, depth: number): string | null {
    const key: Node | null =
      def.kind === 'variable' ? def.node : def.kind === 'parameter' ? def.name : def.kind === 'function' ? def.node : null;
    if (!key) return null;
    const cached = this.originCache.get(key);
    if (cached !== undefined) return cached;
    this.originCache.set(key, null); // cycle guard
    let origin: string | null = null;
    if (def.kind === 'variable') {
      if (def.node.init) origin = this.originOf(def.node.init, depth + 1);
      if (!origin) origin = this.typeOrigin(typeAnnotationName(def.node.id));
    } else if (def.kind === 'parameter') {
      origin = this.typeOrigin(typeAnnotationName(def.name));
    }
    this.originCache.set(key, origin);
    return origin;
  }

  private thisMemberOrigin(member: TSESTree.MemberExpression, depth: number): string | null {
    const name = propertyName(member);
    const cls = enclosingClass(member);
    if (!name || !cls) return null;
    for (const element of cls.body.body) {
      if (element.type === AST_NODE_TYPES.PropertyDefinition && propertyName(element) === name) {
        if (element.value) {
          const origin = this.originOf(element.value, depth + 1);
          if (origin) return origin;
        }
        const annotation = element.typeAnnotation ? typeAnnotationName(element) : null;
        return this.typeOrigin(annotation);
      }
      if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
        for (const param of element.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const bare = bareParam(param);
          if (bare && bare.type === AST_NODE_TYPES.Identifier && bare.name === name) {
            return this.typeOrigin(typeAnnotationName(bare));
          }
        }
      }
    }
    return null;
  }

  private typeOrigin(typeName: string | null): string | null {
    if (!typeName) return null;
    const binding = this.imports.get(typeName);
    return binding ? binding.root : null;
  }
}

/** `this.name = name` in a constructor: the parameter is kept on the instance. */
function assignsToThis(ctor: TSESTree.MethodDefinition, name: string): boolean {
  return findDescendant(ctor.value.body ?? ctor.value, (n) =>
    n.type === AST_NODE_TYPES.AssignmentExpression &&
    n.left.type === AST_NODE_TYPES.MemberExpression &&
    n.left.object.type === AST_NODE_TYPES.ThisExpression &&
    propertyName(n.left) === name &&
    n.right.type === AST_NODE_TYPES.Identifier &&
    n.right.name === name,
  ) != null;
}

export function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) return current;
    current = current.parent;
  }
  return null;
}
