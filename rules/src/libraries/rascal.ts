/**
 * Rascal (AMQP with configured subscriptions): `const sub = await broker.subscribe('name')`, then
 * `sub.on('message', (message, content, ackOrNack) => …)`. `ackOrNack()` acknowledges,
 * `ackOrNack(err[, recovery])` settles as failed (republish, forward, nack). The id is
 * `message.properties.messageId`.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, isIdentifier, unwrap, type FunctionNode } from '../analysis/ast';
import { callsBackSuccess, comesFrom, eventListeners, functionSite, handlerFunction, settleModel, settleThenExit } from './support';
import type { LibraryModule } from './types';

const MODULE = 'rascal';

function ackOrNackName(fn: FunctionNode): string | null {
  const param = bareParam(fn.params[2]);
  return param?.type === AST_NODE_TYPES.Identifier ? param.name : null;
}

export const rascal: LibraryModule = {
  id: MODULE,
  modules: [MODULE],
  textHints: [MODULE],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const { listener } of eventListeners(candidates, ['message'], (r) => comesFrom(file, r, [MODULE]))) {
      const fn = handlerFunction(file, listener);
      if (!fn) continue;
      const ackOrNack = ackOrNackName(fn);
      const settle = settleModel({
        returnSettles: false,
        classify(call) {
          if (!ackOrNack || call.type !== AST_NODE_TYPES.CallExpression || !isIdentifier(unwrap(call.callee), ackOrNack)) return null;
          return callsBackSuccess(call) ? 'ack' : 'nack';
        },
      });
      emit(
        functionSite(file, {
          library: MODULE,
          label: "Rascal subscription 'message' listener",
          fn,
          settle,
          key: (unit) => accessPath(file, unit.message, ['properties', 'messageId']),
          duplicate: (unit) => settleThenExit(unit, ackOrNack ? `${ackOrNack}();` : null),
        }),
      );
    }
  },
};
