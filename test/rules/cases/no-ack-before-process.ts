/** RuleTester cases for no-ack-before-process, by library. Run by ../no-ack-before-process.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-ack-before-process';
import type { RuleCases } from '../tester';
import * as D from './deliveries';
import { kafkaEmitController, streamHelperPoll, streamPoll } from './shared';

/** An in-house bus configured as a consumer registration, with `ack` as its settle method. */
const busWithAck = { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1, ack: ['ack'] }] } };
/** The same bus with no `ack` configured: nothing is known to settle a message. */
const busWithoutAck = { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } };

const EMIT = "this.kafkaClient.emit('payment.settled', { paymentId: data.paymentId, partition: context.getPartition() });";
const ALL_AWAITED = "  await Promise.all(entries.map(({ message }) => pool.query('UPDATE sites SET status = $2 WHERE id = $1', [message.siteId, message.status])));";

export const cases: RuleCases<MessageIds, Options> = {
  valid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'kafka-node: autoCommit: false and consumer.commit() after the awaited write',
      code: D.kafkaNodeGroup(true),
      filename: 'consumer.js',
    },
    {
      name: 'node-rdkafka: enable.auto.commit: false and commitMessage(data) after the write',
      code: D.rdkafkaFlowing(true),
    },
    {
      name: 'mqtt: a QoS 0 subscription (the default) is delivered at most once',
      code: D.mqttTelemetry(0),
    },
    {
      name: 'Rascal: ackOrNack() after the work, ackOrNack(err) on failure',
      code: D.rascalReceipts(false),
    },
    {
      name: 'Stripe (Express): the 2xx answer after the awaited work',
      code: D.stripeExpress('last'),
    },
    {
      name: 'nestjs: ClientKafka.emit returned from the handler (Nest waits for the Observable)',
      code: kafkaEmitController(`return ${EMIT}`),
    },
    {
      name: 'nestjs: ClientKafka.emit awaited with lastValueFrom, or returned (Nest waits for a returned Observable)',
      code: kafkaEmitController(`await lastValueFrom(${EMIT.slice(0, -1)});`, true),
    },
    {
      name: 'ioredis-streams: entries acked after the loop once every entry\u2019s work was awaited (Promise.all of the returned promises)',
      code: streamPoll(ALL_AWAITED),
    },
    {
      name: 'closing a per-message client later, un-awaited (`void client.close()`), is the process\'s resources, not the message\'s work',
      code: `import { Kafka } from 'kafkajs';
import { createClient } from './client';

const consumer = new Kafka({ clientId: 'process', brokers: ['kafka:9092'] }).consumer({ groupId: 'process' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const client = await createClient(message.key!.toString());
      await client.upsertExecution(JSON.parse(message.value!.toString()));
      setTimeout(() => void client.close(), 60_000);
    },
  });
}`,
    },
    {
      name: 'amqplib: releasing a lock after the ack is clean-up, not work the ack came before',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';
import { Pool } from 'pg';

const pool = new Pool();
const redis = new Redis();

async function acquireLock(id: string): Promise<void> {
  await redis.set(\`lock:\${id}\`, '1', 'PX', 30000);
}

async function releaseLock(id: string): Promise<void> {
  await redis.del(\`lock:\${id}\`);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    await acquireLock(order.id);
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
    channel.ack(msg);
    await releaseLock(order.id);
  });
}`,
    },
    {
      name: 'node-nats-streaming: manual ack mode, msg.ack() after the awaited write',
      code: `import nats, { Message } from 'node-nats-streaming';
import { Pool } from 'pg';

const pool = new Pool();
const stan = nats.connect('cluster', 'orders-1');

stan.on('connect', () => {
  const options = stan.subscriptionOptions().setManualAckMode(true).setDurableName('orders');
  const subscription = stan.subscribe('order:created', 'orders', options);
  subscription.on('message', async (msg: Message) => {
    const order = JSON.parse(msg.getData().toString());
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
    msg.ack();
  });
});`,
    },
    {
      name: 'bull: a helper that returns its promise into an array the processor returns through Promise.all is awaited',
      filename: 'visit.js',
      code: `const Queue = require('bull');
const knex = require('knex')({ client: 'pg' });

function incrementVisit(match) {
  return knex('links').where(match).increment('visit_count', 1);
}

const visits = new Queue('visit');
visits.process(function ({ data }) {
  const tasks = [];
  tasks.push(incrementVisit({ id: data.linkId }));
  tasks.push(knex('visits').insert({ link_id: data.linkId, at: data.at }).onConflict(['link_id', 'at']).ignore());
  return Promise.all(tasks);
});`,
    },
    {
      name: 'prisma: operations collected in arrays run by an awaited $transaction are not fire-and-forget',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('credits', async (job) => {
  const updates = [];
  for (const recharge of job.data.recharges) {
    updates.push(prisma.creditRecharge.update({ where: { pk: recharge.pk }, data: { balance: recharge.newBalance } }));
  }
  const all = [prisma.creditUsage.create({ data: { usageId: job.data.usageId } }), ...updates];
  await prisma.$transaction(all);
});`,
    },
    // ---- kafkajs
    {
      name: 'kafkajs: eachMessage awaits the upsert and returns',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'prices' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      const price = JSON.parse(message.value.toString());
      await pool.query(
        'INSERT INTO prices (sku, amount) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET amount = EXCLUDED.amount',
        [price.sku, price.amount],
      );
    },
  });
}`,
    },
    {
      name: 'kafkajs: eachBatch resolves each offset after the awaited write',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      for (const message of batch.messages) {
        const entry = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO ledger_entries (id, amount) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [entry.id, entry.amount]);
        resolveOffset(message.offset);
        await heartbeat();
      }
      await commitOffsetsIfNecessary();
    },
  });
}`,
    },
    {
      name: 'kafkajs: commitOffsets after the awaited POST with autoCommit: false',
      code: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'crm-sync' });

export async function start(): Promise<void> {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const customer = JSON.parse(message.value!.toString());
      await axios.put(\`https://crm.example.com/api/customers/\${customer.id}\`, customer);
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
      console.log('synced', customer.id);
    },
  });
}`,
    },
    {
      name: 'kafkajs: const p = send(); … await p before returning',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'orders' });
const pool = new Pool();

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value!.toString());
      const published = producer.send({ topic: 'orders.audit', messages: [{ key: order.id, value: message.value }] });
      await pool.query('UPDATE orders SET status = $1 WHERE id = $2', [order.status, order.id]);
      await published;
    },
  });
}`,
    },
    {
      name: 'kafkajs: promises.push(send()) then await Promise.all(promises)',
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'fanout' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      const promises: Promise<unknown>[] = [];
      for (const region of event.regions as string[]) {
        promises.push(producer.send({ topic: \`events.\${region}\`, messages: [{ key: event.id, value: message.value }] }));
      }
      await Promise.all(promises);
    },
  });
}`,
    },
    {
      name: 'kafkajs: un-awaited producer.send with reportFireAndForget: false',
      options: [{ reportFireAndForget: false }],
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'enricher' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const click = JSON.parse(message.value!.toString());
      producer.send({ topic: 'clicks.enriched', messages: [{ key: click.id, value: message.value }] });
    },
  });
}`,
    },
    {
      name: 'kafkajs: require(), eachMessage awaits the write, metrics after',
      filename: 'projector.js',
      code: `const { Kafka } = require('kafkajs');
const { Pool } = require('pg');
const client = require('prom-client');

const applied = new client.Counter({ name: 'projector_applied_total', help: 'applied events' });
const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'projector' });

async function start() {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const row = JSON.parse(message.value.toString());
      await pool.query('UPDATE accounts SET tier = $1 WHERE id = $2', [row.tier, row.id]);
      applied.inc();
    },
  });
}

