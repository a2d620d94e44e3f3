/**
 * Project wrappers around a library's registration: `generateWorker(name, processor)` whose body is
 * `new Worker(name, processor, opts)`, `consumeQueue(queue, fn)` around `channel.consume(queue, fn)`,
 * `new Worker(name, instrument(processor))`, and in-house queue classes that keep the function and
 * call it from a library handler of their own (`queue.createConsumer(topic, fn)` →
 * `new Consumer(topic, fn)` → `eachMessage: … await this.onMessage(ctx, value)`). A call of such a
 * wrapper (imported from another project file, or a method of an instance an imported factory made)
 * registers the function it passes: the wrapper's file is read again with the wrapper's parameters
 * standing for the call's functions, and the library's own discovery finds the handler.
 */
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { HandlerSite, MessageUnit, SettleModel } from '../libraries/types';
import { implementersMention } from '../project/implementations';
import { callTarget } from '../project/targets';
import { noteProjectWide, noteRead } from '../project/reads';
import { exitStatement, functionSite, handlerReportNode, keyFromMessage, type KeyBuilder } from '../libraries/support';
import { annotationOf, bareParam, calleeName, classField, findDescendant, isAwaitedOrReturned, isFunction, mentionsIdentifier, propertyName, propertySignature, typeName, unwrap, unwrapAwait, type FunctionNode, type Node } from './ast';
import { enclosingClass, type FileContext, type ImportBinding } from './file-context';

/** Discovers the handlers of another file (with whatever parameter bindings that file holds now). */
export type DiscoverIn = (file: FileContext) => readonly HandlerSite[];
/**
 * Cheap tests of a module's text: whether it mentions a supported library (the libraries' text
 * hints), and whether it imports one of their packages (a stricter test).
 */
export interface LibraryText {
  mentions(text: string): boolean;
  imports(text: string): boolean;
}

/** Handlers this file passes to project wrappers that register them with a library. */
export function wrapperSites(file: FileContext, calls: readonly TSESTree.CallExpression[], discoverIn: DiscoverIn, libraryText: LibraryText): HandlerSite[] {
  if (!file.project) return [];
  const out: HandlerSite[] = [];
  for (const call of calls) {
    if (!call.arguments.some(isFunctionLike) || !importsALibrary(file, call.callee, libraryText)) continue;
    const passed = passedFunctions(file, call);
    if (passed.size === 0) continue;
    const wrapper = callTarget(file, call.callee);
    if (!wrapper || wrapper.file === file) continue;
    const bindings = new Map<TSESTree.Identifier, FunctionNode>();
    for (const [index, handler] of passed) {
      const param = bareParam(wrapper.fn.params[index]);
      if (param?.type === AST_NODE_TYPES.Identifier) bindings.set(param, handler.fn);
    }
    if (bindings.size === 0) continue;
    const name = calleeName(call) ?? 'wrapper';
    let sites: HandlerSite[];
    try {
      sites = instantiate(wrapper.file, bindings, discoverIn);
    } catch {
      // Another file's shape this reading did not foresee never stops this file's analysis.
      continue;
    }
    for (const site of sites) {
      const handler = [...passed.values()].find((h) => h.fn === site.root);
      if (handler) out.push(asLocal(site, name, handler));
    }
  }
  return out;
}

function isFunctionLike(arg: TSESTree.CallExpressionArgument): boolean {
  const a = arg.type === AST_NODE_TYPES.SpreadElement ? null : unwrap(arg);
  return a != null && (isFunction(a) || a.type === AST_NODE_TYPES.Identifier);
}

/**
 * The callee is imported from a project module whose text mentions a supported library (with
 * `strict`, imports one of their packages): the cheap test before a wrapper is parsed (most
 * imported calls with a callback are not registrations).
 */
