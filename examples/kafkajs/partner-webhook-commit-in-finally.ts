import { Kafka, type EachMessagePayload } from 'kafkajs';
import axios from 'axios';

const kafka = new Kafka({ clientId: 'partner-sync', brokers: process.env.KAFKA_BROKERS!.split(',') });
const consumer = kafka.consumer({ groupId: 'partner-sync' });

type AccountClosed = { accountId: string; partnerUrl: string; closedAt: string };

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'accounts.closed' });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      const evt = JSON.parse(message.value!.toString()) as AccountClosed;
      try {
        await axios.post(`${evt.partnerUrl}/closures`, { accountId: evt.accountId, closedAt: evt.closedAt }, { timeout: 5000 });
      } catch (err) {
        console.error('partner notification failed', evt.accountId, (err as Error).message);
        throw err;
      } finally {
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      }
    },
  });
}
