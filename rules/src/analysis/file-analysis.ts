/**
 * One analysis per file, shared by every rule. ESLint hands all rules the same SourceCode object, so
 * the first rule created for a file owns a collector that listens during ESLint's own traversal
 * (no second walk of the tree); the first rule to reach `Program:exit` runs discovery and the flow
 * analysis; the others read the cached result.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { LIBRARIES } from '../libraries';
import type { CandidateKind, Candidates, HandlerSite, LibraryModule } from '../libraries/types';
import type { IdempotencySettings } from '../settings';
import { bareParam, calleeName, forEachChild, isFunction, type FunctionNode, type Node } from './ast';
import { subclassSites } from './base-classes';
import { receiveWrapperSites } from './receive-wrappers';
import { wrapperSites } from './registration-apis';
import { registrySites } from './registries';
import { unresolvedRegistrations, type UnresolvedRegistration } from '../libraries/support';
import { projectFor } from '../project/model';
import { FileContext, type SourceCode } from './file-context';
import { analyzeHandler, newClassificationCache, type HandlerFacts } from './flow';

export interface FileAnalysis {
  file: FileContext;
  /** Registrations whose handler could not be resolved (the inventory's `unresolved`). */
  unresolved: readonly UnresolvedRegistration[];
  /** Every handler found, whatever its delivery (the consumer inventory). */
  sites: HandlerSite[];
  /** The facts of the at-least-once handlers: the only ones with redelivery hazards. */
  handlers: HandlerFacts[];
}

class Collector implements Candidates {
  readonly calls: TSESTree.CallExpression[] = [];
  readonly news: TSESTree.NewExpression[] = [];
  readonly decoratedMembers: TSESTree.MethodDefinition[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  readonly typedFunctions: FunctionNode[] = [];
  private callIndex: Map<string, TSESTree.CallExpression[]> | null = null;

  callsNamed(name: string): readonly TSESTree.CallExpression[] {
    this.callIndex ??= index(this.calls);
    return this.callIndex.get(name) ?? [];
  }
}

function index<T extends TSESTree.CallExpression | TSESTree.NewExpression>(calls: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const call of calls) {
    const name = calleeName(call);
    if (!name) continue;
    const list = map.get(name);
    if (list) list.push(call);
    else map.set(name, [call]);
  }
  return map;
}

interface Entry {
  owner: string;
  /** Libraries whose text hints the file contains (null collector when none). */
  libraries: readonly LibraryModule[];
  /** The file has classes that extend another (collected for template-method handlers). */
  subclasses: boolean;
  /** The file imports something: its calls may go to project wrappers of a library's registration. */
  wrapped: boolean;
  collector: Collector | null;
  settings: IdempotencySettings;
  result: FileAnalysis | null;
}

const entries = new WeakMap<SourceCode, Map<string, Entry>>();

/** The libraries the file could use, from a cheap text check before any work. */
function activeLibraries(text: string, settings: IdempotencySettings): LibraryModule[] {
  return LIBRARIES.filter((library) =>
    library.textHints.length > 0
      ? library.textHints.some((hint) => text.includes(hint))
      : settings.consumers.length > 0 || text.includes('@consumer'),
  );
}

/** Every package a library module names, quoted as in an import or `require` (`'kafkajs'`, `"bullmq/…"`). */
const LIBRARY_PACKAGE = new RegExp(`['"](?:${[...new Set(LIBRARIES.flatMap((library) => library.modules))].map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})['"/]`);

/** The text imports a package one of the library modules knows (stricter than their text hints). */
function importsLibraryPackage(text: string): boolean {
  return LIBRARY_PACKAGE.test(text);
}

function discover(file: FileContext, collector: Collector, libraries: readonly LibraryModule[]): HandlerSite[] {
  const sites: HandlerSite[] = [];
  const roots = new Set<unknown>();
  for (const library of libraries) {
    if (library.modules.length > 0 && !file.hasModule(...library.modules)) continue;
    library.discover(file, collector, (site) => {
      if (roots.has(site.root)) return;
      roots.add(site.root);
      sites.push(site);
    });
  }
  return sites;
}

/**
 * Adds the handlers another discovery finds (those whose function is not a handler already). A
 * discovery that reads other files may meet a shape it did not foresee: it then adds nothing, and
 * the file's own analysis goes on.
 */
