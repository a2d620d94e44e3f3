import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const STREAM = 'billing:credits';
const GROUP = 'credit-applier';

async function applyCredit(id: string, fields: Record<string, string>): Promise<void> {
  const fresh = await redis.set(`credit:applied:${id}`, '1', { NX: true, EX: 30 * 86_400 });
  if (fresh === null) return;
  await redis.incrBy(`account:${fields.accountId}:credits`, Number(fields.amount));
  await redis.hSet(`account:${fields.accountId}`, { lastCreditId: id, lastCreditAt: fields.issuedAt });
}

export async function run(consumerName: string): Promise<void> {
  await redis.connect();
  await redis.xGroupCreate(STREAM, GROUP, '0', { MKSTREAM: true }).catch(() => undefined);
  for (;;) {
    const res = await redis.xReadGroup(GROUP, consumerName, [{ key: STREAM, id: '>' }], { COUNT: 25, BLOCK: 5_000 });
    for (const stream of res ?? []) {
      for (const entry of stream.messages) {
        try {
          await applyCredit(entry.id, entry.message);
          await redis.xAck(STREAM, GROUP, entry.id);
        } catch (err) {
          console.error('credit failed, leaving entry pending', entry.id, err);
        }
      }
    }
  }
}
