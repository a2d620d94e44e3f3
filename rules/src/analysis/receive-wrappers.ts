/**
 * Project helpers around a library's receive: `const entries = await readEntries(group)` where
 * `readEntries`, in another project file, calls `client.xReadGroup(…)` and returns
 * `reply[0].messages`; `const messages = await receiveBatch()` around SQS `ReceiveMessageCommand`.
 * The helper's file is discovered again while the caller's calls stand for the helper's return: the
 * library's message path goes on from there into the caller, and finds the caller's loop over the
 * messages. (A helper in the same file is followed by message-paths itself.)
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { HandlerSite } from '../libraries/types';
import { callTarget } from '../project/targets';
import { programOf } from '../util/anchor';
import { calleeName, type FunctionNode } from './ast';
import type { FileContext } from './file-context';
import { importsALibrary, type DiscoverIn, type LibraryText } from './registration-apis';

/** Helpers already read whose return is not a library's messages. */
const returnsNoMessages = new WeakSet<FunctionNode>();

/** The loops of this file over messages a project helper receives and returns. */
export function receiveWrapperSites(file: FileContext, calls: readonly TSESTree.CallExpression[], discoverIn: DiscoverIn, libraryText: LibraryText): HandlerSite[] {
  if (!file.project) return [];
  const byHelper = new Map<FunctionNode, { file: FileContext; calls: TSESTree.CallExpression[] }>();
  for (const call of calls) {
    // Receiving is asynchronous, so the helper's result is awaited (or `.then`-ed) where it is used,
    // and the helper's module imports the library's package. Methods of `this`'s fields (every
    // service call of a class) are left out: following each one's type costs too much here.
    if (!awaited(call) || onThis(call.callee) || !importsALibrary(file, call.callee, libraryText, true)) continue;
    const helper = callTarget(file, call.callee);
    if (!helper || helper.file === file || returnsNoMessages.has(helper.fn)) continue;
    const known = byHelper.get(helper.fn);
    if (known) known.calls.push(call);
    else byHelper.set(helper.fn, { file: helper.file, calls: [call] });
  }
  const out: HandlerSite[] = [];
  for (const [fn, helper] of byHelper) {
    if (helper.file.returnedTo) continue; // already being read for another caller (a cycle)
    const returnedTo = { fn, file, calls: helper.calls, reached: false };
    helper.file.returnedTo = returnedTo;
    let sites: readonly HandlerSite[] = [];
    try {
      sites = discoverIn(helper.file);
    } catch {
      // Another file's shape this reading did not foresee never stops this file's analysis.
    } finally {
      helper.file.returnedTo = null;
    }
    if (!returnedTo.reached) returnsNoMessages.add(fn);
    const name = helper.calls[0] ? (calleeName(helper.calls[0]) ?? 'helper') : 'helper';
    for (const site of sites) {
      if (programOf(site.root) === file.sourceCode.ast) out.push({ ...site, via: `received through \`${name}()\`` });
    }
  }
  return out;
}

function onThis(callee: TSESTree.Node): boolean {
  let current = callee;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current.type === AST_NODE_TYPES.ThisExpression;
}

/** `await readEntries()` or `readEntries().then(…)`, whose value is used (not a statement of its own). */
function awaited(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent?.type === AST_NODE_TYPES.AwaitExpression) return parent.parent?.type !== AST_NODE_TYPES.ExpressionStatement;
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === call && !parent.computed && parent.property.type === AST_NODE_TYPES.Identifier && parent.property.name === 'then';
}