function addFound(sites: HandlerSite[], find: () => readonly HandlerSite[]): void {
  let found: readonly HandlerSite[];
  try {
    found = find();
  } catch {
    return;
  }
  const roots = new Set<unknown>(sites.map((site) => site.root));
  for (const site of found) {
    if (roots.has(site.root)) continue;
    roots.add(site.root);
    sites.push(site);
  }
}

/** Template-method handlers: subclasses' methods a base class (here or in another file) registers. */
function discoverSubclasses(file: FileContext, collector: Collector, sites: HandlerSite[]): void {
  if (collector.classes.length > 0) addFound(sites, () => subclassSites(file, collector.classes, sitesInFile));
}

/**
 * Handlers this file passes to project wrappers of a library's registration (`generateWorker('flow', fn)`),
 * and its loops over messages a project helper receives (`for (const m of await receiveBatch())`).
 */
function discoverWrapped(file: FileContext, collector: Collector, sites: HandlerSite[]): void {
  const libraryText = { mentions: (text: string): boolean => activeLibraries(text, file.settings).length > 0, imports: importsLibraryPackage };
  addFound(sites, () => wrapperSites(file, collector.calls, discoverWithBindings, libraryText));
  addFound(sites, () => receiveWrapperSites(file, collector.calls, discoverWithBindings, libraryText));
}

/** Another file's handlers, discovered now (its parameters may stand for a caller's functions): not cached. */
function discoverWithBindings(file: FileContext): HandlerSite[] {
  const libraries = activeLibraries(file.sourceCode.text, file.settings);
  return libraries.length > 0 ? discover(file, candidatesOf(file), libraries) : [];
}

const collected = new WeakMap<FileContext, Collector>();

function candidatesOf(file: FileContext): Collector {
  let collector = collected.get(file);
  if (!collector) collected.set(file, (collector = collectAll(file.sourceCode.ast as TSESTree.Program)));
  return collector;
}

const otherFileSites = new WeakMap<FileContext, HandlerSite[]>();

/** The handlers a file registers, for a file the rules are not linting now (a base class's). */
function sitesInFile(file: FileContext): HandlerSite[] {
  const known = otherFileSites.get(file);
  if (known) return known;
  otherFileSites.set(file, []); // cycle guard
  const libraries = activeLibraries(file.sourceCode.text, file.settings);
  const sites = libraries.length > 0 ? discover(file, candidatesOf(file), libraries) : [];
  otherFileSites.set(file, sites);
  return sites;
}

/**
 * Handlers of this file that a registry elsewhere dispatches to (`workers.forEach((w) => subscribe(…,
 * (m) => w.handler(m)))` with this module's export in `workers`).
 */
function discoverRegistered(file: FileContext, sites: HandlerSite[]): void {
  addFound(sites, () => registrySites(file, allSitesInFile));
}

const otherFileAllSites = new WeakMap<FileContext, HandlerSite[]>();

/** Another file's handlers, registered there directly or through a project wrapper (a registry's consumer). */
function allSitesInFile(file: FileContext): HandlerSite[] {
  const known = otherFileAllSites.get(file);
  if (known) return known;
  otherFileAllSites.set(file, []); // cycle guard
  const sites = [...sitesInFile(file)];
  if (IMPORTS.test(file.sourceCode.text)) discoverWrapped(file, candidatesOf(file), sites);
  otherFileAllSites.set(file, sites);
  return sites;
}

/** What the listeners below collect during ESLint's traversal, for a tree ESLint does not traverse. */
function collectAll(program: TSESTree.Program): Collector {
  const collector = new Collector();
  const visit = (n: Node): void => {
    if (n.type === AST_NODE_TYPES.CallExpression) collector.calls.push(n);
    else if (n.type === AST_NODE_TYPES.NewExpression) collector.news.push(n);
    else if (n.type === AST_NODE_TYPES.MethodDefinition && (n.decorators?.length ?? 0) > 0) collector.decoratedMembers.push(n);
    else if ((n.type === AST_NODE_TYPES.ClassDeclaration || n.type === AST_NODE_TYPES.ClassExpression) && n.superClass) collector.classes.push(n);
    else if (isFunction(n) && hasTypedParam(n)) collector.typedFunctions.push(n);
    forEachChild(n, visit);
  };
  forEachChild(program, visit);
  return collector;
}

/** A function with a type-annotated parameter (a handler may be typed with a library's message type). */
function hasTypedParam(fn: FunctionNode): boolean {
  return fn.params.some((param) => {
    const bare = bareParam(param);
    return bare != null && 'typeAnnotation' in bare && bare.typeAnnotation?.type === AST_NODE_TYPES.TSTypeAnnotation;
  });
}

