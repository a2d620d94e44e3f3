/**
 * graphile-worker: tasks are functions `(payload, helpers) => …` in a task list
 * (`run({ taskList: { send_email: sendEmail } })`, an object typed `TaskList`), typed `Task`, or
 * the default export of a file in a `tasks/` directory (`taskDirectory`). A job completes when its
 * task resolves and is retried with backoff when it throws. The id is `helpers.job.id`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, findDescendant, isFunction, propertyName, typeAnnotationName, unwrap, unwrapAwait, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { functionSite, handlerFunction, settleModel, typedHandlers } from './support';
import type { Candidates, LibraryModule } from './types';

const MODULES = ['graphile-worker'];
const HELPERS_API = new Set(['job', 'logger', 'addJob', 'addJobs', 'withPgClient', 'query', 'abortSignal']);

const settle = settleModel({
  returnSettles: true,
  returnPhrase: 'graphile-worker completes the job once the task resolves',
});

function taskSite(file: FileContext, fn: FunctionNode) {
  return functionSite(file, {
    library: 'graphile-worker',
    label: 'graphile-worker task',
    fn,
    settle,
    key: () => accessPath(file, bareParam(fn.params[1]) ?? null, ['job', 'id']),
  });
}

/** The functions of a task list object: `{ send_email: async (payload, helpers) => …, hello }`. */
function taskListFunctions(file: FileContext, object: Node | undefined): FunctionNode[] {
  if (!object) return [];
  let o = unwrapAwait(object);
  if (o.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(o);
    if (def?.kind !== 'variable' || !def.node.init) return [];
    o = unwrapAwait(def.node.init);
  }
  if (o.type !== AST_NODE_TYPES.ObjectExpression) return [];
  const out: FunctionNode[] = [];
  for (const prop of o.properties) {
    if (prop.type !== AST_NODE_TYPES.Property) continue;
    const fn = isFunction(prop.value) ? prop.value : handlerFunction(file, prop.value as Node);
    if (fn) out.push(fn);
  }
  return out;
}

/** `run({ taskList })`, `runOnce(…)`, `makeWorkerUtils`-less runners, and objects typed `TaskList`. */
function registeredTasks(file: FileContext, candidates: Candidates): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (const name of ['run', 'runOnce', 'runTaskList', 'runTaskListOnce']) {
    for (const call of candidates.callsNamed(name)) {
      const options = call.arguments[0] ? unwrap(call.arguments[0]) : null;
      if (options?.type !== AST_NODE_TYPES.ObjectExpression) continue;
      const list = options.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && propertyName(p) === 'taskList');
      if (list) out.push(...taskListFunctions(file, list.value as Node));
      // runTaskList(options, tasks, pgPool): the task list comes second.
      if (name.startsWith('runTaskList')) out.push(...taskListFunctions(file, call.arguments[1] as Node | undefined));
    }
  }
  for (const statement of file.sourceCode.ast.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    for (const d of declaration.declarations) {
      if (typeAnnotationName(d.id) === 'TaskList' && d.init) out.push(...taskListFunctions(file, d.init));
    }
  }
  return out;
}

/**
 * The default export of a file under a `tasks/` directory whose second parameter is used as
 * graphile-worker's helpers (`helpers.job`, `helpers.logger`, `helpers.addJob`, …): the task
 * `taskDirectory` loads, in plain JavaScript that imports nothing from graphile-worker.
 */
function taskDirectoryTask(file: FileContext): FunctionNode | null {
  if (!/(^|[\\/])tasks[\\/][^\\/]+$/.test(file.path)) return null;
  let exported: Node | null = null;
  for (const statement of file.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) exported = statement.declaration as Node;
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.AssignmentExpression) {
      const left = statement.expression.left;
      if (left.type === AST_NODE_TYPES.MemberExpression && unwrap(left.object).type === AST_NODE_TYPES.Identifier && (unwrap(left.object) as TSESTree.Identifier).name === 'module' && propertyName(left) === 'exports') exported = statement.expression.right;
    }
  }
  const fn = exported ? (isFunction(unwrap(exported)) ? (unwrap(exported) as FunctionNode) : file.functionOf(exported)) : null;
  const helpers = fn ? bareParam(fn.params[1]) : null;
  if (!fn || helpers?.type !== AST_NODE_TYPES.Identifier) return null;
  const usesHelpers = findDescendant(fn.body, (n) => n.type === AST_NODE_TYPES.MemberExpression && unwrap(n.object).type === AST_NODE_TYPES.Identifier && (unwrap(n.object) as TSESTree.Identifier).name === helpers.name && HELPERS_API.has(propertyName(n) ?? ''), true);
  return usesHelpers || typeAnnotationName(helpers) === 'JobHelpers' ? fn : null;
}

export const graphileWorker: LibraryModule = {
  id: 'graphile-worker',
  // Task files in plain JavaScript import nothing: discovery decides.
  modules: [],
  textHints: ['graphile-worker', 'helpers'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    const found = new Set<FunctionNode>();
    if (file.hasModule(...MODULES)) {
      for (const fn of registeredTasks(file, candidates)) found.add(fn);
      for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: MODULES, messageTypes: [], handlerTypes: ['Task'] })) found.add(fn);
    }
    const task = taskDirectoryTask(file);
    if (task) found.add(task);
    for (const fn of found) emit(taskSite(file, fn));
  },
};