module.exports = { start };`,
    },
    {
      name: 'kafkajs: switch with awaited work in each case',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'accounts' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const evt = JSON.parse(message.value!.toString());
      switch (evt.type) {
        case 'opened':
          await pool.query('INSERT INTO accounts (id) VALUES ($1) ON CONFLICT DO NOTHING', [evt.id]);
          break;
        case 'closed':
          await pool.query("UPDATE accounts SET status = 'closed' WHERE id = $1", [evt.id]);
          break;
        default:
          console.warn('unknown account event', evt.type);
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: non-async eachMessage returns the send promise',
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'forwarder' });

export async function start(): Promise<void> {
  await producer.connect();
  await consumer.run({
    eachMessage: ({ message }) =>
      producer.send({ topic: 'orders.v2', messages: [{ key: message.key, value: message.value }] }).then(() => undefined),
  });
}`,
    },
    {
      name: 'kafkajs: resolveOffset moved to the end of the loop body (suggestion output)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        const entry = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO ledger_entries (id, amount) VALUES ($1, $2)', [entry.id, entry.amount]);
        await heartbeat();
        resolveOffset(message.offset);
      }
    },
  });
}`,
    },
    // ---- amqplib
    {
      name: 'amqplib: ack after the awaited POST',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    const contact = JSON.parse(msg.content.toString());
    await axios.put(\`https://crm.example.com/api/contacts/\${contact.id}\`, contact);
    channel.ack(msg);
    console.log('synced contact', contact.id);
  });
}`,
    },
    {
      name: 'amqplib: noAck: true with only an in-memory cache',
      code: `import amqp from 'amqplib';

const prices = new Map<string, number>();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, 'pricing.changed', '');
  await channel.consume(queue, (msg) => {
    if (!msg) return;
    const { sku, price } = JSON.parse(msg.content.toString()) as { sku: string; price: number };
    prices.set(sku, price);
  }, { noAck: true });
}`,
    },
    {
      name: 'amqplib: early ack of an invalid message, ack after the work otherwise',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    if (!order.id || !Array.isArray(order.items)) {
      console.warn('dropping malformed order', msg.properties.messageId);
      channel.ack(msg);
      return;
    }
    await pool.query('INSERT INTO orders (id, items) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, JSON.stringify(order.items)]);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: ack in each branch after that branch’s awaited work',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';
import axios from 'axios';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('accounts', async (msg) => {
    if (!msg) return;
    const event = JSON.parse(msg.content.toString());
    if (event.type === 'closed') {
      await pool.query("UPDATE accounts SET status = 'closed' WHERE id = $1", [event.id]);
      channel.ack(msg);
    } else {
      await axios.put(\`https://crm.example.com/accounts/\${event.id}\`, event);
      channel.ack(msg);
    }
  });
}`,
    },
    {
      name: 'amqplib: noAck: true with a write and reportAutoAck: false',
      options: [{ reportAutoAck: false }],
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('telemetry', async (msg) => {
    if (!msg) return;
    const sample = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO samples (device, value) VALUES ($1, $2)', [sample.device, sample.value]);
  }, { noAck: true });
}`,
    },
    {
      name: 'amqplib: require(), ack after the awaited email, metric and log after the ack',
      filename: 'mailer-consumer.js',
      code: `const amqp = require('amqplib');
const nodemailer = require('nodemailer');
const StatsD = require('hot-shots');

const metrics = new StatsD({ prefix: 'mailer.' });
const transport = nodemailer.createTransport({ host: 'smtp.example.com' });

async function start() {
  const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();
  await channel.consume('emails', async (msg) => {
    const email = JSON.parse(msg.content.toString());
    await transport.sendMail({ to: email.to, subject: email.subject, text: email.body });
    channel.ack(msg);
    metrics.increment('sent');
    console.log('sent', msg.properties.messageId);
  });
}

module.exports = { start };`,
    },
    {
      name: 'amqplib: class method with .bind(this) acks after the update',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

export class InventoryConsumer {
  private channel!: Channel;
  constructor(private readonly pool: Pool) {}

  async start(): Promise<void> {
    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
    await this.channel.consume('inventory.adjusted', this.onMessage.bind(this));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const { sku, onHand } = JSON.parse(msg.content.toString());
    await this.pool.query('UPDATE inventory SET on_hand = $1 WHERE sku = $2', [onHand, sku]);
    this.channel.ack(msg);
  }
}`,
    },
    {
      name: 'amqplib: const p = put(); …; await p; then ack',
      code: `import amqp from 'amqplib';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    const contact = JSON.parse(msg.content.toString());
    const pending = axios.put(\`https://crm.example.com/contacts/\${contact.id}\`, contact);
    await pool.query('UPDATE contacts SET synced_at = now() WHERE id = $1', [contact.id]);
    await pending;
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: only logging and metrics after the ack',
      code: `import amqp from 'amqplib';
import { Counter } from 'prom-client';
import pino from 'pino';

const logger = pino();
const received = new Counter({ name: 'pings_total', help: 'pings' });

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('pings', (msg) => {
    if (!msg) return;
    channel.ack(msg);
    received.inc();
    logger.info({ id: msg.properties.messageId }, 'ping');
  });
}`,
    },
    {
      name: 'amqplib: ack after awaited Promise.all of pushed writes',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders.placed', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    const writes: Promise<unknown>[] = [];
    for (const item of order.items) {
      writes.push(pool.query('INSERT INTO order_items (order_id, sku) VALUES ($1, $2) ON CONFLICT DO NOTHING', [order.id, item.sku]));
    }
    await Promise.all(writes);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: void write before ack with reportFireAndForget: false',
      options: [{ reportFireAndForget: false }],
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('page-views', async (msg) => {
    if (!msg) return;
    const view = JSON.parse(msg.content.toString());
    void pool.query('INSERT INTO page_views (id, path) VALUES ($1, $2)', [view.id, view.path]);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: duplicate acked early after a dedup check',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis(process.env.REDIS_URL!);

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('payments', async (msg) => {
    if (!msg) return;
    const id = msg.properties.messageId;
    const fresh = await redis.set(\`processed:\${id}\`, '1', 'EX', 86400, 'NX');
    if (!fresh) {
      channel.ack(msg);
      return;
    }
    await axios.post('https://payments.example.com/charges', JSON.parse(msg.content.toString()), { headers: { 'Idempotency-Key': id } });
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: same-file helper does the work and then acks',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function handleOrder(channel: Channel, msg: ConsumeMessage): Promise<void> {
  const order = JSON.parse(msg.content.toString());
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
  channel.ack(msg);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (msg) await handleOrder(channel, msg);
  });
}`,
    },
    {
      name: 'amqplib: awaited work in if/else if, one ack after',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('accounts', async (msg) => {
    if (!msg) return;
    const evt = JSON.parse(msg.content.toString());
    if (evt.type === 'closed') {
      await pool.query("UPDATE accounts SET status = 'closed' WHERE id = $1", [evt.id]);
    } else if (evt.type === 'reopened') {
      await pool.query("UPDATE accounts SET status = 'open' WHERE id = $1", [evt.id]);
    }
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: the moved ack (suggestion output) after the CRM POST',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.assertQueue('crm.contacts', { durable: true });
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    const contact = JSON.parse(msg.content.toString());
    await axios.post('https://crm.example.com/api/contacts', contact);
    channel.ack(msg);
  });
}`,
    },
    // ---- amqp-connection-manager
    {
      name: 'amqp-connection-manager: upsert then ack',
      code: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel();

export async function start(): Promise<void> {
  await wrapper.consume('catalog.product-updated', async (msg: ConsumeMessage) => {
    const product = JSON.parse(msg.content.toString());
    await prisma.product.upsert({
      where: { sku: product.sku },
      create: product,
      update: { name: product.name, price: product.price },
    });
    wrapper.ack(msg);
  });
}`,
    },
    // ---- @aws-sdk/client-sqs
    {
      name: '@aws-sdk/client-sqs: delete after the awaited write',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.ORDERS_QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      const order = JSON.parse(message.Body!);
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
    },
    {
      name: '@aws-sdk/client-sqs: invalid message deleted early, the rest deleted after the work',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import axios from 'axios';

const sqs = new SQSClient({});
const QueueUrl = process.env.HOOKS_QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      const hook = message.Body ? JSON.parse(message.Body) : null;
      if (!hook?.url) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
        continue;
      }
      await axios.put(hook.url, hook.payload);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
    },
    {
      name: '@aws-sdk/client-sqs: DeleteMessageBatchCommand after Promise.all of the work',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

export async function pollOnce(): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  const done: { Id: string; ReceiptHandle: string }[] = [];
  for (const message of Messages) {
    const row = JSON.parse(message.Body!);
    await pool.query('UPDATE accounts SET email = $1 WHERE id = $2', [row.email, row.id]);
    done.push({ Id: message.MessageId!, ReceiptHandle: message.ReceiptHandle! });
  }
  if (done.length > 0) await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: done }));
}`,
    },
    {
      name: '@aws-sdk/client-sqs: require() v2, deleteMessage after the awaited write',
      filename: 'poller.js',
      code: `const AWS = require('aws-sdk');
const { Pool } = require('pg');

const sqs = new AWS.SQS();
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL;

async function poll() {
  for (;;) {
    const { Messages = [] } = await sqs.receiveMessage({ QueueUrl, WaitTimeSeconds: 20 }).promise();
    for (const message of Messages) {
      const evt = JSON.parse(message.Body);
      await pool.query('INSERT INTO signups (email) VALUES ($1) ON CONFLICT (email) DO NOTHING', [evt.email]);
      await sqs.deleteMessage({ QueueUrl, ReceiptHandle: message.ReceiptHandle }).promise();
    }
  }
}

