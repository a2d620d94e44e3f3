/**
 * Builders shared by the library modules: handler sites for functions and poll loops, settle models
 * from method names, and the statements that settle a duplicate. Libraries supply the knowledge
 * (names, paths, phrases); this file only assembles it.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath, identifiersResolveSame, type KeyExpression } from '../analysis/access';
import {
  bareParam,
  calleeName,
  calleeObject,
  classField,
  findDescendant,
  isFunction,
  patternIdentifiers,
  propertyName,
  rootIdentifier,
  unwrap,
  unwrapAwait,
  type FunctionNode,
  type Node,
} from '../analysis/ast';
import { enclosingClass, type FileContext } from '../analysis/file-context';
import { iterationsOfParam, type IterationUnit, type PathStep } from '../analysis/message-paths';
import { callTarget, moduleHandler } from '../project/targets';
import type { Call, Candidates, Delivery, HandlerSite, MessageUnit, SettleKind, SettleModel } from './types';

export interface SettleOptions {
  returnSettles: boolean;
  returnPhrase?: string;
  ack?: readonly string[];
  nack?: readonly string[];
  autoAck?: { node: Node; when: string } | null;
  /** Extra classification for calls that method names cannot express (SQS delete commands). */
  classify?: (call: Call, file: FileContext) => SettleKind | null;
}

export function settleModel(options: SettleOptions): SettleModel {
  const ack = new Set(options.ack ?? []);
  const nack = new Set(options.nack ?? []);
  return {
    returnSettles: options.returnSettles,
    returnPhrase: options.returnPhrase ?? '',
    autoAck: options.autoAck ?? null,
    classify(call, file) {
      if (call.type === AST_NODE_TYPES.CallExpression) {
        const name = calleeName(call);
        if (name && ack.has(name)) return 'ack';
        if (name && nack.has(name)) return 'nack';
      }
      return options.classify ? options.classify(call, file) : null;
    },
  };
}

/**
 * Handlers written in another file: per registering file, the file the handler is in and the
 * reference to it in the registering file (where its findings are shown).
 */
const foreignHandlers = new WeakMap<FileContext, Map<FunctionNode, { file: FileContext; reference: Node }>>();

/**
 * The function a registration hands to the library: in this file, or (with the project model) in
 * another one (`new Worker(q, processor)` with `processor` imported, `consumer.run({ eachMessage: handle })`),
 * or with `orProcessorFile` a sandboxed processor named by its file. A registration whose handler
 * cannot be seen is noted for the consumer inventory.
 */
export function handlerFunction(file: FileContext, node: Node, options: { orProcessorFile?: boolean } = {}): FunctionNode | null {
  const local = file.functionOf(node);
  if (local) return local;
  // In a wrapper read for one call: `new Worker(name, instrument(processor, name))` registers `processor`.
  const n = unwrap(node);
  if (file.parameterFunctions && n.type === AST_NODE_TYPES.CallExpression) {
    for (const arg of n.arguments) {
      const a = unwrap(arg);
      if (a.type === AST_NODE_TYPES.Identifier && !isFunction(a)) {
        const passed = file.functionOf(a);
        if (passed && [...file.parameterFunctions.values()].includes(passed)) return passed;
      }
    }
  }
  const found = registered(file, callTarget(file, node), node) ?? (options.orProcessorFile ? processorFile(file, node) : null);
  if (!found) noteUnresolved(file, node);
  return found;
}

/** A registration whose handler the analysis cannot see, with why and the setting that would show it. */
export interface UnresolvedRegistration {
  node: Node;
  reason: string;
  /** A `consumers` entry that would make the handlers visible, when one can be named. */
  setting?: Record<string, unknown>;
}

const unresolvedByFile = new WeakMap<FileContext, UnresolvedRegistration[]>();

/** The registrations in `file` whose handler could not be resolved (for the consumer inventory). */
export function unresolvedRegistrations(file: FileContext): readonly UnresolvedRegistration[] {
  return unresolvedByFile.get(file) ?? [];
}

function noteUnresolved(file: FileContext, node: Node): void {
  let list = unresolvedByFile.get(file);
  if (!list) unresolvedByFile.set(file, (list = []));
  if (list.some((u) => u.node === node)) return;
  const why = whyUnresolved(file, node);
  if (why) list.push(why);
}

