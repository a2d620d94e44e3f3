import amqp from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import knexFactory from 'knex';
import { v4 as uuidv4 } from 'uuid';

const knex = knexFactory({ client: 'pg', connection: process.env.BILLING_DB_URL });
const QUEUE = 'billing.api-usage';

type ApiUsage = { tenantId: string; endpoint: string; calls: number; windowStart: string };

const connection = amqp.connect([process.env.AMQP_URL!], { heartbeatIntervalInSeconds: 15 });

export const usageChannel = connection.createChannel({
  json: true,
  setup: async (channel: ConfirmChannel) => {
    await channel.assertQueue(QUEUE, { durable: true });
    await channel.prefetch(50);
    await channel.consume(QUEUE, async (msg: ConsumeMessage | null) => {
      if (!msg) return;
      const usage = JSON.parse(msg.content.toString()) as ApiUsage;
      try {
        await knex.transaction(async (trx) => {
          await trx('usage_events').insert({ id: uuidv4(), tenant_id: usage.tenantId, endpoint: usage.endpoint, calls: usage.calls });
          await trx.raw('UPDATE tenants SET api_calls_this_period = api_calls_this_period + ? WHERE id = ?', [usage.calls, usage.tenantId]);
        });
        channel.ack(msg);
      } catch (err) {
        console.error('usage metering failed', usage.tenantId, err);
        channel.nack(msg, false, true);
      }
    });
  },
});

connection.on('disconnect', ({ err }) => console.warn('amqp disconnected', err?.message));