export function importsALibrary(file: FileContext, callee: TSESTree.Node, libraryText: LibraryText, strict = false): boolean {
  const c = unwrap(callee);
  const head = c.type === AST_NODE_TYPES.MemberExpression ? unwrap(c.object) : c;
  const binding = head.type === AST_NODE_TYPES.Identifier ? (file.importOf(head) ?? importBehind(file, head)) : null;
  const project = file.project;
  if (!project) return false;
  // `this.opt.queue.createConsumer(…)`: a field typed with a project class or interface. Services
  // are called like this everywhere: the type's module, or one implementing it, must import a
  // library's package (read as text) before anything is parsed.
  if (!binding) {
    const type = head.type === AST_NODE_TYPES.MemberExpression ? fieldTypeName(head) : null;
    if (type == null || !typeImportsLibrary(file, type, libraryText)) return false;
    const target = callTarget(file, callee);
    return target != null && libraryText.imports(target.file.sourceCode.text);
  }
  let known = mentionsByImport.get(project);
  if (!known) mentionsByImport.set(project, (known = new Map()));
  // Keyed by the importing folder and the specifier: many files of a folder import the same modules.
  const key = `${strict ? 'imports' : 'mentions'}\0${path.dirname(file.path)}\0${binding.source}`;
  const cached = known.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) {
    // The answer still depends on that module's text (the server re-lints when it changes).
    if (cached.target) noteRead(cached.target);
    return cached.mentions;
  }
  const target = project.resolver.resolve(file.path, binding.source);
  const text = target ? project.fs.text(target) : null;
  const mentions = text != null && (strict ? libraryText.imports(text) : libraryText.mentions(text));
  known.set(key, { mentions, at: Date.now(), target });
  return mentions;
}

/**
 * The type a class declares for `this.x` (a field or a parameter property), or for `this.x.y` when
 * `x` is typed with a type literal (`opt: { queue: PlatformQueue }`): read in this file only.
 */
function fieldTypeName(member: TSESTree.MemberExpression): string | null {
  const object = unwrap(member.object);
  const name = propertyName(member);
  if (!name) return null;
  const cls = enclosingClass(member);
  if (!cls) return null;
  let type: TSESTree.TypeNode | null = null;
  if (object.type === AST_NODE_TYPES.ThisExpression) type = annotationOf(classField(cls, name));
  else if (object.type === AST_NODE_TYPES.MemberExpression && unwrap(object.object).type === AST_NODE_TYPES.ThisExpression) {
    const outer = propertyName(object);
    const literal = outer ? annotationOf(classField(cls, outer)) : null;
    if (literal?.type !== AST_NODE_TYPES.TSTypeLiteral) return null;
    type = propertySignature(literal.members, name)?.typeAnnotation?.typeAnnotation ?? null;
  }
  return type ? typeName(type) : null;
}

/**
 * The module declaring the type imports a library (a class wrapping it), or the type is not a class
 * declared there (an interface, or a name a barrel re-exports) and a module implementing it does.
 */
function typeImportsLibrary(file: FileContext, type: string, libraryText: LibraryText): boolean {
  const project = file.project;
  if (!project) return false;
  const binding = file.imports.get(type);
  const declaring = binding ? project.resolver.resolve(file.path, binding.source) : file.path;
  let known = typesByProject.get(project);
  if (!known) typesByProject.set(project, (known = new Map()));
  const key = `${declaring ?? ''}\0${type}`;
  const cached = known.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) {
    // The answer still depends on the declaring module, and for an interface on every file (the editor's record).
    if (declaring) noteRead(declaring);
    if (!cached.isClass) noteProjectWide(project.root);
    return cached.imports;
  }
  const importsPackage = (module: string | null): boolean => {
    const text = module ? project.fs.text(module) : null;
    return text != null && libraryText.imports(text);
  };
  // A class declared right there is not implemented elsewhere; an interface, or a name a barrel re-exports, may be.
  const declaringText = declaring ? project.fs.text(declaring) : null;
  const isClass = declaringText != null && new RegExp(`\\bclass\\s+${type.replace(/\$/g, '\\$')}\\b`).test(declaringText);
  const imports = importsPackage(declaring) || (!isClass && implementersMention(project, type, importsPackage));
  known.set(key, { imports, isClass, at: Date.now() });
  return imports;
}

const typesByProject = new WeakMap<object, Map<string, { imports: boolean; isClass: boolean; at: number }>>();