function whyUnresolved(file: FileContext, node: Node): UnresolvedRegistration | null {
  const n = unwrap(node);
  const text = shortText(file, n);
  if (n.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(n);
    if (def?.kind === 'parameter') {
      // A parameter of an anonymous callback is a value passed through, not a wrapper's API.
      if (!functionName(def.fn)) return null;
      // A project wrapper: `function register(name, processor) { new Worker(name, processor) }`.
      const wrapper = def.fn;
      const index = wrapper ? wrapper.params.findIndex((p) => { const b = bareParam(p); return b?.type === AST_NODE_TYPES.Identifier && b.name === n.name; }) : -1;
      const name = wrapper ? functionName(wrapper) : null;
      return {
        node,
        reason: `the handler is parameter \`${n.name}\` of ${name ? `\`${name}()\`` : 'a function'}, a project wrapper: the handlers its callers pass are listed where it is called (the setting is for callers that cannot be followed)`,
        ...(name && index >= 0 ? { setting: { callee: name, handlerArg: index } } : {}),
      };
    }
    if (def?.kind === 'import') {
      const local = def.binding.source.startsWith('.') || file.project?.resolver.resolve(file.path, def.binding.source) != null;
      return { node, reason: local ? `\`${text}\` is imported from \`${def.binding.source}\` but is not a function there (a factory result or a dynamic export)` : `\`${text}\` comes from the package \`${def.binding.source}\`, outside the project` };
    }
  }
  if (n.type === AST_NODE_TYPES.MemberExpression && n.computed) return { node, reason: `dynamic lookup \`${text}\`: the handler is chosen at run time` };
  if (n.type === AST_NODE_TYPES.CallExpression) return { node, reason: `the handler is the result of \`${text}\` (a factory or wrapper whose returned function is not visible)` };
  if (n.type === AST_NODE_TYPES.Literal || n.type === AST_NODE_TYPES.TemplateLiteral || n.type === AST_NODE_TYPES.BinaryExpression) {
    return { node, reason: `a processor file named by a path computed at run time (\`${text}\`)` };
  }
  return { node, reason: `\`${text}\` is not a function this analysis can follow` };
}

