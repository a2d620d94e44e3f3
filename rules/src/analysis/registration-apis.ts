/**
 * Project wrappers around a library's registration: `generateWorker(name, processor)` whose body is
 * `new Worker(name, processor, opts)`, `consumeQueue(queue, fn)` around `channel.consume(queue, fn)`,
 * `new Worker(name, instrument(processor))`. A call of such a wrapper (imported from another project
 * file) registers the function it passes: the wrapper's file is read again with the wrapper's
 * parameters standing for the call's functions, and the library's own discovery finds the handler.
 */
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { HandlerSite } from '../libraries/types';
import { callTarget } from '../project/targets';
import { exitStatement, handlerReportNode } from '../libraries/support';
import { bareParam, calleeName, isFunction, unwrap, type FunctionNode } from './ast';
import type { FileContext } from './file-context';

/** Discovers the handlers of another file (with whatever parameter bindings that file holds now). */
export type DiscoverIn = (file: FileContext) => readonly HandlerSite[];
/** Whether a module's text mentions a supported library (its libraries' text hints). */
export type MentionsLibrary = (text: string) => boolean;

/** Handlers this file passes to project wrappers that register them with a library. */
export function wrapperSites(file: FileContext, calls: readonly TSESTree.CallExpression[], discoverIn: DiscoverIn, mentionsLibrary: MentionsLibrary): HandlerSite[] {
  if (!file.project) return [];
  const out: HandlerSite[] = [];
  for (const call of calls) {
    if (!call.arguments.some(isFunctionLike) || !importsALibrary(file, call.callee, mentionsLibrary)) continue;
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
 * The callee is imported from a project module whose text mentions a supported library: the cheap
 * test before a wrapper is parsed (most imported calls with a callback are not registrations).
 */
function importsALibrary(file: FileContext, callee: TSESTree.Node, mentionsLibrary: MentionsLibrary): boolean {
  const c = unwrap(callee);
  const head = c.type === AST_NODE_TYPES.MemberExpression ? unwrap(c.object) : c;
  const binding = head.type === AST_NODE_TYPES.Identifier ? file.importOf(head) : null;
  const project = file.project;
  if (!binding || !project) return false;
  let known = mentionsByImport.get(project);
  if (!known) mentionsByImport.set(project, (known = new Map()));
  // Keyed by the importing folder and the specifier: many files of a folder import the same modules.
  const key = `${path.dirname(file.path)}\0${binding.source}`;
  const cached = known.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.mentions;
  const target = project.resolver.resolve(file.path, binding.source);
  const text = target ? project.fs.text(target) : null;
  const mentions = text != null && mentionsLibrary(text);
  known.set(key, { mentions, at: Date.now() });
  return mentions;
}

/** An editor session sees a module that starts to use a library within this long. */
const FRESH_MS = 30_000;
const mentionsByImport = new WeakMap<object, Map<string, { mentions: boolean; at: number }>>();

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

/** The wrapper's file discovered with its parameters bound; only the sites whose handler is one of ours. */
function instantiate(wrapperFile: FileContext, bindings: ReadonlyMap<TSESTree.Identifier, FunctionNode>, discoverIn: DiscoverIn): HandlerSite[] {
  if (wrapperFile.parameterFunctions) return []; // already being read for an enclosing call (a cycle)
  const ours = new Set(bindings.values());
  wrapperFile.parameterFunctions = bindings;
  try {
    // Batch handlers read their messages through the library's file-bound helpers: left out.
    return discoverIn(wrapperFile).filter((site) => ours.has(site.root as FunctionNode) && !site.batch);
  } finally {
    wrapperFile.parameterFunctions = null;
  }
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