/** `queue` in `queue.createConsumer(…)` where `const queue = getPlatformQueue(…)` (or `new Queue(…)`, `mq.getChannel(…)`) is imported. */
function importBehind(file: FileContext, id: TSESTree.Identifier): ImportBinding | null {
  const def = file.definitionOf(id);
  const init = def?.kind === 'variable' && def.node.init ? unwrapAwait(def.node.init) : null;
  if (init?.type !== AST_NODE_TYPES.CallExpression && init?.type !== AST_NODE_TYPES.NewExpression) return null;
  // `getPlatformQueue(…)`, or `rabbitMq.getChannel(…)` on an imported module.
  const callee = unwrap(init.callee);
  const head = callee.type === AST_NODE_TYPES.MemberExpression ? unwrap(callee.object) : callee;
  return head.type === AST_NODE_TYPES.Identifier ? file.importOf(head) : null;
}

/** An editor session sees a module that starts to use a library within this long. */
const FRESH_MS = 30_000;
const mentionsByImport = new WeakMap<object, Map<string, { mentions: boolean; at: number; target: string | null }>>();

interface PassedHandler {
  fn: FunctionNode;
  /** The file the function is written in, when not this one (`generateWorker('email', sendEmailJob)` with it imported). */
  file: FileContext | null;
  reference: TSESTree.Node;
}

/** Arguments that are functions, by position: `generateWorker('flow', async (job) => …)`, an imported processor. */
function passedFunctions(file: FileContext, call: TSESTree.CallExpression): Map<number, PassedHandler> {
  const out = new Map<number, PassedHandler>();
  call.arguments.forEach((arg, index) => {
    if (arg.type === AST_NODE_TYPES.SpreadElement) return;
    const a = unwrap(arg);
    if (isFunction(a)) {
      out.set(index, { fn: a, file: null, reference: a });
      return;
    }
    if (a.type !== AST_NODE_TYPES.Identifier) return;
    const local = file.functionOf(a);
    if (local) {
      out.set(index, { fn: local, file: null, reference: a });
      return;
    }
    const imported = callTarget(file, a);
    if (imported && imported.file !== file) out.set(index, { fn: imported.fn, file: imported.file, reference: a });
  });
  return out;
}

/**
 * The wrapper's file discovered with its parameters bound; only the sites whose handler is one of
 * ours: registered as it is (`new Worker(name, processor)`), or called by the handler the wrapper
 * registers (`sub.on('message', async (m) => { await handler(m); m.ack(); })`).
 */
function instantiate(wrapperFile: FileContext, bindings: ReadonlyMap<TSESTree.Identifier, FunctionNode>, discoverIn: DiscoverIn): HandlerSite[] {
  if (wrapperFile.parameterFunctions) return []; // already being read for an enclosing call (a cycle)
  const ours = new Set(bindings.values());
  wrapperFile.parameterFunctions = bindings;
  try {
    const out: HandlerSite[] = [];
    // Batch handlers read their messages through the library's file-bound helpers: left out.
    for (const site of discoverIn(wrapperFile)) {
      if (site.batch) continue;
      if (ours.has(site.root as FunctionNode)) out.push(site);
      else {
        const delegate = delegatedHandler(wrapperFile, site, bindings);
        if (delegate) out.push(delegate);
      }
    }
    return out;
  } finally {
    wrapperFile.parameterFunctions = null;
  }
}

/**
 * The wrapper's own handler hands each message to the function passed in, and waits for it
 * (`await handler(message, …)`, `return fn(payload)`, through `runInSpan(() => handler(m))`): that
 * function is the handler, and whatever the wrapper does once it returns (ack, commit) is what
 * returning from it means.
 */
