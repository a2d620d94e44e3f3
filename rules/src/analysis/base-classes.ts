/**
 * Template-method consumers: a project base class registers a handler with a library and hands each
 * message to a method its subclasses write (`this.onMessage(data, msg)`, `this.callback(value)`), or
 * registers one of its own methods that subclasses override. The subclass's method is then a
 * handler of that library. It is found from the subclass's file: the `extends` clause is resolved
 * (in this file or, with the project model, another one) and the base class's file is discovered
 * like any other.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { functionSite } from '../libraries/support';
import type { HandlerSite } from '../libraries/types';
import { classTarget } from '../project/targets';
import { noteRead } from '../project/reads';
import { bareParam, forEachChild, isInside, ownMethod, propertyName, unwrap, type FunctionNode, type Node } from './ast';
import type { FileContext } from './file-context';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** Base classes followed up an `extends` chain (`OrderListener extends JsonListener extends Listener`). */
const MAX_BASES = 3;

/**
 * Handlers of `classes` (the file's classes that extend something) that a base class registers.
 * `sitesOf` discovers the handlers of another file (the base class's).
 */
export function subclassSites(file: FileContext, classes: readonly ClassNode[], sitesOf: (file: FileContext) => readonly HandlerSite[]): HandlerSite[] {
  const out: HandlerSite[] = [];
  for (const cls of classes) {
    const known = knownBase(file, cls);
    if (known?.registers === false) continue;
    let registers = false;
    let superClass = cls.superClass;
    for (let level = 0; superClass && level < MAX_BASES; level++) {
      const base = classTarget(file, superClass);
      if (!base || base.cls === cls) break;
      for (const site of sitesOf(base.file)) {
        if (site.root.type === AST_NODE_TYPES.ForOfStatement || !isInside(site.root, base.cls)) continue;
        registers = true;
        for (const dispatch of dispatchesOf(site)) {
          const override = ownMethod(cls, dispatch.method);
          if (!override) continue;
          out.push(
            functionSite(file, {
              library: site.library,
              label: `${site.label} (${className(base.cls)} subclass)`,
              fn: override,
              // The consumer's delivery (request/reply, at-least-once) is the handler's.
              delivery: site.delivery,
              deliveryReason: site.deliveryReason,
              settle: site.settle,
              messageParam: dispatch.messageParam,
              // The base's key is written for its own message binding; the subclass may only get the payload.
              key: () => null,
              via: `base class ${className(base.cls)}`,
            }),
          );
        }
      }
      superClass = base.cls.superClass;
    }
    // Every subclass of the same base would find out the same: most bases are not consumers.
    if (known) known.remember(registers);
  }
  return out;
}

/** An imported base class already read for another subclass (keyed by its module and name): whether it registers a handler. */
const basesByProject = new WeakMap<object, Map<string, { registers: boolean; at: number }>>();
/** An editor session sees a base class that starts to register within this long. */
const FRESH_MS = 30_000;

function knownBase(file: FileContext, cls: ClassNode): { registers: boolean | null; remember(registers: boolean): void } | null {
  const superClass = cls.superClass ? unwrap(cls.superClass) : null;
  const binding = superClass?.type === AST_NODE_TYPES.Identifier ? file.importOf(superClass) : null;
  const project = file.project;
  if (!binding || !project) return null;
  let known = basesByProject.get(project);
  if (!known) basesByProject.set(project, (known = new Map()));
  // A base from a package outside the project (`Error`'s kin, framework classes) is never read.
  const module = project.resolver.resolve(file.path, binding.source);
  if (!module) return { registers: false, remember: () => undefined };
  const key = `${module}\0${binding.imported}`;
  const cached = known.get(key);
  const map = known;
  const fresh = cached != null && Date.now() - cached.at < FRESH_MS;
  // An answer from the cache still depends on the base's module (the server re-lints when it changes).
  if (fresh) noteRead(module);
  return {
    registers: fresh ? cached.registers : null,
    remember: (registers) => map.set(key, { registers, at: Date.now() }),
  };
}

export interface Dispatch {
  method: string;
  /** The argument position that carries the message (or what the base derived from it). */
  messageParam: number;
}

/** The methods a base class's handler runs on `this`: the handler itself, and `this.m(…)` calls in it. */
function dispatchesOf(site: HandlerSite): Dispatch[] {
  const root = site.root as FunctionNode;
  const out: Dispatch[] = [];
  const owner = root.parent;
  if (owner?.type === AST_NODE_TYPES.MethodDefinition) {
    const name = propertyName(owner);
    if (name) out.push({ method: name, messageParam: 0 });
  }
  // A call that does not pass the message itself gets what the base derived from it, first.
  for (const call of callsOnThis(root, 0)) out.push({ method: call.method, messageParam: Math.max(call.messageParam, 0) });
  return out;
}

/**
 * `this.m(…)` calls in a method, with the position at which each passes the method's parameter
 * `param` (-1 when it does not): what a template method routes its message to.
 */
export function callsOnThis(fn: FunctionNode, param: number): Dispatch[] {
  const bare = bareParam(fn.params[param]);
  const name = bare?.type === AST_NODE_TYPES.Identifier ? bare.name : null;
  const out: Dispatch[] = [];
  const visit = (n: Node): void => {
    if (n.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.ThisExpression) {
        const method = propertyName(callee);
        if (method) out.push({ method, messageParam: name ? n.arguments.findIndex((a) => unwrap(a).type === AST_NODE_TYPES.Identifier && (unwrap(a) as TSESTree.Identifier).name === name) : -1 });
      }
    }
    // Nested classes have their own `this`.
    if (n.type === AST_NODE_TYPES.ClassBody) return;
    forEachChild(n, visit);
  };
  forEachChild(fn.body, visit);
  return out;
}

function className(cls: ClassNode): string {
  return cls.id?.name ?? 'base class';
}
