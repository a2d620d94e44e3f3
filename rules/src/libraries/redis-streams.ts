/**
 * Redis streams consumer groups: ioredis `xreadgroup(...)` returns `[stream, [[id, fields], …]][]`;
 * node-redis v4 `xReadGroup(...)` returns `{ name, messages: [{ id, message }] }[]`. Entries are
 * settled with `XACK` (`xack` / `xAck`). The id is the entry id.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { identifiersResolveSame } from '../analysis/access';
import { calleeName, findDescendant, rootIdentifier, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { EACH, followValue, type IterationUnit, type PathStep } from '../analysis/message-paths';
import { loopSite, reuseAckStatement, settleModel, settleThenExit } from './support';
import type { LibraryModule, MessageUnit } from './types';

const MODULES = ['ioredis', 'redis', '@redis/client'];

const settle = settleModel({ returnSettles: false, ack: ['xack', 'xAck'] });

/** Per client: the XREADGROUP methods, the path from the reply to each entry, and the id within it. */
const CLIENT_SHAPES: readonly { methods: readonly string[]; entries: readonly PathStep[]; id: readonly PathStep[] }[] = [
  { methods: ['xreadgroup', 'xreadgroupBuffer'], entries: [EACH, 1, EACH], id: [0] },
  { methods: ['xReadGroup'], entries: [EACH, 'messages', EACH], id: ['id'] },
];

/** `redis.multi().incrby(…).xack(STREAM, GROUP, id).exec()`: the same XACK as a statement of its own. */
function xackInPipeline(file: FileContext, unit: MessageUnit, at: Node): string | null {
  const xack = findDescendant(unit.container.body as Node, (n) => n.type === AST_NODE_TYPES.CallExpression && (calleeName(n) === 'xack' || calleeName(n) === 'xAck')) as TSESTree.CallExpression | null;
  const client = xack ? rootIdentifier(xack.callee) : null;
  if (!xack || !client || xack.arguments.length === 0) return null;
  if (!identifiersResolveSame(file, client, at) || !xack.arguments.every((a) => identifiersResolveSame(file, a, at))) return null;
  const args = xack.arguments.map((a) => file.sourceCode.getText(a)).join(', ');
  return `await ${client.name}.${calleeName(xack)}(${args});`;
}

export const redisStreams: LibraryModule = {
  id: 'ioredis-streams',
  modules: MODULES,
  textHints: ['xreadgroup', 'xReadGroup'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    for (const shape of CLIENT_SHAPES) {
      const iterations: IterationUnit[] = [];
      for (const method of shape.methods) {
        for (const call of candidates.callsNamed(method)) followValue(file, call, shape.entries, iterations);
      }
      for (const iteration of iterations) {
        emit(
          loopSite(file, iteration, {
            library: 'ioredis-streams',
            label: 'Redis stream consumer loop',
            settle,
            key: shape.id,
            duplicate: (unit, at) => {
              const ack = reuseAckStatement(file, settle, unit, at) ?? xackInPipeline(file, unit, at);
              return ack ? settleThenExit(unit, ack) : null;
            },
          }),
        );
      }
    }
  },
};
