import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
const STREAM = 'matches:finished';
const GROUP = 'leaderboard';

type StreamEntry = [id: string, fields: string[]];

function toObject(fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) out[fields[i]] = fields[i + 1];
  return out;
}

async function scoreMatch(fields: string[]): Promise<void> {
  const { winnerId, season, points, finishedAt } = toObject(fields);
  await redis
    .multi()
    .zincrby(`leaderboard:${season}`, Number(points), winnerId)
    .hincrby(`player:${winnerId}:record`, 'wins', 1)
    .hset(`player:${winnerId}:record`, 'lastMatchAt', finishedAt)
    .exec();
}

export async function consume(consumerName: string): Promise<void> {
  await redis.xgroup('CREATE', STREAM, GROUP, '$', 'MKSTREAM').catch(() => undefined);
  for (;;) {
    const reply = (await redis.xreadgroup(
      'GROUP', GROUP, consumerName, 'COUNT', 50, 'BLOCK', 10_000, 'STREAMS', STREAM, '>',
    )) as [string, StreamEntry[]][] | null;
    if (!reply) continue;
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        await scoreMatch(fields);
        await redis.xack(STREAM, GROUP, id);
      }
    }
  }
}
