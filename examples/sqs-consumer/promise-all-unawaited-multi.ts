import { Consumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });

type AdImpression = { campaignId: string; creativeId: string; costMicros: number };

async function recordImpressions(messages: Message[]): Promise<Message[]> {
  Promise.all(messages.map(async (m) => {
    const imp = JSON.parse(m.Body!) as AdImpression;
    await redis
      .multi()
      .hIncrBy(`campaign:${imp.campaignId}:impressions`, imp.creativeId, 1)
      .hSet(`campaign:${imp.campaignId}:last`, { creativeId: imp.creativeId })
      .exec();
  })).catch((err) => console.error('impression batch failed', err));
  return messages;
}

export async function start(): Promise<void> {
  await redis.connect();
  Consumer.create({
    queueUrl: process.env.IMPRESSIONS_QUEUE_URL!,
    batchSize: 10,
    handleMessageBatch: recordImpressions,
  }).start();
}
