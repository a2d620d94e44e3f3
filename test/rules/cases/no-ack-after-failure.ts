/** RuleTester cases for no-ack-after-failure (moved from no-ack-before-process when the rule was split), by library. Run by ../no-ack-after-failure.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-ack-after-failure';
import type { RuleCases } from '../tester';
import * as D from './deliveries';
import { bestEffortCopyWorker, failureHandlingWorker, streamPoll } from './shared';

const busWithAck = { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1, ack: ['ack'] }] } };

const LOGGED_IN_LOOP = `  for (const { message } of entries) {
    try {
      await pool.query('UPDATE sites SET status = $2 WHERE id = $1', [message.siteId, message.status]);
    } catch (error) {
      console.error('could not record the check', error);
    }
  }`;

export const cases: RuleCases<MessageIds, Options> = {
  valid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'Azure Functions v4: the catch logs and rethrows (the host retries the message)',
      code: D.azureServiceBus(true),
    },
    {
      name: 'Stripe (Next.js route): the catch answers 500, so Stripe retries',
      code: D.stripeNextRoute(500),
    },
    {
      name: '@golevelup/nestjs-rabbitmq: the catch settles with `return new Nack(false)`',
      code: D.rabbitSubscribeNack(true),
    },
    {
      name: 'ioredis-streams: the batch XACK after the loop runs only when no entry failed',
      code: streamPoll(LOGGED_IN_LOOP.replace("console.error('could not record the check', error);", "console.error('could not record the check', error);\n      throw error;")),
    },
    {
      name: 'a best-effort copy into a cache after the main work: what is lost is rebuilt on the next read',
      code: bestEffortCopyWorker('driveFileParseCache'),
    },
    {
      name: 'a failed status written inside the catch, its own failure only logged, then the original error rethrown',
      code: failureHandlingWorker("await prisma.actionResult.updateMany({ where: { resultId: job.data.resultId }, data: { status: 'failed' } });", true),
    },
    {
      name: 'bullmq: a catch that records a failure status in snake case (parse_failed) reports the failure onward',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('parse', async (job) => {
  try {
    await prisma.chunk.create({ data: { resourceId: job.data.id, content: job.data.content } });
  } catch (err) {
    console.error(err);
    await prisma.resource.update({ where: { id: job.data.id }, data: { indexStatus: 'parse_failed' } });
  }
});`,
    },
    {
      name: 'kafkajs: catch logs then rethrows so the offset is not committed',
      code: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'partner-hooks' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const hook = JSON.parse(message.value!.toString());
      try {
        await axios.post(hook.url, hook.payload, { timeout: 3000 });
      } catch (err) {
        console.warn('webhook failed, will retry', hook.url);
        throw err;
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: catch parks the message on a dead-letter topic',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const kafka = new Kafka({ brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'orders' });
const pool = new Pool();

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        const order = JSON.parse(message.value!.toString());
        await pool.query('UPDATE orders SET status = $1 WHERE id = $2', [order.status, order.id]);
      } catch (err) {
        await producer.send({ topic: 'orders.dlq', messages: [{ key: message.key, value: message.value }] });
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: swallowing catch with reportSwallowedErrors: false',
      options: [{ reportSwallowedErrors: false }],
      code: `import { Kafka } from 'kafkajs';
import axios from 'axios';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'best-effort-hooks' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const hook = JSON.parse(message.value!.toString());
      try {
        await axios.post(hook.url, hook.payload, { timeout: 3000 });
      } catch (err) {
        console.warn('best-effort webhook failed', hook.url);
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: catch that rethrows (suggestion output)',
      code: `import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'profiles' });

export async function start(): Promise<void> {
  const profiles = mongo.db('app').collection('profiles');
  await consumer.run({
    eachMessage: async ({ message }) => {
      const profile = JSON.parse(message.value!.toString());
      try {
        await profiles.insertOne({ userId: profile.userId, name: profile.name });
      } catch (err) {
        console.error('profile insert failed', message.offset, err);
        throw err;
      }
    },
  });
}`,
    },
    {
      name: 'kafkajs: catch given a binding and a rethrow (suggestion output)',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import { sendWelcomeEmail } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome' });

async function handleSignup({ message }: EachMessagePayload): Promise<void> {
  const { email, name } = JSON.parse(message.value!.toString());
  try {
    await sendWelcomeEmail(email, name);
  } catch (error) {
    console.warn('welcome email failed for', email);
    throw error;
  }
}

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'users.signed-up' });
  await consumer.run({ eachMessage: handleSignup });
}`,
    },
    {
      name: 'amqplib: ack on success, nack in catch',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.created', async (msg) => {
    if (!msg) return;
    try {
      const invoice = JSON.parse(msg.content.toString());
      await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [invoice.id, invoice.total]);
      channel.ack(msg);
    } catch (err) {
      console.error('invoice failed', err);
      channel.nack(msg, false, false);
    }
  });
}`,
    },
    {
      name: 'amqplib: catch logs and leaves the message unacked',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.prefetch(10);
  await channel.consume('invoices.created', async (msg) => {
    if (!msg) return;
    try {
      const invoice = JSON.parse(msg.content.toString());
      await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [invoice.id, invoice.total]);
      channel.ack(msg);
    } catch (err) {
      console.error('invoice failed; left unacked for redelivery', err);
    }
  });
}`,
    },
    {
      name: 'amqplib: catch returns without acking, ack after the try',
      code: `import amqp from 'amqplib';
import axios from 'axios';

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('crm.contacts', async (msg) => {
    if (!msg) return;
    try {
      const contact = JSON.parse(msg.content.toString());
      await axios.put(\`https://crm.example.com/api/contacts/\${contact.id}\`, contact);
    } catch (err) {
      console.error('contact sync failed; left for redelivery', err);
      return;
    }
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: ack in .then() after the write, nack in .catch()',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('orders', (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    pool
      .query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total])
      .then(() => channel.ack(msg))
      .catch(() => channel.nack(msg));
  });
}`,
    },
    {
      name: 'amqplib: ack moved out of finally to the end of the try (suggestion output)',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.created', async (msg) => {
    if (!msg) return;
    const invoice = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [invoice.id, invoice.total]);
      channel.ack(msg);
    } catch (err) {
      console.error('invoice insert failed', invoice.id, err);
    }
  });
}`,
    },
    {
      name: 'amqplib: ack moved from after the catch into the try (suggestion output)',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('payouts', async (msg) => {
    if (!msg) return;
    const payout = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO payouts (id, amount) VALUES ($1, $2)', [payout.id, payout.amount]);
      channel.ack(msg);
    } catch (err) {
      console.error('payout insert failed', payout.id, err);
    }
  });
}`,
    },
    {
      name: 'amqp-connection-manager: ack on success, nack without requeue in catch',
      code: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel();

export async function start(): Promise<void> {
  await wrapper.consume('licensing.seat-assigned', async (msg: ConsumeMessage) => {
    try {
      const { orgId, seats } = JSON.parse(msg.content.toString());
      await prisma.organization.update({ where: { id: orgId }, data: { seatsUsed: seats } });
      wrapper.ack(msg);
    } catch (err) {
      console.error('seat assignment failed', err);
      wrapper.nack(msg, false, false);
    }
  });
}`,
    },
    {
      name: '@aws-sdk/client-sqs: per-message function deletes after the email, failures stay on the queue',
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
      try {
        await handleMessage(message);
      } catch (err) {
        console.error('reset email failed; will be redelivered', message.MessageId, err);
      }
    }
  }
}`,
    },
    {
      name: 'aws-lambda: batchItemFailures pushed in the catch',
      code: `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const payment = JSON.parse(record.body);
      await pool.query('INSERT INTO payments (id, amount) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [payment.id, payment.amount]);
    } catch (err) {
      console.error('payment failed', record.messageId, err);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`,
    },
    {
      name: 'aws-lambda: awaited publish whose failure goes to batchItemFailures',
      code: `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
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
    {
      name: '@google-cloud/pubsub: ack after the awaited write, nack in catch',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();

pubsub.subscription('profiles.updated').on('message', async (message: Message) => {
  try {
    const profile = JSON.parse(message.data.toString());
    await firestore.doc(\`profiles/\${profile.userId}\`).set({ name: profile.name }, { merge: true });
    message.ack();
  } catch (err) {
    console.error('profile sync failed', message.id, err);
    message.nack();
  }
});`,
    },
    {
      name: '@google-cloud/pubsub: unparseable message acked before any side effect',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const pubsub = new PubSub();
const firestore = new Firestore();

async function onFollow(message: Message): Promise<void> {
  let evt: { followerId: string; followeeId: string };
  try {
    evt = JSON.parse(message.data.toString());
  } catch {
    message.ack();
    return;
  }
  await firestore.doc(\`follows/\${evt.followerId}_\${evt.followeeId}\`).set({ at: Date.now() });
  message.ack();
}

pubsub.subscription('social.followed').on('message', onFollow);`,
    },
    {
      name: '@google-cloud/pubsub: ack inside .then() after the publish',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';

const pubsub = new PubSub();
const out = pubsub.topic('orders.enriched');

pubsub.subscription('orders').on('message', (message: Message) => {
  const order = JSON.parse(message.data.toString());
  out
    .publishMessage({ json: { ...order, enrichedAt: Date.now() } })
    .then(() => message.ack())
    .catch((err) => {
      console.error('publish failed', message.id, err);
      message.nack();
    });
});`,
    },
    {
      name: 'bull: done() after the POST, done(err) on failure',
      filename: 'analytics.js',
      code: `const Queue = require('bull');
const axios = require('axios');

const analyticsQueue = new Queue('analytics-forward', process.env.REDIS_URL);

analyticsQueue.process(function forwardEvent(job, done) {
  const { event, userId } = job.data;
  axios
    .post('https://analytics.example.com/v1/track', { event, userId })
    .then(() => done())
    .catch((err) => done(err));
});

module.exports = { analyticsQueue };`,
    },
    {
      name: 'bull: done(err) for an invalid job before any work',
      code: `import Queue, { type DoneCallback, type Job } from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const invoices = new Queue('invoices', process.env.REDIS_URL!);

invoices.process(async (job: Job, done: DoneCallback) => {
  if (!job.data.id) return done(new Error('invoice id missing'));
  try {
    await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [job.data.id, job.data.total]);
    done();
  } catch (err) {
    done(err as Error);
  }
});`,
    },
    {
      name: 'nats: early ack of a duplicate, ack after the write, nak on failure',
      code: `import { connect, type JsMsg } from 'nats';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function handle(m: JsMsg): Promise<void> {
  const msgId = m.headers?.get('Nats-Msg-Id') ?? String(m.seq);
  if (await prisma.processedMessage.findUnique({ where: { id: msgId } })) {
    m.ack();
    return;
  }
  try {
    const change = m.json<{ tenantId: string; plan: string }>();
    await prisma.tenantPlan.update({ where: { tenantId: change.tenantId }, data: { plan: change.plan } });
    m.ack();
  } catch (err) {
    console.error('plan sync failed', msgId, err);
    m.nak(10_000);
  }
}

export async function run(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('TENANTS', 'plan-sync');
  for await (const m of await consumer.consume()) await handle(m);
}`,
    },
    {
      name: 'nats: JetStream consume({ callback }) acks after the PUT, naks on failure',
      code: `import { connect } from 'nats';
import axios from 'axios';

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('BILLING', 'billing-hooks');
  await consumer.consume({
    callback: async (m) => {
      try {
        const hook = m.json<{ id: string }>();
        await axios.put(\`https://billing.example.com/hooks/\${hook.id}\`, hook);
        m.ack();
      } catch {
        m.nak(5_000);
      }
    },
  });
}`,
    },
    {
      name: 'nats: ack moved out of finally (suggestion output)',
      code: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('ORDERS', 'order-writer');
  for await (const m of await consumer.consume()) {
    try {
      const order = m.json<{ id: string; total: number }>();
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
      m.ack();
    } catch (err) {
      console.error('order insert failed', m.seq, err);
    }
  }
}`,
    },
    {
      name: '@azure/service-bus: complete after the write, abandon on failure',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('user-preferences');

receiver.subscribe(
  {
    processMessage: async (message: ServiceBusReceivedMessage) => {
      try {
        await pool.query('UPDATE preferences SET theme = $1 WHERE user_id = $2', [message.body.theme, message.body.userId]);
        await receiver.completeMessage(message);
      } catch (err) {
        await receiver.abandonMessage(message, { reason: String(err) });
      }
    },
    processError: async (args) => console.error('receiver error', args.error),
  },
  { autoCompleteMessages: false },
);`,
    },
    {
      name: 'nestjs: RMQ ack after the upsert, nack in catch',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Subscription } from './subscription.entity';

@Controller()
export class SubscriptionEventsController {
  constructor(@InjectRepository(Subscription) private readonly subscriptions: Repository<Subscription>) {}

  @EventPattern('subscription.changed')
  async onChanged(@Payload() data: { id: string; plan: string }, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    const msg = ctx.getMessage();
    try {
      await this.subscriptions.upsert({ id: data.id, plan: data.plan }, ['id']);
      channel.ack(msg);
    } catch (err) {
      channel.nack(msg, false, false);
    }
  }
}`,
    },
    {
      name: 'generic: @consumer tag, nack in catch, ack on success',
      code: `import { db } from '../infra/db';

type Envelope = { id: string; body: { sku: string; price: number }; ack(): void; nack(): void };

/** @consumer */
export async function onPriceChanged(msg: Envelope): Promise<void> {
  try {
    await db.query('UPDATE products SET price = $1 WHERE sku = $2', [msg.body.price, msg.body.sku]);
    msg.ack();
  } catch {
    msg.nack();
  }
}`,
    },
    {
      name: 'kafkajs: the catch keeps the error and the handler rethrows it after cleanup',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'imports' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const client = await pool.connect();
    let failure: unknown = null;
    try {
      await client.query('INSERT INTO imports (id, body) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [message.key!.toString(), message.value!.toString()]);
    } catch (error) {
      failure = error;
    } finally {
      client.release();
    }
    if (failure) throw failure;
  },
});`,
    },
    {
      name: 'aws-lambda: the catch records the record in batchItemFailures built with map',
      code: `import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import { sendInvoice } from './invoices';

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const unprocessed: string[] = [];
  for (const record of event.Records) {
    try {
      await fetch('https://billing.example.com/invoices', { method: 'PUT', body: record.body });
    } catch {
      unprocessed.push(record.messageId);
    }
  }
  return { batchItemFailures: unprocessed.map((id) => ({ itemIdentifier: id })) };
};`,
    },
    {
      name: 'bull: the catch hands the failure to done(err)',
      filename: 'worker.js',
      code: `const Queue = require('bull');
const { Pool } = require('pg');

const pool = new Pool();
const queue = new Queue('emails');

queue.process(async (job, done) => {
  try {
    await pool.query('UPDATE accounts SET verified = true WHERE id = $1', [job.data.accountId]);
    done();
  } catch (err) {
    done(err);
  }
});`,
    },
    {
      name: 'amqplib: the catch publishes to a dead-letter queue before the ack',
      code: `import amqp from 'amqplib';

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    try {
      await fetch('https://erp.example.com/orders', { method: 'PUT', body: msg.content });
    } catch (error) {
      await deadLetters.park('orders', msg.content, String(error));
    }
    channel.ack(msg);
  });
}
declare const deadLetters: { park(queue: string, body: Buffer, reason: string): Promise<void> };`,
    },
    {
      name: 'bullmq: the catch writes a FAILED status the system acts on',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('exports', async (job) => {
  try {
    await fetch(job.data.callbackUrl, { method: 'PUT', body: JSON.stringify({ id: job.data.exportId }) });
  } catch (error) {
    await prisma.exportJob.update({ where: { id: job.data.exportId }, data: { status: 'FAILED', error: String(error) } });
  }
});`,
    },
    {
      name: 'aws-lambda: Promise.allSettled results turned into batchItemFailures',
      code: `import type { SQSEvent } from 'aws-lambda';

export const handler = async (event: SQSEvent) => {
  const results = await Promise.allSettled(event.Records.map((r) => fetch('https://x.example.com', { method: 'PUT', body: r.body })));
  return {
    batchItemFailures: results.flatMap((r, i) => (r.status === 'rejected' ? [{ itemIdentifier: event.Records[i]!.messageId }] : [])),
  };
};`,
    },
    {
      name: 'aws-lambda: Promise.allSettled over callbacks that catch their own failures into batchItemFailures',
      code: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  await Promise.allSettled(event.Records.map(async (record) => {
    try {
      await pool.query('UPDATE orders SET status = $1 WHERE id = $2', ['PAID', JSON.parse(record.body).id]);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }));
  return { batchItemFailures };
};`,
    },
    {
      name: 'bullmq: a best-effort cache refresh after the main work may swallow its failure',
      code: `import { Worker } from 'bullmq';
import Redis from 'ioredis';
import { Pool } from 'pg';

const pool = new Pool();
const redis = new Redis();

export const worker = new Worker('orders', async (job) => {
  await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [job.data.id, job.data.total]);
  try {
    await redis.set(\`order:\${job.data.id}\`, JSON.stringify(job.data), 'EX', 3600);
  } catch (error) {
    console.warn('cache refresh failed (non-fatal)', error);
  }
});`,
    },
    {
      name: 'nats: the catch hands the message to a same-file method named for the dead-letter queue',
      code: `import { connect, type JsMsg } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export class Writer {
  async handle(msg: JsMsg) {
    try {
      await pool.query('UPDATE accounts SET status = $1 WHERE id = $2', ['ACTIVE', msg.json<{ id: string }>().id]);
      msg.ack();
    } catch (error) {
      await this.publishToDlq(msg, error);
      msg.ack();
    }
  }

  private async publishToDlq(msg: JsMsg, error: unknown) {
    const nc = await connect();
    await nc.jetstream().publish('dlq.writes', msg.data, { headers: undefined });
    console.error('sent to the DLQ', error);
  }

  async start() {
    const nc = await connect();
    const consumer = await nc.jetstream().consumers.get('WRITES', 'writer');
    for await (const m of await consumer.consume()) await this.handle(m);
  }
}`,
    },
    {
      name: 'bullmq: a status write that may fail before the main work is a best effort',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function setStatus(appId: string, status: string) {
  try {
    await prisma.workflowApp.update({ where: { appId }, data: { status } });
  } catch (err) {
    console.error('could not update the status', err);
  }
}

export const worker = new Worker('templates', async (job) => {
  await setStatus(job.data.appId, 'generating');
  await prisma.template.upsert({ where: { appId: job.data.appId }, create: { appId: job.data.appId, body: job.data.body }, update: { body: job.data.body } });
});`,
    },
    {
      name: 'bullmq: the catch records the cursor on the job for the completion listener that re-enqueues it',
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const worker = new Worker('backfill', async (job) => {
  const cursor = job.data.cursor;
  try {
    await pool.query('UPDATE balances SET value = $1 WHERE id > $2', [0, cursor]);
    job.data.nextCursor = cursor + 1000;
  } catch (error) {
    job.data.nextCursor = cursor;
  }
});`,
    },
  ],
  invalid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'Azure Functions v4: the catch only logs and the host completes the message',
      code: D.azureServiceBus(false),
      errors: [{ messageId: 'swallowedError', line: 10 , suggestions: [{ messageId: 'suggestRethrow', output: `import { app, InvocationContext } from '@azure/functions';
import { pool } from './db';

app.serviceBusQueue('ledger', {
  connection: 'ServiceBus',
  queueName: 'payments',
  handler: async (message: { accountId: string; amount: number }, context: InvocationContext) => {
    try {
      await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [message.amount, message.accountId]);
    } catch (err) {
      context.error('ledger update failed', err);
      throw err;
    }
  },
});` }] }],
    },
    {
      name: "@golevelup/nestjs-rabbitmq: the catch only logs and the handler's return acks",
      code: D.rabbitSubscribeNack(false),
      errors: [{ messageId: 'swallowedError', line: 14 , suggestions: [{ messageId: 'suggestRethrow', output: `import { Injectable, Logger } from '@nestjs/common';
import { Nack, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import { PrismaService } from './prisma.service';

@Injectable()
export class InvoiceConsumer {
  private readonly logger = new Logger(InvoiceConsumer.name);
  constructor(private readonly prisma: PrismaService) {}

  @RabbitSubscribe({ exchange: 'billing', routingKey: 'invoice.due', queue: 'invoices' })
  async onInvoiceDue(msg: { invoiceId: string }) {
    try {
      await this.prisma.invoice.update({ where: { id: msg.invoiceId }, data: { status: 'overdue' } });
    } catch (err) {
      this.logger.error(err);
      throw err;
    }
  }
}` }] }],
    },
    {
      name: 'ioredis-streams: a failed entry\u2019s error is logged in the loop and the batch XACK after the loop settles it too',
      code: streamPoll(LOGGED_IN_LOOP),
      errors: [
        { messageId: 'ackAfterFailure', line: 17, suggestions: [{ messageId: 'suggestAckOnSuccess', output: `import { createClient } from 'redis';
import { Pool } from 'pg';

const client = createClient({ url: process.env.REDIS_URL });
const pool = new Pool();

export async function poll(consumer: string): Promise<void> {
  const reply = await client.xReadGroup('checks', consumer, { key: 'sites', id: '>' }, { COUNT: 10 });
  const entries = reply?.[0]?.messages ?? [];
  for (const { message } of entries) {
    try {
      await pool.query('UPDATE sites SET status = $2 WHERE id = $1', [message.siteId, message.status]);
      await client.xAck('sites', 'checks', entries.map(({ id }) => id));
    } catch (error) {
      console.error('could not record the check', error);
    }
  }
}
` }] },
      ],
    },
    {
      name: 'the same copy into a store that is not a cache: its loss is the message\'s',
      code: bestEffortCopyWorker('driveFileParseRecord'),
      errors: [{ messageId: 'swallowedError', line: 11, suggestions: [{ messageId: 'suggestRethrow', output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
import { randomUUID } from 'node:crypto';

const prisma = new PrismaClient();

export const worker = new Worker('duplicate', async (job) => {
  await prisma.driveFile.upsert({ where: { fileId: job.data.targetId }, create: { fileId: job.data.targetId }, update: {} });
  try {
    await prisma.driveFileParseRecord.create({ data: { id: randomUUID(), fileId: job.data.targetId } });
  } catch (error) {
    console.warn('continuing without the copy', error);
    throw error;
  }
});` }] }],
    },
    {
      name: 'a clean-up inside a catch that then swallows the original error: the outer catch is the swallow, not the clean-up\'s',
      code: failureHandlingWorker('await prisma.actionResult.deleteMany({ where: { resultId: job.data.resultId } });', false),
      errors: [{ messageId: 'swallowedError', line: 9, suggestions: [{ messageId: 'suggestRethrow', output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('skills', async (job) => {
  try {
    await prisma.actionResult.create({ data: { resultId: job.data.resultId, status: 'running' } });
  } catch (err) {
    try {
      await prisma.actionResult.deleteMany({ where: { resultId: job.data.resultId } });
    } catch (handlingError) {
      console.error('could not handle the failure', handlingError);
    }
    throw err;
  }
});` }] }],
    },
    {
      name: 'kafkajs: eachMessage catch logs and swallows the failed write',
      code: `import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'profiles' });

export async function start(): Promise<void> {
  const profiles = mongo.db('app').collection('profiles');
  await consumer.run({
    eachMessage: async ({ message }) => {
      const profile = JSON.parse(message.value!.toString());
      try {
        await profiles.insertOne({ userId: profile.userId, name: profile.name });
      } catch (err) {
        console.error('profile insert failed', message.offset, err);
      }
    },
  });
}`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 14,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `import { Kafka } from 'kafkajs';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'profiles' });

export async function start(): Promise<void> {
  const profiles = mongo.db('app').collection('profiles');
  await consumer.run({
    eachMessage: async ({ message }) => {
      const profile = JSON.parse(message.value!.toString());
      try {
        await profiles.insertOne({ userId: profile.userId, name: profile.name });
      } catch (err) {
        console.error('profile insert failed', message.offset, err);
        throw err;
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
      name: 'kafkajs: handler by reference, catch without a binding swallows the error',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import { sendWelcomeEmail } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome' });

async function handleSignup({ message }: EachMessagePayload): Promise<void> {
  const { email, name } = JSON.parse(message.value!.toString());
  try {
    await sendWelcomeEmail(email, name);
  } catch {
    console.warn('welcome email failed for', email);
  }
}

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'users.signed-up' });
  await consumer.run({ eachMessage: handleSignup });
}`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import { sendWelcomeEmail } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'welcome' });

