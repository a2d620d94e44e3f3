import amqp, { type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.BILLING_DB_URL });
const QUEUE = 'billing.api-usage';

type ApiUsage = { eventId: string; tenantId: string; calls: number };

let channelWrapper: ChannelWrapper;

async function meterUsage(msg: ConsumeMessage): Promise<void> {
  const usage = JSON.parse(msg.content.toString()) as ApiUsage;
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const inserted = await db.query(
      'INSERT INTO usage_events (event_id, tenant_id, calls) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
      [usage.eventId, usage.tenantId, usage.calls],
    );
    if (inserted.rowCount === 1) {
      await db.query('UPDATE tenants SET api_calls_this_period = api_calls_this_period + $1 WHERE id = $2', [usage.calls, usage.tenantId]);
    }
    await db.query('COMMIT');
    channelWrapper.ack(msg);
  } catch (err) {
    await db.query('ROLLBACK');
    channelWrapper.nack(msg, false, true);
  } finally {
    db.release();
  }
}

export async function start(): Promise<void> {
  const connection = amqp.connect([process.env.AMQP_URL!]);
  channelWrapper = connection.createChannel({ setup: (ch: ConfirmChannel) => ch.assertQueue(QUEUE, { durable: true }) });
  await channelWrapper.consume(QUEUE, meterUsage, { prefetch: 50 });
}
