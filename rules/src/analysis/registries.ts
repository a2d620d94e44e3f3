/**
 * Handler objects collected in registries: a module exports `{ subscription, handler }` (or a class
 * whose instances handle a topic), another puts it in an array (`export const workers = [a, b]`),
 * and a consumer iterates the array and hands each message to the element
 * (`workers.forEach((w) => subscribe(w.topic, (m) => w.handler(m)))`,
 * `for (const h of handlers) await h.handle(event)`). The element's function is then a handler of
 * the consumer's library, found from its own file, so that its findings are shown where it is
 * written: its importers are found by a text index, the array followed to the files that iterate
 * it (the array's own, or one that imports it), and those files discovered like any other.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { functionSite } from '../libraries/support';
import type { HandlerSite, MessageUnit } from '../libraries/types';
import { holdsArrayLiteral, importersOf } from '../project/importers';
import { exportedClass, exportedMemberFunction } from '../project/targets';
import { bareParam, forEachChild, isAwaitedOrReturned, mentionsIdentifier, ownMethod, propertyName, unwrap, type FunctionNode, type Node } from './ast';
import type { FileContext } from './file-context';
import { callsOnThis } from './base-classes';
import { forwardedKey, settledOnReturnBy } from './registration-apis';

/** A file that exports something another file may collect. */
const EXPORTS = /\bexport\b|\bexports\b/;
/** Bounds on the files parsed for one module. */
const MAX_IMPORTERS = 20;
const MAX_ITERATORS = 10;
/** Tests iterate registries too (`workers.find((w) => w.subscription === …)`); they consume nothing. */
const TEST_FILE = /(^|[\\/])(__tests__|__mocks__|tests?|spec|e2e)[\\/]|\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/;

interface Element {
  /** The file holding the array. */
  file: FileContext;
  /** The variable holding the array (`workers`). */
  arrayName: string;
  /** Whether that variable is exported (other files may iterate it). */
  exported: boolean;
  /** The name the element has in the linted module's exports ("default" for `export default`). */
  exportName: string;
}

/** The linted module's functions that registries elsewhere hand messages to. */
export function registrySites(file: FileContext, sitesOf: (file: FileContext) => readonly HandlerSite[]): HandlerSite[] {
  const project = file.project;
  if (!project || !file.path || !EXPORTS.test(file.sourceCode.text)) return [];
  const out: HandlerSite[] = [];
  const seen = new Set<FunctionNode>();
  const add = (fn: FunctionNode, consumer: HandlerSite, unit: MessageUnit, argument: TSESTree.CallExpressionArgument | undefined, index: number, element: Element, iterating: FileContext, call: TSESTree.CallExpression) => {
    if (seen.has(fn)) return;
    seen.add(fn);
    out.push(elementSite(file, fn, consumer, unit, argument, index, element, iterating, call));
  };
  for (const element of elementsOf(file)) {
    for (const iterating of iteratingFiles(element)) {
      for (const site of sitesOf(iterating.file)) {
        // The dispatch is read in the iterating file: a handler written elsewhere is not.
        if (site.rootFile) continue;
        for (const unit of site.units()) {
          for (const dispatch of dispatchesIn(iterating.file, unit, iterating.localName)) {
            const target = exportedMemberFunction(file, element.exportName, dispatch.method);
            if (!target) continue;
            const index = messageArgument(iterating.file, dispatch.call, unit);
            if (target.file === file) {
              add(target.fn, site, unit, dispatch.call.arguments[index], index, element, iterating.file, dispatch.call);
              continue;
            }
            // Inherited from a base class in another file (`handle(payload)` routing to
            // `this.handleInsert(payload)`): this class's overrides of what it routes to are handlers.
            const cls = exportedClass(file, element.exportName);
            if (!cls) continue;
            for (const routed of callsOnThis(target.fn, index).filter((call) => call.messageParam >= 0)) {
              const override = ownMethod(cls, routed.method);
              if (override) add(override, site, unit, undefined, routed.messageParam, element, iterating.file, dispatch.call);
            }
          }
        }
      }
    }
  }
  return out;
}

/** Arrays in the module's importers that hold one of its exports. */
function elementsOf(file: FileContext): Element[] {
  const project = file.project!;
  const out: Element[] = [];
  let parsed = 0;
  // Only importers that hold an array literal in a variable can be registries (most files hold none).
  const holdsArrays = (importer: string): boolean => !TEST_FILE.test(importer) && holdsArrayLiteral(project, importer);
  for (const { file: importer, specifier } of importersOf(project, file.path, holdsArrays)) {
    if (parsed >= MAX_IMPORTERS) break;
    const text = project.fs.text(importer);
    if (text == null) continue;
    // Cheap before parsing: a name imported from the module is written as an element of such an array.
    const arrays = heldArraysOf(project, importer);
    if (!importedLocals(text, specifier).some((local) => arrays.some((array) => inArrayText(array, local)))) continue;
    parsed++;
    const context = project.contextOf(importer, file.settings, file.settingsKey);
    if (!context) continue;
    forEachArrayElement(context, (element, array) => {
      const reference = unwrap(element.type === AST_NODE_TYPES.NewExpression ? element.callee : element);
      if (reference.type !== AST_NODE_TYPES.Identifier) return;
      const binding = context.importOf(reference);
      if (!binding || project.resolver.resolve(context.path, binding.source) !== file.path) return;
      const holder = holderOf(context, array);
      if (!holder) return;
      const exportName = binding.imported === '*' ? 'default' : binding.imported;
      out.push({ file: context, arrayName: holder.name, exported: holder.exported, exportName });
    });
  }
  return out;
}