async function handleSignup({ message }: EachMessagePayload): Promise<void> {
  const { email, name } = JSON.parse(message.value!.toString());
  try {
    await sendWelcomeEmail(email, name);
  } catch (error) {
    console.warn('welcome email failed for', email);
    throw error;
  }
}

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'users.signed-up' });
  await consumer.run({ eachMessage: handleSignup });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: require(), eachMessage swallows the webhook failure',
      filename: 'hooks.js',
      code: `const { Kafka } = require('kafkajs');
const axios = require('axios');

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'partner-hooks' });

async function deliver({ message }) {
  const hook = JSON.parse(message.value.toString());
  try {
    await axios.post(hook.url, hook.payload, { timeout: 3000 });
  } catch (err) {
    console.warn('webhook failed', hook.url, err.message);
  }
}

async function start() {
  await consumer.run({ eachMessage: deliver });
}

module.exports = { start };`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 10,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `const { Kafka } = require('kafkajs');
const axios = require('axios');

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'partner-hooks' });

async function deliver({ message }) {
  const hook = JSON.parse(message.value.toString());
  try {
    await axios.post(hook.url, hook.payload, { timeout: 3000 });
  } catch (err) {
    console.warn('webhook failed', hook.url, err.message);
    throw err;
  }
}

async function start() {
  await consumer.run({ eachMessage: deliver });
}

module.exports = { start };`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch loop swallows a failure and the batch is resolved',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        try {
          await pool.query('INSERT INTO audit_log (offset_id, body) VALUES ($1, $2)', [message.offset, message.value]);
        } catch (err) {
          console.error('audit insert failed', message.offset, err);
        }
        await heartbeat();
      }
    },
  });
}`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 13,
          column: 11,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        try {
          await pool.query('INSERT INTO audit_log (offset_id, body) VALUES ($1, $2)', [message.offset, message.value]);
        } catch (err) {
          console.error('audit insert failed', message.offset, err);
          throw err;
        }
        await heartbeat();
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
      name: 'kafkajs: eachBatch resolveOffset after a swallowing catch',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset }) => {
      for (const message of batch.messages) {
        try {
          await pool.query('INSERT INTO audit_log (offset_id, body) VALUES ($1, $2)', [message.offset, message.value]);
        } catch (err) {
          console.error('audit insert failed', message.offset, err);
        }
        resolveOffset(message.offset);
      }
    },
  });
}`,
      errors: [
        {
          messageId: 'ackAfterFailure',
          line: 17,
          column: 9,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'audit' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset }) => {
      for (const message of batch.messages) {
        try {
          await pool.query('INSERT INTO audit_log (offset_id, body) VALUES ($1, $2)', [message.offset, message.value]);
          resolveOffset(message.offset);
        } catch (err) {
          console.error('audit insert failed', message.offset, err);
        }
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
      name: 'amqplib: ack in finally also acks the failed insert',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.created', async (msg) => {
    if (!msg) return;
    const invoice = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [invoice.id, invoice.total]);
    } catch (err) {
      console.error('invoice insert failed', invoice.id, err);
    } finally {
      channel.ack(msg);
    }
  });
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 16,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.created', async (msg) => {
    if (!msg) return;
    const invoice = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO invoices (id, total) VALUES ($1, $2)', [invoice.id, invoice.total]);
      channel.ack(msg);
    } catch (err) {
      console.error('invoice insert failed', invoice.id, err);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: ack after a catch that swallowed the failure',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('payouts', async (msg) => {
    if (!msg) return;
    const payout = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO payouts (id, amount) VALUES ($1, $2)', [payout.id, payout.amount]);
    } catch (err) {
      console.error('payout insert failed', payout.id, err);
    }
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'ackAfterFailure',
          line: 16,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('payouts', async (msg) => {
    if (!msg) return;
    const payout = JSON.parse(msg.content.toString());
    try {
      await pool.query('INSERT INTO payouts (id, amount) VALUES ($1, $2)', [payout.id, payout.amount]);
      channel.ack(msg);
    } catch (err) {
      console.error('payout insert failed', payout.id, err);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqplib: ack in finally next to other cleanup',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.paid', async (msg) => {
    if (!msg) return;
    const { id } = JSON.parse(msg.content.toString());
    try {
      await pool.query("UPDATE invoices SET status = 'paid' WHERE id = $1", [id]);
    } catch (err) {
      console.error('update failed', id, err);
    } finally {
      console.debug('done with', id);
      channel.ack(msg);
    }
  });
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 17,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();
  await channel.consume('invoices.paid', async (msg) => {
    if (!msg) return;
    const { id } = JSON.parse(msg.content.toString());
    try {
      await pool.query("UPDATE invoices SET status = 'paid' WHERE id = $1", [id]);
      channel.ack(msg);
    } catch (err) {
      console.error('update failed', id, err);
    } finally {
      console.debug('done with', id);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: ack in finally after the catch',
      code: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel();

export async function start(): Promise<void> {
  await wrapper.consume('licensing.seat-assigned', async (msg: ConsumeMessage) => {
    const { orgId, seats } = JSON.parse(msg.content.toString());
    try {
      await prisma.organization.update({ where: { id: orgId }, data: { seatsUsed: seats } });
    } catch (err) {
      console.error('seat assignment failed', orgId, err);
    } finally {
      wrapper.ack(msg);
    }
  });
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 16,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import * as amqpcm from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const wrapper = amqpcm.connect([process.env.AMQP_URL!]).createChannel();

export async function start(): Promise<void> {
  await wrapper.consume('licensing.seat-assigned', async (msg: ConsumeMessage) => {
    const { orgId, seats } = JSON.parse(msg.content.toString());
    try {
      await prisma.organization.update({ where: { id: orgId }, data: { seatsUsed: seats } });
      wrapper.ack(msg);
    } catch (err) {
      console.error('seat assignment failed', orgId, err);
    }
  });
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: delete in finally after a failed write',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      try {
        const evt = JSON.parse(message.Body!);
        await pool.query('INSERT INTO signups (email) VALUES ($1)', [evt.email]);
      } catch (err) {
        console.error('signup failed', message.MessageId, err);
      } finally {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 18,
          column: 15,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      try {
        const evt = JSON.parse(message.Body!);
        await pool.query('INSERT INTO signups (email) VALUES ($1)', [evt.email]);
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
      } catch (err) {
        console.error('signup failed', message.MessageId, err);
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
      name: 'aws-lambda: catch swallows the record failure and the batch is deleted',
      code: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    try {
      const payment = JSON.parse(record.body);
      await pool.query('INSERT INTO payments (id, amount) VALUES ($1, $2)', [payment.id, payment.amount]);
    } catch (err) {
      console.error('payment failed', record.messageId, err);
    }
  }
};`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 11,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    try {
      const payment = JSON.parse(record.body);
      await pool.query('INSERT INTO payments (id, amount) VALUES ($1, $2)', [payment.id, payment.amount]);
    } catch (err) {
      console.error('payment failed', record.messageId, err);
      throw err;
    }
  }
};`,
            },
          ],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: ack in finally',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { BigQuery } from '@google-cloud/bigquery';

const pubsub = new PubSub();
const bigquery = new BigQuery();

pubsub.subscription('clicks').on('message', async (message: Message) => {
  try {
    const click = JSON.parse(message.data.toString());
    await bigquery.dataset('analytics').table('clicks').insert([click]);
  } catch (err) {
    console.error('insert failed', message.id, err);
  } finally {
    message.ack();
  }
});`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 14,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { BigQuery } from '@google-cloud/bigquery';

const pubsub = new PubSub();
const bigquery = new BigQuery();

pubsub.subscription('clicks').on('message', async (message: Message) => {
  try {
    const click = JSON.parse(message.data.toString());
    await bigquery.dataset('analytics').table('clicks').insert([click]);
    message.ack();
  } catch (err) {
    console.error('insert failed', message.id, err);
  }
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'nats: JetStream ack in finally',
      code: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('ORDERS', 'order-writer');
  for await (const m of await consumer.consume()) {
    try {
      const order = m.json<{ id: string; total: number }>();
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    } catch (err) {
      console.error('order insert failed', m.seq, err);
    } finally {
      m.ack();
    }
  }
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 16,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { connect } from 'nats';
import { Pool } from 'pg';

const pool = new Pool();

export async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  const consumer = await nc.jetstream().consumers.get('ORDERS', 'order-writer');
  for await (const m of await consumer.consume()) {
    try {
      const order = m.json<{ id: string; total: number }>();
      await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
      m.ack();
    } catch (err) {
      console.error('order insert failed', m.seq, err);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: '@azure/service-bus: auto-complete swallows the failed write',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('payments');

receiver.subscribe({
  processMessage: async (message) => {
    try {
      await pool.query('INSERT INTO payments (id, amount) VALUES ($1, $2)', [message.messageId, message.body.amount]);
    } catch (err) {
      console.error('payment insert failed', message.messageId, err);
    }
  },
  processError: async (args) => console.error(args.error),
});`,
      errors: [
        {
          messageId: 'swallowedError',
          line: 11,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestRethrow',
              output: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SB_CONN!).createReceiver('payments');

receiver.subscribe({
  processMessage: async (message) => {
    try {
      await pool.query('INSERT INTO payments (id, amount) VALUES ($1, $2)', [message.messageId, message.body.amount]);
    } catch (err) {
      console.error('payment insert failed', message.messageId, err);
      throw err;
    }
  },
  processError: async (args) => console.error(args.error),
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: RMQ ack in finally',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { MailerService } from '@nestjs-modules/mailer';

@Controller()
export class WelcomeController {
  constructor(private readonly mailer: MailerService) {}

  @EventPattern('user.registered')
  async onRegistered(@Payload() user: { email: string; name: string }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    try {
      await this.mailer.sendMail({ to: user.email, subject: 'Welcome', template: 'welcome', context: user });
    } catch (err) {
      console.error('welcome mail failed', user.email, err);
    } finally {
      channel.ack(context.getMessage());
    }
  }
}`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 17,
          column: 7,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { MailerService } from '@nestjs-modules/mailer';

@Controller()
export class WelcomeController {
  constructor(private readonly mailer: MailerService) {}

  @EventPattern('user.registered')
  async onRegistered(@Payload() user: { email: string; name: string }, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    try {
      await this.mailer.sendMail({ to: user.email, subject: 'Welcome', template: 'welcome', context: user });
      channel.ack(context.getMessage());
    } catch (err) {
      console.error('welcome mail failed', user.email, err);
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: configured bus, handler by reference acks in finally',
      settings: busWithAck,
      code: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

type Envelope = { id: string; data: { userId: string; plan: string }; ack(): void };

async function onPlanChanged(msg: Envelope): Promise<void> {
  try {
    await db.query('UPDATE users SET plan = $1 WHERE id = $2', [msg.data.plan, msg.data.userId]);
  } catch (err) {
    console.error('plan change failed', msg.id, err);
  } finally {
    msg.ack();
  }
}

bus.subscribe('user.plan-changed', onPlanChanged);`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 12,
          column: 5,
          suggestions: [
            {
              messageId: 'suggestAckOnSuccess',
              output: `import { bus } from '../infra/bus';
import { db } from '../infra/db';

type Envelope = { id: string; data: { userId: string; plan: string }; ack(): void };

async function onPlanChanged(msg: Envelope): Promise<void> {
  try {
    await db.query('UPDATE users SET plan = $1 WHERE id = $2', [msg.data.plan, msg.data.userId]);
    msg.ack();
  } catch (err) {
    console.error('plan change failed', msg.id, err);
  }
}

bus.subscribe('user.plan-changed', onPlanChanged);`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: await Promise.allSettled(work) with the results ignored swallows every failure',
      code: `import { Kafka } from 'kafkajs';
import { mailer } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'digests' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const digest = JSON.parse(message.value!.toString());
    await Promise.allSettled(digest.recipients.map((to: string) => mailer.sendMail({ to, subject: digest.subject })));
  },
});`,
      errors: [{ messageId: 'ignoredSettledResults', line: 9, suggestions: [{ messageId: 'suggestThrowRejected', output: `import { Kafka } from 'kafkajs';
import { mailer } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'digests' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const digest = JSON.parse(message.value!.toString());
    const results = await Promise.allSettled(digest.recipients.map((to: string) => mailer.sendMail({ to, subject: digest.subject })));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected.length > 0) throw rejected[0]!.reason;
  },
});` }] }],
    },
    {
      name: 'sqs-consumer: ignored allSettled in a JavaScript handler (no type predicate in the suggestion)',
      filename: 'consumer.js',
      code: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({});

Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const { recipients } = JSON.parse(message.Body);
    await Promise.allSettled(recipients.map((to) => transport.sendMail({ to, subject: 'Hi' })));
    return message;
  },
}).start();`,
      errors: [{ messageId: 'ignoredSettledResults', line: 10, suggestions: [{ messageId: 'suggestThrowRejected', output: `const { Consumer } = require('sqs-consumer');
const nodemailer = require('nodemailer');

const transport = nodemailer.createTransport({});

Consumer.create({
  queueUrl: process.env.QUEUE_URL,
  handleMessage: async (message) => {
    const { recipients } = JSON.parse(message.Body);
    const results = await Promise.allSettled(recipients.map((to) => transport.sendMail({ to, subject: 'Hi' })));
    const rejected = results.filter((r) => r.status === 'rejected');
    if (rejected.length > 0) throw rejected[0].reason;
    return message;
  },
}).start();` }] }],
    },
    {
      name: 'amqplib: a catch that only logs, then the ack',
      code: `import amqp from 'amqplib';

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
    } catch (error) {
      console.error('could not forward the order', error);
    }
    channel.ack(msg);
  });
}`,
      errors: [{ messageId: 'ackAfterFailure', line: 12, suggestions: [{ messageId: 'suggestAckOnSuccess', output: `import amqp from 'amqplib';

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
      channel.ack(msg);
    } catch (error) {
      console.error('could not forward the order', error);
    }
  });
}` }] }],
    },
    {
      name: 'amqplib: an idempotent clean-up in the catch does not handle the failure',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
    } catch (err) {
      console.error('order update failed', err);
      await redis.del(\`order-lock:\${order.id}\`);
    }
    channel.ack(msg);
  });
}`,
      errors: [{ messageId: 'ackAfterFailure', line: 17, suggestions: [{ messageId: 'suggestAckOnSuccess', output: `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
      channel.ack(msg);
    } catch (err) {
      console.error('order update failed', err);
      await redis.del(\`order-lock:\${order.id}\`);
    }
  });
}` }] }],
    },
    {
      name: 'amqplib: the error formatted into a log line, or handed to a helper that only logs, is still swallowed',
      code: `import amqp from 'amqplib';

function logError(error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
}

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
    } catch (err) {
      console.error('order update failed: ' + String(err));
      logError(err);
    }
    channel.ack(msg);
  });
}`,
      errors: [{ messageId: 'ackAfterFailure', line: 17, suggestions: [{ messageId: 'suggestAckOnSuccess', output: `import amqp from 'amqplib';

function logError(error: unknown) {
  console.error(error instanceof Error ? error.message : String(error));
}

export async function start() {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    try {
      await fetch('https://erp.example.com/orders', { method: 'POST', body: msg.content });
      channel.ack(msg);
    } catch (err) {
      console.error('order update failed: ' + String(err));
      logError(err);
    }
  });
}` }] }],
    },
  ],
};
