/**
 * BullMQ: `new Worker(queueName, processor, options)`. A job completes when the processor's promise
 * resolves (and fails when it rejects); the id is `job.id`. NestJS's WorkerHost uses the same model.
 */
import type { FunctionNode } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { functionSite, handlerFunction, queueScopedJobKey, settleModel, typedHandlers, JOB_LIFECYCLE_LISTENER } from './support';
import type { LibraryModule } from './types';

export const BULLMQ_MODULES = ['bullmq', 'bullmq-pro', '@taskforcesh/bullmq-pro'];

export const bullmqSettle = settleModel({
  returnSettles: true,
  returnPhrase: 'BullMQ completes the job once the processor returns',
  ack: ['moveToCompleted'],
  nack: ['moveToFailed', 'moveToDelayed'],
});

export const bullmq: LibraryModule = {
  id: 'bullmq',
  modules: BULLMQ_MODULES,
  textHints: ['bullmq'],
  candidates: ['news', 'typedFunctions'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...BULLMQ_MODULES)) return;
    // Any local name: `import { Worker as BullWorker } from 'bullmq'`.
    for (const call of candidates.news) {
      if (!file.isExportOf(call.callee, BULLMQ_MODULES, 'Worker')) continue;
      const processor = call.arguments[1];
      // A function, or a sandboxed processor named by its file.
      const fn = processor ? handlerFunction(file, processor, { orProcessorFile: true }) : null;
      if (fn) emit(processorSite(file, fn));
    }
    // Processors written here and registered elsewhere: `(job: Job) => …`, `const p: Processor = …`.
    for (const fn of typedHandlers(file, candidates.typedFunctions, { modules: BULLMQ_MODULES, messageTypes: ['Job'], handlerTypes: ['Processor'], notHandlers: JOB_LIFECYCLE_LISTENER })) {
      emit(processorSite(file, fn));
    }
  },
};

function processorSite(file: FileContext, fn: FunctionNode) {
  return functionSite(file, {
    library: 'bullmq',
    label: 'BullMQ processor',
    fn,
    settle: bullmqSettle,
    key: queueScopedJobKey(file, ['queueName']),
  });
}
