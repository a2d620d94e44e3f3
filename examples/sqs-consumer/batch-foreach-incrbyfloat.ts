import { Consumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import Redis from 'ioredis';

type FxSettled = { merchantId: string; currency: string; amount: string };

export class SettlementTotalsConsumer {
  private readonly consumer: Consumer;

  constructor(private readonly redis: Redis, queueUrl: string) {
    this.consumer = Consumer.create({
      queueUrl,
      batchSize: 10,
      handleMessageBatch: this.onBatch.bind(this),
    });
  }

  start(): void {
    this.consumer.start();
  }

  async onBatch(messages: Message[]): Promise<Message[]> {
    messages.forEach(async (m) => {
      const s = JSON.parse(m.Body!) as FxSettled;
      await this.redis.incrbyfloat(`settled:${s.merchantId}:${s.currency}`, Number(s.amount));
    });
    return messages;
  }
}
