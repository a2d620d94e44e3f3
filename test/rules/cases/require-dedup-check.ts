/** RuleTester cases for require-dedup-check, by library. Run by ../require-dedup-check.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/require-dedup-check';
import type { RuleCases } from '../tester';
import * as D from './deliveries';
import {
  createIfAbsentSqlWorker,
  guardedCreateConsumer,
  heldInsertBuilderListener,
  itemSaveConsumer,
  jsonRpcBatchListener,
  parseResourceWorker,
  replaceEmbedsConsumer,
  streamHelperPoll,
} from './shared';

// Relays: reported only with reportRelays (the invalid cases), not by default (the valid ones).
/** kafkajs: JavaScript require, re-publish with producer.send (no store: no suggestion) */
const relay1 = `const { Kafka } = require('kafkajs');

const kafka = new Kafka({ clientId: 'enricher', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'click-enricher' });
const producer = kafka.producer();

function countryOf(ip) {
  return ip.startsWith('10.') ? 'internal' : 'unknown';
}

async function main() {
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topics: ['clicks.raw'] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const click = JSON.parse(message.value.toString());
      await producer.send({ topic: 'clicks.enriched', messages: [{ key: message.key, value: JSON.stringify({ ...click, country: countryOf(click.ip) }) }] });
    },
  });
}

main().catch((err) => { console.error(err); process.exit(1); });`;

/** amqplib: channel.publish to another exchange, check only after publishing (does not count) */
const relay2 = `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function routeOrders(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('orders.accepted', async (msg) => {
    if (msg === null) return;
    const order = JSON.parse(msg.content.toString());
    channel.publish('fulfilment', \`pick.\${order.warehouse}\`, Buffer.from(JSON.stringify(order)), { persistent: true });
    if (await redis.exists(\`processed:\${msg.properties.messageId}\`)) {
      channel.ack(msg);
      return;
    }
    await redis.set(\`processed:\${msg.properties.messageId}\`, '1', 'EX', 604800);
    channel.ack(msg);
  });
}`;

/** amqplib: JavaScript, destructured and renamed require, sendToQueue publish (no store) */
const relay3 = `const { connect: amqpConnect } = require('amqplib');

async function main() {
  const connection = await amqpConnect('amqp://rabbit');
  const ch = await connection.createChannel();
  await ch.consume('orders.in', async (msg) => {
    const order = JSON.parse(msg.content.toString());
    ch.sendToQueue('orders.billing', Buffer.from(JSON.stringify({ id: order.id, total: order.total })), { persistent: true });
    ch.ack(msg);
  });
}

main();`;

/** @aws-sdk/client-sqs: inline loop, SQS SendMessageCommand publish (ioredis guard deletes the duplicate and continues) */
const relay4 = `import { SQSClient, ReceiveMessageCommand, SendMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import Redis from 'ioredis';

const sqs = new SQSClient({ region: 'eu-west-1' });
const redis = new Redis();
const inbox = process.env.INBOX_URL!;
const outbox = process.env.FULFILMENT_URL!;

export async function relay(): Promise<void> {
  for (;;) {
    const result = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inbox, WaitTimeSeconds: 20 }));
    for (const msg of result.Messages ?? []) {
      const order = JSON.parse(msg.Body ?? '{}');
      await sqs.send(new SendMessageCommand({ QueueUrl: outbox, MessageBody: JSON.stringify({ orderId: order.id, lines: order.lines }) }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox, ReceiptHandle: msg.ReceiptHandle }));
    }
  }
}`;

/** aws-lambda: JavaScript module.exports handler, EventBridge PutEventsCommand publish */
const relay5 = `const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');

const events = new EventBridgeClient({});

async function handler(event) {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await events.send(new PutEventsCommand({
      Entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(order), EventBusName: 'shop' }],
    }));
  }
}

module.exports = { handler };`;

/** @google-cloud/pubsub: JavaScript require, handler by reference, publishMessage to another topic (ioredis guard) */
const relay6 = `const { PubSub } = require('@google-cloud/pubsub');
const IORedis = require('ioredis').default;

const pubsub = new PubSub();
const redis = new IORedis(process.env.REDIS_URL);
const invoices = pubsub.topic('invoices.requested');

async function onOrderPaid(message) {
  const order = JSON.parse(message.data.toString());
  await invoices.publishMessage({ json: { orderId: order.id, total: order.total } });
  message.ack();
}

pubsub.subscription('orders.paid-sub').on('message', onOrderPaid);`;

/** generic: JavaScript, handlerMethod on an object with a messageId path, kafkajs producer.send (pg guard) */
const relay7 = `const { broker } = require('./broker');
const { Kafka } = require('kafkajs');
const { Pool } = require('pg');

const pool = new Pool();
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

broker.register('orders.accepted', {
  async handle(event) {
    const pick = { orderId: event.body.orderId, warehouse: event.body.warehouse };
    await producer.send({ topic: 'warehouse.picks', messages: [{ key: pick.orderId, value: JSON.stringify(pick) }] });
  },
});`;

export const cases: RuleCases<MessageIds, Options> = {
  valid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'an RPC-style POST (`{ method, params }`) whose method upserts by key repeats harmlessly',
      code: D.rpcClientRoute('upsertSubscription'),
    },
    {
      name: 'a helper called with a literal `true` for the flag that skips its email: the email is not reached',
      code: D.flagHelper(true),
    },
    {
      name: 'stripe (Express): a processed-events insert on event.id (ON CONFLICT DO NOTHING, rowCount) before the credit',
      code: D.stripeExpress('last', true),
    },
    {
      name: 'an unsigned HTTP route with the same relative write is a request, not a delivery',
      code: D.unsignedRoute,
    },
    {
      name: 'Azure Functions: an HTTP trigger is answered to its caller, not redelivered',
      code: D.azureHttpCounter,
    },
    {
      name: 'Firebase: a callable function (onCall) is a request, not an event delivery',
      code: D.firebaseCallable,
    },
    {
      name: 'node-rdkafka: an absolute write (price by id) is idempotent',
      code: D.rdkafkaFlowing(true),
    },
    {
      name: 'http: a POST whose body is a JSON-RPC read batch (`eth_call`, built by a same-file helper) changes nothing',
      code: jsonRpcBatchListener('eth_call'),
    },
    {
      name: 'typeorm: deleting the rows of a key and inserting the new set under the same key replaces them',
      code: replaceEmbedsConsumer('{ parentType, parentId }'),
    },
    {
      name: 'sql: create-if-absent with pg-promise, `SELECT 1 FROM allowlists` then `INSERT INTO allowlists` when none was found',
      code: createIfAbsentSqlWorker('allowlists'),
    },
    {
      name: 'typeorm: an insert builder kept in a variable and run later with `.orIgnore()` ignores the duplicate',
      code: heldInsertBuilderListener(true),
    },
    {
      name: 'state guard in a helper on a row its caller read and passed in (`parseResource(resource)`): the helper leaves unless the status allows, then changes it',
      code: parseResourceWorker('read'),
    },
    {
      name: 'nestjs-sqs: `sqsService.send(queue, message)` forwards the event to another queue: a relay, not reported by default',
      code: `import { Injectable } from '@nestjs/common';
import { SqsMessageHandler, SqsService } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';

@Injectable()
export class DigestsConsumer {
  constructor(private readonly sqsService: SqsService) {}

  @SqsMessageHandler('remove-digests', false)
  async remove(message: Message) {
    const { itemIds } = JSON.parse(message.Body!);
    await this.sqsService.send('update-item-digest-statistics', { id: message.MessageId!, body: { itemIds } });
  }
}`,
    },
    {
      name: 'typeorm: saving `new Item({ ...item, ...input })` of a row read by id is an update by its primary key',
      code: itemSaveConsumer('row-read'),
    },
    {
      name: 'aws-lambda: `detail` read by an export not named as a Lambda handler (a DOM CustomEvent listener) is not an EventBridge target',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export const onSelect = async (event) => {
  await pool.query('INSERT INTO selections (item) VALUES ($1)', [event.detail.item]);
};`,
    },
    {
      name: 'aws-lambda: a Kinesis put is a publish (its consumers deduplicate): a relay, not reported by default',
      code: `const { KinesisClient, PutRecordCommand } = require('@aws-sdk/client-kinesis');

const kinesis = new KinesisClient({});

exports.handler = async (event) => {
  await kinesis.send(new PutRecordCommand({ StreamName: process.env.STREAM, PartitionKey: event.id, Data: Buffer.from(JSON.stringify(event.detail)) }));
};`,
    },
    {
      name: 'set-once state guard: the branch taken while a field is unset sets it on the same row (Prisma, read with a fallback)',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function snapshot(canvasId: string, given?: { version: number | null }): Promise<void> {
  const canvas = given ?? (await prisma.canvas.findFirst({ where: { canvasId } }));
  if (!canvas) return;
  if (!canvas.version) {
    await prisma.canvas.update({ where: { canvasId }, data: { version: 1 } });
    await prisma.canvasVersion.create({ data: { canvasId, version: 1 } });
  }
}

export const worker = new Worker('canvas', async (job) => {
  await snapshot(job.data.canvasId);
});`,
    },
    {
      name: 'a same-file helper that creates the row only when absent and says so (`return true`) gates the rest of the work',
      code: guardedCreateConsumer(true),
    },
    {
      name: 'state guard: insert only when no row of the same user and post exists, or the one found is older (a redelivery finds the first one)',
      code: `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { View } from './entities';

const consumer = new Kafka({ clientId: 'views', brokers: ['kafka:9092'] }).consumer({ groupId: 'views' });
const ONE_WEEK = 604800000;

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const view = JSON.parse(message.value!.toString());
      const repo = dataSource.getRepository(View);
      const existing = await repo.findOne({ where: { userId: view.userId, postId: view.postId }, order: { timestamp: 'DESC' } });
      if (!existing || view.timestamp - existing.timestamp.getTime() > ONE_WEEK) {
        await repo.insert(view);
      }
    },
  });
}`,
    },
    {
      name: 'pg: an insert fed by a CTE `UPDATE … WHERE col IS DISTINCT FROM new RETURNING` is state-guarded in one statement',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('floor', async (job) => {
  await pool.query(
    \`WITH y AS (
       UPDATE collections SET floor_price = $2
       WHERE id = $1 AND floor_price IS DISTINCT FROM $2
       RETURNING id, floor_price
     )
     INSERT INTO floor_events (collection_id, price) SELECT id, floor_price FROM y\`,
    [job.data.collectionId, job.data.price],
  );
});`,
    },
    {
      name: 'pg: an insert of the rows a CTE `DELETE … RETURNING` removed (a second run removes nothing)',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('orphans', async (job) => {
  await pool.query(
    'WITH x AS (DELETE FROM transfers WHERE block = $1 RETURNING *) INSERT INTO removed_transfers SELECT * FROM x',
    [job.data.block],
  );
});`,
    },
    {
      name: 'pg: a balance revert fed by a CTE soft delete (`SET is_deleted = 1 … WHERE is_deleted = 0 RETURNING`) runs once per row',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('orphan-blocks', async (job) => {
  await pool.query(
    \`WITH x AS (
       UPDATE transfer_events SET is_deleted = 1, updated_at = now()
       WHERE block = $1 AND is_deleted = 0
       RETURNING owner, amount
     )
     INSERT INTO balances (owner, amount) SELECT owner, -amount FROM x
     ON CONFLICT (owner) DO UPDATE SET amount = balances.amount + EXCLUDED.amount\`,
    [job.data.block],
  );
});`,
    },
    {
      name: 'ethers: JSON-RPC read methods sent to a node change nothing',
      code: `import { Worker } from 'bullmq';
import { ethers } from 'ethers';

const provider = new ethers.JsonRpcProvider(process.env.RPC_URL);

export const worker = new Worker('traces', async (job) => {
  const traces = await provider.send('debug_traceBlockByNumber', [job.data.block, { tracer: 'callTracer' }]);
  const balance = await provider.send('eth_getBalance', [job.data.address, 'latest']);
  console.log(traces, balance);
});`,
    },
    {
      name: 'aws-sdk v2: a method of the request a read returns (getObject(…).createReadStream()) is not a command',
      code: `import type { SQSEvent } from 'aws-lambda';
import AWS from 'aws-sdk';

const s3 = new AWS.S3();

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const { key } = JSON.parse(record.body);
    const stream = s3.getObject({ Bucket: 'imports', Key: key }).createReadStream();
    stream.on('data', (chunk: Buffer) => console.log(chunk.length));
  }
};`,
    },
    // ---- find-or-create: the branch taken when the row is absent creates it
    {
      name: 'nestjs: find-or-create through a same-file read helper and a create helper is a state guard',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Wallet } from './wallet.entity';

@Controller()
export class WalletController {
  constructor(@InjectRepository(Wallet) private readonly walletRepository: Repository<Wallet>) {}

  @EventPattern('user.created')
  async handleCreateUser(@Payload() event: { userId: string }) {
    const wallet = await this.findWallet(event.userId);
    if (!wallet) {
      await this.createWallet(event.userId);
    }
  }

  private async findWallet(userId: string) {
    return this.walletRepository.findOne({ where: { userId } });
  }

  private async createWallet(userId: string) {
    await this.walletRepository.save({ userId, amount: 0 });
  }
}`,
    },
    {
      name: 'nestjs: if (existing) update else create, on the same repository, is an upsert by business key',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Report } from './report.entity';

@Controller()
export class ReportsController {
  constructor(@InjectRepository(Report) private readonly reportRepo: Repository<Report>) {}

  @EventPattern('payment.failed')
  async onPaymentFailed(@Payload() data: { transactionId: string; reason: string }) {
    const existing = await this.reportRepo.findOne({ where: { transactionId: data.transactionId } });
    if (existing) {
      existing.status = 'FAILED';
      await this.reportRepo.save(existing);
    } else {
      await this.reportRepo.save({ transactionId: data.transactionId, status: 'FAILED', failureReason: data.reason });
    }
  }
}`,
    },
    // ---- typed handlers: written here, registered elsewhere (only the library's own types count)
    {
      name: 'bullmq: a lifecycle listener typed with Job is not a processor',
      code: `import { Worker, type Job } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });
export const worker = new Worker('reports', 'dist/report.processor.js');
worker.on('failed', async (job: Job | undefined) => {
  await mailer.sendMail({ to: 'oncall@example.com', subject: 'job failed', text: String(job?.id) });
});
export class Alerts {
  async onFailed(job: Job) {
    await mailer.sendMail({ to: 'oncall@example.com', subject: 'job failed', text: String(job.id) });
  }
}`,
    },
    {
      name: 'bullmq: a function typed with Job that this file calls is a helper, not a processor',
      code: `import type { Job } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });
async function sendDigest(job: Job<{ email: string }>) {
  await mailer.sendMail({ to: job.data.email, subject: 'Digest', text: '…' });
}
export async function preview(email: string) {
  await sendDigest({ data: { email } } as Job<{ email: string }>);
}`,
    },
    {
      name: 'bullmq: a Job type of the project (not the library) marks nothing',
      code: `import type { Job } from './types';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });
export async function sendDigest(job: Job) {
  await mailer.sendMail({ to: job.email, subject: 'Digest', text: '…' });
}`,
    },
    {
      name: 'kafkajs: Redis SET NX guard then INSERT',
      code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'orders-writer' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const claimed = await redis.set(\`processed:\${topic}:\${partition}:\${message.offset}\`, '1', 'EX', 604800, 'NX');
    if (claimed === null) return;
    const order = JSON.parse(message.value!.toString());
    await pool.query('INSERT INTO orders (id, total_cents) VALUES ($1, $2)', [order.id, order.totalCents]);
  },
});`,
    },
    {
      name: 'kafkajs: INSERT ON CONFLICT (business key) DO NOTHING is naturally idempotent',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'payments-projection' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const payment = JSON.parse(message.value!.toString());
    await pool.query(
      'INSERT INTO payments (payment_id, order_id, amount_cents) VALUES ($1, $2, $3) ON CONFLICT (payment_id) DO NOTHING',
      [payment.id, payment.orderId, payment.amountCents],
    );
  },
});`,
    },
    {
      name: 'kafkajs: producer script publishing (not a consumer)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const producer = new Kafka({ clientId: 'backfill', brokers: ['kafka:9092'] }).producer();

export async function backfillOrders(): Promise<void> {
  await producer.connect();
  const { rows } = await pool.query('SELECT id, total_cents FROM orders WHERE created_at > now() - interval \\'1 day\\'');
  for (const row of rows) {
    await producer.send({ topic: 'orders.backfill', messages: [{ key: String(row.id), value: JSON.stringify(row) }] });
    await pool.query('INSERT INTO backfill_log (order_id) VALUES ($1)', [row.id]);
  }
  await producer.disconnect();
}`,
    },
    {
      name: 'kafkajs: JavaScript, validation, logging and metrics only',
      filename: 'validator.js',
      code: `const { Kafka } = require('kafkajs');
const client = require('prom-client');

const invalidTotal = new client.Counter({ name: 'invalid_orders_total', help: 'invalid orders' });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'order-validator' });
const lastSeen = new Map();

consumer.run({
  eachMessage: async ({ partition, message }) => {
    const order = JSON.parse(message.value.toString());
    lastSeen.set(partition, message.offset);
    if (!order.id || !Array.isArray(order.lines)) {
      invalidTotal.inc();
      console.warn('invalid order on partition %d at %s', partition, message.offset);
      return;
    }
    console.debug('order %s ok', order.id);
  },
});`,
    },
    {
      name: 'kafkajs: ignoreEffects publish (downstream deduplicates)',
      options: [{ ignoreEffects: ['publish'] }],
      code: `import { Kafka } from 'kafkajs';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'router' });
const producer = kafka.producer({ idempotent: true });

await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value!.toString());
    const topic = event.region === 'eu' ? 'events.eu' : 'events.us';
    await producer.send({ topic, messages: [{ key: message.key, value: message.value, headers: message.headers }] });
  },
});`,
    },
    {
      name: 'kafkajs: FIFO SendMessageCommand with MessageDeduplicationId and BullMQ add with a deterministic jobId',
      code: `import { Kafka } from 'kafkajs';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Queue } from 'bullmq';

const sqs = new SQSClient({});
const emails = new Queue('emails');
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'order-fanout' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const order = JSON.parse(message.value!.toString());
    const key = \`\${topic}:\${partition}:\${message.offset}\`;
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.FIFO_URL!, MessageBody: message.value!.toString(), MessageGroupId: order.customerId, MessageDeduplicationId: key }));
    await emails.add('order-confirmation', { orderId: order.id }, { jobId: \`confirm:\${order.id}\` });
  },
});`,
    },
    {
      name: 'kafkajs: Mongo updateOne $set with upsert and deleteOne by id',
      code: `import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';

const carts = new MongoClient(process.env.MONGO_URL!).db('shop').collection('carts');
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'carts' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const cart = JSON.parse(message.value!.toString());
    await carts.updateOne({ _id: cart.id }, { $set: { items: cart.items, updatedAt: cart.updatedAt } }, { upsert: true });
    if (cart.mergedFrom) await carts.deleteOne({ _id: cart.mergedFrom });
  },
});`,
    },
    {
      name: 'kafkajs: guarded code produced by the suggestion is accepted (pg guard)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const consumer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).consumer({ groupId: 'orders-writer' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.created' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) return;
      try {
        const order = JSON.parse(message.value!.toString());
        await pool.query('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, $3)', [order.id, order.customerId, order.totalCents]);
      } catch (error) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error;
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: guarded code produced by the suggestion is accepted (ioredis guard)',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new Redis(process.env.REDIS_URL!);
const mailer = nodemailer.createTransport({ host: 'smtp.internal', port: 587 });
const consumer = new Kafka({ clientId: 'mailer', brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome-mail' });

async function handleSignup({ topic, partition, message }: EachMessagePayload) {
  const idempotencyKey = \`processed:\${topic}:\${partition}:\${message.offset}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    const user = JSON.parse(message.value!.toString());
    await mailer.sendMail({ to: user.email, subject: 'Welcome!', text: \`Hi \${user.name}, thanks for signing up.\` });
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}

await consumer.subscribe({ topic: 'user.signed-up' });
await consumer.run({ eachMessage: handleSignup });`,
    },
    {
      name: 'kafkajs: guarded code produced by the suggestion is accepted (node-redis guard, continue)',
      code: `import { Kafka } from 'kafkajs';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'webhooks' });

export async function run() {
  await redis.connect();
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const idempotencyKey = \`processed:\${batch.topic}:\${batch.partition}:\${message.offset}\`;
        if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) continue;
        try {
          const event = JSON.parse(message.value!.toString());
          await fetch(event.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.payload) });
          await heartbeat();
        } catch (error) {
          await redis.del(idempotencyKey);
          throw error;
        }
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: guarded code produced by the suggestion is accepted (mysql guard)',
      filename: 'audit-consumer.js',
      code: `const { Kafka } = require('kafkajs');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: 'db', user: 'audit', database: 'audit' });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit-log' });

async function writeAuditEntry(entry) {
  await pool.execute('INSERT INTO audit_log (actor, action, at) VALUES (?, ?, ?)', [entry.actor, entry.action, entry.at]);
}

async function start() {
  await consumer.subscribe({ topic: 'audit.events' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
      if (claim.affectedRows === 0) return;
      try {
        const entry = JSON.parse(message.value.toString());
        await writeAuditEntry(entry);
      } catch (error) {
        await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
        throw error;
      }
    },
  });
}