function shortText(file: FileContext, node: Node): string {
  const text = file.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** The handler's function; one in another file is remembered with the reference that names it here. */
function registered(file: FileContext, target: { file: FileContext; fn: FunctionNode } | null, reference: Node): FunctionNode | null {
  if (!target || target.file === file) return target?.fn ?? null;
  let byFunction = foreignHandlers.get(file);
  if (!byFunction) {
    byFunction = new Map();
    foreignHandlers.set(file, byFunction);
  }
  if (!byFunction.has(target.fn)) byFunction.set(target.fn, { file: target.file, reference });
  return target.fn;
}

/**
 * A sandboxed processor named by its file (Bull, BullMQ): `'./mail.processor.js'`,
 * `path.join(__dirname, 'mail.processor.js')`, `path.resolve(__dirname, '..', 'jobs', 'mail')`,
 * `` `${__dirname}/mail.js` ``, `new URL('./mail.js', import.meta.url)` (also through `fileURLToPath`
 * or `.pathname`): the file's default export, read with the project model.
 */
export function processorFile(file: FileContext, node: Node): FunctionNode | null {
  const relative = staticProcessorPath(node);
  if (!relative) return null;
  return registered(file, moduleHandler(file, relative.startsWith('.') ? relative : `./${relative}`), node);
}

/** The path a processor argument names, relative to the registering file's folder; null when not static. */
function staticProcessorPath(node: Node): string | null {
  const n = unwrapAwait(node);
  const literal = (x: Node | undefined): string | null =>
    x && x.type === AST_NODE_TYPES.Literal && typeof x.value === 'string' ? x.value : x && x.type === AST_NODE_TYPES.TemplateLiteral && x.expressions.length === 0 ? (x.quasis[0]?.value.cooked ?? null) : null;
  const isDirname = (x: Node | undefined) => x?.type === AST_NODE_TYPES.Identifier && x.name === '__dirname';
  if (n.type === AST_NODE_TYPES.Literal) return literal(n);
  if (n.type === AST_NODE_TYPES.TemplateLiteral) {
    // `${__dirname}/mail.js`
    if (n.expressions.length === 1 && isDirname(n.expressions[0]) && n.quasis[0]?.value.cooked === '') return (n.quasis[1]?.value.cooked ?? '').replace(/^\//, '') || null;
    return literal(n);
  }
  if (n.type === AST_NODE_TYPES.CallExpression) {
    const name = calleeName(n);
    // path.join(__dirname, 'a', 'b.js') / path.resolve(__dirname, 'b.js')
    if ((name === 'join' || name === 'resolve') && isDirname(n.arguments[0] as Node | undefined)) {
      const parts = n.arguments.slice(1).map((a) => literal(a as Node));
      return parts.length > 0 && parts.every((p) => p != null) ? parts.join('/') : null;
    }
    // fileURLToPath(new URL('./mail.js', import.meta.url))
    if (name === 'fileURLToPath' && n.arguments[0]) return staticProcessorPath(n.arguments[0] as Node);
  }
  if (n.type === AST_NODE_TYPES.MemberExpression && !n.computed && n.property.type === AST_NODE_TYPES.Identifier && n.property.name === 'pathname') return staticProcessorPath(n.object);
  if (n.type === AST_NODE_TYPES.NewExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'URL') {
    const base = n.arguments[1];
    const isMetaUrl = base?.type === AST_NODE_TYPES.MemberExpression && base.object.type === AST_NODE_TYPES.MetaProperty && !base.computed && base.property.type === AST_NODE_TYPES.Identifier && base.property.name === 'url';
    return isMetaUrl ? literal(n.arguments[0] as Node | undefined) : null;
  }
  return null;
}

/** The property `name` of an object-literal argument, resolved to a function. */
export function handlerProperty(file: FileContext, object: Node | undefined, name: string): FunctionNode | null {
  if (!object) return null;
  const o = unwrapAwait(object);
  if (o.type !== AST_NODE_TYPES.ObjectExpression) return null;
  for (const prop of o.properties) {
    if (prop.type !== AST_NODE_TYPES.Property || prop.computed) continue;
    const key = prop.key;
    const keyName = key.type === AST_NODE_TYPES.Identifier ? key.name : key.type === AST_NODE_TYPES.Literal ? String(key.value) : null;
    if (keyName !== name) continue;
    if (prop.method || isFunction(prop.value)) return prop.value as FunctionNode;
    return handlerFunction(file, prop.value);
  }
  return null;
}

export type KeyBuilder = (unit: MessageUnit) => KeyExpression | null;

/** A key that reads `path` from the unit's message binding. */
export function keyFromMessage(file: FileContext, path: readonly PathStep[]): KeyBuilder {
  return (unit) => accessPath(file, unit.message, path);
}

/** `String(<key>)`: for ids typed as string | number. */
export function asString(builder: KeyBuilder): KeyBuilder {
  return (unit) => {
    const key = builder(unit);
    return key ? { text: `String(${key.text})`, edits: key.edits } : null;
  };
}

/**
 * A job id scoped by its queue (`${job.queueName}:${job.id}`): job ids count per queue, and one
 * processed-messages store may serve several queues. `queuePath` is where the job names its queue.
 */
export function queueScopedJobKey(file: FileContext, queuePath: readonly PathStep[]): KeyBuilder {
  return (unit) => joinedKey([accessPath(file, unit.message, queuePath), accessPath(file, unit.message, ['id'])]);
}

/** A template-literal key joining several parts with ":"; null if any part is unavailable. */
export function joinedKey(parts: readonly (KeyExpression | null)[]): KeyExpression | null {
  if (parts.some((p) => p == null)) return null;
  const present = parts as KeyExpression[];
  const seen = new Set<string>();
  const edits = present.flatMap((p) => p.edits).filter((e) => {
    const id = `${e.range[0]}:${e.text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { text: '`' + present.map((p) => '${' + p.text + '}').join(':') + '`', edits };
}

export function exitStatement(unit: MessageUnit): string {
  return unit.container.type === AST_NODE_TYPES.ForOfStatement ? 'continue;' : 'return;';
}

/**
 * An ack statement the unit already contains, re-used to settle a duplicate, when every name in it
 * means the same at `at` (the guard's position).
 */
export function reuseAckStatement(file: FileContext, settle: SettleModel, unit: MessageUnit, at: Node): string | null {
  const body = unit.container.body;
  const statements: TSESTree.Statement[] = [];
  collectStatements(body as Node, statements);
  for (const statement of statements) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
    const expr = unwrapAwait(statement.expression);
    if (expr.type !== AST_NODE_TYPES.CallExpression && expr.type !== AST_NODE_TYPES.NewExpression) continue;
    if (settle.classify(expr, file) !== 'ack') continue;
    if (!identifiersResolveSame(file, statement, at)) continue;
    return file.sourceCode.getText(statement);
  }
  return null;
}

function collectStatements(node: Node, out: TSESTree.Statement[]): void {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
      for (const s of node.body) collectStatements(s, out);
      return;
    case AST_NODE_TYPES.IfStatement:
      collectStatements(node.consequent, out);
      if (node.alternate) collectStatements(node.alternate, out);
      return;
    case AST_NODE_TYPES.TryStatement:
      collectStatements(node.block, out);
      if (node.handler) collectStatements(node.handler.body, out);
      if (node.finalizer) collectStatements(node.finalizer, out);
      return;
    case AST_NODE_TYPES.ExpressionStatement:
      out.push(node);
      return;
    default:
      return;
  }
}

/** A settle statement then the exit (one statement per line), or just the exit. */
export function settleThenExit(unit: MessageUnit, settleText: string | null): string {
  return settleText ? `${settleText.trim().replace(/;?$/, ';')}\n${exitStatement(unit)}` : exitStatement(unit);
}

export interface FunctionSiteOptions {
  library: string;
  label: string;
  fn: FunctionNode;
  /** Default: at-least-once. */
  delivery?: Delivery;
  deliveryReason?: string | undefined;
  settle: SettleModel;
  /** Parameter index of the message (or batch/payload) binding. */
  messageParam?: number;
  /** The binding that holds the message when it is not a parameter (`const event = verify(req)`). */
  message?: Node | null;
  /** For batch handlers: path from the message parameter to each message. */
  batchSteps?: readonly PathStep[];
  reportNode?: Node;
  guardedBy?: string | null;
  key: KeyBuilder;
  /** Statements that settle a duplicate and leave; default: leave. */
  duplicate?: (unit: MessageUnit, at: Node) => string | null;
  /** How the handler was found, when not by a registration in this file. */
  via?: string;
}

export function functionSite(file: FileContext, options: FunctionSiteOptions): HandlerSite {
  const { fn } = options;
  const paramIndex = options.messageParam ?? 0;
  let units: MessageUnit[] | null = null;
  const foreign = foreignHandlers.get(file)?.get(fn);
  return {
    library: options.library,
    label: options.label,
    delivery: options.delivery ?? 'at-least-once',
    ...(options.deliveryReason ? { deliveryReason: options.deliveryReason } : {}),
    ...(options.via ? { via: options.via } : {}),
    root: fn,
    ...(foreign ? { rootFile: foreign.file } : {}),
    reportNode: foreign?.reference ?? options.reportNode ?? handlerReportNode(fn),
    prelude: [],
    postlude: [],
    batch: options.batchSteps != null,
    settle: options.settle,
    guardedBy: options.guardedBy ?? null,
    units() {
      if (units) return units;
      if (options.batchSteps) {
        units = iterationsOfParam(file, fn, paramIndex, options.batchSteps).map(unitOfIteration);
      } else {
        units = [{ container: fn, message: options.message !== undefined ? options.message : (fn.params[paramIndex] ?? null) }];
      }
      return units;
    },
    messageKey: options.key,
    duplicateSettle(unit, at) {
      return options.duplicate ? options.duplicate(unit, at) : exitStatement(unit);
    },
  };
}

export function unitOfIteration(iteration: IterationUnit): MessageUnit {
  return { container: iteration.container, message: iteration.element };
}

/** Method key for class methods and property arrows, the function itself otherwise. */
export function handlerReportNode(fn: FunctionNode): Node {
  const parent = fn.parent;
  if (parent && (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition)) {
    return parent.key;
  }
  if (parent && parent.type === AST_NODE_TYPES.Property && parent.method) return parent.key;
  return fn;
}

/**
 * The same-file function a poll-loop body hands each message to (`await handleMessage(message)`),
 * and whether it receives the message itself (so a guard can go inside it).
 */
export function loopDelegate(
  file: FileContext,
  container: TSESTree.ForOfStatement | FunctionNode,
  element: Node | null,
): { fn: FunctionNode; param: Node | null } | null {
  if (!element) return null;
  const names = new Set(patternIdentifiers(element).map((id) => id.name));
  if (names.size === 0) return null;
  let found: { fn: FunctionNode; param: Node | null } | null = null;
  findDescendant(container.body as Node, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const fn = file.functionOf(node.callee);
    if (!fn || fn === container) return false;
    for (let i = 0; i < node.arguments.length; i++) {
      const arg = node.arguments[i] as Node;
      const root = rootIdentifier(arg);
      if (root && names.has(root.name)) {
        const direct = unwrapAwait(arg).type === AST_NODE_TYPES.Identifier && element.type === AST_NODE_TYPES.Identifier;
        found = { fn, param: direct ? (fn.params[i] ?? null) : null };
        return true;
      }
    }
    return false;
  });
  return found;
}

/** Statements after the one that receives the messages and before the loop, in the same block. */
function preludeOf(iteration: IterationUnit): TSESTree.Statement[] {
  const loop = iteration.container;
  const block = loop.parent;
  if (loop.type !== AST_NODE_TYPES.ForOfStatement || block?.type !== AST_NODE_TYPES.BlockStatement) return [];
  const statements = block.body;
  const end = statements.indexOf(loop);
  const start = statements.findIndex((s) => s.range[0] <= iteration.source.range[0] && iteration.source.range[1] <= s.range[1]);
  return start >= 0 && start < end ? statements.slice(start + 1, end) : [];
}

/** Statements after the loop (or the statement iterating with a callback) in its block. */
function postludeOf(iteration: IterationUnit): TSESTree.Statement[] {
  let statement: Node = iteration.container.type === AST_NODE_TYPES.ForOfStatement ? iteration.container : (iteration.call ?? iteration.container);
  while (statement.parent && statement.parent.type !== AST_NODE_TYPES.BlockStatement && statement.parent.type !== AST_NODE_TYPES.Program) {
    if (isFunction(statement.parent)) return [];
    statement = statement.parent;
  }
  const block = statement.parent;
  if (block?.type !== AST_NODE_TYPES.BlockStatement && block?.type !== AST_NODE_TYPES.Program) return [];
  const statements = block.body as TSESTree.Statement[];
  const index = statements.indexOf(statement as TSESTree.Statement);
  return index >= 0 ? statements.slice(index + 1) : [];
}

export interface LoopSiteOptions {
  library: string;
  label: string;
  /** Default: at-least-once. */
  delivery?: Delivery;
  deliveryReason?: string;
  settle: SettleModel;
  /** Path from each element (message) to its id, or a builder for ids that are not a plain path. */
  key: readonly PathStep[] | KeyBuilder;
  /** How a duplicate is settled; default: re-use the unit's ack statement, else leave. */
  duplicate?: (unit: MessageUnit, at: Node) => string | null;
}

/**
 * One handler site per loop over received messages. When the loop hands each message to a same-file
 * function, that function is where the missing-dedup report and the guard go.
 */
export function loopSite(discoveredIn: FileContext, iteration: IterationUnit, options: LoopSiteOptions): HandlerSite {
  // The loop is in another file when a project helper there returns the messages to it.
  const file = iteration.file;
  const foreign = file !== discoveredIn;
  const delegate = loopDelegate(file, iteration.container, iteration.element);
  const loopUnit = unitOfIteration(iteration);
  const guardUnit: MessageUnit = delegate?.param ? { container: delegate.fn, message: delegate.param } : loopUnit;
  const reportNode = delegate ? handlerReportNode(delegate.fn) : iteration.container;
  return {
    library: options.library,
    label: options.label,
    delivery: options.delivery ?? 'at-least-once',
    ...(options.deliveryReason ? { deliveryReason: options.deliveryReason } : {}),
    root: iteration.container,
    reportNode,
    prelude: preludeOf(iteration),
    postlude: postludeOf(iteration),
    batch: false,
    settle: options.settle,
    guardedBy: null,
    units: () => [guardUnit],
    // A key builder reads the file the library discovered the receive in; a path reads anywhere.
    messageKey: typeof options.key === 'function' ? (foreign ? () => null : options.key) : keyFromMessage(file, options.key),
    duplicateSettle(unit, at) {
      // The library's own duplicate settling is written for the file it discovered the receive in.
      if (options.duplicate && !foreign) return options.duplicate(unit, at);
      // Leaving a duplicate unsettled would leave it pending (or redelivered) forever.
      const ack = reuseAckStatement(file, options.settle, unit, at);
      return ack ? settleThenExit(unit, ack) : null;
    },
  };
}

/** A node-style callback called as success: `done()`, `done(null)`, `done(undefined)` (anything else passes an error). */
export function callsBackSuccess(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  return !first || (first.type === AST_NODE_TYPES.Literal && first.value === null) || (first.type === AST_NODE_TYPES.Identifier && first.name === 'undefined');
}

/** A listener registered with `receiver.on(event, fn)` (or `addListener` / `once`). */
export interface ListenerRegistration {
  call: TSESTree.CallExpression;
  event: string;
  receiver: Node;
  /** The listener argument as written (a function, a reference, `this.m.bind(this)`). */
  listener: Node;
}

/**
 * The listeners for `events` in this file whose receiver `accepts` (usually: the receiver is a value
 * of the library's package, `file.originOf(receiver)`). Not `process.on(…)`.
 */
export function eventListeners(candidates: Candidates, events: readonly string[], accepts: (receiver: Node) => boolean): ListenerRegistration[] {
  const out: ListenerRegistration[] = [];
  for (const method of ['on', 'addListener', 'once', 'prependListener']) {
    for (const call of candidates.callsNamed(method)) {
      const first = call.arguments[0] ? unwrap(call.arguments[0]) : null;
      const event = first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : null;
      const receiver = calleeObject(call);
      if (!event || !events.includes(event) || !receiver || !call.arguments[1]) continue;
      if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'process') continue;
      if (accepts(receiver)) out.push({ call, event, receiver, listener: call.arguments[1] });
    }
  }
  return out;
}

/** Whether a value comes from one of `modules` (`new kafka.Consumer(…)`, `mqtt.connect(…)`, a field typed with its class). */
export function comesFrom(file: FileContext, node: Node, modules: readonly string[]): boolean {
  const origin = file.originOf(node);
  return origin != null && modules.includes(origin);
}

/**
 * The expression that made a receiver: `consumer` declared as `new ConsumerGroup(…)`, `this.consumer`
 * assigned `new Consumer(…)` in its class, or the receiver of a chained `.on(…).on(…)`.
 */
export function constructionOf(file: FileContext, receiver: Node, depth = 0): TSESTree.NewExpression | TSESTree.CallExpression | null {
  const r = unwrapAwait(receiver);
  if (depth > 4) return null;
  if (r.type === AST_NODE_TYPES.NewExpression) return r;
  if (r.type === AST_NODE_TYPES.CallExpression) {
    // `consumer.on('ready', …).on('data', …)`: listeners return their emitter.
    const name = calleeName(r);
    const object = calleeObject(r);
    if (object && (name === 'on' || name === 'once' || name === 'addListener')) return constructionOf(file, object, depth + 1);
    return r;
  }
  if (r.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(r);
    return def?.kind === 'variable' && def.node.init ? constructionOf(file, def.node.init, depth + 1) : null;
  }
  if (r.type === AST_NODE_TYPES.MemberExpression && unwrap(r.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(r);
    const cls = enclosingClass(r);
    if (!name || !cls) return null;
    const field = classField(cls, name);
    if (field?.type === AST_NODE_TYPES.PropertyDefinition && field.value) return constructionOf(file, field.value, depth + 1);
    let assigned: Node | null = null;
    findDescendant(cls.body, (n) => {
      if (n.type === AST_NODE_TYPES.AssignmentExpression && n.left.type === AST_NODE_TYPES.MemberExpression && unwrap(n.left.object).type === AST_NODE_TYPES.ThisExpression && propertyName(n.left) === name) {
        assigned = n.right;
        return true;
      }
      return false;
    });
    return assigned ? constructionOf(file, assigned, depth + 1) : null;
  }
  return null;
}

/** A function this file calls itself is a helper of a handler here, not one registered elsewhere. */
export function isCalledInFile(file: FileContext, fn: FunctionNode): boolean {
  return file.referencesOf(fn).some((ref) => ref.parent?.type === AST_NODE_TYPES.CallExpression && ref.parent.callee === ref);
}


export interface TypedHandlerShape {
  /** Packages whose types mark a handler. */
  modules: readonly string[];
  /** Types of a handler's first parameter: `(job: Job)`. */
  messageTypes: readonly string[];
  /** Types of a handler itself: `const p: Processor = async (job) => …`. */
  handlerTypes?: readonly string[];
  /** Names of functions that take the message type but are not handlers (a queue's lifecycle listeners). */
  notHandlers?: RegExp;
  /** The message may be any parameter (`consume(channel: Channel, msg: ConsumeMessage)`), not only the first. */
  anyParam?: boolean;
}

/** The index of the parameter typed with one of `types` from `modules` (-1 when none). */
export function typedParamIndex(file: FileContext, fn: FunctionNode, modules: readonly string[], types: readonly string[]): number {
  return fn.params.findIndex((param) => isLibraryTypeRef(file, bareParam(param), modules, types));
}

/** `x: Job` with `Job` imported from one of `modules`, or `x: Bull.Job` through its namespace / default import. */
function isLibraryTypeRef(file: FileContext, annotated: Node | null | undefined, modules: readonly string[], names: readonly string[]): boolean {
  const reference = typeReference(annotated);
  if (!reference) return false;
  const [head, last] = reference;
  if (!names.includes(last)) return false;
  const binding = file.imports.get(head);
  if (!binding || !modules.includes(binding.root)) return false;
  return head === last ? binding.imported === last : binding.imported === '*' || binding.imported === 'default' || binding.commonjs;
}

/** Lifecycle listeners of job queues take the job type too (`worker.on('completed', (job: Job) => …)`, `onFailed(job: Job)`). */
export const JOB_LIFECYCLE_LISTENER = /^(on[A-Z_]|handle(Completed|Failed|Error|Progress|Stalled)\b)/;

/**
 * Handlers written here and registered elsewhere (or typed instead of registered): functions whose
 * first parameter is typed with one of the library's message types, or consts typed with its handler
 * type. Not: functions this file calls or hands to a call (a helper, a listener), decorated methods
 * and methods of decorated classes (framework handlers, found by their own module), lifecycle
 * listeners by name.
 */
export function typedHandlers(file: FileContext, typedFunctions: readonly FunctionNode[], shape: TypedHandlerShape): FunctionNode[] {
  const isLibraryType = (annotated: Node | null | undefined, names: readonly string[]) => isLibraryTypeRef(file, annotated, shape.modules, names);
  const out: FunctionNode[] = [];
  for (const fn of typedFunctions) {
    const typed = shape.anyParam ? typedParamIndex(file, fn, shape.modules, shape.messageTypes) >= 0 : isLibraryType(bareParam(fn.params[0]), shape.messageTypes);
    if (typed && standsAlone(file, fn, shape.notHandlers)) out.push(fn);
  }
  if (shape.handlerTypes) {
    for (const statement of (file.sourceCode.ast as TSESTree.Program).body) {
      const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
      if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
      for (const d of declaration.declarations) {
        const init = d.init ? unwrapAwait(d.init) : null;
        if (isFunction(init) && isLibraryType(d.id, shape.handlerTypes) && !out.includes(init) && standsAlone(file, init, shape.notHandlers)) out.push(init);
      }
    }
  }
  return out;
}

/** `x: Job<T>` → ["Job", "Job"]; `x: Bull.Job` → ["Bull", "Job"]. */
function typeReference(node: Node | null | undefined): [string, string] | null {
  const annotation = node && 'typeAnnotation' in node ? (node as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation : undefined;
  const type = annotation?.type === AST_NODE_TYPES.TSTypeAnnotation ? annotation.typeAnnotation : null;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  const name = type.typeName;
  if (name.type === AST_NODE_TYPES.Identifier) return [name.name, name.name];
  if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) return [name.left.name, name.right.name];
  return null;
}

function standsAlone(file: FileContext, fn: FunctionNode, notHandlers: RegExp | undefined): boolean {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) return false;
  if (parent?.type === AST_NODE_TYPES.MethodDefinition) {
    if ((parent.decorators?.length ?? 0) > 0 || parent.kind !== 'method') return false;
    const cls = parent.parent.parent;
    if ((cls.decorators?.length ?? 0) > 0) return false;
  }
  const name = functionName(fn);
  if (name && notHandlers?.test(name)) return false;
  return !isCalledInFile(file, fn);
}

function functionName(fn: FunctionNode): string | null {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name ?? null;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition || parent?.type === AST_NODE_TYPES.Property) && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
    return parent.key.name;
  }
  return null;
}
