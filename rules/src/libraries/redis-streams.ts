/**
 * Redis streams consumer groups: ioredis `xreadgroup(...)` returns `[stream, [[id, fields], …]][]`;
 * node-redis v4 `xReadGroup(...)` returns `{ name, messages: [{ id, message }] }[]`. Entries are
 * settled with `XACK` (`xack` / `xAck`). The id is the entry id.
 */
import { EACH, followValue, type IterationUnit, type PathStep } from '../analysis/message-paths';
import { loopSite, settleModel } from './support';
import type { LibraryModule } from './types';

const MODULES = ['ioredis', 'redis', '@redis/client'];

const settle = settleModel({ returnSettles: false, ack: ['xack', 'xAck'] });

/** Per client: the XREADGROUP methods, the path from the reply to each entry, and the id within it. */
const CLIENT_SHAPES: readonly { methods: readonly string[]; entries: readonly PathStep[]; id: readonly PathStep[] }[] = [
  { methods: ['xreadgroup', 'xreadgroupBuffer'], entries: [EACH, 1, EACH], id: [0] },
  { methods: ['xReadGroup'], entries: [EACH, 'messages', EACH], id: ['id'] },
];

export const redisStreams: LibraryModule = {
  id: 'ioredis-streams',
  modules: MODULES,
  textHints: ['xreadgroup', 'xReadGroup'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    for (const shape of CLIENT_SHAPES) {
      const iterations: IterationUnit[] = [];
      for (const method of shape.methods) {
        for (const call of candidates.callsNamed(method)) followValue(file, call, shape.entries, iterations);
      }
      for (const iteration of iterations) {
        emit(loopSite(file, iteration, { library: 'ioredis-streams', label: 'Redis stream consumer loop', settle, key: shape.id }));
      }
    }
  },
};