export function delegatedHandler(wrapperFile: FileContext, site: HandlerSite, bindings: ReadonlyMap<TSESTree.Identifier, FunctionNode>): HandlerSite | null {
  if (site.root.type === AST_NODE_TYPES.ForOfStatement) return null;
  const unit = site.units()[0];
  const message = unit?.message ? bareParam(unit.message as TSESTree.Parameter) : null;
  const messageName = message?.type === AST_NODE_TYPES.Identifier ? message.name : null;
  const ours = new Set(bindings.values());
  // `handler(m)` with `handler` a parameter, or `this.onMessage(m)` kept from the constructor.
  const passedFunction = (callee: Node): FunctionNode | null => {
    const c = unwrap(callee);
    if (c.type === AST_NODE_TYPES.Identifier) {
      const def = wrapperFile.definitionOf(c);
      return def?.kind === 'parameter' ? (bindings.get(def.name) ?? null) : null;
    }
    if (c.type !== AST_NODE_TYPES.MemberExpression || unwrap(c.object).type !== AST_NODE_TYPES.ThisExpression) return null;
    const fn = wrapperFile.functionOf(c);
    return fn && ours.has(fn) ? fn : null;
  };
  let fn: FunctionNode | null = null;
  const call = findDescendant(site.root.body, (n) => {
    if (n.type !== AST_NODE_TYPES.CallExpression || !isAwaitedOrReturned(n)) return false;
    fn = passedFunction(n.callee);
    return fn != null;
  }, true) as TSESTree.CallExpression | null;
  if (!call || !fn) return null;
  // The argument carrying the message, or a value the handler derived from it (`JSON.parse(message.value)`).
  const carriers = messageName ? [messageName, ...derivedNames(site.root, messageName)] : [];
  const passed = call.arguments.findIndex((a) => carriers.some((name) => mentionsIdentifier(a as Node, name)));
  return functionSite(wrapperFile, {
    library: site.library,
    label: site.label,
    fn,
    // The consumer's delivery (request/reply, at-least-once) is the handler's.
    delivery: site.delivery,
    deliveryReason: site.deliveryReason,
    settle: settledOnReturnBy(site),
    messageParam: passed >= 0 ? passed : 0,
    key: forwardedKey(wrapperFile, site, call.arguments[passed]),
  });
}

/** Variables the handler initialises from the message (`const data = JSON.parse(message.value)`). */
function derivedNames(root: Node, messageName: string): string[] {
  const out: string[] = [];
  findDescendant(root, (n) => {
    if (n.type === AST_NODE_TYPES.VariableDeclarator && n.id.type === AST_NODE_TYPES.Identifier && n.init && mentionsIdentifier(n.init, messageName)) out.push(n.id.name);
    return false;
  }, true);
  return out;
}

/**
 * The message key as the called function sees it: the library's key when it is handed the message
 * itself; `m.messageId` when handed `{ messageId: message.id, … }`; none when it only gets what the
 * caller derived otherwise (the payload).
 */
export function forwardedKey(file: FileContext, site: HandlerSite, argument: TSESTree.CallExpressionArgument | undefined, outer: MessageUnit | undefined = site.units()[0]): KeyBuilder {
  const arg = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? unwrap(argument) : null;
  const message = outer?.message ? bareParam(outer.message as TSESTree.Parameter) : null;
  // The message itself, not a payload derived from it (`event` from `JSON.parse(message.value)`).
  if (arg?.type === AST_NODE_TYPES.Identifier) return message?.type === AST_NODE_TYPES.Identifier && message.name === arg.name ? (u) => site.messageKey(u) : () => null;
  const outerKey = outer ? site.messageKey(outer)?.text : null;
  if (arg?.type !== AST_NODE_TYPES.ObjectExpression || !outerKey) return () => null;
  const carrier = arg.properties.find((p) => p.type === AST_NODE_TYPES.Property && file.sourceCode.getText(p.value as Node) === outerKey);
  const name = carrier?.type === AST_NODE_TYPES.Property ? propertyName(carrier) : null;
  return name ? keyFromMessage(file, [name]) : () => null;
}

/**
 * The site as one of this file's own: reported at the handler here. Its key and duplicate settling
 * were written by the library for the wrapper's file, so only what reads the same in any file is kept.
 */
function asLocal(site: HandlerSite, wrapper: string, handler: PassedHandler): HandlerSite {
  const { rootFile: _ignored, ...rest } = site;
  return {
    ...rest,
    // A handler written in another file is analysed there and shown at its reference here.
    ...(handler.file ? { rootFile: handler.file } : {}),
    reportNode: handler.file ? handler.reference : handlerReportNode(site.root as FunctionNode),
    via: `registered through \`${wrapper}()\``,
    messageKey: (unit) => (unit.message?.type === AST_NODE_TYPES.Identifier ? site.messageKey(unit) : null),
    duplicateSettle: (unit) => (site.settle.returnSettles ? exitStatement(unit) : null),
  };
}

/**
 * The settle model of a function the handler of `site` calls and waits for: whatever the handler
 * does once it returns (ack, commit, complete) is what returning from the function means.
 */
export function settledOnReturnBy(site: HandlerSite): SettleModel {
  return {
    returnSettles: true,
    returnPhrase: `the ${site.label} settles the message once the handler returns`,
    classify: site.settle.classify,
    autoAck: null,
  };
}