/** Elements of array literals, and of `list.push(a, b)` calls. */
function forEachArrayElement(file: FileContext, visit: (element: Node, array: TSESTree.ArrayExpression | TSESTree.CallExpression) => void): void {
  const walk = (n: Node): void => {
    if (n.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of n.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) visit(element, n);
    }
    if (n.type === AST_NODE_TYPES.CallExpression && pushedInto(file, n)) {
      for (const element of n.arguments) if (element.type !== AST_NODE_TYPES.SpreadElement) visit(element, n);
    }
    forEachChild(n, walk);
  };
  walk(file.sourceCode.ast as TSESTree.Program);
}

/** `workers.push(x)` on a module-level array variable: the declarator of that array. */
function pushedInto(file: FileContext, call: TSESTree.CallExpression): TSESTree.ArrayExpression | null {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'push') return null;
  const list = unwrap(callee.object);
  const def = list.type === AST_NODE_TYPES.Identifier ? file.definitionOf(list) : null;
  const init = def?.kind === 'variable' && def.node.init ? unwrap(def.node.init) : null;
  return init?.type === AST_NODE_TYPES.ArrayExpression ? init : null;
}

/** `const workers = [...]` / `export const workers: Worker[] = [...] as const`: the variable and whether it is exported. */
function holderOf(file: FileContext, arrayOrPush: TSESTree.ArrayExpression | TSESTree.CallExpression): { name: string; exported: boolean } | null {
  const array = arrayOrPush.type === AST_NODE_TYPES.CallExpression ? pushedInto(file, arrayOrPush) : arrayOrPush;
  if (!array) return null;
  let node: Node = array;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  const declaration = declarator.parent;
  const exported = declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
  return { name: declarator.id.name, exported };
}

/** The files that may iterate the array: its own, and (when exported) those that import it by name. */
function iteratingFiles(element: Element): { file: FileContext; localName: string }[] {
  const project = element.file.project!;
  const out: { file: FileContext; localName: string }[] = [];
  if (iterates(element.file.sourceCode.text, element.arrayName)) out.push({ file: element.file, localName: element.arrayName });
  if (!element.exported) return out;
  for (const { file: importer } of importersOf(project, element.file.path)) {
    if (out.length >= MAX_ITERATORS) break;
    if (TEST_FILE.test(importer)) continue;
    const text = project.fs.text(importer);
    if (text == null || !iterates(text, element.arrayName)) continue;
    const context = project.contextOf(importer, element.file.settings, element.file.settingsKey);
    const binding = context?.imports.get(element.arrayName);
    if (context && binding && binding.imported === element.arrayName) out.push({ file: context, localName: element.arrayName });
  }
  return out;
}

/** Names an import of `specifier` binds, read from the text: `import a, { b as c } from '…'`, `const d = require('…')`. */
function importedLocals(text: string, specifier: string): string[] {
  const spec = escape(specifier);
  const out: string[] = [];
  for (const match of text.matchAll(new RegExp(`import\\s+(?:type\\s+)?([\\w$]+)?\\s*,?\\s*(?:\\{([^}]*)\\})?\\s*from\\s*['"]${spec}['"]`, 'g'))) {
    if (match[1]) out.push(match[1]);
    for (const part of (match[2] ?? '').split(',')) {
      const local = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (local) out.push(local);
    }
  }
  for (const match of text.matchAll(new RegExp(`([\\w$]+)\\s*=\\s*require\\(\\s*['"]${spec}['"]`, 'g'))) out.push(match[1]!);
  return out;
}

const heldArraysByFile = new Map<string, { text: string; arrays: string[] }>();
const MAX_REMEMBERED_FILES = 20_000;

/** `heldArrays` of a project file's current text, remembered while the text is the same. */
function heldArraysOf(project: NonNullable<FileContext['project']>, file: string): string[] {
  const text = project.fs.text(file);
  if (text == null) return [];
  const known = heldArraysByFile.get(file);
  if (known && known.text === text) return known.arrays;
  if (heldArraysByFile.size >= MAX_REMEMBERED_FILES) heldArraysByFile.clear();
  const arrays = text.includes('[') ? heldArrays(text) : [];
  heldArraysByFile.set(file, { text, arrays });
  return arrays;
}