module.exports = { start };`,
    },
    {
      name: 'kafkajs: guarded code produced by the suggestion is accepted (Prisma claim/release form)',
      code: `import { Kafka } from 'kafkajs';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'reviews' });

await consumer.run({
  eachBatch: async ({ batch }) => {
    for (const message of batch.messages) {
      const idempotencyKey = \`\${batch.topic}:\${batch.partition}:\${message.offset}\`;
      try {
        await prisma.processedMessage.create({ data: { id: idempotencyKey } });
      } catch (error) {
        const errorDetails = error as { code?: string; meta?: { modelName?: string } };
        if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') continue;
        throw error;
      }
      try {
        const review = JSON.parse(message.value!.toString());
        await prisma.review.create({ data: { productId: review.productId, stars: review.stars } });
      } catch (error) {
        await prisma.processedMessage.delete({ where: { id: idempotencyKey } });
        throw error;
      }
    }
  },
});`,
    },
    {
      name: 'amqplib: Redis SISMEMBER processed check, ack the duplicate and return',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consume() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('refunds', async (msg) => {
    if (!msg) return;
    const id = msg.properties.messageId;
    if (await redis.sismember('processed:refunds', id)) {
      channel.ack(msg);
      return;
    }
    const refund = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO refunds (id, amount_cents) VALUES ($1, $2)', [refund.id, refund.amountCents]);
    await redis.sadd('processed:refunds', id);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: noAck consumer that only fills an in-memory cache',
      code: `import amqp from 'amqplib';

const prices = new Map<string, number>();

export async function watchPrices() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, 'prices', '#');
  await channel.consume(queue, (msg) => {
    if (!msg) return;
    const { sku, price } = JSON.parse(msg.content.toString());
    prices.set(sku, price);
  }, { noAck: true });
}`,
    },
    {
      name: 'amqp-connection-manager: Prisma upsert keyed by business id, then ack',
      code: `import amqp from 'amqp-connection-manager';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqp.connect(['amqp://rabbit']).createChannel({ json: true });

wrapper.consume('customers.updated', async (msg) => {
  const customer = JSON.parse(msg.content.toString());
  await prisma.customer.upsert({
    where: { id: customer.id },
    create: { id: customer.id, email: customer.email, name: customer.name },
    update: { email: customer.email, name: customer.name },
  });
  wrapper.ack(msg);
});`,
    },
    {
      name: 'amqplib: JavaScript callback API, absolute UPDATE and DELETE by id',
      filename: 'status-consumer.js',
      code: `const amqp = require('amqplib/callback_api');
const { Pool } = require('pg');

const pool = new Pool();

amqp.connect('amqp://rabbit', (err, connection) => {
  if (err) throw err;
  connection.createChannel((err2, channel) => {
    if (err2) throw err2;
    channel.consume('order.status', async (msg) => {
      const { orderId, status } = JSON.parse(msg.content.toString());
      await pool.query('UPDATE orders SET status = $1, updated_at = now() WHERE id = $2', [status, orderId]);
      if (status === 'cancelled') await pool.query('DELETE FROM order_holds WHERE order_id = $1', [orderId]);
      channel.ack(msg);
    });
  });
});`,
    },
    {
      name: 'amqp-connection-manager: JavaScript, INSERT ON CONFLICT DO NOTHING claim with rowCount check',
      filename: 'ledger-consumer.js',
      code: `const amqp = require('amqp-connection-manager');
const { Pool } = require('pg');

const pool = new Pool();
const wrapper = amqp.connect([process.env.AMQP_URL]).createChannel({ json: true });

wrapper.consume('ledger.entries', async (msg) => {
  const messageId = msg.properties.messageId;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [messageId]);
  if (claim.rowCount === 0) {
    wrapper.ack(msg);
    return;
  }
  const entry = JSON.parse(msg.content.toString());
  await pool.query('INSERT INTO ledger (account_id, amount_cents, memo) VALUES ($1, $2, $3)', [entry.accountId, entry.amountCents, entry.memo]);
  wrapper.ack(msg);
});`,
    },
    {
      name: 'amqplib: ON CONFLICT DO NOTHING claim with rowCount check in a custom dedup table (settings.idempotency.dedupTable)',
      settings: { idempotency: { dedupTable: { table: 'message_log', column: 'message_id' } } },
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function consume(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('payouts', async (msg) => {
    if (!msg) return;
    const claim = await pool.query('INSERT INTO message_log (message_id) VALUES ($1) ON CONFLICT DO NOTHING', [msg.properties.messageId]);
    if (claim.rowCount === 0) {
      channel.ack(msg);
      return;
    }
    const payout = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO payouts (account_id, amount_cents) VALUES ($1, $2)', [payout.accountId, payout.amountCents]);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: guarded code produced by the suggestion is accepted (mysql guard, ack the duplicate)',
      code: `import amqp from 'amqplib';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', user: 'shop', database: 'shop' });

export async function consumeOrders(): Promise<void> {
  const connection = await amqp.connect('amqp://rabbit');
  const channel = await connection.createChannel();
  await channel.assertQueue('orders', { durable: true });
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const idempotencyKey = msg.properties.messageId;
    const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
    if ((claim as { affectedRows: number }).affectedRows === 0) {
      channel.ack(msg);
      return;
    }
    try {
      const order = JSON.parse(msg.content.toString());
      await pool.execute('INSERT INTO orders (id, sku, qty) VALUES (?, ?, ?)', [order.id, order.sku, order.qty]);
      channel.ack(msg);
    } catch (error) {
      await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
      throw error;
    }
  });
}`,
    },
    {
      name: '@aws-sdk/client-sqs: same-file alreadyProcessed helper (SELECT from processed table) checked first',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

async function alreadyProcessed(messageId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM processed_messages WHERE id = $1', [messageId]);
  return (rowCount ?? 0) > 0;
}

export async function poll(): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  for (const message of Messages) {
    if (!(await alreadyProcessed(message.MessageId!))) {
      const payout = JSON.parse(message.Body!);
      await pool.query('INSERT INTO payouts (id, amount_cents) VALUES ($1, $2)', [payout.id, payout.amountCents]);
      await pool.query('INSERT INTO processed_messages (id) VALUES ($1)', [message.MessageId]);
    }
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
}`,
    },
    {
      name: '@aws-sdk/client-sqs: S3 PutObject to a deterministic key, then delete',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const sqs = new SQSClient({});
const s3 = new S3Client({});
const QueueUrl = process.env.QUEUE_URL!;

export async function archive(): Promise<void> {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of Messages ?? []) {
    const report = JSON.parse(message.Body!);
    await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: \`daily/\${report.date}/\${report.storeId}.json\`, Body: message.Body }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
}`,
    },
    {
      name: '@aws-sdk/client-sqs: JavaScript producer that sends messages (not a consumer)',
      filename: 'enqueue.js',
      code: `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const express = require('express');

const sqs = new SQSClient({});
const app = express();
app.use(express.json());

app.post('/orders', async (req, res) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(req.body) }));
  res.status(202).end();
});

app.listen(3000);`,
    },
    {
      name: '@aws-sdk/client-sqs: JavaScript loop with HTTP PUT by id and DeleteMessageBatchCommand',
      filename: 'sync.js',
      code: `const { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } = require('@aws-sdk/client-sqs');
const axios = require('axios');

const sqs = new SQSClient({});
const QueueUrl = process.env.QUEUE_URL;

async function syncOnce() {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  for (const message of Messages) {
    const price = JSON.parse(message.Body);
    await axios.put(\`https://catalog.example.com/api/prices/\${price.sku}\`, { amount: price.amount, currency: price.currency });
  }
  if (Messages.length > 0) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m) => ({ Id: m.MessageId, ReceiptHandle: m.ReceiptHandle })) }));
  }
}

module.exports = { syncOnce };`,
    },
    {
      name: 'sqs-consumer: Prisma findUnique on processedMessage, return the duplicate',
      code: `import { Consumer } from 'sqs-consumer';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

Consumer.create({
  queueUrl: process.env.QUEUE_URL!,
  handleMessage: async (message) => {
    const seen = await prisma.processedMessage.findUnique({ where: { messageId: message.MessageId! } });
    if (seen) return message;
    const signup = JSON.parse(message.Body!);
    await prisma.$transaction([
      prisma.user.create({ data: { email: signup.email, name: signup.name } }),
      prisma.processedMessage.create({ data: { messageId: message.MessageId! } }),
    ]);
    return message;
  },
}).start();`,
    },
    {
      name: 'sqs-consumer: JavaScript, HTTP PUT and DELETE by id are idempotent',
      filename: 'sync-consumer.js',
      code: `const { Consumer } = require('sqs-consumer');
const axios = require('axios');

const api = axios.create({ baseURL: 'https://inventory.example.com/api' });

const consumer = Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const change = JSON.parse(message.Body);
    if (change.deleted) {
      await api.delete(\`/products/\${change.sku}\`);
    } else {
      await api.put(\`/products/\${change.sku}\`, { name: change.name, price: change.price });
    }
    return message;
  },
});
consumer.start();`,
    },
    {
      name: 'sqs-consumer: SQL upsert keyed by the business id (ON CONFLICT DO UPDATE with absolute values)',
      code: `import { Consumer } from 'sqs-consumer';
import { Pool } from 'pg';

const pool = new Pool();

Consumer.create({
  queueUrl: process.env.QUEUE_URL!,
  handleMessage: async (message) => {
    const shipment = JSON.parse(message.Body!);
    await pool.query(
      \`INSERT INTO shipments (id, status, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at\`,
      [shipment.id, shipment.status, shipment.updatedAt],
    );
    return message;
  },
}).start();`,
    },
    {
      name: 'sqs-consumer: guarded code produced by the suggestion is accepted (pg guard returns the duplicate message)',
      code: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();

export const consumer = Consumer.create({
  queueUrl: process.env.QUEUE_URL!,
  handleMessage: async (message) => {
    const idempotencyKey = message.MessageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return message;
    try {
      const lead = JSON.parse(message.Body!);
      await axios.post('https://crm.example.com/api/leads', { email: lead.email, source: lead.source });
      return message;
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});

consumer.start();`,
    },
    {
      name: 'sqs-consumer: guarded code produced by the suggestion is accepted (settings.idempotency.guard helpers)',
      filename: 'mail-consumer.js',
      settings: { idempotency: { guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' } } },
      code: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');
const { isProcessed, markProcessed } = require('@acme/idempotency');

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const idempotencyKey = message.MessageId;
    if (await isProcessed(idempotencyKey)) return message;
    const mail = JSON.parse(message.Body);
    await mailer.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    await markProcessed(idempotencyKey);
    return message;
  },
}).start();`,
    },
    {
      name: 'aws-lambda: handler wrapped in Powertools makeIdempotent',
      code: `import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY!);
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });

const charge = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await stripe.charges.create({ amount: order.totalCents, currency: 'usd', customer: order.customerId });
  }
};

export const handler = makeIdempotent(charge, { persistenceStore });`,
    },
    {
      name: 'aws-lambda: Stripe with idempotencyKey taken from the record\'s messageId',
      code: `import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_KEY!);

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const refund = JSON.parse(record.body);
    await stripe.refunds.create(
      { payment_intent: refund.paymentIntentId, amount: refund.amountCents },
      { idempotencyKey: record.messageId },
    );
  }
};`,
    },
    {
      name: 'aws-lambda: JavaScript DynamoDB stream to Elasticsearch, index and delete by id',
      filename: 'projector.js',
      code: `const { Client } = require('@elastic/elasticsearch');
const { unmarshall } = require('@aws-sdk/util-dynamodb');

const es = new Client({ node: process.env.ES_URL });

exports.handler = async (event) => {
  for (const record of event.Records) {
    const keys = unmarshall(record.dynamodb.Keys);
    if (record.eventName === 'REMOVE') {
      await es.delete({ index: 'products', id: keys.sku });
      continue;
    }
    const product = unmarshall(record.dynamodb.NewImage);
    await es.index({ index: 'products', id: keys.sku, document: product });
  }
};`,
    },
    {
      name: 'aws-lambda: API Gateway HTTP handler inserting (not a consumer)',
      code: `import type { APIGatewayProxyHandler } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler: APIGatewayProxyHandler = async (event) => {
  const body = JSON.parse(event.body ?? '{}');
  const { rows } = await pool.query('INSERT INTO signups (email, plan) VALUES ($1, $2) RETURNING id', [body.email, body.plan]);
  return { statusCode: 201, body: JSON.stringify({ id: rows[0].id }) };
};`,
    },
    {
      name: 'aws-lambda: Kinesis records validated and logged only',
      code: `import type { KinesisStreamEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: 'telemetry-validator' });

export const handler = async (event: KinesisStreamEvent): Promise<void> => {
  for (const record of event.Records) {
    const reading = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
    if (typeof reading.deviceId !== 'string' || typeof reading.value !== 'number') {
      logger.warn('invalid reading', { sequenceNumber: record.kinesis.sequenceNumber });
      continue;
    }
    logger.debug('reading ok', { deviceId: reading.deviceId });
  }
};`,
    },
    {
      name: 'aws-lambda: JavaScript middy handler with Powertools makeHandlerIdempotent middleware',
      filename: 'charge.js',
      code: `const middy = require('@middy/core');
const { makeHandlerIdempotent } = require('@aws-lambda-powertools/idempotency/middleware');
const { DynamoDBPersistenceLayer } = require('@aws-lambda-powertools/idempotency/dynamodb');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_KEY);
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });

const chargeOrders = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await stripe.charges.create({ amount: order.totalCents, currency: 'usd', customer: order.customerId });
  }
};

exports.handler = middy(chargeOrders).use(makeHandlerIdempotent({ persistenceStore }));`,
    },
    {
      name: 'aws-lambda: guarded code produced by the suggestion is accepted (pg guard, continue)',
      code: `import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import { Pool } from 'pg';

const stripe = new Stripe(process.env.STRIPE_KEY!);
const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const idempotencyKey = record.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) continue;
    try {
      const order = JSON.parse(record.body);
      await stripe.paymentIntents.create({ amount: order.totalCents, currency: 'eur', customer: order.customerId, confirm: true });
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
};`,
    },
    {
      name: '@google-cloud/pubsub: processed.has(id) early return before the write',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { MongoClient } from 'mongodb';
import { processed } from './dedup-store';

const db = new MongoClient(process.env.MONGO_URL!).db('shop');
const subscription = new PubSub().subscription('reviews-sub');

subscription.on('message', async (message: Message) => {
  if (await processed.has(message.id)) {
    message.ack();
    return;
  }
  const review = JSON.parse(message.data.toString());
  await db.collection('reviews').insertOne({ productId: review.productId, stars: review.stars, text: review.text });
  await processed.add(message.id);
  message.ack();
});`,
    },
    {
      name: '@google-cloud/pubsub: JavaScript, Firestore set with merge (absolute write)',
      filename: 'profile-sync.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const { Firestore } = require('@google-cloud/firestore');

const firestore = new Firestore();
const subscription = new PubSub().subscription('profiles-sub');

subscription.on('message', async (message) => {
  const profile = JSON.parse(message.data.toString());
  await firestore.collection('profiles').doc(profile.userId).set(
    { displayName: profile.displayName, avatarUrl: profile.avatarUrl, updatedAt: profile.updatedAt },
    { merge: true },
  );
  message.ack();
});`,
    },
    {
      name: '@google-cloud/pubsub: JavaScript, metrics and an lru-cache only',
      filename: 'rates-cache.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const { LRUCache } = require('lru-cache');
const client = require('prom-client');

const rates = new LRUCache({ max: 500 });
const updates = new client.Counter({ name: 'fx_rate_updates_total', help: 'fx rate updates' });

new PubSub().subscription('fx-rates-sub').on('message', (message) => {
  const { pair, rate } = JSON.parse(message.data.toString());
  rates.set(pair, rate);
  updates.inc();
  message.ack();
});`,
    },
    {
      name: 'bullmq: Redis SET NX guard keyed by job.id before Stripe charge',
      code: `import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import Stripe from 'stripe';

const redis = new IORedis({ maxRetriesPerRequest: null });
const stripe = new Stripe(process.env.STRIPE_KEY!);

new Worker('charges', async (job) => {
  const fresh = await redis.set(\`dedup:charge:\${job.id}\`, '1', 'EX', 86400 * 7, 'NX');
  if (!fresh) return 'duplicate';
  const charge = await stripe.charges.create({ amount: job.data.amount, currency: 'usd', customer: job.data.customerId });
  return charge.id;
}, { connection: redis });`,
    },
    {
      name: 'bullmq: JavaScript, absolute UPDATE via knex and ES index by id',
      filename: 'reindex-worker.js',
      code: `const { Worker } = require('bullmq');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const { Client } = require('@elastic/elasticsearch');

const es = new Client({ node: process.env.ES_URL });

new Worker('reindex', async (job) => {
  const product = await knex('products').where({ id: job.data.productId }).first();
  await es.index({ index: 'products', id: String(product.id), document: product });
  await knex('products').where({ id: product.id }).update({ indexed_at: new Date() });
}, { connection: { host: 'redis' } });`,
    },
    {
      name: 'bullmq: guarded code produced by the suggestion is accepted (Prisma $transaction guard)',
      code: `import { Worker, type Job } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function createInvoice(job: Job<{ orderId: string; totalCents: number }>) {
  const idempotencyKey = job.id;
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.processedMessage.create({ data: { id: idempotencyKey } });
      const order = await tx.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
      const invoice = await tx.invoice.create({ data: { orderId: order.id, totalCents: job.data.totalCents, customerId: order.customerId } });
      return invoice.id;
    });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
}

new Worker('invoices', createInvoice, { connection: { host: 'redis', port: 6379 } });`,
    },
    {
      name: 'bullmq: guarded code produced by the suggestion is accepted (settings.idempotency.guard helpers)',
      settings: { idempotency: { guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' } } },
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';
import { isProcessed, markProcessed } from '@acme/idempotency';

const pool = new Pool();

new Worker('orders', async (job) => {
  const idempotencyKey = job.id;
  if (await isProcessed(idempotencyKey)) return;
  const order = job.data;
  const { rows } = await pool.query('INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id', [order.customerId, order.totalCents]);
  await markProcessed(idempotencyKey);
  return rows[0].id;
});`,
    },
    {
      name: 'bull: processor checks a dedupFunctions helper first (settings)',
      settings: { idempotency: { dedupFunctions: ['inbox.tryClaim'] } },
      code: `import Queue from 'bull';
import { inbox } from '@acme/inbox';
import { Pool } from 'pg';

const pool = new Pool();
const queue = new Queue('refunds');

queue.process(async (job) => {
  if (!(await inbox.tryClaim(\`refund:\${job.id}\`))) return;
  await pool.query('INSERT INTO refunds (order_id, amount_cents) VALUES ($1, $2)', [job.data.orderId, job.data.amountCents]);
});`,
    },
    {
      name: 'bull: JavaScript, DELETE by id and cache invalidation only',
      filename: 'cleanup-processor.js',
      code: `const Queue = require('bull');
const { Pool } = require('pg');
const Redis = require('ioredis');

const pool = new Pool();
const redis = new Redis();
const queue = new Queue('account-deletion');

queue.process(async (job) => {
  const { accountId } = job.data;
  await pool.query('DELETE FROM sessions WHERE account_id = $1', [accountId]);
  await pool.query('UPDATE accounts SET deleted_at = now(), email = NULL WHERE id = $1', [accountId]);
  await redis.del(\`account:\${accountId}\`);
});`,
    },
    {
      name: 'bull: ignoreEffects email and sms (the provider deduplicates)',
      options: [{ ignoreEffects: ['email', 'sms'] }],
      code: `import Queue from 'bull';
import nodemailer from 'nodemailer';
import twilio from 'twilio';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });
const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const alerts = new Queue('alerts');

alerts.process(async (job) => {
  await mailer.sendMail({ to: job.data.email, subject: 'Alert', text: job.data.text });
  if (job.data.phone) await sms.messages.create({ to: job.data.phone, from: process.env.TWILIO_FROM, body: job.data.text });
});`,
    },
    {
      name: 'nats: JetStream loop with Redis SET NX claim, duplicate acked and skipped',
      code: `import { connect } from 'nats';
import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function run(): Promise<void> {
  const nc = await connect();
  const consumer = await nc.jetstream().consumers.get('PAYMENTS', 'ledger');
  for await (const m of await consumer.consume()) {
    const id = m.headers?.get('Nats-Msg-Id') ?? String(m.seq);
    if ((await redis.set(\`processed:\${id}\`, '1', 'EX', 604800, 'NX')) === null) {
      m.ack();
      continue;
    }
    const payment = m.json<{ account: string; cents: number }>();
    await pool.query('INSERT INTO ledger_entries (account, cents) VALUES ($1, $2)', [payment.account, payment.cents]);
    m.ack();
  }
}`,
    },
    {
      name: 'nats: JavaScript core request/reply subscription that only validates and responds',
      filename: 'validator.js',
      code: `const { connect, JSONCodec } = require('nats');

const codec = JSONCodec();

async function main() {
  const nc = await connect({ servers: 'nats://nats:4222' });
  nc.subscribe('orders.validate', {
    callback: (err, msg) => {
      if (err) return;
      const order = codec.decode(msg.data);
      const valid = Array.isArray(order.lines) && order.lines.length > 0;
      msg.respond(codec.encode({ valid }));
    },
  });
}

main();`,
    },
    {
      name: 'nats: JetStream publish with msgID derived from the order id (deduplicated by the stream)',
      code: `import { connect } from 'nats';

const nc = await connect({ servers: 'nats://nats:4222' });
const js = nc.jetstream();
const consumer = await js.consumers.get('ORDERS', 'region-router');

for await (const m of await consumer.consume()) {
  const order = m.json<{ id: string; region: string }>();
  await js.publish(\`orders.\${order.region}\`, m.data, { msgID: \`route:\${order.id}\` });
  m.ack();
}`,
    },
    {
      name: 'nats: guarded code produced by the suggestion is accepted (report on the function, ioredis guard)',
      code: `import { connect, type JsMsg } from 'nats';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis();

async function handleMessage(m: JsMsg): Promise<void> {
  const idempotencyKey = \`processed:\${m.headers?.get('Nats-Msg-Id') ?? String(m.seq)}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
    m.ack();
    return;
  }
  try {
    const event = m.json<{ tenant: string; payload: unknown }>();
    await axios.post(\`https://hooks.example.com/\${event.tenant}\`, event.payload);
    m.ack();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}

export async function drain(): Promise<void> {
  const nc = await connect();
  const consumer = await nc.jetstream().consumers.get('WEBHOOKS', 'dispatcher');
  const batch = await consumer.fetch({ max_messages: 20, expires: 5000 });
  for await (const m of batch) {
    await handleMessage(m);
  }
}`,
    },
    {
      name: '@azure/service-bus: Prisma upsert keyed by business id',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('inventory-levels');

receiver.subscribe({
  processMessage: async (message) => {
    const level = message.body as { sku: string; warehouse: string; onHand: number };
    await prisma.stockLevel.upsert({
      where: { sku_warehouse: { sku: level.sku, warehouse: level.warehouse } },
      create: { sku: level.sku, warehouse: level.warehouse, onHand: level.onHand },
      update: { onHand: level.onHand },
    });
  },
  processError: async ({ error }) => console.error(error),
});`,
    },
    {
      name: '@azure/service-bus: JavaScript, idempotentWrites setting marks the repository call idempotent',
      filename: 'ledger.js',
      settings: { idempotency: { idempotentWrites: ['ledger.recordEntry'] } },
      code: `const { ServiceBusClient } = require('@azure/service-bus');
const { ledger } = require('./ledger');

const receiver = new ServiceBusClient(process.env.SB_CONNECTION).createReceiver('ledger-entries');

receiver.subscribe({
  processMessage: async (message) => {
    const entry = message.body;
    await ledger.recordEntry({ entryId: entry.id, account: entry.account, cents: entry.cents });
  },
  processError: async (args) => console.error(args.error),
});`,
    },
    {
      name: '@azure/service-bus: dedupFunctions given as a rule option',
      options: [{ dedupFunctions: ['idempotency.claim'] }],
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { idempotency } from '@acme/idempotency';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('invoices');

receiver.subscribe({
  processMessage: async (message) => {
    if (!(await idempotency.claim(\`invoice:\${message.messageId}\`))) return;
    await pool.query('INSERT INTO invoices (order_id, total_cents) VALUES ($1, $2)', [message.body.orderId, message.body.totalCents]);
  },
  processError: async ({ error }) => console.error(error),
});`,
    },
    {
      name: '@azure/service-bus: guarded code produced by the suggestion is accepted (mysql guard completes the duplicate)',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', database: 'billing' });
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('usage-events');

receiver.subscribe(
  {
    async processMessage(message: ServiceBusReceivedMessage) {
      const idempotencyKey = message.messageId;
      const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
      if ((claim as { affectedRows: number }).affectedRows === 0) {
        await receiver.completeMessage(message);
        return;
      }
      try {
        const usage = message.body;
        await pool.execute('INSERT INTO usage_records (subscription_id, units, period) VALUES (?, ?, ?)', [usage.subscriptionId, usage.units, usage.period]);
        await receiver.completeMessage(message);
      } catch (error) {
        await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
        throw error;
      }
    },
    async processError(args) {
      console.error('receive failed', args.error);
    },
  },
  { autoCompleteMessages: false },
);`,
    },
    {
      name: 'ioredis-streams: JavaScript xreadgroup loop writing HSET (absolute) then xack',
      filename: 'presence.js',
      code: `const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);

async function run() {
  for (;;) {
    const reply = await redis.xreadgroup('GROUP', 'presence', 'p1', 'BLOCK', 5000, 'STREAMS', 'heartbeats', '>');
    if (!reply) continue;
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        const [, userId, , status] = fields;
        await redis.hset(\`presence:\${userId}\`, 'status', status, 'seenAt', Date.now());
        await redis.xack('heartbeats', 'presence', id);
      }
    }
  }
}

run();`,
    },
    {
      name: 'ioredis-streams: xreadgroup loop with SET NX guard keyed by the entry id',
      code: `import Redis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new Redis();
const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export async function run(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'mail', 'm1', 'BLOCK', 5000, 'STREAMS', 'mail-requests', '>')) as [string, [string, string[]][]][] | null;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        if (!(await redis.set(\`processed:mail:\${id}\`, '1', 'EX', 604800, 'NX'))) {
          await redis.xack('mail-requests', 'mail', id);
          continue;
        }
        await mailer.sendMail({ to: fields[1], subject: fields[3], text: fields[5] });
        await redis.xack('mail-requests', 'mail', id);
      }
    }
  }
}`,
    },
    {
      name: 'ioredis-streams: node-redis loop, per-entry function checks a same-file dedup helper first',
      code: `import { createClient } from 'redis';
import { Pool } from 'pg';

const client = createClient();
const pool = new Pool();

async function alreadyHandled(entryId: string): Promise<boolean> {
  return (await client.set(\`processed:orders:\${entryId}\`, '1', { NX: true, EX: 604800 })) === null;
}

async function handleEntry(entry: { id: string; message: Record<string, string> }) {
  if (await alreadyHandled(entry.id)) return;
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [entry.message.orderId, entry.message.total]);
}

export async function run() {
  for (;;) {
    const streams = await client.xReadGroup('orders', 'w1', { key: 'orders', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await handleEntry(entry);
        await client.xAck('orders', 'orders', entry.id);
      }
    }
  }
}`,
    },
    {
      name: 'ioredis-streams: guarded code produced by the suggestion is accepted (ioredis guard acks the duplicate)',
      code: `import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consumeSignups(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'crm', 'worker-1', 'COUNT', 50, 'BLOCK', 5000, 'STREAMS', 'signups', '>')) as [string, [string, string[]][]][] | null;
    if (!reply) continue;
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        const idempotencyKey = id;
        const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
        if (claim.rowCount === 0) {
          await redis.xack('signups', 'crm', id);
          continue;
        }
        try {
          const email = fields[1];
          await pool.query('INSERT INTO crm_contacts (email, source) VALUES ($1, $2)', [email, 'signup']);
          await redis.xack('signups', 'crm', id);
        } catch (error) {
          await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
          throw error;
        }
      }
    }
  }
}`,
    },
    {
      name: 'nestjs: controller with HTTP @Post creating an order and an @EventPattern that only logs',
      code: `import { Body, Controller, Logger, Post } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service';

@Controller('orders')
export class OrdersController {
  private readonly logger = new Logger(OrdersController.name);

  constructor(private readonly ordersService: OrdersService) {}

  @Post()
  create(@Body() dto: { cartId: string }) {
    return this.ordersService.createOrder(dto);
  }

  @EventPattern('order.viewed')
  onViewed(@Payload() event: { orderId: string }) {
    this.logger.debug(\`order \${event.orderId} viewed\`);
  }
}`,
    },
    {
      name: 'nestjs: @Cron job inserting rows is not a consumer',
      code: `import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { ClientProxy } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Injectable()
export class DailyReportJob {
  constructor(private readonly prisma: PrismaService, private readonly client: ClientProxy) {}

  @Cron(CronExpression.EVERY_DAY_AT_MIDNIGHT)
  async run() {
    const report = await this.prisma.report.create({ data: { day: new Date() } });
    this.client.emit('report.created', { id: report.id });
  }
}`,
    },
    {
      name: 'nestjs: @EventPattern with a processed-event lookup first, then create',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class LoyaltyController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('order.completed')
  async onOrderCompleted(@Payload() event: { eventId: string; customerId: string; points: number }) {
    const processed = await this.prisma.processedEvent.findUnique({ where: { eventId: event.eventId } });
    if (processed) return;
    await this.prisma.$transaction([
      this.prisma.pointsGrant.create({ data: { customerId: event.customerId, points: event.points } }),
      this.prisma.processedEvent.create({ data: { eventId: event.eventId } }),
    ]);
  }
}`,
    },
    {
      name: 'nestjs: Kafka @EventPattern calling an idempotent service verb (updateOrderStatus)',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service';

@Controller()
export class OrderStatusController {
  constructor(private readonly ordersService: OrdersService) {}

  @EventPattern('order.status-changed')
  async onStatusChanged(@Payload() event: { orderId: string; status: string }, @Ctx() context: KafkaContext) {
    await this.ordersService.updateOrderStatus(event.orderId, event.status);
  }
}`,
    },
    {
      name: 'nestjs: @nestjs/bullmq WorkerHost that only validates and logs',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

@Processor('imports')
export class ImportValidator extends WorkerHost {
  private readonly logger = new Logger(ImportValidator.name);

  async process(job: Job<{ rows: unknown[] }>): Promise<{ valid: boolean }> {
    const valid = Array.isArray(job.data.rows) && job.data.rows.length <= 10_000;
    if (!valid) this.logger.warn(\`import \${job.id} rejected\`);
    return { valid };
  }
}`,
    },
    {
      name: 'nestjs: guarded code produced by the suggestion is accepted (ioredis guard on the injected this.redis)',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import Redis from 'ioredis';
import Stripe from 'stripe';

@Processor('subscriptions')
export class RenewalProcessor extends WorkerHost {
  private readonly stripe = new Stripe(process.env.STRIPE_KEY!);

  constructor(private readonly redis: Redis) {
    super();
  }

  async process(job: Job<{ customerId: string; priceCents: number }>): Promise<void> {
    const idempotencyKey = \`processed:\${job.id}\`;
    if ((await this.redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await this.stripe.charges.create({ customer: job.data.customerId, amount: job.data.priceCents, currency: 'usd' });
    } catch (error) {
      await this.redis.del(idempotencyKey);
      throw error;
    }
  }
}`,
    },
    {
      name: 'generic: bus.subscribe handler with a same-file dedup helper checked first',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import { bus } from './bus';
import { Pool } from 'pg';

const pool = new Pool();

async function isDuplicate(eventId: string): Promise<boolean> {
  const result = await pool.query('INSERT INTO inbox (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [eventId]);
  return result.rowCount === 0;
}

bus.subscribe('subscription.renewed', async (evt) => {
  if (await isDuplicate(evt.id)) return;
  await pool.query('INSERT INTO invoices (subscription_id, amount_cents) VALUES ($1, $2)', [evt.subscriptionId, evt.amountCents]);
});`,
    },
    {
      name: 'generic: configured bus not matching this callee (emitter.subscribe) is not a consumer',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import { EventEmitter } from 'node:events';
import { Pool } from 'pg';

const pool = new Pool();
const emitter = new EventEmitter() as EventEmitter & { subscribe(name: string, fn: (e: { id: string }) => Promise<void>): void };

emitter.subscribe('user.clicked', async (e) => {
  await pool.query('INSERT INTO clicks (user_id) VALUES ($1)', [e.id]);
});`,
    },
    {
      name: 'generic: /** @consumer */ function with an absolute knex update',
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

/** @consumer */
export async function onAccountSuspended(evt: { id: string; accountId: string; reason: string }) {
  await db('accounts').where({ id: evt.accountId }).update({ status: 'suspended', suspended_reason: evt.reason });
}`,
    },
    {
      name: 'relay (not reported by default): kafkajs: JavaScript require, re-publish with producer.send (no store: no suggestion)',
      code: relay1,
    },
    {
      name: 'relay (not reported by default): amqplib: channel.publish to another exchange, check only after publishing (does not count)',
      code: relay2,
    },
    {
      name: 'relay (not reported by default): amqplib: JavaScript, destructured and renamed require, sendToQueue publish (no store)',
      code: relay3,
    },
    {
      name: 'relay (not reported by default): @aws-sdk/client-sqs: inline loop, SQS SendMessageCommand publish (ioredis guard deletes the duplicate and continues)',
      code: relay4,
    },
    {
      name: 'relay (not reported by default): aws-lambda: JavaScript module.exports handler, EventBridge PutEventsCommand publish',
      code: relay5,
    },
    {
      name: 'relay (not reported by default): @google-cloud/pubsub: JavaScript require, handler by reference, publishMessage to another topic (ioredis guard)',
      code: relay6,
    },
    {
      name: 'relay (not reported by default): generic: JavaScript, handlerMethod on an object with a messageId path, kafkajs producer.send (pg guard)',
      code: relay7,
    },
    {
      name: 'nestjs: @MessagePattern that returns a value is request/reply (the caller retries)',
      code: `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @MessagePattern('orders.create')
  async create(@Payload() dto: { userId: string; items: string[] }) {
    const order = await this.orders.createOrder(dto);
    return { id: order.id };
  }
}`,
    },
    {
      name: 'nestjs: @EventPattern on the core NATS transport has no redelivery',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, NatsContext, Payload } from '@nestjs/microservices';
import { InventoryService } from './inventory.service';

@Controller()
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @EventPattern('order.created')
  async onOrder(@Payload() order: { sku: string; qty: number }, @Ctx() ctx: NatsContext) {
    await this.inventory.createReservation(order.sku, order.qty);
  }
}`,
    },
    {
      name: 'nestjs: @EventPattern with Transport.TCP on a hybrid app has no redelivery',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { AuditService } from './audit.service';

@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @EventPattern('user.login', Transport.TCP)
  async onLogin(@Payload() event: { userId: string }) {
    await this.audit.recordLogin(event.userId);
  }
}`,
    },
    {
      name: 'nestjs: @RabbitRPC is request/reply',
      code: `import { Injectable } from '@nestjs/common';
import { RabbitRPC } from '@golevelup/nestjs-rabbitmq';
import { PaymentsRepository } from './payments.repository';

@Injectable()
export class PaymentsRpc {
  constructor(private readonly payments: PaymentsRepository) {}

  @RabbitRPC({ exchange: 'payments', routingKey: 'payment.create', queue: 'payments-rpc' })
  async createPayment(request: { orderId: string; cents: number }) {
    const payment = await this.payments.insertPayment(request.orderId, request.cents);
    return { paymentId: payment.id };
  }
}`,
    },
    {
      name: 'amqplib: an RPC server that replies to msg.properties.replyTo (noAck: true) is request/reply',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function serve(): Promise<void> {
  const connection = await amqp.connect('amqp://localhost');
  const channel = await connection.createChannel();
  await channel.assertQueue('rpc_quote');
  await channel.consume('rpc_quote', async (msg) => {
    if (!msg) return;
    const request = JSON.parse(msg.content.toString());
    const { rows } = await pool.query('INSERT INTO quotes (customer, amount) VALUES ($1, $2) RETURNING id', [request.customer, request.amount]);
    channel.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(rows[0])), { correlationId: msg.properties.correlationId });
  }, { noAck: true });
}`,
    },
    {
      name: 'nats: a core NATS subscription callback has no redelivery',
      code: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();
const nc = await connect({ servers: 'localhost:4222' });
nc.subscribe('clicks', {
  callback: async (err, msg) => {
    if (err) return;
    await pool.query('INSERT INTO clicks (payload) VALUES ($1)', [msg.string()]);
  },
});`,
    },
    {
      name: 'aws-lambda: Lambda@Edge reads Records[0].cf: CloudFront waits for the answer',
      filename: 'edge.js',
      code: `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  const request = event.Records[0].cf.request;
  await ddb.send(new PutItemCommand({ TableName: 'hits', Item: { id: { S: String(Date.now()) }, uri: { S: request.uri } } }));
  return request;
};`,
    },
    {
      name: 'aws-lambda: an API Gateway handler is not a delivery',
      code: `import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: APIGatewayProxyEvent) => {
  await pool.query('INSERT INTO signups (email) VALUES ($1)', [JSON.parse(event.body ?? '{}').email]);
  return { statusCode: 201, body: '' };
};`,
    },
    {
      name: 'aws-lambda: SendTaskSuccess answers a Step Functions task token once',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';

const sfn = new SFNClient({});

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const { taskToken, result } = JSON.parse(record.body);
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(result) }));
  }
};`,
    },
    {
      name: 'aws-lambda: StartExecution named from the message conflicts instead of starting twice',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

const sfn = new SFNClient({});

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const job = JSON.parse(record.body);
    await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.SM_ARN, name: \`ingest-\${job.guid}\`, input: record.body }));
  }
};`,
    },
    {
      name: 'aws-lambda: Bedrock InvokeModel only computes an answer; the result is overwritten by key',
      code: `import type { SQSEvent } from 'aws-lambda';
import { BedrockRuntimeClient, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const bedrock = new BedrockRuntimeClient({});
const s3 = new S3Client({});

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const doc = JSON.parse(record.body);
    const answer = await bedrock.send(new InvokeModelCommand({ modelId: 'anthropic.claude', body: JSON.stringify({ prompt: doc.text }) }));
    await s3.send(new PutObjectCommand({ Bucket: 'summaries', Key: \`\${doc.id}.json\`, Body: answer.body }));
  }
};`,
    },
    {
      name: 'aws-lambda: a BatchWriteCommand built in a const first puts items by key (idempotent)',
      code: `import type { KinesisStreamEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: KinesisStreamEvent) => {
  const items = event.Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString()));
  const command = new BatchWriteCommand({ RequestItems: { readings: items.map((Item) => ({ PutRequest: { Item } })) } });
  await doc.send(command);
};`,
    },
    {
      name: 'bullmq: PostHog capture is analytics, not a payment',
      code: `import { Worker } from 'bullmq';
import { PostHog } from 'posthog-node';

const posthog = new PostHog(process.env.POSTHOG_KEY!);

export const worker = new Worker('signups', async (job) => {
  posthog.capture({ distinctId: job.data.userId, event: 'signed_up' });
});`,
    },
    {
      name: 'bullmq: a TypeORM repository.create only builds the entity; save by primary key upserts',
      code: `import { Worker } from 'bullmq';
import { Repository } from 'typeorm';
import { Profile } from './profile.entity';

export function start(profileRepository: Repository<Profile>) {
  return new Worker('profiles', async (job) => {
    const profile = profileRepository.create({ id: job.data.userId, displayName: job.data.name });
    await profileRepository.save(profile);
  });
}`,
    },
    {
      name: 'kafkajs: state guard: read the order, leave when it is no longer pending, then set its status',
      code: `import { Kafka } from 'kafkajs';
import { Order } from './models/order';
import { mailer } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'payments' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value!.toString());
    const order = await Order.findOne({ id: event.orderId });
    if (!order || order.status !== 'PENDING') return;
    await Order.updateOne({ id: event.orderId }, { $set: { status: 'PAID' } });
    await mailer.sendMail({ to: order.email, subject: 'Paid' });
  },
});`,
    },
    {
      name: 'kafkajs: state guard: find the pending row, delete it, then publish',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'outbox' });
const producer = kafka.producer();

await consumer.run({
  eachMessage: async ({ message }) => {
    const id = message.key!.toString();
    const reservation = await prisma.reservation.findUnique({ where: { id } });
    if (!reservation) return;
    await prisma.reservation.delete({ where: { id } });
    await fetch('https://hooks.example.com/released', { method: 'POST', body: JSON.stringify(reservation) });
  },
});
declare const prisma: any;`,
    },
    {
      name: 'jetstream: insert-first dedup: a unique violation on the operation id returns before the work',
      code: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();
const nc = await connect();
const consumer = await nc.jetstream().consumers.get('WRITES', 'writer');

for await (const m of await consumer.consume()) {
  const op = m.json<{ operationId: string; amount: number; account: string }>();
  try {
    await pool.query('INSERT INTO write_operations (operation_id) VALUES ($1)', [op.operationId]);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      m.ack();
      continue;
    }
    throw error;
  }
  await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [op.amount, op.account]);
  m.ack();
}`,
    },
    {
      name: 'aws-lambda: createLogger() builds a logger; the schedule is named from the message',
      code: `import type { EventBridgeEvent } from 'aws-lambda';
import { SchedulerClient, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { createLogger } from './logging';

const scheduler = new SchedulerClient({});

function scheduleNameFor(leaseId: string) {
  return \`lease-costs-\${leaseId}\`.slice(0, 64);
}

export async function handler(event: EventBridgeEvent<'LeaseTerminated', { leaseId: string }>) {
  const logger = createLogger({ leaseId: event.detail.leaseId });
  const command = new CreateScheduleCommand({ Name: scheduleNameFor(event.detail.leaseId), ScheduleExpression: 'at(2030-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn', RoleArn: 'role' } });
  await scheduler.send(command);
  logger.info('scheduled');
}`,
    },
    {
      name: 'nestjs: a controller file that imports NatsContext runs on core NATS (no redelivery)',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, NatsContext, Payload } from '@nestjs/microservices';
import { OrderService } from './order.service';

@Controller()
export class OrderController {
  constructor(private readonly orders: OrderService) {}

  @EventPattern('shop.order.placed')
  async onPlaced(@Payload() order: { id: string }) {
    await this.orders.createOrder(order);
  }

  @EventPattern('shop.order.cancelled')
  async onCancelled(@Payload() order: { id: string }, @Ctx() ctx: NatsContext) {
    await this.orders.cancelOrder(order.id, ctx.getSubject());
  }
}`,
    },
    {
      name: 'aws-lambda: an SNS publish through the v3 aggregated client is a relay',
      code: `import type { SQSEvent } from 'aws-lambda';
import { SNS } from '@aws-sdk/client-sns';

const sns = new SNS({});

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    await sns.publish({ TopicArn: process.env.TOPIC, Message: record.body });
  }
};`,
    },
    {
      name: 'bullmq: broadcasting through an event bus is a relay',
      code: `import { Worker } from 'bullmq';

export function start(eventsPublisher: { broadcastOrder(order: unknown): Promise<void> }) {
  return new Worker('orders', async (job) => {
    await eventsPublisher.broadcastOrder(job.data);
  });
}`,
    },
    {
      name: 'bullmq: enqueuing a job for the work is a relay: the job\'s processor deduplicates',
      code: `import { Queue, Worker } from 'bullmq';

const expirations = new Queue('expirations');

export const worker = new Worker('listings', async (job) => {
  await expirations.add('expire', { listingId: job.data.id }, { delay: job.data.ttlMs });
});`,
    },
    {
      name: 'nestjs: postDeleteCanvas names a delete (the verb after a lifecycle prefix)',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { CanvasService } from './canvas.service';

@Processor('canvas-delete')
export class CanvasProcessor extends WorkerHost {
  constructor(private readonly canvasService: CanvasService) {
    super();
  }

  async process(job: Job<{ canvasId: string }>) {
    await this.canvasService.postDeleteCanvas(job.data.canvasId);
  }
}`,
    },
  ],
  invalid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: '@octokit/app: `app.webhooks.on` handlers are deliveries, `app.oauth.on` token events are not',
      code: D.octokitAppOauthAndWebhook,
      errors: [{ messageId: 'missingDedup', line: 10 }],
    },
    {
      name: 'the same RPC-style POST whose method creates a record is repeated by a redelivered webhook',
      code: D.rpcClientRoute('createSubscriptionEvent'),
      errors: [{ messageId: 'missingDedup', line: 22 }],
    },
    {
      name: 'the same helper called with `false`: the email is sent on every delivery',
      code: D.flagHelper(false),
      errors: [{ messageId: 'missingDedup', line: 15 }],
    },
    {
      name: '@octokit/webhooks: a handler posting a GitHub comment (`octokit.rest.issues.createComment`) on each delivery',
      code: D.octokitWelcomeComment,
      errors: [{ messageId: 'missingDedup', line: 7 }],
    },
    {
      name: 'graphile-worker: a knex insert through `r.knex(table)` and an SMS through `numbers.sms.sendMessage` in a typed Task',
      code: D.graphileKnexOnObject,
      errors: [{ messageId: 'missingDedup', line: 5 }],
    },
    {
      name: 'kafka-node: ConsumerGroup listener adding points with no check of topic:partition:offset',
      code: D.kafkaNodeGroup(true),
      filename: 'consumer.js',
      errors: [{ messageId: 'missingDedup', line: 7 , suggestions: [{ messageId: 'suggestGuard', output: `const kafka = require('kafka-node');
const { Pool } = require('pg');

const pool = new Pool();
const consumer = new kafka.ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: 'loyalty', autoCommit: false }, ['orders']);

consumer.on('message', async (message) => {
  const order = JSON.parse(message.value);
  const idempotencyKey = \`\${message.topic}:\${message.partition}:\${message.offset}\`;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query('UPDATE wallets SET points = points + $1 WHERE user_id = $2', [order.points, order.userId]);
    consumer.commit(() => {});
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }] }],
    },
    {
      name: 'pg-boss: a v10 work handler (`async ([job])`) crediting a referral bonus',
      code: D.pgBossReferral,
      errors: [{ messageId: 'missingDedup', line: 8 }],
    },
    {
      name: 'graphile-worker: a task-list task sending an SMS',
      code: D.graphileTaskList,
      errors: [{ messageId: 'missingDedup', line: 8 }],
    },
    {
      name: 'bee-queue: a processor inserting a shipment row',
      code: D.beeQueueShipments,
      filename: 'worker.js',
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'Azure Functions v4: a Service Bus trigger moving a balance',
      code: D.azureServiceBus(true),
      errors: [{ messageId: 'missingDedup', line: 7 }],
    },
    {
      name: 'Firebase v1: a Firestore onCreate trigger incrementing through a reference read from the document',
      code: D.firestoreFollowerCount,
      errors: [{ messageId: 'missingDedup', line: 4 }],
    },
    {
      name: 'Firebase v2: onDocumentCreated adding a notification under a new id',
      code: D.firestoreV2Notification,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'Functions Framework: a CloudEvent function sending a welcome email',
      code: D.cloudEventWelcome,
      errors: [{ messageId: 'missingDedup', line: 4 }],
    },
    {
      name: 'Stripe (Express): a verified webhook crediting purchased credits with no check of event.id',
      code: D.stripeExpress('last'),
      errors: [{ messageId: 'missingDedup', line: 8 }],
    },
    {
      name: 'Svix (Clerk): a verified route sending a welcome email with no check of the svix-id',
      code: D.svixClerkRoute,
      errors: [{ messageId: 'missingDedup', line: 5 }],
    },
    {
      name: '@octokit/webhooks: an issues.opened handler counting issues with no check of the delivery id',
      code: D.octokitIssueComment,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'Shopify: a route checking X-Shopify-Hmac-Sha256 itself, inserting a fulfilment',
      code: D.shopifyHmacRoute,
      errors: [{ messageId: 'missingDedup', line: 7 }],
    },
    {
      name: 'Rascal: a subscription listener sending a receipt',
      code: D.rascalReceipts(false),
      errors: [{ messageId: 'missingDedup', line: 8 }],
    },
    {
      name: 'ioredis-streams: the per-entry function of a loop over entries a same-file helper returns',
      code: streamHelperPoll,
      errors: [{ messageId: 'missingDedup', line: 13 }],
    },
    {
      name: 'not a set-once guard: the branch taken while the field is unset never sets it',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function snapshot(canvasId: string): Promise<void> {
  const canvas = await prisma.canvas.findFirst({ where: { canvasId } });
  if (!canvas) return;
  if (!canvas.version) {
    await prisma.canvas.update({ where: { canvasId }, data: { title: 'untitled' } });
    await prisma.canvasVersion.create({ data: { canvasId, version: 1 } });
  }
}

export const worker = new Worker('canvas', async (job) => {
  await snapshot(job.data.canvasId);
});`,
      errors: [{ messageId: 'missingDedup', line: 15, suggestions: [{ messageId: 'suggestGuard', output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function snapshot(canvasId: string): Promise<void> {
  const canvas = await prisma.canvas.findFirst({ where: { canvasId } });
  if (!canvas) return;
  if (!canvas.version) {
    await prisma.canvas.update({ where: { canvasId }, data: { title: 'untitled' } });
    await prisma.canvasVersion.create({ data: { canvasId, version: 1 } });
  }
}

export const worker = new Worker('canvas', async (job) => {
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  try {
    await prisma.processedMessage.create({ data: { id: idempotencyKey } });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
  try {
    await snapshot(job.data.canvasId);
  } catch (error) {
    await prisma.processedMessage.delete({ where: { id: idempotencyKey } });
    throw error;
  }
});` }] }],
    },
    {
      name: 'the same create-if-absent helper, but the later work ignores what it says: a redelivery repeats the work',
      code: guardedCreateConsumer(false),
      errors: [{ messageId: 'missingDedup', line: 21, suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { Pool } from 'pg';
import { View } from './entities';

const consumer = new Kafka({ clientId: 'views', brokers: ['kafka:9092'] }).consumer({ groupId: 'views' });
const pool = new Pool();

const addView = async (view: { userId: string; postId: string }): Promise<boolean> => {
  const repo = dataSource.getRepository(View);
  const existing = await repo.findOne({ where: { userId: view.userId, postId: view.postId } });
  if (!existing) {
    await repo.insert(view);
    return true;
  }
  return false;
};

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message, topic, partition }) => {
      const view = JSON.parse(message.value!.toString());
      let saved = false;
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) return;
      try {
        await dataSource.transaction(async () => {
          try {
            saved = await addView(view);
          } catch (error) {
            if ((error as { code?: string }).code === '23503') return;
            throw error;
          }
        });
        await pool.query('UPDATE streaks SET current = current + 1 WHERE user_id = $1', [view.userId]);
      } catch (error2) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error2;
      }
    },
  });
}` }] }],
    },
    {
      name: 'not a state guard: the second condition of `!existing || …` does not look at the row',
      code: `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { View } from './entities';

const consumer = new Kafka({ clientId: 'views', brokers: ['kafka:9092'] }).consumer({ groupId: 'views' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const view = JSON.parse(message.value!.toString());
      const repo = dataSource.getRepository(View);
      const existing = await repo.findOne({ where: { userId: view.userId, postId: view.postId } });
      if (!existing || view.force) {
        await repo.insert(view);
      }
    },
  });
}`,
      errors: [{ messageId: 'missingDedup', line: 9 }],
    },
    {
      name: 'callbacks run in place: they do not count against helperDepth (three helpers around a .map callback)',
      code: `import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

async function deliver(to: string, text: string) {
  await mailer.sendMail({ to, subject: 'Digest', text });
}
async function notifyOne(recipient: { email: string }, text: string) {
  await deliver(recipient.email, text);
}
async function notifyAll(recipients: { email: string }[], text: string) {
  await Promise.all(recipients.map(async (r) => notifyOne(r, text)));
}

export const worker = new Worker('digests', async (job) => {
  await notifyAll(job.data.recipients, job.data.text);
});`,
      errors: [{ messageId: 'missingDedup', line: 16 }],
    },
    {
      name: 'fetch with a method chosen at run time that sends a body is a write (a configured webhook)',
      code: `import { Worker } from 'bullmq';

export const worker = new Worker('webhooks', async (job) => {
  const { url, method, body, headers } = job.data.webhook;
  const res = await fetch(url, { method, body, headers });
  if (!res.ok) throw new Error('webhook failed');
});`,
      errors: [{ messageId: 'missingDedup', line: 3 }],
    },
    {
      name: 'nestjs: an existence check that does not create the row on the absent branch is not a guard',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Order } from './order.entity';
import { Notification } from './notification.entity';

@Controller()
export class OrdersController {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
  ) {}

  @EventPattern('order.shipped')
  async onShipped(@Payload() data: { orderId: string }) {
    const order = await this.orders.findOne({ where: { id: data.orderId } });
    if (!order) {
      await this.notifications.insert({ orderId: data.orderId, text: 'unknown order shipped' });
    }
  }
}`,
      errors: [{ messageId: 'missingDedup', line: 16 }],
    },
    // ---- typed handlers: written here, registered elsewhere
    {
      name: 'bullmq: an exported function typed (job: Job) is a processor',
      code: `import type { Job } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export async function sendWelcome(job: Job<{ email: string }>): Promise<void> {
  await mailer.sendMail({ to: job.data.email, subject: 'Welcome', text: 'Hi!' });
}`,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'bullmq: a const typed Processor is a processor',
      code: `import { type Processor } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export const welcomeProcessor: Processor<{ email: string }> = async (job) => {
  await mailer.sendMail({ to: job.data.email, subject: 'Welcome', text: 'Hi!' });
};`,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'bull: a class method typed (job: Job, done: DoneCallback) is a processor, settled by done()',
      code: `import { DoneCallback, Job } from 'bull';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

class ReactionWorker {
  async addReactionToDB(job: Job, done: DoneCallback): Promise<void> {
    await mailer.sendMail({ to: job.data.email, subject: 'New reaction', text: job.data.text });
    done(null, job.data);
  }
}

export const reactionWorker = new ReactionWorker();`,
      errors: [{ messageId: 'missingDedup', line: 7 }],
    },
    {
      name: 'bull: a default-exported sandboxed processor typed Bull.Job',
      code: `import Bull from 'bull';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export default async function (job: Bull.Job<{ email: string }>) {
  await mailer.sendMail({ to: job.data.email, subject: 'Receipt', text: '…' });
}`,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'kafkajs: eachMessage inline, pg INSERT (pg guard)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const consumer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).consumer({ groupId: 'orders-writer' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.created' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const order = JSON.parse(message.value!.toString());
      await pool.query('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, $3)', [order.id, order.customerId, order.totalCents]);
    },
  });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 11,
          column: 18,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const consumer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).consumer({ groupId: 'orders-writer' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.created' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const order = JSON.parse(message.value!.toString());
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) return;
      try {
        await pool.query('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, $3)', [order.id, order.customerId, order.totalCents]);
      } catch (error) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error;
      }
    },
  });
}` }],
        },
      ],
    },
    {
      name: 'kafkajs: handler passed by reference, nodemailer sendMail (ioredis guard)',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new Redis(process.env.REDIS_URL!);
const mailer = nodemailer.createTransport({ host: 'smtp.internal', port: 587 });
const consumer = new Kafka({ clientId: 'mailer', brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome-mail' });

async function handleSignup({ topic, partition, message }: EachMessagePayload) {
  const user = JSON.parse(message.value!.toString());
  await mailer.sendMail({ to: user.email, subject: 'Welcome!', text: \`Hi \${user.name}, thanks for signing up.\` });
}

await consumer.subscribe({ topic: 'user.signed-up' });
await consumer.run({ eachMessage: handleSignup });`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new Redis(process.env.REDIS_URL!);
const mailer = nodemailer.createTransport({ host: 'smtp.internal', port: 587 });
const consumer = new Kafka({ clientId: 'mailer', brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome-mail' });

async function handleSignup({ topic, partition, message }: EachMessagePayload) {
  const user = JSON.parse(message.value!.toString());
  const idempotencyKey = \`processed:\${topic}:\${partition}:\${message.offset}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    await mailer.sendMail({ to: user.email, subject: 'Welcome!', text: \`Hi \${user.name}, thanks for signing up.\` });
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}

await consumer.subscribe({ topic: 'user.signed-up' });
await consumer.run({ eachMessage: handleSignup });` }],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch loop, fetch POST (node-redis guard, continue)',
      code: `import { Kafka } from 'kafkajs';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'webhooks' });

export async function run() {
  await redis.connect();
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const event = JSON.parse(message.value!.toString());
        await fetch(event.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.payload) });
        await heartbeat();
      }
    },
  });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 16,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'webhooks' });

export async function run() {
  await redis.connect();
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const event = JSON.parse(message.value!.toString());
        const idempotencyKey = \`processed:\${batch.topic}:\${batch.partition}:\${message.offset}\`;
        if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) continue;
        try {
          await fetch(event.callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event.payload) });
          await heartbeat();
        } catch (error) {
          await redis.del(idempotencyKey);
          throw error;
        }
      }
    },
  });
}` }],
        },
      ],
    },
    {
      name: 'kafkajs: JavaScript require, re-publish with producer.send (no store: no suggestion)',
      options: [{ reportRelays: true }],
      filename: 'enricher.js',
      code: relay1,
      errors: [
        {
          messageId: 'missingDedup',
          line: 15,
          column: 18,
          suggestions: [],
        },
      ],
    },
    {
      name: 'kafkajs: dedup check only after the email (does not count)',
      code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import sgMail from '@sendgrid/mail';

const redis = new Redis();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'receipts' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const receipt = JSON.parse(message.value!.toString());
    await sgMail.send({ to: receipt.email, from: 'billing@example.com', templateId: 'd-receipt', dynamicTemplateData: receipt });
    const first = await redis.set(\`processed:\${receipt.id}\`, '1', 'EX', 86400, 'NX');
    if (!first) return;
    await redis.hset(\`receipt:\${receipt.id}\`, { status: 'sent' });
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 16,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import sgMail from '@sendgrid/mail';

const redis = new Redis();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'receipts' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const receipt = JSON.parse(message.value!.toString());
    const idempotencyKey = \`processed:\${topic}:\${partition}:\${message.offset}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await sgMail.send({ to: receipt.email, from: 'billing@example.com', templateId: 'd-receipt', dynamicTemplateData: receipt });
      const first = await redis.set(\`processed:\${receipt.id}\`, '1', 'EX', 86400, 'NX');
      if (!first) return;
      await redis.hset(\`receipt:\${receipt.id}\`, { status: 'sent' });
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  },
});` }],
        },
      ],
    },
    {
      name: 'kafkajs: JavaScript, eachMessage calls same-file helper that inserts with mysql2 (mysql guard)',
      filename: 'audit-consumer.js',
      code: `const { Kafka } = require('kafkajs');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: 'db', user: 'audit', database: 'audit' });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit-log' });

async function writeAuditEntry(entry) {
  await pool.execute('INSERT INTO audit_log (actor, action, at) VALUES (?, ?, ?)', [entry.actor, entry.action, entry.at]);
}

async function start() {
  await consumer.subscribe({ topic: 'audit.events' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const entry = JSON.parse(message.value.toString());
      await writeAuditEntry(entry);
    },
  });
}

module.exports = { start };`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 14,
          column: 18,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Kafka } = require('kafkajs');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: 'db', user: 'audit', database: 'audit' });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit-log' });

async function writeAuditEntry(entry) {
  await pool.execute('INSERT INTO audit_log (actor, action, at) VALUES (?, ?, ?)', [entry.actor, entry.action, entry.at]);
}

async function start() {
  await consumer.subscribe({ topic: 'audit.events' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const entry = JSON.parse(message.value.toString());
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
      if (claim.affectedRows === 0) return;
      try {
        await writeAuditEntry(entry);
      } catch (error) {
        await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
        throw error;
      }
    },
  });
}

module.exports = { start };` }],
        },
      ],
    },
    {
      name: 'kafkajs: expression-bodied eachMessage (reported, no block to guard: no suggestion)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'raw-archive' });

await consumer.run({
  eachMessage: async ({ message }) => pool.query('INSERT INTO raw_events (payload) VALUES ($1)', [message.value!.toString()]),
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch with eachBatchAutoResolve false (pg guard resolves the duplicate\'s offset)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'event-store' });

await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      const event = JSON.parse(message.value!.toString());
      await pool.query('INSERT INTO events (kind, payload) VALUES ($1, $2)', [event.kind, event.payload]);
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 14,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'event-store' });

await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      const event = JSON.parse(message.value!.toString());
      const idempotencyKey = \`\${batch.topic}:\${batch.partition}:\${message.offset}\`;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) {
        resolveOffset(message.offset);
        continue;
      }
      try {
        await pool.query('INSERT INTO events (kind, payload) VALUES ($1, $2)', [event.kind, event.payload]);
        resolveOffset(message.offset);
        await heartbeat();
      } catch (error) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error;
      }
    }
  },
});` }],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch, Prisma create in the loop (Prisma claim/release form)',
      code: `import { Kafka } from 'kafkajs';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'reviews' });

await consumer.run({
  eachBatch: async ({ batch }) => {
    for (const message of batch.messages) {
      const review = JSON.parse(message.value!.toString());
      await prisma.review.create({ data: { productId: review.productId, stars: review.stars } });
    }
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 14,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'reviews' });

await consumer.run({
  eachBatch: async ({ batch }) => {
    for (const message of batch.messages) {
      const review = JSON.parse(message.value!.toString());
      const idempotencyKey = \`\${batch.topic}:\${batch.partition}:\${message.offset}\`;
      try {
        await prisma.processedMessage.create({ data: { id: idempotencyKey } });
      } catch (error) {
        const errorDetails = error as { code?: string; meta?: { modelName?: string } };
        if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') continue;
        throw error;
      }
      try {
        await prisma.review.create({ data: { productId: review.productId, stars: review.stars } });
      } catch (error) {
        await prisma.processedMessage.delete({ where: { id: idempotencyKey } });
        throw error;
      }
    }
  },
});` }],
        },
      ],
    },
    {
      name: 'kafkajs: topic name taken by a module constant (message id not reachable: no suggestion)',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const topic = 'orders.created';
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'orders' });

await consumer.subscribe({ topic });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const order = JSON.parse(message.value!.toString());
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      name: 'kafkajs: inline eachMessage wrapper delegating to a class method (reported at the wrapper)',
      code: `import { Kafka } from 'kafkajs';
import nodemailer from 'nodemailer';

export class ShippingNotifier {
  private readonly mailer = nodemailer.createTransport({ host: 'smtp.internal' });
  private readonly consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'shipping-notifier' });

  async start() {
    await this.consumer.run({ eachMessage: (payload) => this.onMessage(payload) });
  }

  private async onMessage({ message }: { message: { value: Buffer | null } }) {
    const shipment = JSON.parse(message.value!.toString());
    await this.mailer.sendMail({ to: shipment.email, subject: 'Your parcel is on its way', text: shipment.trackingUrl });
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 44,
          suggestions: [],
        },
      ],
    },
    {
      name: 'kafkajs: ignoreEffects publish does not hide an email sent by the same handler',
      options: [{ ignoreEffects: ['publish'] }],
      code: `import { Kafka } from 'kafkajs';
import nodemailer from 'nodemailer';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'order-notifier' });
const producer = kafka.producer();
const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    await producer.send({ topic: 'orders.notified', messages: [{ key: order.id, value: message.value }] });
    await mailer.sendMail({ to: order.email, subject: \`Order \${order.id}\`, text: 'We received your order.' });
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 16,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqplib: consume callback, mysql2 INSERT then ack (mysql guard, ack the duplicate)',
      code: `import amqp from 'amqplib';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', user: 'shop', database: 'shop' });

export async function consumeOrders(): Promise<void> {
  const connection = await amqp.connect('amqp://rabbit');
  const channel = await connection.createChannel();
  await channel.assertQueue('orders', { durable: true });
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    await pool.execute('INSERT INTO orders (id, sku, qty) VALUES (?, ?, ?)', [order.id, order.sku, order.qty]);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 35,
          suggestions: [{ messageId: 'suggestGuard', output: `import amqp from 'amqplib';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', user: 'shop', database: 'shop' });

export async function consumeOrders(): Promise<void> {
  const connection = await amqp.connect('amqp://rabbit');
  const channel = await connection.createChannel();
  await channel.assertQueue('orders', { durable: true });
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    const idempotencyKey = msg.properties.messageId;
    const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
    if ((claim as { affectedRows: number }).affectedRows === 0) {
      channel.ack(msg);
      return;
    }
    try {
      await pool.execute('INSERT INTO orders (id, sku, qty) VALUES (?, ?, ?)', [order.id, order.sku, order.qty]);
      channel.ack(msg);
    } catch (error) {
      await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
      throw error;
    }
  });
}` }],
        },
      ],
    },
    {
      name: 'amqplib: JavaScript require, handler by reference, SES SendEmailCommand (pg guard)',
      filename: 'email-worker.js',
      code: `const amqp = require('amqplib');
const { Pool } = require('pg');
const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');

const ses = new SESClient({ region: 'eu-west-1' });
const db = new Pool();
let channel;

async function onEmailRequested(msg) {
  const request = JSON.parse(msg.content.toString());
  await ses.send(new SendEmailCommand({
    Source: 'no-reply@example.com',
    Destination: { ToAddresses: [request.to] },
    Message: { Subject: { Data: request.subject }, Body: { Text: { Data: request.body } } },
  }));
  channel.ack(msg);
}

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  channel = await connection.createChannel();
  await channel.prefetch(10);
  await channel.consume('emails', onEmailRequested);
}

main();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `const amqp = require('amqplib');
const { Pool } = require('pg');
const { SESClient, SendEmailCommand } = require('@aws-sdk/client-ses');

const ses = new SESClient({ region: 'eu-west-1' });
const db = new Pool();
let channel;

async function onEmailRequested(msg) {
  const request = JSON.parse(msg.content.toString());
  const idempotencyKey = msg.properties.messageId;
  const claim = await db.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) {
    channel.ack(msg);
    return;
  }
  try {
    await ses.send(new SendEmailCommand({
      Source: 'no-reply@example.com',
      Destination: { ToAddresses: [request.to] },
      Message: { Subject: { Data: request.subject }, Body: { Text: { Data: request.body } } },
    }));
    channel.ack(msg);
  } catch (error) {
    await db.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
}

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  channel = await connection.createChannel();
  await channel.prefetch(10);
  await channel.consume('emails', onEmailRequested);
}

main();` }],
        },
      ],
    },
    {
      name: 'amqplib: class method bound with .bind(this), axios POST (pg pool field guard)',
      code: `import * as amqp from 'amqplib';
import axios from 'axios';
import { Pool } from 'pg';

export class InvoiceForwarder {
  private readonly pool = new Pool();
  private channel!: amqp.Channel;

  async start(): Promise<void> {
    const connection = await amqp.connect('amqp://rabbit');
    this.channel = await connection.createChannel();
    await this.channel.consume('invoices.issued', this.handle.bind(this));
  }

  private async handle(msg: amqp.ConsumeMessage | null): Promise<void> {
    if (msg === null) return;
    const invoice = JSON.parse(msg.content.toString());
    await axios.post('https://erp.example.com/api/invoices', invoice, { timeout: 5000 });
    this.channel.ack(msg);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 15,
          column: 17,
          suggestions: [{ messageId: 'suggestGuard', output: `import * as amqp from 'amqplib';
import axios from 'axios';
import { Pool } from 'pg';

export class InvoiceForwarder {
  private readonly pool = new Pool();
  private channel!: amqp.Channel;

  async start(): Promise<void> {
    const connection = await amqp.connect('amqp://rabbit');
    this.channel = await connection.createChannel();
    await this.channel.consume('invoices.issued', this.handle.bind(this));
  }

  private async handle(msg: amqp.ConsumeMessage | null): Promise<void> {
    if (msg === null) return;
    const invoice = JSON.parse(msg.content.toString());
    const idempotencyKey = msg.properties.messageId;
    const claim = await this.pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) {
      this.channel.ack(msg);
      return;
    }
    try {
      await axios.post('https://erp.example.com/api/invoices', invoice, { timeout: 5000 });
      this.channel.ack(msg);
    } catch (error) {
      await this.pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: channelWrapper.consume, Mongo insertOne (node-redis guard)',
      code: `import amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';

const redis = createClient();
const events = new MongoClient(process.env.MONGO_URL!).db('tracking').collection('shipment_events');
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel({ json: true });

export async function startShipmentConsumer(): Promise<void> {
  await channelWrapper.consume('shipments.dispatched', async (msg: ConsumeMessage) => {
    const shipment = JSON.parse(msg.content.toString());
    await events.insertOne({ orderId: shipment.orderId, carrier: shipment.carrier, at: new Date() });
    channelWrapper.ack(msg);
  }, { prefetch: 5 });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 11,
          column: 56,
          suggestions: [{ messageId: 'suggestGuard', output: `import amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';

const redis = createClient();
const events = new MongoClient(process.env.MONGO_URL!).db('tracking').collection('shipment_events');
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel({ json: true });

export async function startShipmentConsumer(): Promise<void> {
  await channelWrapper.consume('shipments.dispatched', async (msg: ConsumeMessage) => {
    const shipment = JSON.parse(msg.content.toString());
    const idempotencyKey = \`processed:\${msg.properties.messageId}\`;
    if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) {
      channelWrapper.ack(msg);
      return;
    }
    try {
      await events.insertOne({ orderId: shipment.orderId, carrier: shipment.carrier, at: new Date() });
      channelWrapper.ack(msg);
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  }, { prefetch: 5 });
}` }],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: JavaScript, Twilio SMS, no store in the file (no suggestion)',
      filename: 'sms-consumer.js',
      code: `const amqp = require('amqp-connection-manager');
const twilio = require('twilio');

const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const connection = amqp.connect([process.env.AMQP_URL]);
const wrapper = connection.createChannel({
  setup: (channel) => channel.assertQueue('sms.outbound', { durable: true }),
});

wrapper.consume('sms.outbound', async (msg) => {
  const { to, body } = JSON.parse(msg.content.toString());
  await sms.messages.create({ to, from: process.env.TWILIO_FROM, body });
  wrapper.ack(msg);
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 33,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqplib: channel.publish to another exchange, check only after publishing (does not count)',
      options: [{ reportRelays: true }],
      code: relay2,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 44,
          suggestions: [{ messageId: 'suggestGuard', output: `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function routeOrders(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('orders.accepted', async (msg) => {
    if (msg === null) return;
    const order = JSON.parse(msg.content.toString());
    const idempotencyKey = \`processed:\${msg.properties.messageId}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
      channel.ack(msg);
      return;
    }
    try {
      channel.publish('fulfilment', \`pick.\${order.warehouse}\`, Buffer.from(JSON.stringify(order)), { persistent: true });
      if (await redis.exists(\`processed:\${msg.properties.messageId}\`)) {
        channel.ack(msg);
        return;
      }
      await redis.set(\`processed:\${msg.properties.messageId}\`, '1', 'EX', 604800);
      channel.ack(msg);
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  });
}` }],
        },
      ],
    },
    {
      name: 'amqplib: dedup check only on redelivered messages (one branch) does not guard the INSERT',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consume() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    if (msg.fields.redelivered) {
      if (await redis.exists(\`processed:\${msg.properties.messageId}\`)) {
        channel.ack(msg);
        return;
      }
    }
    const order = JSON.parse(msg.content.toString());
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    await redis.set(\`processed:\${msg.properties.messageId}\`, '1', 'EX', 604800);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 35,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import amqp from 'amqplib';
import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consume() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const idempotencyKey = msg.properties.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) {
      channel.ack(msg);
      return;
    }
    try {
      if (msg.fields.redelivered) {
        if (await redis.exists(\`processed:\${msg.properties.messageId}\`)) {
          channel.ack(msg);
          return;
        }
      }
      const order = JSON.parse(msg.content.toString());
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
      await redis.set(\`processed:\${msg.properties.messageId}\`, '1', 'EX', 604800);
      channel.ack(msg);
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: JavaScript, destructured and renamed require, sendToQueue publish (no store)',
      options: [{ reportRelays: true }],
      filename: 'forwarder.js',
      code: relay3,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 33,
          suggestions: [],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: poll loop delegating to a per-message function, SES email (report on the function, pg guard)',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const ses = new SESClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

async function handleMessage(message: Message): Promise<void> {
  const order = JSON.parse(message.Body!);
  await ses.send(new SendEmailCommand({
    Source: 'orders@example.com',
    Destination: { ToAddresses: [order.email] },
    Message: { Subject: { Data: \`Order \${order.id} confirmed\` }, Body: { Text: { Data: 'Thanks!' } } },
  }));
}

export async function poll(): Promise<void> {
  while (true) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await handleMessage(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 1,
          suggestions: [],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: inline loop, SQS SendMessageCommand publish (ioredis guard deletes the duplicate and continues)',
      options: [{ reportRelays: true }],
      code: relay4,
      errors: [
        {
          messageId: 'missingDedup',
          line: 12,
          column: 5,
          suggestions: [{ messageId: 'suggestGuard', output: `import { SQSClient, ReceiveMessageCommand, SendMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import Redis from 'ioredis';

const sqs = new SQSClient({ region: 'eu-west-1' });
const redis = new Redis();
const inbox = process.env.INBOX_URL!;
const outbox = process.env.FULFILMENT_URL!;

export async function relay(): Promise<void> {
  for (;;) {
    const result = await sqs.send(new ReceiveMessageCommand({ QueueUrl: inbox, WaitTimeSeconds: 20 }));
    for (const msg of result.Messages ?? []) {
      const order = JSON.parse(msg.Body ?? '{}');
      const idempotencyKey = \`processed:\${msg.MessageId}\`;
      if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox, ReceiptHandle: msg.ReceiptHandle }));
        continue;
      }
      try {
        await sqs.send(new SendMessageCommand({ QueueUrl: outbox, MessageBody: JSON.stringify({ orderId: order.id, lines: order.lines }) }));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: inbox, ReceiptHandle: msg.ReceiptHandle }));
      } catch (error) {
        await redis.del(idempotencyKey);
        throw error;
      }
    }
  }
}` }],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: JavaScript aws-sdk v2 receiveMessage().promise() loop, got POST (report on the per-message function)',
      filename: 'relay.js',
      code: `const AWS = require('aws-sdk');
const got = require('got');

const sqs = new AWS.SQS({ region: 'us-east-1' });
const QueueUrl = process.env.QUEUE_URL;

async function forward(message) {
  const event = JSON.parse(message.Body);
  await got.post('https://partner.example.com/hooks/orders', { json: event, timeout: { request: 5000 } });
}

async function loop() {
  while (true) {
    const data = await sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }).promise();
    for (const message of data.Messages || []) {
      await forward(message);
      await sqs.deleteMessage({ QueueUrl, ReceiptHandle: message.ReceiptHandle }).promise();
    }
  }
}

loop();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 1,
          suggestions: [],
        },
      ],
    },
    {
      name: 'sqs-consumer: handleMessage inline, axios POST (pg guard returns the duplicate message)',
      code: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();

export const consumer = Consumer.create({
  queueUrl: process.env.QUEUE_URL!,
  handleMessage: async (message) => {
    const lead = JSON.parse(message.Body!);
    await axios.post('https://crm.example.com/api/leads', { email: lead.email, source: lead.source });
    return message;
  },
});

consumer.start();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 18,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Consumer } from 'sqs-consumer';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();

export const consumer = Consumer.create({
  queueUrl: process.env.QUEUE_URL!,
  handleMessage: async (message) => {
    const lead = JSON.parse(message.Body!);
    const idempotencyKey = message.MessageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return message;
    try {
      await axios.post('https://crm.example.com/api/leads', { email: lead.email, source: lead.source });
      return message;
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});

consumer.start();` }],
        },
      ],
    },
    {
      name: 'sqs-consumer: JavaScript, handler by reference, SNS PublishCommand with PhoneNumber (SMS, node-redis guard)',
      filename: 'otp-consumer.js',
      code: `const { Consumer } = require('sqs-consumer');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const { createClient } = require('redis');

const sns = new SNSClient({});
const cache = createClient({ url: process.env.REDIS_URL });

async function sendOtp(message) {
  const { phone, code } = JSON.parse(message.Body);
  await sns.send(new PublishCommand({ PhoneNumber: phone, Message: \`Your code is \${code}\` }));
}

const consumer = Consumer.create({ queueUrl: process.env.OTP_QUEUE_URL, handleMessage: sendOtp });
cache.connect().then(() => consumer.start());`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Consumer } = require('sqs-consumer');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');
const { createClient } = require('redis');

const sns = new SNSClient({});
const cache = createClient({ url: process.env.REDIS_URL });

async function sendOtp(message) {
  const { phone, code } = JSON.parse(message.Body);
  const idempotencyKey = \`processed:\${message.MessageId}\`;
  if ((await cache.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) return message;
  try {
    await sns.send(new PublishCommand({ PhoneNumber: phone, Message: \`Your code is \${code}\` }));
  } catch (error) {
    await cache.del(idempotencyKey);
    throw error;
  }
}

const consumer = Consumer.create({ queueUrl: process.env.OTP_QUEUE_URL, handleMessage: sendOtp });
cache.connect().then(() => consumer.start());` }],
        },
      ],
    },
    {
      name: 'sqs-consumer: handleMessageBatch loop, Mongo insertOne (ioredis guard, continue)',
      code: `import { Consumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';

const redis = new Redis();
const clicks = new MongoClient(process.env.MONGO_URL!).db('analytics').collection('clicks');

const consumer = Consumer.create({
  queueUrl: process.env.CLICKS_QUEUE_URL!,
  batchSize: 10,
  handleMessageBatch: async (messages: Message[]) => {
    for (const message of messages) {
      const click = JSON.parse(message.Body!);
      await clicks.insertOne({ campaign: click.campaign, userId: click.userId, at: new Date(click.at) });
    }
    return messages;
  },
});
consumer.start();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 12,
          column: 23,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Consumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';

const redis = new Redis();
const clicks = new MongoClient(process.env.MONGO_URL!).db('analytics').collection('clicks');

const consumer = Consumer.create({
  queueUrl: process.env.CLICKS_QUEUE_URL!,
  batchSize: 10,
  handleMessageBatch: async (messages: Message[]) => {
    for (const message of messages) {
      const click = JSON.parse(message.Body!);
      const idempotencyKey = \`processed:\${message.MessageId}\`;
      if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) continue;
      try {
        await clicks.insertOne({ campaign: click.campaign, userId: click.userId, at: new Date(click.at) });
      } catch (error) {
        await redis.del(idempotencyKey);
        throw error;
      }
    }
    return messages;
  },
});
consumer.start();` }],
        },
      ],
    },
    {
      name: 'sqs-consumer: aliased import, handleMessage is a class method bound with .bind(this) (pg pool field guard)',
      code: `import { Consumer as SqsConsumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

export class RefundWorker {
  private readonly pool = new Pool();
  private consumer = SqsConsumer.create({ queueUrl: process.env.REFUNDS_URL!, handleMessage: this.handle.bind(this) });

  start() {
    this.consumer.start();
  }

  async handle(message: Message) {
    const refund = JSON.parse(message.Body!);
    await this.pool.query('INSERT INTO refunds (order_id, cents) VALUES ($1, $2)', [refund.orderId, refund.cents]);
    return message;
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 13,
          column: 9,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Consumer as SqsConsumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

export class RefundWorker {
  private readonly pool = new Pool();
  private consumer = SqsConsumer.create({ queueUrl: process.env.REFUNDS_URL!, handleMessage: this.handle.bind(this) });

  start() {
    this.consumer.start();
  }

  async handle(message: Message) {
    const refund = JSON.parse(message.Body!);
    const idempotencyKey = message.MessageId;
    const claim = await this.pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return message;
    try {
      await this.pool.query('INSERT INTO refunds (order_id, cents) VALUES ($1, $2)', [refund.orderId, refund.cents]);
      return message;
    } catch (error) {
      await this.pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'sqs-consumer: JavaScript, settings.idempotency.guard helpers (require added)',
      filename: 'mail-consumer.js',
      settings: { idempotency: { guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' } } },
      code: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const mail = JSON.parse(message.Body);
    await mailer.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    return message;
  },
}).start();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 18,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');
const { isProcessed, markProcessed } = require('@acme/idempotency');

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const mail = JSON.parse(message.Body);
    const idempotencyKey = message.MessageId;
    if (await isProcessed(idempotencyKey)) return message;
    await mailer.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    await markProcessed(idempotencyKey);
    return message;
  },
}).start();` }],
        },
      ],
    },
    {
      name: 'aws-lambda: SQSEvent loop over Records, Stripe charge without idempotencyKey (pg guard, continue)',
      code: `import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import { Pool } from 'pg';

const stripe = new Stripe(process.env.STRIPE_KEY!);
const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await stripe.paymentIntents.create({ amount: order.totalCents, currency: 'eur', customer: order.customerId, confirm: true });
  }
};`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 24,
          suggestions: [{ messageId: 'suggestGuard', output: `import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import { Pool } from 'pg';

const stripe = new Stripe(process.env.STRIPE_KEY!);
const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    const idempotencyKey = record.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) continue;
    try {
      await stripe.paymentIntents.create({ amount: order.totalCents, currency: 'eur', customer: order.customerId, confirm: true });
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
};` }],
        },
      ],
    },
    {
      name: 'aws-lambda: JavaScript exports.handler, SNS PublishCommand with PhoneNumber (no store: no suggestion)',
      filename: 'sms-handler.js',
      code: `const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');

const sns = new SNSClient({});

exports.handler = async (event) => {
  for (const record of event.Records) {
    const alert = JSON.parse(record.body);
    await sns.send(new PublishCommand({ PhoneNumber: alert.phone, Message: \`Alert: \${alert.text}\` }));
  }
  return { batchItemFailures: [] };
};`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 5,
          column: 19,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: handler delegates each record to a same-file helper doing a plain INSERT (report on the handler)',
      code: `import type { SQSHandler, SQSRecord } from 'aws-lambda';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

async function saveBooking(record: SQSRecord): Promise<void> {
  const booking = JSON.parse(record.body);
  await pool.execute('INSERT INTO bookings (room_id, guest_id, night) VALUES (?, ?, ?)', [booking.roomId, booking.guestId, booking.night]);
}

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    await saveBooking(record);
  }
};`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 11,
          column: 36,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import type { SQSHandler, SQSRecord } from 'aws-lambda';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

async function saveBooking(record: SQSRecord): Promise<void> {
  const booking = JSON.parse(record.body);
  await pool.execute('INSERT INTO bookings (room_id, guest_id, night) VALUES (?, ?, ?)', [booking.roomId, booking.guestId, booking.night]);
}

export const handler: SQSHandler = async (event) => {
  for (const record of event.Records) {
    const idempotencyKey = record.messageId;
    const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
    if ((claim as { affectedRows: number }).affectedRows === 0) continue;
    try {
      await saveBooking(record);
    } catch (error) {
      await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
      throw error;
    }
  }
};`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: SNS event, SendGrid email (ioredis guard keyed by Sns.MessageId)',
      code: `import type { SNSEvent } from 'aws-lambda';
import sgMail from '@sendgrid/mail';
import Redis from 'ioredis';

sgMail.setApiKey(process.env.SENDGRID_KEY!);
const redis = new Redis(process.env.REDIS_URL!);

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const notice = JSON.parse(record.Sns.Message);
    await sgMail.send({ to: notice.email, from: 'alerts@example.com', subject: notice.subject, text: notice.text });
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 8,
          suggestions: [{ messageId: 'suggestGuard', output: `import type { SNSEvent } from 'aws-lambda';
import sgMail from '@sendgrid/mail';
import Redis from 'ioredis';

sgMail.setApiKey(process.env.SENDGRID_KEY!);
const redis = new Redis(process.env.REDIS_URL!);

export async function handler(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    const notice = JSON.parse(record.Sns.Message);
    const idempotencyKey = \`processed:\${record.Sns.MessageId}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) continue;
    try {
      await sgMail.send({ to: notice.email, from: 'alerts@example.com', subject: notice.subject, text: notice.text });
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'aws-lambda: JavaScript module.exports handler, EventBridge PutEventsCommand publish',
      options: [{ reportRelays: true }],
      filename: 'fanout.js',
      code: relay5,
      errors: [
        {
          messageId: 'missingDedup',
          line: 5,
          column: 1,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: SQS records, Prisma create in the Records loop (Prisma claim/release form)',
      code: `import type { SQSEvent } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const signup = JSON.parse(record.body);
    await prisma.user.create({ data: { email: signup.email, plan: signup.plan } });
  }
};`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 24,
          suggestions: [{ messageId: 'suggestGuard', output: `import type { SQSEvent } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const signup = JSON.parse(record.body);
    const idempotencyKey = record.messageId;
    try {
      await prisma.processedMessage.create({ data: { id: idempotencyKey } });
    } catch (error) {
      const errorDetails = error as { code?: string; meta?: { modelName?: string } };
      if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') continue;
      throw error;
    }
    try {
      await prisma.user.create({ data: { email: signup.email, plan: signup.plan } });
    } catch (error) {
      await prisma.processedMessage.delete({ where: { id: idempotencyKey } });
      throw error;
    }
  }
};` }],
        },
      ],
    },
    {
      name: 'aws-lambda: Powertools processPartialResponse record handler, plain INSERT (pg guard in the record handler)',
      code: `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { Pool } from 'pg';

