/**
 * pg-boss: `boss.work(name, [options], handler)`. From v10 the handler receives an array of jobs
 * (`async ([job]) => …`, or a loop over them; before v10 one job unless `batchSize` is set). The
 * jobs complete when the handler resolves and are retried when it throws; `boss.complete(name, id)`
 * / `boss.fail(name, id)` settle explicitly. The id is `job.id` (a uuid).
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, calleeName, calleeObject, type FunctionNode } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH, iterationsOfParam } from '../analysis/message-paths';
import { comesFrom, functionSite, handlerFunction, settleModel } from './support';
import type { LibraryModule } from './types';

const MODULE = 'pg-boss';

function settleFor(file: FileContext) {
  return settleModel({
    returnSettles: true,
    returnPhrase: 'pg-boss completes the job once the handler resolves',
    classify(call) {
      if (call.type !== AST_NODE_TYPES.CallExpression || !comesFrom(file, calleeObject(call) ?? call, [MODULE])) return null;
      const name = calleeName(call);
      return name === 'complete' ? 'ack' : name === 'fail' ? 'nack' : null;
    },
  });
}

function workerSite(file: FileContext, fn: FunctionNode) {
  const param = bareParam(fn.params[0]);
  const batch = iterationsOfParam(file, fn, 0, [EACH]).length > 0;
  // `async ([job]) => …`: the one job of a batch of one.
  const first = param?.type === AST_NODE_TYPES.ArrayPattern ? param.elements[0] : undefined;
  return functionSite(file, {
    library: MODULE,
    label: 'pg-boss work handler',
    fn,
    settle: settleFor(file),
    ...(batch ? { batchSteps: [EACH] } : first !== undefined ? { message: first } : {}),
    key: (unit) => accessPath(file, unit.message, ['id']),
  });
}

export const pgBoss: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: [MODULE],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const call of candidates.callsNamed('work')) {
      const receiver = calleeObject(call);
      const last = call.arguments[call.arguments.length - 1];
      if (!receiver || !last || call.arguments.length < 2 || !comesFrom(file, receiver, [MODULE])) continue;
      const fn = handlerFunction(file, last);
      if (fn) emit(workerSite(file, fn));
    }
  },
};
