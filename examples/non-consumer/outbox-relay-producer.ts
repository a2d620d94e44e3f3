import { Kafka, CompressionTypes } from 'kafkajs';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const kafka = new Kafka({ clientId: 'outbox-relay', brokers: process.env.KAFKA_BROKERS!.split(',') });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const sqs = new SQSClient({});
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

type OutboxRow = { id: string; topic: string; key: string; payload: unknown; target: 'kafka' | 'sqs' };

async function relayBatch(): Promise<number> {
  const { rows } = await pool.query<OutboxRow>(
    'SELECT id, topic, key, payload, target FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT 100',
  );
  for (const row of rows) {
    try {
      if (row.target === 'sqs') {
        await sqs.send(new SendMessageCommand({ QueueUrl: row.topic, MessageBody: JSON.stringify(row.payload) }));
      } else {
        await producer.send({
          topic: row.topic,
          compression: CompressionTypes.GZIP,
          messages: [{ key: row.key, value: JSON.stringify(row.payload), headers: { 'outbox-id': row.id } }],
        });
      }
      await pool.query('UPDATE outbox SET published_at = now() WHERE id = $1', [row.id]);
    } catch (err) {
      await pool.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, String(err)]);
    }
  }
  return rows.length;
}

export async function runRelay(signal: AbortSignal): Promise<void> {
  await producer.connect();
  while (!signal.aborted) {
    const relayed = await relayBatch();
    if (relayed === 0) await new Promise((r) => setTimeout(r, 1000));
  }
  await producer.disconnect();
}
