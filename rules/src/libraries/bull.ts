/**
 * Bull and Bee-Queue (the same processor shape): `queue.process([name], [concurrency], fn)`.
 * A promise processor completes the job when it resolves; a callback processor `(job, done)` completes
 * it when `done()` is called (`done(err)` fails it). The id is `job.id`.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { bareParam, calleeName, isIdentifier, type FunctionNode } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { callsBackSuccess, exitStatement, functionSite, handlerFunction, queueScopedJobKey, settleModel, typedHandlers, JOB_LIFECYCLE_LISTENER } from './support';
import type { Call, LibraryModule, SettleModel } from './types';

const MODULES = ['bull', 'bee-queue'];

export const bullPromiseSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'Bull completes the job once the processor returns',
  ack: ['moveToCompleted'],
  nack: ['moveToFailed'],
});

const beeQueuePromiseSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'Bee-Queue completes the job once the processor returns',
});

function callbackSettle(done: string): SettleModel {
  const isDone = (call: Call) =>
    call.type === AST_NODE_TYPES.CallExpression && isIdentifier(call.callee, done);
  return settleModel({
    returnSettles: false,
    classify(call) {
      if (!isDone(call) || call.type !== AST_NODE_TYPES.CallExpression) return null;
      return callsBackSuccess(call) ? 'ack' : 'nack';
    },
  });
}

function doneParam(fn: FunctionNode): string | null {
  const param = bareParam(fn.params[1]);
  return param && param.type === AST_NODE_TYPES.Identifier ? param.name : null;
}

export const bull: LibraryModule = {
  id: 'bull',
  modules: MODULES,
  textHints: ['bull', 'bee-queue'],
  candidates: ['calls', 'typedFunctions'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    for (const call of candidates.callsNamed('process')) {
      if (call.callee.type !== AST_NODE_TYPES.MemberExpression || isIdentifier(call.callee.object, 'process')) continue;
      const last = call.arguments[call.arguments.length - 1];
      const fn = last ? handlerFunction(file, last, { orProcessorFile: true }) : null;
      if (fn && calleeName(call) === 'process') emit(processorSite(file, fn));
    }
    // Processors written here and registered elsewhere: `(job: Job, done: DoneCallback)`, `(job: Bull.Job)`.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: MODULES, messageTypes: ['Job'], handlerTypes: ['ProcessCallbackFunction', 'ProcessPromiseFunction'], notHandlers: JOB_LIFECYCLE_LISTENER })) {
      emit(processorSite(file, fn));
    }
  },
};

function processorSite(file: FileContext, fn: FunctionNode) {
  const done = doneParam(fn);
  const beeQueue = file.hasModule('bee-queue') && !file.hasModule('bull');
  return functionSite(file, {
    library: beeQueue ? 'bee-queue' : 'bull',
    label: beeQueue ? 'Bee-Queue processor' : 'Bull processor',
    fn,
    settle: done ? callbackSettle(done) : beeQueue ? beeQueuePromiseSettle : bullPromiseSettle,
    key: queueScopedJobKey(file, ['queue', 'name']),
    duplicate: (unit) => (done ? `${done}();\n${exitStatement(unit)}` : exitStatement(unit)),
  });
}