/** A class that extends something: its methods may be handlers a base class registers. */
const EXTENDS = /\bextends\b/;
const IMPORTS = /\bimport\b|\brequire\(/;
/** A module that exports something: a registry elsewhere may hold it. */
const EXPORTS = /\bexport\b|\bexports\b/;

function compute(file: FileContext, collector: Collector | null, libraries: readonly LibraryModule[]): FileAnalysis {
  if (!collector) return { file, sites: [], handlers: [], unresolved: [] };
  const cache = newClassificationCache();
  const sites = discover(file, collector, libraries);
  discoverSubclasses(file, collector, sites);
  if (file.project) {
    discoverWrapped(file, collector, sites);
    if (EXPORTS.test(file.sourceCode.text)) discoverRegistered(file, sites);
  }
  const handlers = sites.filter((site) => site.delivery === 'at-least-once').map((site) => analyzeHandler(file, site, cache));
  return { file, sites, handlers, unresolved: unresolvedRegistrations(file) };
}

export interface AnalysisSession {
  /** Listeners to merge into the rule's (empty unless this rule collects for the file). */
  listeners: TSESLint.RuleListener;
  /** The file's analysis; call from `Program:exit`. */
  result(): FileAnalysis;
}

/**
 * Joins (or starts) the shared analysis of the file being linted. `ruleId` identifies the caller so
 * that exactly one rule collects.
 */
export function analysisSession(sourceCode: SourceCode, settings: IdempotencySettings, key: string, ruleId: string, filename = ''): AnalysisSession {
  let byKey = entries.get(sourceCode);
  if (!byKey) {
    byKey = new Map();
    entries.set(sourceCode, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    const libraries = activeLibraries(sourceCode.text, settings);
    const subclasses = EXTENDS.test(sourceCode.text);
    // A call of an imported project function may register a handler (a wrapper of a library).
    const wrapped = settings.followImports && IMPORTS.test(sourceCode.text);
    const registered = settings.followImports && EXPORTS.test(sourceCode.text);
    entry = { owner: ruleId, libraries, subclasses, wrapped, collector: libraries.length > 0 || subclasses || wrapped || registered ? new Collector() : null, settings, result: null };
    byKey.set(key, entry);
  }
  const current = entry;
  const result = (): FileAnalysis => {
    current.result ??= compute(
      // The project model is only consulted for files that have a handler (see flow.ts).
      new FileContext(sourceCode, current.settings, filename, current.collector && current.settings.followImports ? projectFor(filename) : null, key),
      current.collector,
      current.libraries,
    );
    return current.result;
  };
  const collector = current.collector;
  if (current.owner !== ruleId || !collector) return { listeners: {}, result };
  const kinds = new Set<CandidateKind>(current.libraries.flatMap((l) => l.candidates));
  if (current.subclasses) kinds.add('classes');
  if (current.wrapped) kinds.add('calls');
  return { listeners: collectorListeners(collector, kinds), result };
}

/** The analysis the rules made of a file during the lint that just ran, or null when none of them ran on it. */
export function analysisOf(sourceCode: SourceCode): FileAnalysis | null {
  for (const entry of entries.get(sourceCode)?.values() ?? []) if (entry.result) return entry.result;
  return null;
}

/** Only the listeners the file's libraries need: each one costs a call per matching node. */
function collectorListeners(collector: Collector, kinds: ReadonlySet<CandidateKind>): TSESLint.RuleListener {
  const listeners: TSESLint.RuleListener = {};
  if (kinds.has('calls')) {
    listeners.CallExpression = (node) => {
      collector.calls.push(node);
    };
  }
  if (kinds.has('news')) {
    listeners.NewExpression = (node) => {
      collector.news.push(node);
    };
  }
  if (kinds.has('decoratedMembers')) {
    listeners.MethodDefinition = (node) => {
      if (node.decorators && node.decorators.length > 0) collector.decoratedMembers.push(node);
    };
  }
  if (kinds.has('classes')) {
    listeners['ClassDeclaration, ClassExpression'] = (node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) => {
      if (node.superClass) collector.classes.push(node);
    };
  }
  if (kinds.has('typedFunctions')) {
    listeners['FunctionDeclaration, FunctionExpression, ArrowFunctionExpression'] = (node: FunctionNode) => {
      if (hasTypedParam(node)) collector.typedFunctions.push(node);
    };
  }
  return listeners;
}