/**
 * The text of the array literals a variable holds (`const workers: Worker[] = [ … ]`) and of the
 * `workers.push(…)` calls on them: only those can be registries (arrays in decorators and option
 * objects, `providers: [A, B]`, are not), so only importers that put a name in one are parsed.
 */
function heldArrays(text: string): string[] {
  const out: string[] = [];
  const names: string[] = [];
  for (const match of text.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*(?::[^=;]{1,200})?=\s*\[/g)) {
    names.push(match[1]!);
    out.push(bracketed(text, match.index! + match[0].length - 1, '[', ']'));
  }
  for (const name of names) {
    for (const match of text.matchAll(new RegExp(`\\b${escape(name)}\\s*\\.\\s*push\\s*\\(`, 'g'))) out.push(bracketed(text, match.index! + match[0].length - 1, '(', ')'));
  }
  return out;
}

/** The text from an opening bracket at `start` to its match (or the end). */
function bracketed(text: string, start: number, open: string, close: string): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** `[a, b]`, `[new A(), …]`, `(new A())` of a push: the text writes `name` as an element. */
function inArrayText(text: string, name: string): boolean {
  return new RegExp(`[\\[,(]\\s*(?:new\\s+)?${escape(name)}\\s*(?:\\(\\s*\\))?\\s*[,\\])]`).test(text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text iterates `name`: `name.forEach(`, `name.map(`, `of name)`. */
function iterates(text: string, name: string): boolean {
  const n = escape(name);
  return new RegExp(`\\b${n}\\s*\\.\\s*(forEach|map|flatMap|filter|find|some|every)\\s*\\(|\\bof\\s+${n}\\b`).test(text);
}

interface Dispatch {
  call: TSESTree.CallExpression;
  method: string;
}

/** `element.method(…)` calls in a handler's unit, awaited or returned, on an element of the array `arrayName`. */
function dispatchesIn(file: FileContext, unit: MessageUnit, arrayName: string): Dispatch[] {
  const out: Dispatch[] = [];
  const visit = (n: Node): void => {
    if (n.type === AST_NODE_TYPES.CallExpression && isAwaitedOrReturned(n)) {
      const callee = unwrap(n.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed) {
        const receiver = unwrap(callee.object);
        const method = propertyName(callee);
        if (method && receiver.type === AST_NODE_TYPES.Identifier && isElementOf(file, receiver, arrayName)) out.push({ call: n, method });
      }
    }
    forEachChild(n, visit);
  };
  visit(unit.container.body as Node);
  return out;
}

/**
 * The argument that carries the message: the one that mentions the unit's message binding, or a
 * variable derived from it (`const event = JSON.parse(message.value)`); preferring the latter, the
 * payload, over a part of the envelope (`message.offset`).
 */
function messageArgument(file: FileContext, call: TSESTree.CallExpression, unit: MessageUnit): number {
  const message = unit.message ? bareParam(unit.message as TSESTree.Parameter) : null;
  const name = message?.type === AST_NODE_TYPES.Identifier ? message.name : null;
  if (!name) return 0;
  const derived = call.arguments.findIndex((a) => {
    const arg = unwrap(a as Node);
    if (arg.type !== AST_NODE_TYPES.Identifier) return false;
    const def = file.definitionOf(arg);
    return def?.kind === 'variable' && def.node.init != null && mentionsIdentifier(def.node.init, name);
  });
  if (derived >= 0) return derived;
  const direct = call.arguments.findIndex((a) => mentionsIdentifier(a as Node, name));
  return direct >= 0 ? direct : 0;
}

/** `h` in `for (const h of handlers)` or in `handlers.forEach((h) => …)`. */
function isElementOf(file: FileContext, id: TSESTree.Identifier, arrayName: string): boolean {
  const collection = file.iteratedCollection(id);
  return collection != null && isNamed(collection, arrayName);
}

function isNamed(node: Node, name: string): boolean {
  const n = unwrap(node);
  return n.type === AST_NODE_TYPES.Identifier && n.name === name;
}

/** The element's function as a handler of the consumer's library, reported in its own file. */
function elementSite(
  file: FileContext,
  fn: FunctionNode,
  consumer: HandlerSite,
  unit: MessageUnit,
  argument: TSESTree.CallExpressionArgument | undefined,
  messageParam: number,
  element: Element,
  iterating: FileContext,
  call: TSESTree.CallExpression,
): HandlerSite {
  const place = iterating.project ? iterating.project.relative(iterating.path) : iterating.path;
  return functionSite(file, {
    library: consumer.library,
    label: consumer.label,
    fn,
    // The consumer's delivery (request/reply, at-least-once) is the handler's.
    delivery: consumer.delivery,
    deliveryReason: consumer.deliveryReason,
    settle: settledOnReturnBy(consumer),
    messageParam,
    key: argument ? forwardedKey(iterating, consumer, argument, unit) : () => null,
    via: `registry \`${element.arrayName}\` (${place}:${call.loc.start.line})`,
  });
}