const processor = new BatchProcessor(EventType.SQS);
const pool = new Pool();

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const order = JSON.parse(record.body);
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 23,
          suggestions: [{ messageId: 'suggestGuard', output: `import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { Pool } from 'pg';

const processor = new BatchProcessor(EventType.SQS);
const pool = new Pool();

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const order = JSON.parse(record.body);
  const idempotencyKey = record.messageId;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });` }],
        },
      ],
    },
    {
      name: 'aws-lambda: records handled with Promise.all(event.Records.map(async ...)) (pg guard inside the callback)',
      code: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent) => {
  await Promise.all(event.Records.map(async (record) => {
    const order = JSON.parse(record.body);
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
  }));
};`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 24,
          suggestions: [{ messageId: 'suggestGuard', output: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent) => {
  await Promise.all(event.Records.map(async (record) => {
    const order = JSON.parse(record.body);
    const idempotencyKey = record.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }));
};` }],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: message listener, INSERT then ack (pg guard acks the duplicate)',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Pool } from 'pg';

const pool = new Pool();
const subscription = new PubSub().subscription('orders-sub');

subscription.on('message', async (message: Message) => {
  const order = JSON.parse(message.data.toString());
  await pool.query('INSERT INTO order_lines (order_id, sku, qty) SELECT $1, l.sku, l.qty FROM json_to_recordset($2) AS l(sku text, qty int)', [order.id, JSON.stringify(order.lines)]);
  message.ack();
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 28,
          suggestions: [{ messageId: 'suggestGuard', output: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Pool } from 'pg';

const pool = new Pool();
const subscription = new PubSub().subscription('orders-sub');

subscription.on('message', async (message: Message) => {
  const order = JSON.parse(message.data.toString());
  const idempotencyKey = message.id;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) {
    message.ack();
    return;
  }
  try {
    await pool.query('INSERT INTO order_lines (order_id, sku, qty) SELECT $1, l.sku, l.qty FROM json_to_recordset($2) AS l(sku text, qty int)', [order.id, JSON.stringify(order.lines)]);
    message.ack();
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: JavaScript require, handler by reference, publishMessage to another topic (ioredis guard)',
      options: [{ reportRelays: true }],
      filename: 'router.js',
      code: relay6,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `const { PubSub } = require('@google-cloud/pubsub');
const IORedis = require('ioredis').default;

const pubsub = new PubSub();
const redis = new IORedis(process.env.REDIS_URL);
const invoices = pubsub.topic('invoices.requested');

async function onOrderPaid(message) {
  const order = JSON.parse(message.data.toString());
  const idempotencyKey = \`processed:\${message.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
    message.ack();
    return;
  }
  try {
    await invoices.publishMessage({ json: { orderId: order.id, total: order.total } });
    message.ack();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}

pubsub.subscription('orders.paid-sub').on('message', onOrderPaid);` }],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: branches, push notification in one branch only (no store: no suggestion)',
      code: `import { PubSub, Message } from '@google-cloud/pubsub';
import admin from 'firebase-admin';

admin.initializeApp();
const subscription = new PubSub().subscription('chat-messages');

subscription.on('message', async (message: Message) => {
  const event = JSON.parse(message.data.toString());
  if (event.recipientOnline) {
    console.log('recipient online, no push for %s', event.id);
  } else {
    await admin.messaging().send({ token: event.deviceToken, notification: { title: event.sender, body: event.preview } });
  }
  message.ack();
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 28,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: Worker processor inline, nodemailer sendMail (ioredis connection used for the guard)',
      code: `import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const transporter = nodemailer.createTransport({ service: 'postmark', auth: { user: 'token', pass: 'token' } });

export const worker = new Worker('password-reset', async (job: Job) => {
  const { email, resetUrl } = job.data;
  await transporter.sendMail({ to: email, subject: 'Reset your password', html: \`<a href="\${resetUrl}">Reset</a>\` });
}, { connection });`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 52,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const transporter = nodemailer.createTransport({ service: 'postmark', auth: { user: 'token', pass: 'token' } });

export const worker = new Worker('password-reset', async (job: Job) => {
  const { email, resetUrl } = job.data;
  const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
  if ((await connection.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    await transporter.sendMail({ to: email, subject: 'Reset your password', html: \`<a href="\${resetUrl}">Reset</a>\` });
  } catch (error) {
    await connection.del(idempotencyKey);
    throw error;
  }
}, { connection });` }],
        },
      ],
    },
    {
      name: 'bullmq: processor by reference, Prisma create (Prisma $transaction guard)',
      code: `import { Worker, type Job } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function createInvoice(job: Job<{ orderId: string; totalCents: number }>) {
  const order = await prisma.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
  const invoice = await prisma.invoice.create({ data: { orderId: order.id, totalCents: job.data.totalCents, customerId: order.customerId } });
  return invoice.id;
}

new Worker('invoices', createInvoice, { connection: { host: 'redis', port: 6379 } });`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Worker, type Job } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function createInvoice(job: Job<{ orderId: string; totalCents: number }>) {
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.processedMessage.create({ data: { id: idempotencyKey } });
      const order = await tx.order.findUniqueOrThrow({ where: { id: job.data.orderId } });
      const invoice = await tx.invoice.create({ data: { orderId: order.id, totalCents: job.data.totalCents, customerId: order.customerId } });
      return invoice.id;
    });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
}

new Worker('invoices', createInvoice, { connection: { host: 'redis', port: 6379 } });` }],
        },
      ],
    },
    {
      name: 'bullmq: JavaScript require, undici request POST (no store: no suggestion)',
      filename: 'webhook-worker.js',
      code: `const { Worker } = require('bullmq');
const { request } = require('undici');

const worker = new Worker('webhooks', async (job) => {
  const { url, payload } = job.data;
  const { statusCode } = await request(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
  if (statusCode >= 400) throw new Error(\`webhook failed with \${statusCode}\`);
  return statusCode;
}, { connection: { host: process.env.REDIS_HOST } });

worker.on('failed', (job, err) => console.error(job?.id, err));`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 4,
          column: 39,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: service call this.ordersService.createOrder(dto) from a class-property arrow',
      code: `import { Worker, type Job } from 'bullmq';
import type { OrdersService } from './orders.service';

export class CheckoutWorker {
  private worker?: Worker;

  constructor(private readonly ordersService: OrdersService) {}

  start(): void {
    this.worker = new Worker('checkout', this.process, { connection: { host: 'redis' } });
  }

  private process = async (job: Job) => {
    const dto = { cartId: job.data.cartId, customerId: job.data.customerId };
    return this.ordersService.createOrder(dto);
  };
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 13,
          column: 11,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: SET NX issued but its reply never checked (no guard)',
      code: `import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new IORedis({ maxRetriesPerRequest: null });
const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

new Worker('mails', async (job) => {
  await redis.set(\`dedup:mail:\${job.id}\`, '1', 'EX', 604800, 'NX');
  await mailer.sendMail({ to: job.data.to, subject: job.data.subject, text: job.data.text });
}, { connection: redis });`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 21,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import nodemailer from 'nodemailer';

const redis = new IORedis({ maxRetriesPerRequest: null });
const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

new Worker('mails', async (job) => {
  const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    await redis.set(\`dedup:mail:\${job.id}\`, '1', 'EX', 604800, 'NX');
    await mailer.sendMail({ to: job.data.to, subject: job.data.subject, text: job.data.text });
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}, { connection: redis });` }],
        },
      ],
    },
    {
      name: 'bullmq: processed.has() checked but the branch does not leave (no guard, no store: no suggestion)',
      code: `import { Worker } from 'bullmq';
import nodemailer from 'nodemailer';
import { processed } from './processed';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

new Worker('mails', async (job) => {
  if (await processed.has(job.id!)) {
    console.warn('job %s seen before', job.id);
  }
  await mailer.sendMail({ to: job.data.to, subject: job.data.subject, text: job.data.text });
  await processed.add(job.id!);
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 21,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: settings.idempotency.guard helpers (import added, mark before the returned value)',
      settings: { idempotency: { guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' } } },
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

new Worker('orders', async (job) => {
  const order = job.data;
  const { rows } = await pool.query('INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id', [order.customerId, order.totalCents]);
  return rows[0].id;
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 22,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Worker } from 'bullmq';
import { Pool } from 'pg';
import { isProcessed, markProcessed } from '@acme/idempotency';

const pool = new Pool();

new Worker('orders', async (job) => {
  const order = job.data;
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  if (await isProcessed(idempotencyKey)) return;
  const { rows } = await pool.query('INSERT INTO orders (customer_id, total_cents) VALUES ($1, $2) RETURNING id', [order.customerId, order.totalCents]);
  await markProcessed(idempotencyKey);
  return rows[0].id;
});` }],
        },
      ],
    },
    {
      name: 'bullmq: JavaScript, Stripe charge, settings.idempotency.guard helpers (require added)',
      filename: 'charge-worker.js',
      settings: { idempotency: { guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' } } },
      code: `const { Worker } = require('bullmq');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_KEY);

new Worker('charges', async (job) => {
  const charge = await stripe.charges.create({ amount: job.data.amount, currency: 'usd', customer: job.data.customer });
  return charge.id;
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 23,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Worker } = require('bullmq');
const Stripe = require('stripe');
const { isProcessed, markProcessed } = require('@acme/idempotency');

const stripe = new Stripe(process.env.STRIPE_KEY);

new Worker('charges', async (job) => {
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  if (await isProcessed(idempotencyKey)) return;
  const charge = await stripe.charges.create({ amount: job.data.amount, currency: 'usd', customer: job.data.customer });
  await markProcessed(idempotencyKey);
  return charge.id;
});` }],
        },
      ],
    },
    {
      name: 'bullmq: Stripe idempotencyKey freshly generated per call does not count',
      code: `import { Worker } from 'bullmq';
import Stripe from 'stripe';
import { randomUUID } from 'node:crypto';

const stripe = new Stripe(process.env.STRIPE_KEY!);

new Worker('payouts', async (job) => {
  await stripe.payouts.create({ amount: job.data.amount, currency: 'eur' }, { idempotencyKey: randomUUID() });
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 23,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: namespace import, Resend email and ky POST (pg guard)',
      code: `import * as bullmq from 'bullmq';
import { Resend } from 'resend';
import ky from 'ky';
import { Pool } from 'pg';

const resend = new Resend(process.env.RESEND_KEY);
const pool = new Pool();

new bullmq.Worker('onboarding', async (job) => {
  await resend.emails.send({ from: 'hello@example.com', to: job.data.email, subject: 'Welcome aboard', html: '<p>Hi!</p>' });
  await ky.post('https://crm.example.com/api/contacts', { json: { email: job.data.email } });
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 33,
          suggestions: [{ messageId: 'suggestGuard', output: `import * as bullmq from 'bullmq';
import { Resend } from 'resend';
import ky from 'ky';
import { Pool } from 'pg';

const resend = new Resend(process.env.RESEND_KEY);
const pool = new Pool();

new bullmq.Worker('onboarding', async (job) => {
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await resend.emails.send({ from: 'hello@example.com', to: job.data.email, subject: 'Welcome aboard', html: '<p>Hi!</p>' });
    await ky.post('https://crm.example.com/api/contacts', { json: { email: job.data.email } });
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }],
        },
      ],
    },
    {
      name: 'bull: queue.process promise processor, Twilio SMS (node-redis guard)',
      code: `import Queue from 'bull';
import twilio from 'twilio';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const twilioClient = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const reminders = new Queue('appointment-reminders', process.env.REDIS_URL!);

reminders.process(5, async (job) => {
  const { phone, clinic, at } = job.data;
  await twilioClient.messages.create({ to: phone, from: process.env.TWILIO_FROM, body: \`Reminder: \${clinic} at \${at}\` });
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 22,
          suggestions: [{ messageId: 'suggestGuard', output: `import Queue from 'bull';
import twilio from 'twilio';
import { createClient } from 'redis';

const redis = createClient({ url: process.env.REDIS_URL });
const twilioClient = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const reminders = new Queue('appointment-reminders', process.env.REDIS_URL!);

reminders.process(5, async (job) => {
  const { phone, clinic, at } = job.data;
  const idempotencyKey = \`processed:\${job.queue.name}:\${job.id}\`;
  if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) return;
  try {
    await twilioClient.messages.create({ to: phone, from: process.env.TWILIO_FROM, body: \`Reminder: \${clinic} at \${at}\` });
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
});` }],
        },
      ],
    },
    {
      name: 'bull: JavaScript callback processor (job, done), mysql2 INSERT (not async: no suggestion)',
      filename: 'points-processor.js',
      code: `const Queue = require('bull');
const mysql = require('mysql2/promise');

const pool = mysql.createPool({ host: 'db', database: 'loyalty' });
const queue = new Queue('loyalty-points');

queue.process('award', (job, done) => {
  pool
    .execute('INSERT INTO point_awards (member_id, points, reason) VALUES (?, ?, ?)', [job.data.memberId, job.data.points, job.data.reason])
    .then(() => done())
    .catch(done);
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 24,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bull: JavaScript named processor calling an imported project function createShipment()',
      filename: 'shipping-processor.js',
      code: `const Queue = require('bull');
const { createShipment } = require('./shipping');
const { Pool } = require('pg');

const pool = new Pool();
const queue = new Queue('shipping', process.env.REDIS_URL);

queue.process('label', async (job) => {
  const order = job.data;
  const shipment = await createShipment({ orderId: order.id, address: order.address, parcels: order.parcels });
  return { trackingNumber: shipment.trackingNumber };
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 8,
          column: 24,
          suggestions: [{ messageId: 'suggestGuard', output: `const Queue = require('bull');
const { createShipment } = require('./shipping');
const { Pool } = require('pg');

const pool = new Pool();
const queue = new Queue('shipping', process.env.REDIS_URL);

queue.process('label', async (job) => {
  const order = job.data;
  const idempotencyKey = \`\${job.queue.name}:\${job.id}\`;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    const shipment = await createShipment({ orderId: order.id, address: order.address, parcels: order.parcels });
    return { trackingNumber: shipment.trackingNumber };
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }],
        },
      ],
    },
    {
      name: 'nats: JetStream consume() loop, pg INSERT then ack (pg guard acks the duplicate and continues)',
      code: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export async function run(): Promise<void> {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const consumer = await nc.jetstream().consumers.get('ORDERS', 'order-writer');
  const messages = await consumer.consume({ max_messages: 50 });
  for await (const m of messages) {
    const order = m.json<{ id: string; total: number }>();
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    m.ack();
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 3,
          suggestions: [{ messageId: 'suggestGuard', output: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export async function run(): Promise<void> {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const consumer = await nc.jetstream().consumers.get('ORDERS', 'order-writer');
  const messages = await consumer.consume({ max_messages: 50 });
  for await (const m of messages) {
    const order = m.json<{ id: string; total: number }>();
    const idempotencyKey = m.headers?.get('Nats-Msg-Id') ?? \`\${m.info.stream}:\${m.seq}\`;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) {
      m.ack();
      continue;
    }
    try {
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
      m.ack();
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'nats: JetStream fetch() loop delegating to a per-message function (report on the function, ioredis guard)',
      code: `import { connect, type JsMsg } from 'nats';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis();

async function handleMessage(m: JsMsg): Promise<void> {
  const event = m.json<{ tenant: string; payload: unknown }>();
  await axios.post(\`https://hooks.example.com/\${event.tenant}\`, event.payload);
  m.ack();
}

export async function drain(): Promise<void> {
  const nc = await connect();
  const consumer = await nc.jetstream().consumers.get('WEBHOOKS', 'dispatcher');
  const batch = await consumer.fetch({ max_messages: 20, expires: 5000 });
  for await (const m of batch) {
    await handleMessage(m);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 1,
          suggestions: [{ messageId: 'suggestGuard', output: `import { connect, type JsMsg } from 'nats';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis();

async function handleMessage(m: JsMsg): Promise<void> {
  const event = m.json<{ tenant: string; payload: unknown }>();
  const idempotencyKey = \`processed:\${m.headers?.get('Nats-Msg-Id') ?? \`\${m.info.stream}:\${m.seq}\`}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
    m.ack();
    return;
  }
  try {
    await axios.post(\`https://hooks.example.com/\${event.tenant}\`, event.payload);
    m.ack();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}

export async function drain(): Promise<void> {
  const nc = await connect();
  const consumer = await nc.jetstream().consumers.get('WEBHOOKS', 'dispatcher');
  const batch = await consumer.fetch({ max_messages: 20, expires: 5000 });
  for await (const m of batch) {
    await handleMessage(m);
  }
}` }],
        },
      ],
    },
    {
      name: 'nats: JavaScript @nats-io JetStream consume loop, Mongo insertOne (no store: no suggestion)',
      filename: 'audit.js',
      code: `const { connect } = require('@nats-io/transport-node');
const { jetstream } = require('@nats-io/jetstream');
const { MongoClient } = require('mongodb');

const audit = new MongoClient(process.env.MONGO_URL).db('audit').collection('events');

async function main() {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await jetstream(nc).consumers.get('AUDIT', 'audit-writer');
  for await (const m of await consumer.consume()) {
    await audit.insertOne({ subject: m.subject, data: m.json(), receivedAt: new Date() });
    m.ack();
  }
}

main();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 3,
          suggestions: [],
        },
      ],
    },
    {
      name: '@azure/service-bus: subscribe processMessage (auto-complete), axios POST (pg guard returns)',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('partner-sync');

receiver.subscribe({
  processMessage: async (message: ServiceBusReceivedMessage) => {
    const account = message.body as { id: string; name: string };
    await axios.post('https://partner.example.com/accounts', account);
  },
  processError: async (args) => {
    console.error(args.error);
  },
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 19,
          suggestions: [{ messageId: 'suggestGuard', output: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import axios from 'axios';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('partner-sync');

receiver.subscribe({
  processMessage: async (message: ServiceBusReceivedMessage) => {
    const account = message.body as { id: string; name: string };
    const idempotencyKey = message.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await axios.post('https://partner.example.com/accounts', account);
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
  processError: async (args) => {
    console.error(args.error);
  },
});` }],
        },
      ],
    },
    {
      name: '@azure/service-bus: autoCompleteMessages false, plain INSERT then completeMessage (mysql guard completes the duplicate)',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', database: 'billing' });
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('usage-events');

receiver.subscribe(
  {
    async processMessage(message: ServiceBusReceivedMessage) {
      const usage = message.body;
      await pool.execute('INSERT INTO usage_records (subscription_id, units, period) VALUES (?, ?, ?)', [usage.subscriptionId, usage.units, usage.period]);
      await receiver.completeMessage(message);
    },
    async processError(args) {
      console.error('receive failed', args.error);
    },
  },
  { autoCompleteMessages: false },
);`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 11,
          suggestions: [{ messageId: 'suggestGuard', output: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'db', database: 'billing' });
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('usage-events');

receiver.subscribe(
  {
    async processMessage(message: ServiceBusReceivedMessage) {
      const usage = message.body;
      const idempotencyKey = message.messageId;
      const [claim] = await pool.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
      if ((claim as { affectedRows: number }).affectedRows === 0) {
        await receiver.completeMessage(message);
        return;
      }
      try {
        await pool.execute('INSERT INTO usage_records (subscription_id, units, period) VALUES (?, ?, ?)', [usage.subscriptionId, usage.units, usage.period]);
        await receiver.completeMessage(message);
      } catch (error) {
        await pool.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
        throw error;
      }
    },
    async processError(args) {
      console.error('receive failed', args.error);
    },
  },
  { autoCompleteMessages: false },
);` }],
        },
      ],
    },
    {
      name: '@azure/service-bus: JavaScript receiveMessages loop delegating to a function, SendGrid email (report on the function)',
      filename: 'digest-worker.js',
      code: `const { ServiceBusClient } = require('@azure/service-bus');
const sgMail = require('@sendgrid/mail');

const client = new ServiceBusClient(process.env.SB_CONNECTION);
const receiver = client.createReceiver('digests');

async function sendDigest(message) {
  const digest = message.body;
  await sgMail.send({ to: digest.email, from: 'digest@example.com', subject: 'Your weekly digest', html: digest.html });
}

async function main() {
  for (;;) {
    const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 10000 });
    for (const message of messages) {
      await sendDigest(message);
      await receiver.completeMessage(message);
    }
  }
}

main();`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 1,
          suggestions: [],
        },
      ],
    },
    {
      name: '@azure/service-bus: inline receiveMessages loop, axios POST then completeMessage (ioredis guard completes the duplicate)',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('crm-sync');

export async function drain(): Promise<void> {
  const messages = await receiver.receiveMessages(10, { maxWaitTimeInMs: 5000 });
  for (const message of messages) {
    await axios.post('https://crm.example.com/api/contacts', message.body);
    await receiver.completeMessage(message);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 3,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { ServiceBusClient } from '@azure/service-bus';
import Redis from 'ioredis';
import axios from 'axios';

const redis = new Redis();
const receiver = new ServiceBusClient(process.env.SB_CONNECTION!).createReceiver('crm-sync');

export async function drain(): Promise<void> {
  const messages = await receiver.receiveMessages(10, { maxWaitTimeInMs: 5000 });
  for (const message of messages) {
    const idempotencyKey = \`processed:\${message.messageId}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
      await receiver.completeMessage(message);
      continue;
    }
    try {
      await axios.post('https://crm.example.com/api/contacts', message.body);
      await receiver.completeMessage(message);
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'ioredis-streams: xreadgroup loop, plain INSERT then xack (ioredis guard acks the duplicate)',
      code: `import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consumeSignups(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'crm', 'worker-1', 'COUNT', 50, 'BLOCK', 5000, 'STREAMS', 'signups', '>')) as [string, [string, string[]][]][] | null;
    if (!reply) continue;
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        const email = fields[1];
        await pool.query('INSERT INTO crm_contacts (email, source) VALUES ($1, $2)', [email, 'signup']);
        await redis.xack('signups', 'crm', id);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 12,
          column: 7,
          suggestions: [{ messageId: 'suggestGuard', output: `import Redis from 'ioredis';
import { Pool } from 'pg';

const redis = new Redis();
const pool = new Pool();

export async function consumeSignups(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'crm', 'worker-1', 'COUNT', 50, 'BLOCK', 5000, 'STREAMS', 'signups', '>')) as [string, [string, string[]][]][] | null;
    if (!reply) continue;
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        const email = fields[1];
        const idempotencyKey = id;
        const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
        if (claim.rowCount === 0) {
          await redis.xack('signups', 'crm', id);
          continue;
        }
        try {
          await pool.query('INSERT INTO crm_contacts (email, source) VALUES ($1, $2)', [email, 'signup']);
          await redis.xack('signups', 'crm', id);
        } catch (error) {
          await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
          throw error;
        }
      }
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'ioredis-streams: node-redis xReadGroup loop delegating to a function, fetch POST (report on the function)',
      code: `import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });

async function notifyPartner(entry: { id: string; message: Record<string, string> }): Promise<void> {
  await fetch('https://partner.example.com/events', { method: 'POST', body: JSON.stringify(entry.message) });
  await client.xAck('partner-events', 'notifier', entry.id);
}

export async function run(): Promise<void> {
  await client.connect();
  while (true) {
    const streams = await client.xReadGroup('notifier', 'n1', { key: 'partner-events', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await notifyPartner(entry);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 5,
          column: 1,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });

async function notifyPartner(entry: { id: string; message: Record<string, string> }): Promise<void> {
  const idempotencyKey = \`processed:\${entry.id}\`;
  if ((await client.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) {
    await client.xAck('partner-events', 'notifier', entry.id);
    return;
  }
  try {
    await fetch('https://partner.example.com/events', { method: 'POST', body: JSON.stringify(entry.message) });
    await client.xAck('partner-events', 'notifier', entry.id);
  } catch (error) {
    await client.del(idempotencyKey);
    throw error;
  }
}

export async function run(): Promise<void> {
  await client.connect();
  while (true) {
    const streams = await client.xReadGroup('notifier', 'n1', { key: 'partner-events', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await notifyPartner(entry);
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
      name: 'nestjs: @EventPattern handler calls this.ordersService.createOrder(dto) (no store: no suggestion)',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service';
import type { CheckoutCompletedDto } from './dto';

@Controller()
export class CheckoutEventsController {
  constructor(private readonly ordersService: OrdersService) {}

  @EventPattern('checkout.completed')
  async onCheckoutCompleted(@Payload() dto: CheckoutCompletedDto) {
    await this.ordersService.createOrder(dto);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 11,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nestjs: RMQ @EventPattern with manual ack through the context, injected pg Pool (pg guard acks the duplicate)',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class PaymentsConsumer {
  constructor(private readonly pool: Pool) {}

  @EventPattern('payment.captured')
  async onCaptured(@Payload() data: { orderId: string; amountCents: number }, @Ctx() context: RmqContext) {
    await this.pool.query('INSERT INTO payments (order_id, amount_cents) VALUES ($1, $2)', [data.orderId, data.amountCents]);
    context.getChannelRef().ack(context.getMessage());
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class PaymentsConsumer {
  constructor(private readonly pool: Pool) {}

  @EventPattern('payment.captured')
  async onCaptured(@Payload() data: { orderId: string; amountCents: number }, @Ctx() context: RmqContext) {
    const idempotencyKey = context.getMessage().properties.messageId;
    const claim = await this.pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) {
      context.getChannelRef().ack(context.getMessage());
      return;
    }
    try {
      await this.pool.query('INSERT INTO payments (order_id, amount_cents) VALUES ($1, $2)', [data.orderId, data.amountCents]);
      context.getChannelRef().ack(context.getMessage());
    } catch (error) {
      await this.pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: @nestjs/bull @Process method, mailer service sendMail (no store)',
      code: `import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { MailerService } from '@nestjs-modules/mailer';

@Processor('notifications')
export class NotificationsProcessor {
  constructor(private readonly mailerService: MailerService) {}

  @Process('welcome')
  async sendWelcome(job: Job<{ email: string; name: string }>) {
    await this.mailerService.sendMail({ to: job.data.email, subject: 'Welcome', template: 'welcome', context: { name: job.data.name } });
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nestjs: WorkerHost process(), Stripe charge (ioredis guard on the injected this.redis)',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import Redis from 'ioredis';
import Stripe from 'stripe';

@Processor('subscriptions')
export class RenewalProcessor extends WorkerHost {
  private readonly stripe = new Stripe(process.env.STRIPE_KEY!);

  constructor(private readonly redis: Redis) {
    super();
  }

  async process(job: Job<{ customerId: string; priceCents: number }>): Promise<void> {
    await this.stripe.charges.create({ customer: job.data.customerId, amount: job.data.priceCents, currency: 'usd' });
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 14,
          column: 9,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import Redis from 'ioredis';
import Stripe from 'stripe';

@Processor('subscriptions')
export class RenewalProcessor extends WorkerHost {
  private readonly stripe = new Stripe(process.env.STRIPE_KEY!);

  constructor(private readonly redis: Redis) {
    super();
  }

  async process(job: Job<{ customerId: string; priceCents: number }>): Promise<void> {
    const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
    if ((await this.redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await this.stripe.charges.create({ customer: job.data.customerId, amount: job.data.priceCents, currency: 'usd' });
    } catch (error) {
      await this.redis.del(idempotencyKey);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'nestjs: Kafka transport @EventPattern with KafkaContext, pg pool injected (key from topic:partition:offset)',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class ShipmentEventsController {
  constructor(private readonly pool: Pool) {}

  @EventPattern('shipment.delivered')
  async delivered(@Payload() event: { shipmentId: string; at: string }, @Ctx() context: KafkaContext) {
    await this.pool.query('INSERT INTO delivery_events (shipment_id, delivered_at) VALUES ($1, $2)', [event.shipmentId, event.at]);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 10,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class ShipmentEventsController {
  constructor(private readonly pool: Pool) {}

  @EventPattern('shipment.delivered')
  async delivered(@Payload() event: { shipmentId: string; at: string }, @Ctx() context: KafkaContext) {
    const idempotencyKey = \`\${context.getTopic()}:\${context.getPartition()}:\${context.getMessage().offset}\`;
    const claim = await this.pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await this.pool.query('INSERT INTO delivery_events (shipment_id, delivered_at) VALUES ($1, $2)', [event.shipmentId, event.at]);
    } catch (error) {
      await this.pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: @SqsMessageHandler method, Twilio SMS (ioredis field guard)',
      code: `import { Injectable } from '@nestjs/common';
import { SqsMessageHandler } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import Redis from 'ioredis';
import { Twilio } from 'twilio';

@Injectable()
export class SmsHandler {
  private readonly redis = new Redis();
  private readonly twilio = new Twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

  @SqsMessageHandler('sms-queue', false)
  async handle(message: Message) {
    const { to, body } = JSON.parse(message.Body!);
    await this.twilio.messages.create({ to, from: process.env.TWILIO_FROM, body });
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 13,
          column: 9,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Injectable } from '@nestjs/common';
import { SqsMessageHandler } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import Redis from 'ioredis';
import { Twilio } from 'twilio';

@Injectable()
export class SmsHandler {
  private readonly redis = new Redis();
  private readonly twilio = new Twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

  @SqsMessageHandler('sms-queue', false)
  async handle(message: Message) {
    const { to, body } = JSON.parse(message.Body!);
    const idempotencyKey = \`processed:\${message.MessageId}\`;
    if ((await this.redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await this.twilio.messages.create({ to, from: process.env.TWILIO_FROM, body });
    } catch (error) {
      await this.redis.del(idempotencyKey);
      throw error;
    }
  }
}` }],
        },
      ],
    },
    {
      name: 'nestjs: @EventPattern payload without an id and no context (message id not reachable: no suggestion)',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import Redis from 'ioredis';
import { NotificationsService } from './notifications.service';

@Controller()
export class UserEventsController {
  private readonly redis = new Redis();
  constructor(private readonly notificationsService: NotificationsService) {}

  @EventPattern('user.registered')
  async onRegistered(@Payload() user: { email: string; name: string }) {
    await this.notificationsService.sendWelcomeEmail(user.email, user.name);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 12,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nestjs: @EventPattern saving a new TypeORM entity (repository create + save inserts)',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

@Controller()
export class AuditController {
  constructor(@InjectRepository(AuditEntry) private readonly auditRepository: Repository<AuditEntry>) {}

  @EventPattern('user.action')
  async onAction(@Payload() event: { userId: string; action: string; at: string }) {
    const entry = this.auditRepository.create({ userId: event.userId, action: event.action, at: event.at });
    await this.auditRepository.save(entry);
  }
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 12,
          column: 9,
          suggestions: [],
        },
      ],
    },
    {
      name: 'generic: settings consumer bus.subscribe, Mongo insertOne (no store)',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import { bus } from '@acme/bus';
import { MongoClient } from 'mongodb';

const notes = new MongoClient(process.env.MONGO_URL!).db('crm').collection('notes');

bus.subscribe('ticket.commented', async (evt: { id: string; ticketId: string; author: string; body: string }) => {
  await notes.insertOne({ ticketId: evt.ticketId, author: evt.author, body: evt.body, createdAt: new Date() });
});`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 6,
          column: 35,
          suggestions: [],
        },
      ],
    },
    {
      name: 'generic: /** @consumer */ function, SendGrid email (ioredis guard keyed by evt.id)',
      code: `import sgMail from '@sendgrid/mail';
import Redis from 'ioredis';

const redis = new Redis();

/** @consumer */
export async function onInvoiceOverdue(evt: { id: string; email: string; invoiceNo: string }) {
  await sgMail.send({ to: evt.email, from: 'billing@example.com', subject: \`Invoice \${evt.invoiceNo} is overdue\`, text: 'Please pay.' });
}`,
      errors: [
        {
          messageId: 'missingDedup',
          line: 7,
          column: 8,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import sgMail from '@sendgrid/mail';
import Redis from 'ioredis';

const redis = new Redis();

/** @consumer */
export async function onInvoiceOverdue(evt: { id: string; email: string; invoiceNo: string }) {
  const idempotencyKey = \`processed:\${evt.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    await sgMail.send({ to: evt.email, from: 'billing@example.com', subject: \`Invoice \${evt.invoiceNo} is overdue\`, text: 'Please pay.' });
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: JavaScript, handlerMethod on an object with a messageId path, kafkajs producer.send (pg guard)',
      options: [{ reportRelays: true }],
      filename: 'relay.js',
      settings: { idempotency: { consumers: [{ callee: 'broker.register', handlerArg: 1, handlerMethod: 'handle', messageId: 'headers.messageId' }] } },
      code: relay7,
      errors: [
        {
          messageId: 'missingDedup',
          line: 9,
          column: 9,
          suggestions: [{ messageId: 'suggestGuard', output: `const { broker } = require('./broker');
const { Kafka } = require('kafkajs');
const { Pool } = require('pg');

const pool = new Pool();
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

broker.register('orders.accepted', {
  async handle(event) {
    const pick = { orderId: event.body.orderId, warehouse: event.body.warehouse };
    const idempotencyKey = event.headers.messageId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await producer.send({ topic: 'warehouse.picks', messages: [{ key: pick.orderId, value: JSON.stringify(pick) }] });
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});` }],
        },
      ],
    },
    {
      name: 'nestjs: @MessagePattern that returns nothing on an unnamed transport is an event consumer',
      code: `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { NotificationsService } from './notifications.service';

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @MessagePattern('user.created')
  async onUserCreated(@Payload() user: { id: string; email: string }) {
    await this.notifications.sendWelcomeEmail(user.email);
  }
}`,
      errors: [{ messageId: 'missingDedup', line: 10 }],
    },
    {
      name: 'aws-lambda: an untyped handler that reads `event.detail` is invoked by EventBridge (asynchronous, retried)',
      code: `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');

const ddb = new DynamoDBClient({});

exports.handler = async (event) => {
  await ddb.send(new PutItemCommand({
    TableName: process.env.TABLE_NAME,
    Item: { RequestID: { S: Math.random().toString(36).slice(2) + Date.now().toString(36) }, SiteUrl: { S: event.detail.siteUrl } },
  }));
};`,
      errors: [{ messageId: 'missingDedup', line: 5, suggestions: [] }],
    },
    {
      name: 'aws-lambda: a Firehose put appends to storage (S3, Redshift) that nobody deduplicates: not a relay',
      code: `const { FirehoseClient, PutRecordCommand } = require('@aws-sdk/client-firehose');

const firehose = new FirehoseClient({});

exports.handler = async (event) => {
  await firehose.send(new PutRecordCommand({ DeliveryStreamName: process.env.STREAM, Record: { Data: Buffer.from(JSON.stringify(event.detail)) } }));
};`,
      errors: [{ messageId: 'missingDedup', line: 5, suggestions: [] }],
    },
    {
      name: 'chat messages: a Telegram bot message (telegraf) and a Slack apiCall whose method is not a read',
      code: `import { Worker } from 'bullmq';
import { Telegraf } from 'telegraf';
import { WebClient } from '@slack/web-api';

const bot = new Telegraf(process.env.BOT_TOKEN!);
const slack = new WebClient(process.env.SLACK_TOKEN);

export const telegram = new Worker('telegram', async (job) => {
  await bot.telegram.sendMessage(job.data.chatId, job.data.text);
});

export const slackWorker = new Worker('slack', async (job) => {
  await slack.apiCall('conversations.list', {});
  await slack.apiCall(job.data.methodName, { channel: job.data.channel, text: job.data.text });
});`,
      errors: [
        { messageId: 'missingDedup', line: 8, suggestions: [] },
        { messageId: 'missingDedup', line: 12, suggestions: [] },
      ],
    },
    {
      name: 'typeorm: saving a new entity built without the stored row is an insert (the counterpart of the update by primary key)',
      code: itemSaveConsumer('new'),
      errors: [{ messageId: 'missingDedup', line: 12, suggestions: [] }],
    },
    {
      name: 'a helper testing the status of an object its caller built from the message (not a row read) is no state guard',
      code: parseResourceWorker('built'),
      errors: [{ messageId: 'missingDedup', line: 12, suggestions: [{ messageId: 'suggestGuard', output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function parseResource(resource: { resourceId: string; indexStatus: string }) {
  if (resource.indexStatus !== 'wait_parse' && resource.indexStatus !== 'parse_failed') return resource;
  await prisma.fileParseRecord.create({ data: { resourceId: resource.resourceId, pages: 3 } });
  return prisma.resource.update({ where: { resourceId: resource.resourceId }, data: { indexStatus: 'wait_index' } });
}

export const worker = new Worker('finalize', async (job) => {
  const resource = { resourceId: job.data.resourceId, indexStatus: job.data.status };
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  try {
    await prisma.processedMessage.create({ data: { id: idempotencyKey } });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
  try {
    await parseResource(resource);
  } catch (error) {
    await prisma.processedMessage.delete({ where: { id: idempotencyKey } });
    throw error;
  }
});` }] }],
    },
    {
      name: 'typeorm: an insert builder kept in a variable and run later without conflict handling inserts again',
      code: heldInsertBuilderListener(false),
      errors: [{ messageId: 'missingDedup', line: 5, suggestions: [] }],
    },
    {
      name: 'typeorm: a clean-up by a filter the inserted rows do not carry does not make the insert a replacement',
      code: replaceEmbedsConsumer('{ expired: true }'),
      errors: [{ messageId: 'missingDedup', line: 9, suggestions: [] }],
    },
    {
      name: 'sql: a check of one table does not guard an insert into another',
      code: createIfAbsentSqlWorker('allowlists_audit'),
      errors: [{ messageId: 'missingDedup', line: 6, suggestions: [] }],
    },
    {
      name: 'http: the same JSON-RPC batch sending transactions (`eth_sendRawTransaction`) is a write',
      code: jsonRpcBatchListener('eth_sendRawTransaction'),
      errors: [{ messageId: 'missingDedup', line: 7, suggestions: [] }],
    },
    {
      name: 'aws-lambda: an EventBridge handler is an at-least-once consumer',
      code: `import type { EventBridgeEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: EventBridgeEvent<'OrderPlaced', { orderId: string; cents: number }>) => {
  await pool.query('INSERT INTO invoices (order_id, cents) VALUES ($1, $2)', [event.detail.orderId, event.detail.cents]);
};`,
      errors: [{ messageId: 'missingDedup', line: 6, suggestions: [{ messageId: 'suggestGuard', output: `import type { EventBridgeEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: EventBridgeEvent<'OrderPlaced', { orderId: string; cents: number }>) => {
  const idempotencyKey = event.id;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query('INSERT INTO invoices (order_id, cents) VALUES ($1, $2)', [event.detail.orderId, event.detail.cents]);
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
};` }] }],
    },
    {
      name: 'aws-lambda: StartExecution named with a fresh uuid starts a second workflow on redelivery',
      code: `import type { S3Event } from 'aws-lambda';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';

const sfn = new SFNClient({});

export const handler = async (event: S3Event) => {
  for (const record of event.Records) {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.SM_ARN, name: randomUUID(), input: JSON.stringify(record.s3.object) }));
  }
};`,
      errors: [{ messageId: 'missingDedup', line: 7 }],
    },
    {
      name: 'kafkajs: an existence check of an entity the handler does not change is not a guard',
      code: `import { Kafka } from 'kafkajs';
import { User } from './models/user';
import { mailer } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value!.toString());
    const user = await User.findOne({ id: event.userId });
    if (!user) return;
    await mailer.sendMail({ to: user.email, subject: 'Welcome' });
  },
});`,
      errors: [{ messageId: 'missingDedup', line: 8 }],
    },
    {
      name: 'bullmq: an enqueued job without a jobId is reported with reportRelays',
      options: [{ reportRelays: true }],
      code: `import { Queue, Worker } from 'bullmq';

const expirations = new Queue('expirations');

export const worker = new Worker('listings', async (job) => {
  await expirations.add('expire', { listingId: job.data.id }, { delay: job.data.ttlMs });
});`,
      errors: [{ messageId: 'missingDedup', line: 5 }],
    },
    {
      name: 'kafkajs: the message names the helper path to the effect',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

async function applyEvent(event: { account: string; cents: number }) {
  await pool.query('INSERT INTO ledger (account, cents) VALUES ($1, $2)', [event.account, event.cents]);
}

async function execute(value: string) {
  await applyEvent(JSON.parse(value));
}

await consumer.run({
  eachMessage: async ({ message }) => {
    await execute(message.value!.toString());
  },
});`,
      errors: [{ messageId: 'missingDedup', line: 16, data: { handler: 'kafkajs eachMessage handler', effect: '`INSERT INTO ledger`', path: ' (via `execute(…)` → `applyEvent(…)`, line 8)' } , suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

async function applyEvent(event: { account: string; cents: number }) {
  await pool.query('INSERT INTO ledger (account, cents) VALUES ($1, $2)', [event.account, event.cents]);
}

async function execute(value: string) {
  await applyEvent(JSON.parse(value));
}

await consumer.run({
  eachMessage: async ({ message, topic, partition }) => {
    const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await execute(message.value!.toString());
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});` }] }],
    },
    {
      name: 'aws-lambda: startExecution through the v3 aggregated client with a fresh name',
      filename: 'ingest.js',
      code: `const { SFN } = require('@aws-sdk/client-sfn');
const { v4: uuidv4 } = require('uuid');

const stepfunctions = new SFN({});

exports.handler = async (event) => {
  const key = event.Records[0].s3.object.key;
  await stepfunctions.startExecution({ stateMachineArn: process.env.INGEST, name: uuidv4(), input: JSON.stringify({ key }) });
};`,
      errors: [{ messageId: 'missingDedup', line: 6 }],
    },
    {
      name: 'bullmq: relays are reported with reportRelays: true',
      options: [{ reportRelays: true }],
      code: `import { Worker } from 'bullmq';

export function start(eventsPublisher: { broadcastOrder(order: unknown): Promise<void> }) {
  return new Worker('orders', async (job) => {
    await eventsPublisher.broadcastOrder(job.data);
  });
}`,
      errors: [{ messageId: 'missingDedup', line: 4 }],
    },
    {
      name: 'nestjs: @SqsMessageHandler from the @nestjs-packages/sqs fork',
      code: `import { Injectable } from '@nestjs/common';
import { SqsMessageHandler, SqsProcess } from '@nestjs-packages/sqs';
import { AlimtalkService } from './alimtalk.service';

@Injectable()
@SqsProcess('vbank-paid')
export class VbankPaidConsumer {
  constructor(private readonly alimtalkService: AlimtalkService) {}

  @SqsMessageHandler()
  async sendVbankPaid(message: { Body: string }) {
    await this.alimtalkService.sendVbankPaid(JSON.parse(message.Body).orderId);
  }
}`,
      errors: [{ messageId: 'missingDedup', line: 11 }],
    },
  ],
};
