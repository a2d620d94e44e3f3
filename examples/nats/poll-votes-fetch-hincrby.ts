import { connect, AckPolicy, type JsMsg } from 'nats';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });

type VoteCast = { pollId: string; optionId: string; voterId: string };

async function tallyVote(m: JsMsg): Promise<void> {
  const vote = m.json<VoteCast>();
  await redis.hIncrBy(`poll:${vote.pollId}:tally`, vote.optionId, 1);
  await redis.sAdd(`poll:${vote.pollId}:voters`, vote.voterId);
}

export async function run(): Promise<void> {
  await redis.connect();
  const nc = await connect({ servers: process.env.NATS_URL, name: 'vote-tally' });
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add('POLLS', { durable_name: 'vote-tally', ack_policy: AckPolicy.Explicit });
  const consumer = await nc.jetstream().consumers.get('POLLS', 'vote-tally');
  while (!nc.isClosed()) {
    const batch = await consumer.fetch({ max_messages: 100, expires: 5_000 });
    for await (const m of batch) {
      try {
        await tallyVote(m);
        m.ack();
      } catch (err) {
        console.error('vote tally failed', m.seq, err);
        m.nak(2_000);
      }
    }
  }
}