module.exports = { poll };`,
    },
    {
      name: '@aws-sdk/client-sqs: delete moved after the email in the per-message function (suggestion output)',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

const sqs = new SQSClient({});
const ses = new SESClient({});
const queueUrl = process.env.RESET_QUEUE_URL!;

async function handleMessage(message: Message): Promise<void> {
  const { email, link } = JSON.parse(message.Body!);
  await ses.send(new SendEmailCommand({
    Source: 'security@example.com',
    Destination: { ToAddresses: [email] },
    Message: { Subject: { Data: 'Reset your password' }, Body: { Text: { Data: link } } },
  }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
}

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages ?? []) {
      await handleMessage(message);
    }
  }
}`,
    },
    // ---- sqs-consumer
    {
      name: 'sqs-consumer: handleMessage awaits the POST and returns the message',
      code: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';

const consumer = Consumer.create({
  queueUrl: process.env.HOOKS_QUEUE_URL!,
  handleMessage: async (message) => {
    const hook = JSON.parse(message.Body!);
    await axios.put(hook.url, hook.payload);
    return message;
  },
});

consumer.start();`,
    },
    {
      name: 'sqs-consumer: alwaysAcknowledge: true when the handler only logs',
      code: `import { Consumer } from 'sqs-consumer';
import pino from 'pino';

const logger = pino();

const consumer = Consumer.create({
  queueUrl: process.env.AUDIT_QUEUE_URL!,
  alwaysAcknowledge: true,
  handleMessage: async (message) => {
    const entry = JSON.parse(message.Body!);
    logger.info({ entry, id: message.MessageId }, 'audit entry');
    return message;
  },
});

consumer.start();`,
    },
    {
      name: 'sqs-consumer: alwaysAcknowledge: true with reportAutoAck: false',
      options: [{ reportAutoAck: false }],
      code: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

const consumer = Consumer.create({
  queueUrl: process.env.SIGNUP_QUEUE_URL!,
  alwaysAcknowledge: true,
  handleMessage: async (message) => {
    const signup = JSON.parse(message.Body!);
    await pool.query('INSERT INTO signups (email, plan) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [signup.email, signup.plan]);
  },
});

consumer.start();`,
    },
    {
      name: 'sqs-consumer: handleMessageBatch awaits Promise.all over the messages',
      code: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

const consumer = Consumer.create({
  queueUrl: process.env.EVENTS_QUEUE_URL!,
  batchSize: 10,
  handleMessageBatch: async (messages) => {
    await Promise.all(messages.map(async (message) => {
      const event = JSON.parse(message.Body!);
      await pool.query('INSERT INTO events (id, body) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [message.MessageId, event]);
    }));
    return messages;
  },
});

consumer.start();`,
    },
    {
      name: 'sqs-consumer: require(), const p = sendMail(); … await p',
      filename: 'receipts.js',
      code: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');
const { Pool } = require('pg');

const pool = new Pool();
const transport = nodemailer.createTransport({ host: 'smtp.example.com' });

const consumer = new Consumer({
  queueUrl: process.env.RECEIPTS_QUEUE_URL,
  handleMessage: async (message) => {
    const receipt = JSON.parse(message.Body);
    const sent = transport.sendMail({ to: receipt.email, subject: 'Your receipt', text: receipt.text });
    await pool.query('UPDATE receipts SET sent_at = now() WHERE id = $1', [receipt.id]);
    await sent;
    return message;
  },
});
consumer.start();`,
    },
    // ---- aws-lambda
    {
      name: 'aws-lambda: for…of awaits each write',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const req = JSON.parse(record.body) as { phone: string; code: string };
    await sns.send(new PublishCommand({ PhoneNumber: req.phone, Message: \`Your code is \${req.code}\` }));
  }
};`,
    },
    {
      name: 'aws-lambda: await Promise.all(Records.map(async …))',
      code: `import type { SQSEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: SQSEvent): Promise<void> {
  await Promise.all(
    event.Records.map(async (record) => {
      const order = JSON.parse(record.body);
      await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: order.id, status: order.status } }));
    }),
  );
}`,
    },
    {
      name: 'aws-lambda: promises.push(notify()) then await Promise.all(promises)',
      code: `import type { SNSEvent } from 'aws-lambda';
import axios from 'axios';

export const handler = async (event: SNSEvent): Promise<void> => {
  const promises: Promise<unknown>[] = [];
  for (const record of event.Records) {
    const alert = JSON.parse(record.Sns.Message);
    promises.push(axios.put(\`https://status.example.com/alerts/\${alert.id}\`, alert));
  }
  await Promise.all(promises);
};`,
    },
    {
      name: 'aws-lambda: exports.handler awaits each record, returns the promise of the last write',
      filename: 'index.js',
      code: `const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage;
    await ddb.send(new UpdateItemCommand({
      TableName: 'projections',
      Key: { pk: { S: image.pk.S } },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: image.status.S } },
    }));
  }
};`,
    },
    {
      name: 'aws-lambda: forEach(async) rewritten to await Promise.all(map) (suggestion output)',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<void> => {
  await Promise.all(event.Records.map(async (record) => {
    const req = JSON.parse(record.body) as { phone: string; code: string };
    await sns.send(new PublishCommand({ PhoneNumber: req.phone, Message: \`Your code is \${req.code}\` }));
  }));
};`,
    },
    // ---- @google-cloud/pubsub
    {
      name: '@google-cloud/pubsub: publish awaited together with the write before the ack',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();
const counts = pubsub.topic('social.follower-count-changed');

async function onFollow(message: Message): Promise<void> {
  const evt = JSON.parse(message.data.toString());
  const published = counts.publishMessage({ json: { userId: evt.followeeId, cause: evt.followerId } });
  await firestore.doc(\`follows/\${evt.followerId}_\${evt.followeeId}\`).set({ at: evt.at });
  await published;
  message.ack();
}

pubsub.subscription('social.followed').on('message', onFollow);`,
    },
    {
      name: '@google-cloud/pubsub: require(), ack after the PUT, metric after the ack',
      filename: 'subscriber.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const axios = require('axios');
const client = require('prom-client');

const synced = new client.Counter({ name: 'invoices_synced_total', help: 'synced invoices' });
const pubsub = new PubSub();

pubsub.subscription('invoices.issued').on('message', async (message) => {
  const invoice = JSON.parse(message.data.toString());
  await axios.put(\`https://accounting.example.com/api/invoices/\${invoice.id}\`, invoice);
  message.ack();
  synced.inc();
});`,
    },
    {
      name: '@google-cloud/pubsub: ack after a loop of awaited writes',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const db = new Firestore();

pubsub.subscription('carts.updated').on('message', async (message: Message) => {
  const cart = JSON.parse(message.data.toString());
  for (const line of cart.lines) {
    await db.doc(\`carts/\${cart.id}/lines/\${line.sku}\`).set({ qty: line.qty });
  }
  message.ack();
});`,
    },
    // ---- bullmq
    {
      name: 'bullmq: processor returns the promise chain of the write',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker(
  'profile-sync',
  (job) =>
    pool
      .query('UPDATE profiles SET display_name = $1 WHERE user_id = $2', [job.data.name, job.data.userId])
      .then((result) => ({ updated: result.rowCount })),
  { connection: { host: 'localhost', port: 6379 } },
);`,
    },
    {
      name: 'bullmq: processor awaits the send and returns',
      code: `import { Worker } from 'bullmq';
import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_KEY);

export const worker = new Worker(
  'emails',
  async (job) => {
    const { to, subject, html } = job.data;
    const { data } = await resend.emails.send({ from: 'hello@example.com', to, subject, html });
    console.log('sent', job.id, data?.id);
    return data?.id;
  },
  { connection: { host: 'localhost', port: 6379 } },
);`,
    },
    {
      name: 'bullmq: void side effect with reportFireAndForget: false',
      options: [{ reportFireAndForget: false }],
      code: `import { Worker, type Job } from 'bullmq';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

async function recordDownload(evt: { packageName: string; version: string }): Promise<void> {
  await db.execute('INSERT INTO downloads (package, version) VALUES (?, ?)', [evt.packageName, evt.version]);
}

async function processDownload(job: Job<{ packageName: string; version: string }>) {
  void recordDownload(job.data);
  return { ok: true };
}

export const worker = new Worker('download-events', processDownload, { connection: { host: 'localhost', port: 6379 } });`,
    },
    {
      name: 'bullmq: require(), promises pushed then awaited with Promise.all',
      filename: 'worker.js',
      code: `const { Worker } = require('bullmq');
const axios = require('axios');

const worker = new Worker('fanout', async (job) => {
  const { targets, payload } = job.data;
  const promises = [];
  for (const url of targets) {
    promises.push(axios.put(url, payload, { timeout: 5000 }));
  }
  await Promise.all(promises);
}, { connection: { host: process.env.REDIS_HOST, port: 6379 } });

module.exports = { worker };`,
    },
    {
      name: 'bullmq: void replaced by await (suggestion output)',
      code: `import { Worker, type Job } from 'bullmq';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

async function recordDownload(evt: { packageName: string; version: string }): Promise<void> {
  await db.execute('INSERT INTO downloads (package, version) VALUES (?, ?)', [evt.packageName, evt.version]);
}

async function processDownload(job: Job<{ packageName: string; version: string }>) {
  if (!job.data.packageName) throw new Error(\`malformed job \${job.id}\`);
  await recordDownload(job.data);
  return { ok: true };
}

export const worker = new Worker('download-events', processDownload, { connection: { host: 'localhost', port: 6379 } });`,
    },
    // ---- bull
    {
      name: 'bull: named processor with concurrency awaits the write',
      code: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const accounts = new Queue('accounts', process.env.REDIS_URL!);

accounts.process('close-account', 5, async (job) => {
  await pool.query("UPDATE accounts SET status = 'closed' WHERE id = $1", [job.data.accountId]);
  return { closed: job.data.accountId };
});`,
    },
    {
      name: 'bull: done() moved after the awaited write (suggestion output)',
      code: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [job.data.id, job.data.total]);
  done();
});`,
    },
    // ---- nats
    {
      name: 'nats: core subscription has no acks',
      code: `import { connect, StringCodec } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();
const sc = StringCodec();

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const sub = nc.subscribe('presence.changed');
  for await (const m of sub) {
    const evt = JSON.parse(sc.decode(m.data));
    await pool.query('UPDATE users SET online = $1 WHERE id = $2', [evt.online, evt.userId]);
  }
}`,
    },
    {
      name: 'nats: core subscription callback writes, nothing to ack',
      code: `import { connect, JSONCodec } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();
const jc = JSONCodec<{ userId: string; online: boolean }>();

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  nc.subscribe('presence.changed', {
    callback: async (err, m) => {
      if (err) return;
      const evt = jc.decode(m.data);
      await pool.query('UPDATE users SET online = $1 WHERE id = $2', [evt.online, evt.userId]);
    },
  });
}`,
    },
    {
      name: 'nats: term() a poison message before any side effect',
      code: `import { connect } from 'nats';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('INVENTORY', 'restocker');
  for await (const m of await consumer.consume()) {
    const evt = m.json<{ sku?: string; stock?: number }>();
    if (!evt.sku || evt.stock == null) {
      m.term();
      continue;
    }
    await db.execute('UPDATE inventory SET stock = ? WHERE sku = ?', [evt.stock, evt.sku]);
    m.ack();
  }
}`,
    },
    // ---- @azure/service-bus
    {
      name: '@azure/service-bus: deadLetter an invalid message, complete after the work',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('shipments');

export async function drain(): Promise<void> {
  for (;;) {
    const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 5000 });
    for (const message of messages) {
      const s = message.body as { id?: string; status?: string };
      if (!s.id || !s.status) {
        await receiver.deadLetterMessage(message, { deadLetterReason: 'invalid shipment' });
        continue;
      }
      await pool.query('UPDATE shipments SET status = $1 WHERE id = $2', [s.status, s.id]);
      await receiver.completeMessage(message);
    }
  }
}`,
    },
    {
      name: '@azure/service-bus: auto-complete with the awaited POST',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import axios from 'axios';

const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('partner-events');

receiver.subscribe({
  processMessage: async (message) => {
    const event = message.body as { partnerUrl: string; data: unknown };
    await axios.put(event.partnerUrl, event.data);
  },
  processError: async (args) => console.error('receiver error', args.error),
});`,
    },
    {
      name: '@azure/service-bus: completeMessage moved after the upsert (suggestion output)',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { Sequelize, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.SQL_URL!);
const Preference = sequelize.define('Preference', { userId: { type: DataTypes.STRING, primaryKey: true }, theme: DataTypes.STRING });
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('user-preferences');

receiver.subscribe(
  {
    processMessage: async (message: ServiceBusReceivedMessage) => {
      const prefs = message.body as { userId: string; theme: string };
      await Preference.upsert({ userId: prefs.userId, theme: prefs.theme });
      await receiver.completeMessage(message);
    },
    processError: async (args) => console.error('receiver error', args.error),
  },
  { autoCompleteMessages: false },
);`,
    },
    // ---- ioredis-streams
    {
      name: 'ioredis-streams: require(), xack after the hset, metric after the ack',
      filename: 'sessions.js',
      code: `const Redis = require('ioredis');
const StatsD = require('hot-shots');

const redis = new Redis(process.env.REDIS_URL);
const metrics = new StatsD({ prefix: 'session_sync.' });

async function syncSessions(consumerName) {
  for (;;) {
    const res = await redis.xreadgroup('GROUP', 'session-sync', consumerName, 'COUNT', 50, 'BLOCK', 3000, 'STREAMS', 'sessions:changes', '>');
    if (!res) continue;
    for (const [, entries] of res) {
      for (const [id, fields] of entries) {
        const change = JSON.parse(fields[1]);
        await redis.hset(\`session:\${change.sessionId}\`, 'state', change.state);
        await redis.xack('sessions:changes', 'session-sync', id);
        metrics.increment('entries_applied');
      }
    }
  }
}

module.exports = { syncSessions };`,
    },
    {
      name: 'ioredis-streams: node-redis xAck after the awaited PUT',
      code: `import { createClient } from 'redis';
import axios from 'axios';

const client = createClient({ url: process.env.REDIS_URL });

export async function run(consumer: string): Promise<void> {
  await client.connect();
  for (;;) {
    const streams = await client.xReadGroup('hooks-group', consumer, { key: 'hooks', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await axios.put(entry.message.url, JSON.parse(entry.message.payload));
        await client.xAck('hooks', 'hooks-group', entry.id);
      }
    }
  }
}`,
    },
    {
      name: 'ioredis-streams: malformed entry acked before any side effect',
      code: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);

export async function run(consumer: string): Promise<void> {
  for (;;) {
    const res = (await redis.xreadgroup('GROUP', 'g', consumer, 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 'profiles', '>')) as
      | [string, [string, string[]][]][]
      | null;
    for (const [, entries] of res ?? []) {
      for (const [id, fields] of entries) {
        if (fields.length < 4) {
          await redis.xack('profiles', 'g', id);
          continue;
        }
        await redis.hset(\`profile:\${fields[1]}\`, 'name', fields[3]);
        await redis.xack('profiles', 'g', id);
      }
    }
  }
}`,
    },
    // ---- nestjs
    {
      name: 'nestjs: RMQ ack inside the if branch after that branch’s work',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ElasticsearchService } from '@nestjs/elasticsearch';

@Controller()
export class ReindexController {
  constructor(private readonly es: ElasticsearchService) {}

  @EventPattern('search.document-deleted')
  async onDeleted(@Payload() data: { documentId: string; soft: boolean }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const msg = context.getMessage();
    if (data.soft) {
      await this.es.update({ index: 'documents', id: data.documentId, doc: { deleted: true } });
      channel.ack(msg);
      return;
    }
    await this.es.delete({ index: 'documents', id: data.documentId });
    channel.ack(msg);
  }
}`,
    },
    {
      name: 'nestjs: Kafka transport handler awaits the write',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class ShipmentsController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('shipment.status')
  async onStatus(@Payload() data: { id: string; status: string }, @Ctx() context: KafkaContext) {
    await this.prisma.shipment.update({ where: { id: data.id }, data: { status: data.status } });
    console.log('offset', context.getMessage().offset);
  }
}`,
    },
    {
      name: 'nestjs: @Process (bull) awaits the email',
      code: `import { Processor, Process } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { MailerService } from '@nestjs-modules/mailer';

@Processor('notifications')
export class PasswordChangedProcessor {
  private readonly logger = new Logger(PasswordChangedProcessor.name);
  constructor(private readonly mailer: MailerService) {}

  @Process('password-changed')
  async notify(job: Job<{ email: string }>) {
    await this.mailer.sendMail({ to: job.data.email, subject: 'Your password was changed', template: 'password-changed' });
    this.logger.log(\`notice sent for job \${job.id}\`);
  }
}`,
    },
    {
      name: 'nestjs: WorkerHost process() awaits each row',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PrismaService } from './prisma.service';

@Processor('imports')
export class ImportProcessor extends WorkerHost {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async process(job: Job<{ rows: { id: string; email: string }[] }>) {
    for (const row of job.data.rows) {
      await this.prisma.contact.upsert({ where: { id: row.id }, create: row, update: { email: row.email } });
    }
  }
}`,
    },
    {
      name: 'nestjs: ack moved after the re-index within its branch (suggestion output)',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ElasticsearchService } from '@nestjs/elasticsearch';

@Controller()
export class ReindexController {
  constructor(private readonly es: ElasticsearchService) {}

  @EventPattern('search.reindex-requested')
  async onReindex(@Payload() data: { documentId: string; mode: string; body: object }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const msg = context.getMessage();
    if (data.mode === 'bulk') {
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
      channel.ack(msg);
    } else {
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
      channel.ack(msg);
    }
  }
}`,
    },
    // ---- generic
    {
      name: 'generic: configured bus acks after the awaited write',
      settings: busWithAck,
      code: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

bus.subscribe('order.shipped', async (msg: { id: string; data: { orderId: string; carrier: string }; ack(): Promise<void> }) => {
  await db.query('UPDATE orders SET carrier = $1 WHERE id = $2', [msg.data.carrier, msg.data.orderId]);
  await msg.ack();
  console.info('order shipped', msg.id);
});`,
    },
    {
      name: 'generic: bus without ack configured, nothing is known to settle',
      settings: busWithoutAck,
      code: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

bus.subscribe('order.shipped', async (msg: { id: string; data: { orderId: string }; ack(): Promise<void> }) => {
  await msg.ack();
  await db.query("UPDATE orders SET status = 'shipped' WHERE id = $1", [msg.data.orderId]);
});`,
    },
    {
      name: 'generic: configured bus, invalid message acked before any side effect',
      settings: busWithAck,
      code: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

bus.subscribe('user.plan-changed', async (msg: { id: string; data?: { userId: string; plan: string }; ack(): void }) => {
  if (!msg.data?.userId) {
    msg.ack();
    return;
  }
  await db.query('UPDATE users SET plan = $1 WHERE id = $2', [msg.data.plan, msg.data.userId]);
  msg.ack();
});`,
    },
    {
      name: 'kafkajs: void logger.flush() is instrumentation, not work',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'views' });

await consumer.run({
  eachMessage: async ({ message }) => {
    await pool.query('INSERT INTO views (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [message.key!.toString()]);
    void logger.flush();
  },
});
declare const logger: { flush(): Promise<void> };`,
    },
    {
      name: 'aws-lambda: a callback-style handler settles when the callback is called, not when it returns',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');
const pool = new Pool();

exports.handler = (event, context, callback) => {
  Promise.all(event.Records.map((r) => pool.query('UPDATE orders SET status = $1 WHERE id = $2', ['SHIPPED', JSON.parse(r.body).id])))
    .then(() => callback(null))
    .catch((err) => callback(err));
};`,
    },
  ],
  invalid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'kafka-node: autoCommit is on by default and commits on a timer whatever the listener does',
      code: D.kafkaNodeGroup(false),
      filename: 'consumer.js',
      errors: [{ messageId: 'autoAck', line: 5 }],
    },
    {
      name: 'node-rdkafka: enable.auto.commit is on by default',
      code: D.rdkafkaFlowing(false),
      errors: [{ messageId: 'autoAck', line: 5 }],
    },
    {
      name: 'mqtt: a QoS 1 message is acknowledged (PUBACK) as soon as the listener is called',
      code: D.mqttTelemetry(1),
      errors: [{ messageId: 'autoAck', line: 11 }],
    },
    {
      name: 'Rascal: ackOrNack() before the email',
      code: D.rascalReceipts(true),
      errors: [{ messageId: 'ackBeforeWork', line: 9 , suggestions: [{ messageId: 'suggestMoveAck', output: `import { BrokerAsPromised as Broker } from 'rascal';
import { mailer } from './mailer';
import config from './config';

export async function start() {
  const broker = await Broker.create(config);
  const subscription = await broker.subscribe('receipts');
  subscription.on('message', async (message, content, ackOrNack) => {
    await mailer.sendMail({ to: content.email, subject: 'Your receipt' });
    ackOrNack();
  });
}` }] }],
    },
    {
      name: 'Stripe (Express): res.json({ received: true }) before the credit',
      code: D.stripeExpress('first'),
      errors: [{ messageId: 'ackBeforeWork', line: 15 , suggestions: [{ messageId: 'suggestMoveAck', output: `import express from 'express';
import Stripe from 'stripe';
import { pool } from './db';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const app = express();

app.post('/stripe/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch (err) {
    return res.status(400).send('bad signature');
  }
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    await pool.query('UPDATE users SET credits = credits + $1 WHERE id = $2', [Number(session.metadata!.credits), session.client_reference_id]);
  }
  res.json({ received: true });
});` }] }],
    },
    {
      name: 'nestjs: ClientKafka.emit is hot (dispatched at once): left un-awaited, the offset commits before the event is out',
      code: kafkaEmitController(EMIT),
      errors: [
        { messageId: 'fireAndForget', line: 14, suggestions: [{ messageId: 'suggestAwait', output: `import { Controller, Inject } from '@nestjs/common';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';
import { lastValueFrom } from 'rxjs';

const pool = new Pool();

@Controller()
export class PaymentsController {
  constructor(@Inject('KAFKA') private readonly kafkaClient: ClientKafka) {}

  @EventPattern('payment.created')
  async handlePaymentCreated(@Payload() data: { paymentId: string }, @Ctx() context: KafkaContext) {
    await pool.query('UPDATE payments SET status = $1 WHERE id = $2', ['SETTLED', data.paymentId]);
    await lastValueFrom(this.kafkaClient.emit('payment.settled', { paymentId: data.paymentId, partition: context.getPartition() }));
  }
}
` }] },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: a same-file helper returns the received messages; the loop deletes each before its work',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL;

async function receive() {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  return Messages ?? [];
}

export async function poll(): Promise<void> {
  for (const message of await receive()) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    const order = JSON.parse(message.Body!);
    await pool.query('UPDATE stock SET quantity = quantity - $1 WHERE sku = $2', [order.quantity, order.sku]);
  }
}
`,
      errors: [
        { messageId: 'ackBeforeWork', line: 15, suggestions: [{ messageId: 'suggestMoveAck', output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL;

async function receive() {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  return Messages ?? [];
}

export async function poll(): Promise<void> {
  for (const message of await receive()) {
    const order = JSON.parse(message.Body!);
    await pool.query('UPDATE stock SET quantity = quantity - $1 WHERE sku = $2', [order.quantity, order.sku]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
` }] },
      ],
    },
    {
      name: 'ioredis-streams: entries acked in one XACK after the loop while the work each one started is still running (a helper returns the entries)',
      code: streamHelperPoll,
      errors: [{ messageId: 'fireAndForget', line: 20 }],
    },
    {
      name: 'node-nats-streaming: without setManualAckMode(true) the client acks on receipt, before the write',
      code: `import nats, { Message } from 'node-nats-streaming';
import { Pool } from 'pg';

const pool = new Pool();
const stan = nats.connect('cluster', 'orders-1');

stan.on('connect', () => {
  const subscription = stan.subscribe('order:created', 'orders');
  subscription.on('message', async (msg: Message) => {
    const order = JSON.parse(msg.getData().toString());
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
  });
});`,
      errors: [{ messageId: 'autoAck', line: 8, column: 24 }],
    },
    {
      name: 'nats JetStream (typed handler): ack inside a Sequelize managed transaction, after `row.set(…).save({ transaction })`, runs before the commit',
      code: `import { JsMsg } from 'nats';
import { Ticket, sequelize } from './db';

export const ticketUpdatedListener = async (m: JsMsg) => {
  const ticket = JSON.parse(m.data.toString());
  await sequelize.transaction(async (t) => {
    const row = await Ticket.findByPk(ticket.id, { transaction: t, lock: true });
    if (!row) return m.nak();
    await row.set({ title: ticket.title }).save({ transaction: t });
    m.ack();
  });
};`,
      errors: [{ messageId: 'ackBeforeWork', line: 10, column: 5 }],
    },
    // ---- kafkajs
    {
      name: 'kafkajs: eachBatch resolveOffset before the insert (eachBatchAutoResolve: false)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        resolveOffset(message.offset);
        const entry = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO ledger_entries (id, amount) VALUES ($1, $2)', [entry.id, entry.amount]);
        await heartbeat();
      }
    },
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 12,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        const entry = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO ledger_entries (id, amount) VALUES ($1, $2)', [entry.id, entry.amount]);
        await heartbeat();
        resolveOffset(message.offset);
      }
    },
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: commitOffsets before the POST with autoCommit: false',
      code: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'crm-sync' });

export async function start(): Promise<void> {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
      const customer = JSON.parse(message.value!.toString());
      await axios.post('https://crm.example.com/api/customers', customer);
    },
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'crm-sync' });

export async function start(): Promise<void> {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const customer = JSON.parse(message.value!.toString());
      await axios.post('https://crm.example.com/api/customers', customer);
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
    },
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: producer.send not awaited before eachMessage returns',
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'enricher' });

export async function start(): Promise<void> {
  await producer.connect();
  await consumer.run({
    eachMessage: async ({ message }) => {
      const click = JSON.parse(message.value!.toString());
      const enriched = { ...click, country: click.ip ? 'unknown' : 'n/a' };
      producer.send({ topic: 'clicks.enriched', messages: [{ key: click.id, value: JSON.stringify(enriched) }] });
    },
  });
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 13,
          column: 16,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'enricher' });

export async function start(): Promise<void> {
  await producer.connect();
  await consumer.run({
    eachMessage: async ({ message }) => {
      const click = JSON.parse(message.value!.toString());
      const enriched = { ...click, country: click.ip ? 'unknown' : 'n/a' };
      await producer.send({ topic: 'clicks.enriched', messages: [{ key: click.id, value: JSON.stringify(enriched) }] });
    },
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch forEach(async) with the default auto-resolve',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch }) => {
      batch.messages.forEach(async (message) => {
        const event = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO audit_log (id, body) VALUES ($1, $2)', [event.id, event]);
      });
    },
  });
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 10,
          column: 22,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch }) => {
      await Promise.all(batch.messages.map(async (message) => {
        const event = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO audit_log (id, body) VALUES ($1, $2)', [event.id, event]);
      }));
    },
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: require(), eachBatch resolveOffset before the update',
      filename: 'stock-sync.js',
      code: `const { Kafka } = require('kafkajs');
const { MongoClient } = require('mongodb');

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'stock' });
const mongo = new MongoClient(process.env.MONGO_URL);

async function main() {
  const stock = mongo.db('shop').collection('stock');
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        resolveOffset(message.offset);
        const receipt = JSON.parse(message.value.toString());
        await stock.updateOne({ sku: receipt.sku }, { $set: { onHand: receipt.onHand } });
        await heartbeat();
      }
    },
  });
}

module.exports = { main };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 13,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { Kafka } = require('kafkajs');
const { MongoClient } = require('mongodb');

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'stock' });
const mongo = new MongoClient(process.env.MONGO_URL);

async function main() {
  const stock = mongo.db('shop').collection('stock');
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        const receipt = JSON.parse(message.value.toString());
        await stock.updateOne({ sku: receipt.sku }, { $set: { onHand: receipt.onHand } });
        await heartbeat();
        resolveOffset(message.offset);
      }
    },
  });
}

module.exports = { main };`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: Promise.all of POSTs not awaited',
      code: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'fanout' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      Promise.all(event.targets.map((url: string) => axios.post(url, event.payload)));
    },
  });
}`,
      errors: [{ messageId: 'fireAndForget', line: 10 }],
    },
    {
      name: 'kafkajs: arrow body is a void send',
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'forwarder' });

export async function start(): Promise<void> {
  await producer.connect();
  await consumer.run({
    eachMessage: async ({ message }) => void producer.send({ topic: 'orders.v2', messages: [{ key: message.key, value: message.value }] }),
  });
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 10,
          column: 55,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'forwarder' });

export async function start(): Promise<void> {
  await producer.connect();
  await consumer.run({
    eachMessage: async ({ message }) => await producer.send({ topic: 'orders.v2', messages: [{ key: message.key, value: message.value }] }),
  });
}`,
            },
          ],
        },
      ],
    },
    // ---- amqplib
    {
      name: 'amqplib: channel.ack before the CRM POST',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.assertQueue('crm.contacts', { durable: true });
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    channel.ack(msg);
    const contact = JSON.parse(msg.content.toString());
    await axios.post('https://crm.example.com/api/contacts', contact);
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.assertQueue('crm.contacts', { durable: true });
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    const contact = JSON.parse(msg.content.toString());
    await axios.post('https://crm.example.com/api/contacts', contact);
    channel.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: noAck: true with a database write',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.assertQueue('signups');
  await channel.consume('signups', async (msg) => {
    if (!msg) return;
    const user = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO users (email, name) VALUES ($1, $2)', [user.email, user.name]);
  }, { noAck: true });
}`,
      errors: [
        { messageId: 'autoAck', line: 13, column: 8 },
      ],
    },
    {
      name: 'amqplib: void fire-and-forget write before the ack',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('page-views', async (msg) => {
    if (!msg) return;
    const view = JSON.parse(msg.content.toString());
    void pool.query('INSERT INTO page_views (id, path) VALUES ($1, $2)', [view.id, view.path]);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 11,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('page-views', async (msg) => {
    if (!msg) return;
    const view = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO page_views (id, path) VALUES ($1, $2)', [view.id, view.path]);
    channel.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: same-file helper acks before the handler does the work',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

function accept(channel: Channel, msg: ConsumeMessage): void {
  console.debug('accepted', msg.fields.deliveryTag);
  channel.ack(msg);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    accept(channel, msg);
    const order = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
  });
}`,
      errors: [
        { messageId: 'ackBeforeWork', line: 8, column: 3 },
      ],
    },
    {
      name: 'amqplib: ack before a same-file helper that does the work',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function saveOrder(order: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    channel.ack(msg);
    await saveOrder(JSON.parse(msg.content.toString()));
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 14,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function saveOrder(order: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    await saveOrder(JSON.parse(msg.content.toString()));
    channel.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: class method passed with .bind(this) acks first',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

export class InventoryConsumer {
  private channel!: Channel;
  constructor(private readonly pool: Pool) {}

  async start(): Promise<void> {
    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
    await this.channel.consume('inventory.adjusted', this.onMessage.bind(this));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    this.channel.ack(msg);
    const { sku, onHand } = JSON.parse(msg.content.toString());
    await this.pool.query('UPDATE inventory SET on_hand = $1 WHERE sku = $2', [onHand, sku]);
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 15,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

export class InventoryConsumer {
  private channel!: Channel;
  constructor(private readonly pool: Pool) {}

  async start(): Promise<void> {
    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
    await this.channel.consume('inventory.adjusted', this.onMessage.bind(this));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const { sku, onHand } = JSON.parse(msg.content.toString());
    await this.pool.query('UPDATE inventory SET on_hand = $1 WHERE sku = $2', [onHand, sku]);
    this.channel.ack(msg);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: loop over line items after the ack',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders.placed', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    channel.ack(msg);
    for (const item of order.items) {
      await pool.query('INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3)', [order.id, item.sku, item.qty]);
    }
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 11,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders.placed', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    for (const item of order.items) {
      await pool.query('INSERT INTO order_items (order_id, sku, qty) VALUES ($1, $2, $3)', [order.id, item.sku, item.qty]);
    }
    channel.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: require() callback API acks before the POST',
      filename: 'crm-consumer.js',
      code: `const amqp = require('amqplib/callback_api');
const axios = require('axios');

amqp.connect(process.env.AMQP_URL, (err, connection) => {
  if (err) throw err;
  connection.createChannel((err2, channel) => {
    if (err2) throw err2;
    channel.consume('crm.leads', async (msg) => {
      channel.ack(msg);
      const lead = JSON.parse(msg.content.toString());
      await axios.post('https://crm.example.com/api/leads', lead);
    });
  });
});`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 9,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const amqp = require('amqplib/callback_api');
const axios = require('axios');

amqp.connect(process.env.AMQP_URL, (err, connection) => {
  if (err) throw err;
  connection.createChannel((err2, channel) => {
    if (err2) throw err2;
    channel.consume('crm.leads', async (msg) => {
      const lead = JSON.parse(msg.content.toString());
      await axios.post('https://crm.example.com/api/leads', lead);
      channel.ack(msg);
    });
  });
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: require(), noAck: true with an insert',
      filename: 'audit-consumer.js',
      code: `const amqp = require('amqplib');
const { MongoClient } = require('mongodb');

const mongo = new MongoClient(process.env.MONGO_URL);

async function start() {
  const audit = mongo.db('ops').collection('audit');
  const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();
  await channel.consume('audit.events', async (msg) => {
    const event = JSON.parse(msg.content.toString());
    await audit.insertOne({ at: new Date(), event });
  }, { noAck: true });
}

module.exports = { start };`,
      errors: [
        { messageId: 'autoAck', line: 12, column: 8 },
      ],
    },
    {
      name: 'amqplib: ack only on one branch, work after the if',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    if (order.priority === 'low') channel.ack(msg);
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    if (order.priority !== 'low') channel.ack(msg);
  });
}`,
      errors: [
        { messageId: 'ackBeforeWork', line: 11, column: 35 },
      ],
    },
    {
      name: 'amqplib: const p = put(); ack; await p acks while the PUT runs',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    const contact = JSON.parse(msg.content.toString());
    const pending = axios.put(\`https://crm.example.com/contacts/\${contact.id}\`, contact);
    channel.ack(msg);
    await pending;
  });
}`,
      errors: [
        { messageId: 'fireAndForget', line: 9, column: 27 },
      ],
    },
    {
      name: 'amqplib: ackAll before the batch work',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();
const buffer: { id: string; path: string }[] = [];

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('page-views', async (msg) => {
    if (!msg) return;
    buffer.push(JSON.parse(msg.content.toString()));
    if (buffer.length < 100) return;
    channel.ackAll();
    const rows = buffer.splice(0);
    await pool.query('INSERT INTO page_views (id, path) SELECT * FROM UNNEST($1::text[], $2::text[])', [rows.map((r) => r.id), rows.map((r) => r.path)]);
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 13,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();
const buffer: { id: string; path: string }[] = [];

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('page-views', async (msg) => {
    if (!msg) return;
    buffer.push(JSON.parse(msg.content.toString()));
    if (buffer.length < 100) return;
    const rows = buffer.splice(0);
    await pool.query('INSERT INTO page_views (id, path) SELECT * FROM UNNEST($1::text[], $2::text[])', [rows.map((r) => r.id), rows.map((r) => r.path)]);
    channel.ackAll();
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: class property arrow handler acks first',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import axios from 'axios';

export class LeadConsumer {
  private channel!: Channel;

  async start(): Promise<void> {
    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
    await this.channel.consume('crm.leads', this.onMessage);
  }

  private onMessage = async (msg: ConsumeMessage | null): Promise<void> => {
    if (!msg) return;
    this.channel.ack(msg);
    await axios.post('https://crm.example.com/leads', JSON.parse(msg.content.toString()));
  };
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 14,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import axios from 'axios';

export class LeadConsumer {
  private channel!: Channel;

  async start(): Promise<void> {
    this.channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
    await this.channel.consume('crm.leads', this.onMessage);
  }

  private onMessage = async (msg: ConsumeMessage | null): Promise<void> => {
    if (!msg) return;
    await axios.post('https://crm.example.com/leads', JSON.parse(msg.content.toString()));
    this.channel.ack(msg);
  };
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: noAck: true on a handler passed by reference',
      code: `import amqp, { type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function onSignup(msg: ConsumeMessage | null): Promise<void> {
  if (!msg) return;
  const user = JSON.parse(msg.content.toString());
  await pool.query('INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING', [user.email]);
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('signups', onSignup, { noAck: true });
}`,
      errors: [
        { messageId: 'autoAck', line: 14, column: 48 },
      ],
    },
    {
      name: 'amqplib: pushed writes never awaited before the ack',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders.placed', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    const writes: Promise<unknown>[] = [];
    for (const item of order.items) {
      writes.push(pool.query('INSERT INTO order_items (order_id, sku) VALUES ($1, $2) ON CONFLICT DO NOTHING', [order.id, item.sku]));
    }
    channel.ack(msg);
  });
}`,
      errors: [
        { messageId: 'fireAndForget', line: 13, column: 24 },
      ],
    },
    {
      name: 'amqplib: ack first inside try, nack in catch',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    try {
      channel.ack(msg);
      const contact = JSON.parse(msg.content.toString());
      await axios.post('https://crm.example.com/api/contacts', contact);
    } catch (err) {
      console.error('contact sync failed', err);
      channel.nack(msg);
    }
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 9,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    try {
      const contact = JSON.parse(msg.content.toString());
      await axios.post('https://crm.example.com/api/contacts', contact);
      channel.ack(msg);
    } catch (err) {
      console.error('contact sync failed', err);
      channel.nack(msg);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: ack before work in a helper two levels down',
      code: `import amqp, { type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function persist(order: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
}

async function handle(msg: ConsumeMessage): Promise<void> {
  await persist(JSON.parse(msg.content.toString()));
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    channel.ack(msg);
    await handle(msg);
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 18,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import amqp, { type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

async function persist(order: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
}

async function handle(msg: ConsumeMessage): Promise<void> {
  await persist(JSON.parse(msg.content.toString()));
}

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    await handle(msg);
    channel.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    // ---- amqp-connection-manager
    {
      name: 'amqp-connection-manager: wrapper.ack before the upsert',
      code: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel({ json: true });

export async function start(): Promise<void> {
  await wrapper.consume('catalog.product-updated', async (msg: ConsumeMessage) => {
    wrapper.ack(msg);
    const product = JSON.parse(msg.content.toString());
    await prisma.product.upsert({
      where: { sku: product.sku },
      create: product,
      update: { name: product.name, price: product.price },
    });
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel({ json: true });

export async function start(): Promise<void> {
  await wrapper.consume('catalog.product-updated', async (msg: ConsumeMessage) => {
    const product = JSON.parse(msg.content.toString());
    await prisma.product.upsert({
      where: { sku: product.sku },
      create: product,
      update: { name: product.name, price: product.price },
    });
    wrapper.ack(msg);
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: require(), ack before the upload',
      filename: 'thumbnails.js',
      code: `const amqpcm = require('amqp-connection-manager');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});
const wrapper = amqpcm.connect([process.env.AMQP_URL]).createChannel();

async function start() {
  await wrapper.consume('images.uploaded', async (msg) => {
    wrapper.ack(msg);
    const image = JSON.parse(msg.content.toString());
    await s3.send(new PutObjectCommand({ Bucket: 'thumbs', Key: image.id, Body: image.data }));
  });
}

module.exports = { start };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 9,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const amqpcm = require('amqp-connection-manager');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const s3 = new S3Client({});
const wrapper = amqpcm.connect([process.env.AMQP_URL]).createChannel();

async function start() {
  await wrapper.consume('images.uploaded', async (msg) => {
    const image = JSON.parse(msg.content.toString());
    await s3.send(new PutObjectCommand({ Bucket: 'thumbs', Key: image.id, Body: image.data }));
    wrapper.ack(msg);
  });
}

module.exports = { start };`,
            },
          ],
        },
      ],
    },
    // ---- @aws-sdk/client-sqs
    {
      name: '@aws-sdk/client-sqs: DeleteMessageCommand before the work in the poll loop',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.ORDERS_QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      const order = JSON.parse(message.Body!);
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 12,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.ORDERS_QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      const order = JSON.parse(message.Body!);
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: per-message function deletes before sending the email',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

const sqs = new SQSClient({});
const ses = new SESClient({});
const queueUrl = process.env.RESET_QUEUE_URL!;

async function handleMessage(message: Message): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
  const { email, link } = JSON.parse(message.Body!);
  await ses.send(new SendEmailCommand({
    Source: 'security@example.com',
    Destination: { ToAddresses: [email] },
    Message: { Subject: { Data: 'Reset your password' }, Body: { Text: { Data: link } } },
  }));
}

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages ?? []) {
      await handleMessage(message);
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 9,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';

const sqs = new SQSClient({});
const ses = new SESClient({});
const queueUrl = process.env.RESET_QUEUE_URL!;

async function handleMessage(message: Message): Promise<void> {
  const { email, link } = JSON.parse(message.Body!);
  await ses.send(new SendEmailCommand({
    Source: 'security@example.com',
    Destination: { ToAddresses: [email] },
    Message: { Subject: { Data: 'Reset your password' }, Body: { Text: { Data: link } } },
  }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
}

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages ?? []) {
      await handleMessage(message);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: while (true) loop skips empty bodies, then deletes before the insert',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

export async function poll(): Promise<void> {
  while (true) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of res.Messages ?? []) {
      if (!message.Body) continue;
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      await pool.query('INSERT INTO events (body) VALUES ($1)', [message.Body]);
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 13,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

export async function poll(): Promise<void> {
  while (true) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of res.Messages ?? []) {
      if (!message.Body) continue;
      await pool.query('INSERT INTO events (body) VALUES ($1)', [message.Body]);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: DeleteMessageBatchCommand for one message before its work',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import axios from 'axios';

const sqs = new SQSClient({});
const QueueUrl = process.env.HOOKS_QUEUE_URL!;

export async function pollOnce(): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of Messages) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: message.MessageId!, ReceiptHandle: message.ReceiptHandle! }] }));
    const hook = JSON.parse(message.Body!);
    await axios.post(hook.url, hook.payload);
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import axios from 'axios';

const sqs = new SQSClient({});
const QueueUrl = process.env.HOOKS_QUEUE_URL!;

export async function pollOnce(): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of Messages) {
    const hook = JSON.parse(message.Body!);
    await axios.post(hook.url, hook.payload);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: message.MessageId!, ReceiptHandle: message.ReceiptHandle! }] }));
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: require() v3, DeleteMessageCommand before the POST',
      filename: 'orders-poller.js',
      code: `const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require('@aws-sdk/client-sqs');
const axios = require('axios');

const sqs = new SQSClient({});
const QueueUrl = process.env.ORDERS_QUEUE_URL;

async function poll() {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      await axios.post('https://fulfilment.example.com/orders', JSON.parse(message.Body));
    }
  }
}

module.exports = { poll };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 11,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require('@aws-sdk/client-sqs');
const axios = require('axios');

const sqs = new SQSClient({});
const QueueUrl = process.env.ORDERS_QUEUE_URL;

async function poll() {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await axios.post('https://fulfilment.example.com/orders', JSON.parse(message.Body));
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

module.exports = { poll };`,
            },
          ],
        },
      ],
    },
    // ---- sqs-consumer
    {
      name: 'sqs-consumer: handleMessage starts the POST and returns without awaiting it',
      code: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';

const consumer = Consumer.create({
  queueUrl: process.env.HOOKS_QUEUE_URL!,
  handleMessage: async (message) => {
    const hook = JSON.parse(message.Body!);
    axios.post(hook.url, hook.payload);
    return message;
  },
});

consumer.on('error', (err) => console.error(err));
consumer.start();`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';

const consumer = Consumer.create({
  queueUrl: process.env.HOOKS_QUEUE_URL!,
  handleMessage: async (message) => {
    const hook = JSON.parse(message.Body!);
    await axios.post(hook.url, hook.payload);
    return message;
  },
});

consumer.on('error', (err) => console.error(err));
consumer.start();`,
            },
          ],
        },
      ],
    },
    {
      name: 'sqs-consumer: alwaysAcknowledge: true with a database write',
      code: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

const consumer = Consumer.create({
  queueUrl: process.env.SIGNUP_QUEUE_URL!,
  alwaysAcknowledge: true,
  handleMessage: async (message) => {
    const signup = JSON.parse(message.Body!);
    await pool.query('INSERT INTO signups (email, plan) VALUES ($1, $2)', [signup.email, signup.plan]);
  },
});

consumer.start();`,
      errors: [
        { messageId: 'autoAck', line: 8, column: 3 },
      ],
    },
    {
      name: 'sqs-consumer: handleMessageBatch forEach(async) returns before the writes finish',
      code: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

const consumer = Consumer.create({
  queueUrl: process.env.EVENTS_QUEUE_URL!,
  batchSize: 10,
  handleMessageBatch: async (messages) => {
    messages.forEach(async (message) => {
      const event = JSON.parse(message.Body!);
      await pool.query('INSERT INTO events (id, body) VALUES ($1, $2)', [message.MessageId, event]);
    });
    return messages;
  },
});

consumer.start();`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 10,
          column: 14,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

const consumer = Consumer.create({
  queueUrl: process.env.EVENTS_QUEUE_URL!,
  batchSize: 10,
  handleMessageBatch: async (messages) => {
    await Promise.all(messages.map(async (message) => {
      const event = JSON.parse(message.Body!);
      await pool.query('INSERT INTO events (id, body) VALUES ($1, $2)', [message.MessageId, event]);
    }));
    return messages;
  },
});

consumer.start();`,
            },
          ],
        },
      ],
    },
    {
      name: 'sqs-consumer: require(), handler by reference leaves the email floating',
      filename: 'receipts.js',
      code: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({ host: 'smtp.example.com' });

async function sendReceipt(message) {
  const receipt = JSON.parse(message.Body);
  transport.sendMail({ to: receipt.email, subject: 'Your receipt', text: receipt.text });
  return message;
}

const consumer = Consumer.create({ queueUrl: process.env.RECEIPTS_QUEUE_URL, handleMessage: sendReceipt });
consumer.start();

module.exports = { consumer };`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 8,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({ host: 'smtp.example.com' });

async function sendReceipt(message) {
  const receipt = JSON.parse(message.Body);
  await transport.sendMail({ to: receipt.email, subject: 'Your receipt', text: receipt.text });
  return message;
}

const consumer = Consumer.create({ queueUrl: process.env.RECEIPTS_QUEUE_URL, handleMessage: sendReceipt });
consumer.start();

module.exports = { consumer };`,
            },
          ],
        },
      ],
    },
    // ---- aws-lambda
    {
      name: 'aws-lambda: Records.forEach(async) sends the SMS after the handler returned',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<void> => {
  event.Records.forEach(async (record) => {
    const req = JSON.parse(record.body) as { phone: string; code: string };
    await sns.send(new PublishCommand({ PhoneNumber: req.phone, Message: \`Your code is \${req.code}\` }));
  });
};`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 7,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import type { SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<void> => {
  await Promise.all(event.Records.map(async (record) => {
    const req = JSON.parse(record.body) as { phone: string; code: string };
    await sns.send(new PublishCommand({ PhoneNumber: req.phone, Message: \`Your code is \${req.code}\` }));
  }));
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: Records.map(async) whose promises are never awaited',
      code: `import type { SQSEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: SQSEvent): Promise<void> {
  const writes = event.Records.map(async (record) => {
    const order = JSON.parse(record.body);
    await ddb.send(new PutCommand({ TableName: 'orders', Item: { pk: order.id, status: order.status } }));
  });
  console.log('queued', writes.length, 'writes');
}`,
      errors: [
        { messageId: 'fireAndForget', line: 8, column: 32 },
      ],
    },
    {
      name: 'aws-lambda: void promise in the record loop',
      code: `import type { SQSEvent } from 'aws-lambda';
import axios from 'axios';

async function notifyPartner(payload: unknown): Promise<void> {
  await axios.post('https://partner.example.com/hooks', payload);
}

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const payload = JSON.parse(record.body);
    void notifyPartner(payload);
  }
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 11,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import type { SQSEvent } from 'aws-lambda';
import axios from 'axios';

async function notifyPartner(payload: unknown): Promise<void> {
  await axios.post('https://partner.example.com/hooks', payload);
}

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const payload = JSON.parse(record.body);
    await notifyPartner(payload);
  }
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: SQS DeleteMessageCommand per record before the write',
      code: `import type { SQSHandler } from 'aws-lambda';
import { SQSClient, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl: process.env.QUEUE_URL!, ReceiptHandle: record.receiptHandle }));
    const signup = JSON.parse(record.body);
    await pool.query('INSERT INTO signups (email) VALUES ($1)', [signup.email]);
  }
};`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import type { SQSHandler } from 'aws-lambda';
import { SQSClient, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    const signup = JSON.parse(record.body);
    await pool.query('INSERT INTO signups (email) VALUES ($1)', [signup.email]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: process.env.QUEUE_URL!, ReceiptHandle: record.receiptHandle }));
  }
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: exports.handler with Records.forEach(async)',
      filename: 'index.js',
      code: `const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  event.Records.forEach(async (record) => {
    const image = record.dynamodb.NewImage;
    await ddb.send(new UpdateItemCommand({
      TableName: 'projections',
      Key: { pk: { S: image.pk.S } },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: image.status.S } },
    }));
  });
};`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 6,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  await Promise.all(event.Records.map(async (record) => {
    const image = record.dynamodb.NewImage;
    await ddb.send(new UpdateItemCommand({
      TableName: 'projections',
      Key: { pk: { S: image.pk.S } },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': { S: image.status.S } },
    }));
  }));
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: per-record helper called without await',
      code: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

async function processRecord(body: string): Promise<void> {
  const evt = JSON.parse(body);
  await pool.query('INSERT INTO events (id, kind) VALUES ($1, $2)', [evt.id, evt.kind]);
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    processRecord(record.body);
  }
};`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 13,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

async function processRecord(body: string): Promise<void> {
  const evt = JSON.parse(body);
  await pool.query('INSERT INTO events (id, kind) VALUES ($1, $2)', [evt.id, evt.kind]);
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await processRecord(record.body);
  }
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: DeleteMessageBatchCommand sent before the records are processed',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SQSClient, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  const entries = event.Records.map((r) => ({ Id: r.messageId, ReceiptHandle: r.receiptHandle }));
  await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: process.env.QUEUE_URL!, Entries: entries }));
  for (const record of event.Records) {
    const signup = JSON.parse(record.body);
    await pool.query('INSERT INTO signups (email) VALUES ($1)', [signup.email]);
  }
};`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 10,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import type { SQSEvent } from 'aws-lambda';
import { SQSClient, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  const entries = event.Records.map((r) => ({ Id: r.messageId, ReceiptHandle: r.receiptHandle }));
  for (const record of event.Records) {
    const signup = JSON.parse(record.body);
    await pool.query('INSERT INTO signups (email) VALUES ($1)', [signup.email]);
  }
  await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: process.env.QUEUE_URL!, Entries: entries }));
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: un-awaited publish whose failure goes to batchItemFailures',
      code: `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const req = JSON.parse(record.body) as { phone: string; text: string };
    sns
      .send(new PublishCommand({ PhoneNumber: req.phone, Message: req.text }))
      .catch(() => batchItemFailures.push({ itemIdentifier: record.messageId }));
  }
  return { batchItemFailures };
};`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 11,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';

const sns = new SNSClient({});

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const req = JSON.parse(record.body) as { phone: string; text: string };
    await sns
      .send(new PublishCommand({ PhoneNumber: req.phone, Message: req.text }))
      .catch(() => batchItemFailures.push({ itemIdentifier: record.messageId }));
  }
  return { batchItemFailures };
};`,
            },
          ],
        },
      ],
    },
    // ---- @google-cloud/pubsub
    {
      name: '@google-cloud/pubsub: message.ack() before the write',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();

pubsub.subscription('profiles.updated').on('message', async (message: Message) => {
  message.ack();
  const profile = JSON.parse(message.data.toString());
  await firestore.doc(\`profiles/\${profile.userId}\`).set({ name: profile.name, updatedAt: profile.at });
});`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();

pubsub.subscription('profiles.updated').on('message', async (message: Message) => {
  const profile = JSON.parse(message.data.toString());
  await firestore.doc(\`profiles/\${profile.userId}\`).set({ name: profile.name, updatedAt: profile.at });
  message.ack();
});`,
            },
          ],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: publishMessage not awaited before the ack',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();
const counts = pubsub.topic('social.follower-count-changed');

async function onFollow(message: Message): Promise<void> {
  const evt = JSON.parse(message.data.toString());
  await firestore.doc(\`follows/\${evt.followerId}_\${evt.followeeId}\`).set({ at: evt.at });
  counts.publishMessage({ json: { userId: evt.followeeId, cause: evt.followerId } });
  message.ack();
}

pubsub.subscription('social.followed').on('message', onFollow);`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 11,
          column: 10,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();
const counts = pubsub.topic('social.follower-count-changed');

async function onFollow(message: Message): Promise<void> {
  const evt = JSON.parse(message.data.toString());
  await firestore.doc(\`follows/\${evt.followerId}_\${evt.followeeId}\`).set({ at: evt.at });
  await counts.publishMessage({ json: { userId: evt.followeeId, cause: evt.followerId } });
  message.ack();
}

pubsub.subscription('social.followed').on('message', onFollow);`,
            },
          ],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: require(), ack before the POST',
      filename: 'subscriber.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const axios = require('axios');

const pubsub = new PubSub();
const subscription = pubsub.subscription('invoices.issued');

subscription.on('message', async (message) => {
  message.ack();
  const invoice = JSON.parse(message.data.toString());
  await axios.post('https://accounting.example.com/api/invoices', invoice);
});

module.exports = { subscription };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { PubSub } = require('@google-cloud/pubsub');
const axios = require('axios');

const pubsub = new PubSub();
const subscription = pubsub.subscription('invoices.issued');

subscription.on('message', async (message) => {
  const invoice = JSON.parse(message.data.toString());
  await axios.post('https://accounting.example.com/api/invoices', invoice);
  message.ack();
});

module.exports = { subscription };`,
            },
          ],
        },
      ],
    },
    // ---- bullmq
    {
      name: 'bullmq: void side effect in the processor, the job completes first',
      code: `import { Worker, type Job } from 'bullmq';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

async function recordDownload(evt: { packageName: string; version: string }): Promise<void> {
  await db.execute('INSERT INTO downloads (package, version) VALUES (?, ?)', [evt.packageName, evt.version]);
}

async function processDownload(job: Job<{ packageName: string; version: string }>) {
  if (!job.data.packageName) throw new Error(\`malformed job \${job.id}\`);
  void recordDownload(job.data);
  return { ok: true };
}

export const worker = new Worker('download-events', processDownload, { connection: { host: 'localhost', port: 6379 } });`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 12,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Worker, type Job } from 'bullmq';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

async function recordDownload(evt: { packageName: string; version: string }): Promise<void> {
  await db.execute('INSERT INTO downloads (package, version) VALUES (?, ?)', [evt.packageName, evt.version]);
}

async function processDownload(job: Job<{ packageName: string; version: string }>) {
  if (!job.data.packageName) throw new Error(\`malformed job \${job.id}\`);
  await recordDownload(job.data);
  return { ok: true };
}

export const worker = new Worker('download-events', processDownload, { connection: { host: 'localhost', port: 6379 } });`,
            },
          ],
        },
      ],
    },
    {
      name: 'bullmq: items.forEach(async) in the processor',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('imports', async (job) => {
  const rows: { id: string; email: string }[] = job.data.rows;
  rows.forEach(async (row) => {
    await pool.query('INSERT INTO contacts (id, email) VALUES ($1, $2)', [row.id, row.email]);
  });
  await job.updateProgress(100);
}, { connection: { host: 'localhost', port: 6379 } });`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 8,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('imports', async (job) => {
  const rows: { id: string; email: string }[] = job.data.rows;
  await Promise.all(rows.map(async (row) => {
    await pool.query('INSERT INTO contacts (id, email) VALUES ($1, $2)', [row.id, row.email]);
  }));
  await job.updateProgress(100);
}, { connection: { host: 'localhost', port: 6379 } });`,
            },
          ],
        },
      ],
    },
    {
      name: 'bullmq: require(), un-awaited POST before the processor returns',
      filename: 'worker.js',
      code: `const { Worker } = require('bullmq');
const axios = require('axios');

const worker = new Worker('webhooks', async (job) => {
  const { url, payload } = job.data;
  axios.post(url, payload, { timeout: 5000 });
  return { deliveredAt: Date.now() };
}, { connection: { host: process.env.REDIS_HOST, port: 6379 } });

worker.on('failed', (job, err) => console.error('webhook job failed', job && job.id, err));

module.exports = { worker };`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `const { Worker } = require('bullmq');
const axios = require('axios');

const worker = new Worker('webhooks', async (job) => {
  const { url, payload } = job.data;
  await axios.post(url, payload, { timeout: 5000 });
  return { deliveredAt: Date.now() };
}, { connection: { host: process.env.REDIS_HOST, port: 6379 } });

worker.on('failed', (job, err) => console.error('webhook job failed', job && job.id, err));

module.exports = { worker };`,
            },
          ],
        },
      ],
    },
    // ---- bull
    {
      name: 'bull: done() before the awaited write',
      code: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  done();
  await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [job.data.id, job.data.total]);
});`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [job.data.id, job.data.total]);
  done();
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'bull: promise processor leaves the email floating',
      code: `import Queue from 'bull';
import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({ host: 'smtp.example.com' });
const mail = new Queue('mail', process.env.REDIS_URL!);

mail.process(async (job) => {
  const { to, subject, text } = job.data;
  transport.sendMail({ from: 'noreply@example.com', to, subject, text });
  return { queuedAt: Date.now() };
});`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 9,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import Queue from 'bull';
import nodemailer from 'nodemailer';

const transport = nodemailer.createTransport({ host: 'smtp.example.com' });
const mail = new Queue('mail', process.env.REDIS_URL!);

mail.process(async (job) => {
  const { to, subject, text } = job.data;
  await transport.sendMail({ from: 'noreply@example.com', to, subject, text });
  return { queuedAt: Date.now() };
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'bull: done passed through a same-file helper before the work',
      code: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  done();
  await saveInvoice(job.data);
});

async function saveInvoice(invoice: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [invoice.id, invoice.total]);
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  await saveInvoice(job.data);
  done();
});

async function saveInvoice(invoice: { id: string; total: number }): Promise<void> {
  await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [invoice.id, invoice.total]);
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'bull: require(), async callback processor calls done() first',
      filename: 'fwd.js',
      code: `const Queue = require('bull');
const axios = require('axios');

const queue = new Queue('analytics-forward', process.env.REDIS_URL);

queue.process(async (job, done) => {
  done();
  await axios.post('https://analytics.example.com/v1/track', job.data);
});

module.exports = { queue };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const Queue = require('bull');
const axios = require('axios');

const queue = new Queue('analytics-forward', process.env.REDIS_URL);

queue.process(async (job, done) => {
  await axios.post('https://analytics.example.com/v1/track', job.data);
  done();
});

module.exports = { queue };`,
            },
          ],
        },
      ],
    },
    // ---- nats
    {
      name: 'nats: JetStream m.ack() first in the consume loop',
      code: `import { connect } from 'nats';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('INVENTORY', 'restocker');
  const messages = await consumer.consume();
  for await (const m of messages) {
    m.ack();
    const evt = m.json<{ sku: string; stock: number }>();
    await db.execute('UPDATE inventory SET stock = ? WHERE sku = ?', [evt.stock, evt.sku]);
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 11,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { connect } from 'nats';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL! });

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('INVENTORY', 'restocker');
  const messages = await consumer.consume();
  for await (const m of messages) {
    const evt = m.json<{ sku: string; stock: number }>();
    await db.execute('UPDATE inventory SET stock = ? WHERE sku = ?', [evt.stock, evt.sku]);
    m.ack();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nats: require(), fetch loop acks before the per-message helper runs',
      filename: 'restock.js',
      code: `const { connect } = require('nats');
const { MongoClient } = require('mongodb');

const mongo = new MongoClient(process.env.MONGO_URL);

async function restock(evt) {
  await mongo.db('shop').collection('stock').updateOne({ sku: evt.sku }, { $set: { onHand: evt.onHand } });
}

async function main() {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('INVENTORY', 'restock');
  const batch = await consumer.fetch({ max_messages: 50 });
  for await (const m of batch) {
    m.ack();
    await restock(m.json());
  }
}

module.exports = { main };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 15,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { connect } = require('nats');
const { MongoClient } = require('mongodb');

const mongo = new MongoClient(process.env.MONGO_URL);

async function restock(evt) {
  await mongo.db('shop').collection('stock').updateOne({ sku: evt.sku }, { $set: { onHand: evt.onHand } });
}

async function main() {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('INVENTORY', 'restock');
  const batch = await consumer.fetch({ max_messages: 50 });
  for await (const m of batch) {
    await restock(m.json());
    m.ack();
  }
}

module.exports = { main };`,
            },
          ],
        },
      ],
    },
    {
      name: 'nats: JetStream consume({ callback }) acks before the POST',
      code: `import { connect } from 'nats';
import axios from 'axios';

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('BILLING', 'billing-hooks');
  await consumer.consume({
    callback: async (m) => {
      m.ack();
      await axios.post('https://billing.example.com/hooks', m.json());
    },
  });
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 9,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { connect } from 'nats';
import axios from 'axios';

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('BILLING', 'billing-hooks');
  await consumer.consume({
    callback: async (m) => {
      await axios.post('https://billing.example.com/hooks', m.json());
      m.ack();
    },
  });
}`,
            },
          ],
        },
      ],
    },
    // ---- @azure/service-bus
    {
      name: '@azure/service-bus: completeMessage before the upsert (autoCompleteMessages: false)',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { Sequelize, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.SQL_URL!);
const Preference = sequelize.define('Preference', { userId: { type: DataTypes.STRING, primaryKey: true }, theme: DataTypes.STRING });
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('user-preferences');

receiver.subscribe(
  {
    processMessage: async (message: ServiceBusReceivedMessage) => {
      await receiver.completeMessage(message);
      const prefs = message.body as { userId: string; theme: string };
      await Preference.upsert({ userId: prefs.userId, theme: prefs.theme });
    },
    processError: async (args) => console.error('receiver error', args.error),
  },
  { autoCompleteMessages: false },
);`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 11,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { Sequelize, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.SQL_URL!);
const Preference = sequelize.define('Preference', { userId: { type: DataTypes.STRING, primaryKey: true }, theme: DataTypes.STRING });
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('user-preferences');

receiver.subscribe(
  {
    processMessage: async (message: ServiceBusReceivedMessage) => {
      const prefs = message.body as { userId: string; theme: string };
      await Preference.upsert({ userId: prefs.userId, theme: prefs.theme });
      await receiver.completeMessage(message);
    },
    processError: async (args) => console.error('receiver error', args.error),
  },
  { autoCompleteMessages: false },
);`,
            },
          ],
        },
      ],
    },
    {
      name: '@azure/service-bus: auto-complete with an un-awaited POST',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import axios from 'axios';

const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('partner-events');

receiver.subscribe({
  processMessage: async (message) => {
    const event = message.body as { partnerUrl: string; data: unknown };
    axios.post(event.partnerUrl, event.data);
  },
  processError: async (args) => console.error('receiver error', args.error),
});`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { ServiceBusClient } from '@azure/service-bus';
import axios from 'axios';

const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('partner-events');

receiver.subscribe({
  processMessage: async (message) => {
    const event = message.body as { partnerUrl: string; data: unknown };
    await axios.post(event.partnerUrl, event.data);
  },
  processError: async (args) => console.error('receiver error', args.error),
});`,
            },
          ],
        },
      ],
    },
    {
      name: '@azure/service-bus: receiveMessages loop completes before the write',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('shipments');

export async function drain(): Promise<void> {
  for (;;) {
    const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 5000 });
    for (const message of messages) {
      await receiver.completeMessage(message);
      const s = message.body as { id: string; status: string };
      await pool.query('UPDATE shipments SET status = $1 WHERE id = $2', [s.status, s.id]);
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 11,
          column: 13,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('shipments');

export async function drain(): Promise<void> {
  for (;;) {
    const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 5000 });
    for (const message of messages) {
      const s = message.body as { id: string; status: string };
      await pool.query('UPDATE shipments SET status = $1 WHERE id = $2', [s.status, s.id]);
      await receiver.completeMessage(message);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@azure/service-bus: require(), processMessage by reference completes first',
      filename: 'prefs.js',
      code: `const { ServiceBusClient } = require('@azure/service-bus');
const { Pool } = require('pg');

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN).createReceiver('user-preferences');

async function onPreferences(message) {
  await receiver.completeMessage(message);
  await pool.query('UPDATE preferences SET theme = $1 WHERE user_id = $2', [message.body.theme, message.body.userId]);
}

receiver.subscribe(
  { processMessage: onPreferences, processError: async (args) => console.error(args.error) },
  { autoCompleteMessages: false },
);`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { ServiceBusClient } = require('@azure/service-bus');
const { Pool } = require('pg');

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN).createReceiver('user-preferences');

async function onPreferences(message) {
  await pool.query('UPDATE preferences SET theme = $1 WHERE user_id = $2', [message.body.theme, message.body.userId]);
  await receiver.completeMessage(message);
}

receiver.subscribe(
  { processMessage: onPreferences, processError: async (args) => console.error(args.error) },
  { autoCompleteMessages: false },
);`,
            },
          ],
        },
      ],
    },
    // ---- ioredis-streams
    {
      name: 'ioredis-streams: xack before the per-entry write',
      code: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
const STREAM = 'profiles:changes';
const GROUP = 'profile-writer';

export async function run(consumer: string): Promise<void> {
  for (;;) {
    const res = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', STREAM, '>')) as
      | [string, [string, string[]][]][]
      | null;
    for (const [, entries] of res ?? []) {
      for (const [id, fields] of entries) {
        await redis.xack(STREAM, GROUP, id);
        await redis.hset(\`profile:\${fields[1]}\`, 'name', fields[3]);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 14,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
const STREAM = 'profiles:changes';
const GROUP = 'profile-writer';

export async function run(consumer: string): Promise<void> {
  for (;;) {
    const res = (await redis.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', STREAM, '>')) as
      | [string, [string, string[]][]][]
      | null;
    for (const [, entries] of res ?? []) {
      for (const [id, fields] of entries) {
        await redis.hset(\`profile:\${fields[1]}\`, 'name', fields[3]);
        await redis.xack(STREAM, GROUP, id);
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ioredis-streams: node-redis xAck before the POST',
      code: `import { createClient } from 'redis';
import axios from 'axios';

const client = createClient({ url: process.env.REDIS_URL });

export async function run(consumer: string): Promise<void> {
  await client.connect();
  for (;;) {
    const streams = await client.xReadGroup('hooks-group', consumer, { key: 'hooks', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await client.xAck('hooks', 'hooks-group', entry.id);
        await axios.post(entry.message.url, JSON.parse(entry.message.payload));
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 12,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { createClient } from 'redis';
import axios from 'axios';

const client = createClient({ url: process.env.REDIS_URL });

export async function run(consumer: string): Promise<void> {
  await client.connect();
  for (;;) {
    const streams = await client.xReadGroup('hooks-group', consumer, { key: 'hooks', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await axios.post(entry.message.url, JSON.parse(entry.message.payload));
        await client.xAck('hooks', 'hooks-group', entry.id);
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ioredis-streams: require(), per-entry helper acks first',
      filename: 'xp.js',
      code: `const Redis = require('ioredis');
const { Pool } = require('pg');

const redis = new Redis(process.env.REDIS_URL);
const pool = new Pool();

async function applyEntry(id, fields) {
  await redis.xack('xp-events', 'xp-writer', id);
  await pool.query('INSERT INTO xp_log (entry_id, player, xp) VALUES ($1, $2, $3)', [id, fields[1], Number(fields[3])]);
}

async function run(consumer) {
  for (;;) {
    const res = await redis.xreadgroup('GROUP', 'xp-writer', consumer, 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 'xp-events', '>');
    for (const [, entries] of res || []) {
      for (const [id, fields] of entries) await applyEntry(id, fields);
    }
  }
}

module.exports = { run };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const Redis = require('ioredis');
const { Pool } = require('pg');

const redis = new Redis(process.env.REDIS_URL);
const pool = new Pool();

async function applyEntry(id, fields) {
  await pool.query('INSERT INTO xp_log (entry_id, player, xp) VALUES ($1, $2, $3)', [id, fields[1], Number(fields[3])]);
  await redis.xack('xp-events', 'xp-writer', id);
}

async function run(consumer) {
  for (;;) {
    const res = await redis.xreadgroup('GROUP', 'xp-writer', consumer, 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', 'xp-events', '>');
    for (const [, entries] of res || []) {
      for (const [id, fields] of entries) await applyEntry(id, fields);
    }
  }
}

module.exports = { run };`,
            },
          ],
        },
      ],
    },
    // ---- nestjs
    {
      name: 'nestjs: RmqContext channel.ack before the write',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class OrdersController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('order.placed')
  async onOrderPlaced(@Payload() data: { id: string; total: number }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    channel.ack(context.getMessage());
    await this.prisma.order.create({ data: { id: data.id, total: data.total } });
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 12,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class OrdersController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('order.placed')
  async onOrderPlaced(@Payload() data: { id: string; total: number }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    await this.prisma.order.create({ data: { id: data.id, total: data.total } });
    channel.ack(context.getMessage());
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: ack in the bulk branch before the re-index',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ElasticsearchService } from '@nestjs/elasticsearch';

@Controller()
export class ReindexController {
  constructor(private readonly es: ElasticsearchService) {}

  @EventPattern('search.reindex-requested')
  async onReindex(@Payload() data: { documentId: string; mode: string; body: object }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const msg = context.getMessage();
    if (data.mode === 'bulk') {
      channel.ack(msg);
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
    } else {
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
      channel.ack(msg);
    }
  }
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 14,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { ElasticsearchService } from '@nestjs/elasticsearch';

@Controller()
export class ReindexController {
  constructor(private readonly es: ElasticsearchService) {}

  @EventPattern('search.reindex-requested')
  async onReindex(@Payload() data: { documentId: string; mode: string; body: object }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const msg = context.getMessage();
    if (data.mode === 'bulk') {
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
      channel.ack(msg);
    } else {
      await this.es.index({ index: 'documents', id: data.documentId, document: data.body });
      channel.ack(msg);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: @Process (bull) handler leaves the email floating',
      code: `import { Processor, Process } from '@nestjs/bull';
import type { Job } from 'bull';
import { MailerService } from '@nestjs-modules/mailer';

@Processor('notifications')
export class PasswordChangedProcessor {
  constructor(private readonly mailer: MailerService) {}

  @Process('password-changed')
  async notify(job: Job<{ email: string }>) {
    this.mailer.sendMail({ to: job.data.email, subject: 'Your password was changed', template: 'password-changed' });
    return { notified: job.data.email };
  }
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 11,
          column: 17,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Processor, Process } from '@nestjs/bull';
import type { Job } from 'bull';
import { MailerService } from '@nestjs-modules/mailer';

@Processor('notifications')
export class PasswordChangedProcessor {
  constructor(private readonly mailer: MailerService) {}

  @Process('password-changed')
  async notify(job: Job<{ email: string }>) {
    await this.mailer.sendMail({ to: job.data.email, subject: 'Your password was changed', template: 'password-changed' });
    return { notified: job.data.email };
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: WorkerHost process() with forEach(async)',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PrismaService } from './prisma.service';

@Processor('imports')
export class ImportProcessor extends WorkerHost {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async process(job: Job<{ rows: { id: string; email: string }[] }>) {
    job.data.rows.forEach(async (row) => {
      await this.prisma.contact.create({ data: { id: row.id, email: row.email } });
    });
  }
}`,
      errors: [
        {
          messageId: 'fireAndForget',
          line: 12,
          column: 19,
          suggestions: [
            {
              messageId: 'suggestAwait',
              output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PrismaService } from './prisma.service';

@Processor('imports')
export class ImportProcessor extends WorkerHost {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async process(job: Job<{ rows: { id: string; email: string }[] }>) {
    await Promise.all(job.data.rows.map(async (row) => {
      await this.prisma.contact.create({ data: { id: row.id, email: row.email } });
    }));
  }
}`,
            },
          ],
        },
      ],
    },
    // ---- generic
    {
      name: 'generic: configured bus, msg.ack() before the write',
      settings: busWithAck,
      code: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

type OrderShipped = { id: string; orderId: string; carrier: string };

bus.subscribe('order.shipped', async (msg: { id: string; data: OrderShipped; ack(): Promise<void> }) => {
  await msg.ack();
  await db.query('INSERT INTO shipments (order_id, carrier) VALUES ($1, $2)', [msg.data.orderId, msg.data.carrier]);
});`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

type OrderShipped = { id: string; orderId: string; carrier: string };

bus.subscribe('order.shipped', async (msg: { id: string; data: OrderShipped; ack(): Promise<void> }) => {
  await db.query('INSERT INTO shipments (order_id, carrier) VALUES ($1, $2)', [msg.data.orderId, msg.data.carrier]);
  await msg.ack();
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: require(), configured bus acks before the POST',
      filename: 'bus-consumer.js',
      settings: busWithAck,
      code: `const { bus } = require('./infra/bus');
const axios = require('axios');

bus.subscribe('invoice.issued', async (msg) => {
  msg.ack();
  await axios.post('https://accounting.example.com/api/invoices', msg.data);
});

module.exports = { bus };`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 5,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `const { bus } = require('./infra/bus');
const axios = require('axios');

bus.subscribe('invoice.issued', async (msg) => {
  await axios.post('https://accounting.example.com/api/invoices', msg.data);
  msg.ack();
});

module.exports = { bus };`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: @consumer tag, ack before the work',
      code: `import { db } from '../infra/db';

type Envelope = { id: string; body: { sku: string; price: number }; ack(): void; nack(): void };

/** @consumer */
export async function onPriceChanged(msg: Envelope): Promise<void> {
  msg.ack();
  await db.query('UPDATE products SET price = $1 WHERE sku = $2', [msg.body.price, msg.body.sku]);
}`,
      errors: [
        {
          messageId: 'ackBeforeWork',
          line: 7,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestMoveAck',
              output: `import { db } from '../infra/db';

type Envelope = { id: string; body: { sku: string; price: number }; ack(): void; nack(): void };

/** @consumer */
export async function onPriceChanged(msg: Envelope): Promise<void> {
  await db.query('UPDATE products SET price = $1 WHERE sku = $2', [msg.body.price, msg.body.sku]);
  msg.ack();
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: void work() detaches the work; the offset is committed when eachMessage returns',
      code: `import { Kafka } from 'kafkajs';
import { processOrder } from './orders';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'orders' });

await consumer.run({
  eachMessage: async ({ message }) => {
    void processOrder(JSON.parse(message.value!.toString()));
  },
});`,
      errors: [{ messageId: 'fireAndForget', line: 8, suggestions: [{ messageId: 'suggestAwait', output: `import { Kafka } from 'kafkajs';
import { processOrder } from './orders';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'orders' });

await consumer.run({
  eachMessage: async ({ message }) => {
    await processOrder(JSON.parse(message.value!.toString()));
  },
});` }] }],
    },
    {
      name: 'amqplib: void this.handle(msg) then the ack',
      code: `import amqp from 'amqplib';

export class OrdersConsumer {
  constructor(private readonly channel: amqp.Channel, private readonly orders: { apply(o: unknown): Promise<void> }) {}

  async start() {
    await this.channel.consume('orders', (msg) => {
      if (!msg) return;
      void this.orders.apply(JSON.parse(msg.content.toString()));
      this.channel.ack(msg);
    });
  }
}`,
      errors: [{ messageId: 'fireAndForget', line: 9 }],
    },
    {
      name: 'amqplib: void on a call judged by its verb still floats before the ack',
      code: `import amqp from 'amqplib';
import { syncInventory } from './inventory';

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('stock', (msg) => {
    if (!msg) return;
    void syncInventory(JSON.parse(msg.content.toString()).sku);
    channel.ack(msg);
  });
}`,
      errors: [{ messageId: 'fireAndForget', line: 8 }],
    },
    {
      name: 'nats: an ack inside the transaction callback runs before the commit',
      code: `import { connect } from 'nats';
import { Sequelize } from 'sequelize';
import { Ticket } from './models/ticket';

const sequelize = new Sequelize(process.env.DB_URL!);
const nc = await connect();
const consumer = await nc.jetstream().consumers.get('TICKETS', 'orders');

for await (const m of await consumer.consume()) {
  const data = m.json<{ id: string; title: string; price: number }>();
  await sequelize.transaction(async () => {
    await Ticket.create({ id: data.id, title: data.title, price: data.price });
    m.ack();
  });
}`,
      errors: [{ messageId: 'ackBeforeWork', line: 13 }],
    },
  ],
};
