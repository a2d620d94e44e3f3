/** RuleTester cases for no-increment-write, by library. Run by ../no-increment-write.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-increment-write';
import type { RuleCases } from '../tester';
import * as D from './deliveries';
import { guardedCreateConsumer, streamHelperPoll } from './shared';

export const cases: RuleCases<MessageIds, Options> = {
  valid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'stripe (Express): the credit behind a processed-events claim on event.id',
      code: D.stripeExpress('last', true),
    },
    {
      name: "an unsigned HTTP route's counter is a request's write",
      code: D.unsignedRoute,
    },
    {
      name: "Azure Functions: an HTTP trigger's counter",
      code: D.azureHttpCounter,
    },
    {
      name: "Firebase: a callable function's FieldValue.increment",
      code: D.firebaseCallable,
    },
    {
      name: 'sql: `||` merging JSON objects (`jsonb_set(col, path, COALESCE(col->k, \'{}\') || :v)`) writes the same keys again, not an increment',
      code: `import { PubSub } from '@google-cloud/pubsub';
import { dataSource } from './db';
import { Post } from './entities';

new PubSub().subscription('post-translated').on('message', async (message) => {
  const { id, language, translations } = JSON.parse(message.data.toString());
  await dataSource
    .createQueryBuilder()
    .update(Post)
    .set({ translation: () => \`jsonb_set(translation, ARRAY[(:language)], COALESCE(translation->:language, '{}'::jsonb) || :translations::jsonb, true)\` })
    .setParameters({ language, translations: JSON.stringify(translations) })
    .where('id = :id', { id })
    .execute();
  message.ack();
});`,
    },
    {
      name: 'a same-file helper that creates the row only when absent and says so (`return true`) gates the rest of the work',
      code: guardedCreateConsumer(true),
    },
    {
      name: 'mongoose: a flag set from the message, not from the stored value, is absolute',
      code: `import { Kafka } from 'kafkajs';
import { User } from './user.model';

const consumer = new Kafka({ clientId: 'auth', brokers: ['kafka:9092'] }).consumer({ groupId: 'auth' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      const user = await User.findById(event.id);
      if (!user) return;
      await User.findByIdAndUpdate(event.id, { isDeleted: event.disabled ? true : false, muted: !event.notify });
    },
  });
}`,
    },
    {
      name: 'typeorm: a query-builder insert whose chain ends in orIgnore() or a plain DO UPDATE SET of the proposed value',
      code: `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { Reputation, PostStats } from './entities';

const consumer = new Kafka({ clientId: 'rep', brokers: ['kafka:9092'] }).consumer({ groupId: 'rep' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      await dataSource.createQueryBuilder().insert().into(Reputation).values({ grantById: event.by, targetId: event.post }).orIgnore().execute();
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(PostStats, ['id', 'title'])
        .values({ id: event.post, title: event.title })
        .onConflict(\`("id") DO UPDATE SET "title" = EXCLUDED."title"\`)
        .execute();
    },
  });
}`,
    },
    {
      name: 'sequelize: an insert keyed by the id the event carries fails on the primary key instead of inserting twice',
      code: `import { Message } from 'node-nats-streaming';
import { Listener } from './base-listener';
import { User } from './models';

export class UserCreatedListener extends Listener {
  async onMessage(data: { id: string; name: string }, msg: Message) {
    await User.create({ id: data.id, name: data.name });
    msg.ack();
  }
}

import nats from 'node-nats-streaming';
const stan = nats.connect('c', 'users');
const sub = stan.subscribe('user:created', 'users', stan.subscriptionOptions().setManualAckMode(true));
sub.on('message', async (msg: Message) => {
  const data = JSON.parse(msg.getData().toString());
  await User.create({ id: data.id, name: data.name });
  msg.ack();
});`,
    },
    {
      name: 'pg-promise: named parameters ($/name/, ${name}) are values, not the column',
      code: `import { Worker } from 'bullmq';
import pgPromise from 'pg-promise';

const db = pgPromise()(process.env.DATABASE_URL!);

export const worker = new Worker('metadata', async (job) => {
  await db.none('UPDATE contracts SET symbol = $/symbol/, name = \${name}, metadata = $/metadata:json/ WHERE address = $/address/', job.data);
});`,
    },
    // not consumers: HTTP routes, cron jobs, producers
    {
      name: 'http controller: relative write outside any consumer',
      code: `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
express().post('/like', async (req, res) => {
  await pool.query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [req.params.id]);
  res.end();
});`,
    },
    {
      name: 'cron job: nightly relative rollup in a scheduled task',
      code: `import cron from 'node-cron';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

cron.schedule('0 3 * * *', async () => {
  const { rows } = await pool.query('SELECT merchant_id, SUM(amount) AS total FROM sales WHERE day = current_date - 1 GROUP BY 1');
  for (const row of rows) {
    await pool.query('UPDATE merchants SET lifetime_sales = lifetime_sales + $1 WHERE id = $2', [row.total, row.merchant_id]);
  }
});`,
    },
    {
      name: 'producer: kafkajs producer that bumps an outbox counter',
      code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

const redis = new Redis();
const producer = new Kafka({ clientId: 'orders-api', brokers: ['kafka:9092'] }).producer();

export async function publishOrderCreated(order: { id: string; total: number }): Promise<void> {
  await producer.send({
    topic: 'orders.created',
    messages: [{ key: order.id, value: JSON.stringify(order) }],
  });
  await redis.incr('stats:orders-published');
  await redis.hincrby('stats:revenue', 'total', order.total);
}`,
    },

    // kafkajs
    {
      name: 'kafkajs: prom-client counter and an upsert with EXCLUDED values',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { Counter } from 'prom-client';

const pool = new Pool();
const processed = new Counter({ name: 'profiles_processed_total', help: 'profiles processed' });
const consumer = new Kafka({ clientId: 'profiles', brokers: ['kafka:9092'] }).consumer({ groupId: 'profiles' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const profile = JSON.parse(message.value!.toString()) as { id: string; email: string; name: string };
    await pool.query(
      'INSERT INTO profiles (id, email, name) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name',
      [profile.id, profile.email, profile.name],
    );
    processed.inc();
  },
});`,
    },
    {
      name: 'kafkajs: Redis SET NX claim of the offset, then incrby',
      code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

const redis = new Redis();
const consumer = new Kafka({ clientId: 'points', brokers: ['kafka:9092'] }).consumer({ groupId: 'points' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const key = \`processed:\${topic}:\${partition}:\${message.offset}\`;
    const claimed = await redis.set(key, '1', 'EX', 604800, 'NX');
    if (claimed === null) return;
    const award = JSON.parse(message.value!.toString()) as { userId: string; points: number };
    await redis.incrby(\`points:\${award.userId}\`, award.points);
  },
});`,
    },
    {
      name: 'kafkajs: local retry counter and absolute SET (require)',
      filename: 'consumer.js',
      code: `const { Kafka } = require('kafkajs');
const { Pool } = require('pg');

const pool = new Pool();
const consumer = new Kafka({ clientId: 'status', brokers: ['kafka:9092'] }).consumer({ groupId: 'status' });

consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value.toString());
    let retries = 0;
    for (let i = 0; i < event.items.length; i++) {
      retries += 1;
    }
    await pool.query('UPDATE shipments SET status = $1, item_count = $2 WHERE id = $3', [event.status, retries, event.shipmentId]);
  },
});`,
    },
    {
      name: 'kafkajs: eachBatch skips offsets found by a SELECT on processed_messages',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'miles', brokers: ['kafka:9092'] }).consumer({ groupId: 'miles' });

await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const message of batch.messages) {
      const id = \`\${batch.topic}:\${batch.partition}:\${message.offset}\`;
      const seen = await pool.query('SELECT 1 FROM processed_messages WHERE id = $1', [id]);
      if (seen.rowCount) {
        resolveOffset(message.offset);
        continue;
      }
      const flight = JSON.parse(message.value!.toString()) as { memberId: string; miles: number };
      await pool.query('UPDATE members SET miles = miles + $1 WHERE id = $2', [flight.miles, flight.memberId]);
      await pool.query('INSERT INTO processed_messages (id) VALUES ($1)', [id]);
      resolveOffset(message.offset);
    }
  },
});`,
    },
    {
      name: 'kafkajs: plain INSERT into processed_messages, unique violation caught and returned',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'tips', brokers: ['kafka:9092'] }).consumer({ groupId: 'tips' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    try {
      await pool.query('INSERT INTO processed_messages (id) VALUES ($1)', [\`\${topic}:\${partition}:\${message.offset}\`]);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return;
      throw err;
    }
    const tip = JSON.parse(message.value!.toString()) as { creatorId: string; cents: number };
    await pool.query('UPDATE creators SET tips_cents = tips_cents + $1 WHERE id = $2', [tip.cents, tip.creatorId]);
  },
});`,
    },
    {
      name: 'kafkajs: OpenTelemetry counter add() next to an absolute Mongo $set',
      code: `import { Kafka } from 'kafkajs';
import { metrics } from '@opentelemetry/api';
import { MongoClient } from 'mongodb';

const devices = new MongoClient(process.env.MONGO_URL!).db('iot').collection('devices');
const readingsProcessed = metrics.getMeter('iot').createCounter('readings_processed');
const consumer = new Kafka({ clientId: 'iot', brokers: ['kafka:9092'] }).consumer({ groupId: 'iot' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const reading = JSON.parse(message.value!.toString()) as { deviceId: string; celsius: number };
    await devices.updateOne({ _id: reading.deviceId }, { $set: { lastCelsius: reading.celsius } }, { upsert: true });
    readingsProcessed.add(1, { source: 'kafka' });
  },
});`,
    },

    // amqplib
    {
      name: 'amqplib: in-memory processed.has(id) early return before a relative UPDATE',
      code: `import amqp from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();
const processed = new Set<string>();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('loyalty.earned', async (msg) => {
    if (!msg) return;
    const id = msg.properties.messageId as string;
    if (processed.has(id)) {
      channel.ack(msg);
      return;
    }
    const earned = JSON.parse(msg.content.toString()) as { memberId: string; points: number };
    await pool.query('UPDATE members SET points = points + $1 WHERE id = $2', [earned.points, earned.memberId]);
    processed.add(id);
    channel.ack(msg);
  });
}`,
    },
    {
      name: 'amqplib: StatsD metrics.increment and an HSET (require)',
      filename: 'consumer.js',
      code: `const amqp = require('amqplib');
const StatsD = require('hot-shots');
const Redis = require('ioredis');

const metrics = new StatsD({ prefix: 'presence.' });
const redis = new Redis();

async function main() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('presence.changed', async (msg) => {
    const change = JSON.parse(msg.content.toString());
    await redis.hset(\`presence:\${change.userId}\`, 'status', change.status, 'at', change.at);
    metrics.increment('changes');
    channel.ack(msg);
  });
}

main();`,
    },
    {
      name: 'amqplib: this.handled++ and a Map counter in a consumer class',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const pool = new Pool();

export class AuditConsumer {
  private handled = 0;
  private readonly perType = new Map<string, number>();

  constructor(private readonly channel: Channel) {}

  async start(): Promise<void> {
    await this.channel.consume('audit', this.onMessage.bind(this));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const entry = JSON.parse(msg.content.toString()) as { id: string; type: string; actor: string };
    await pool.query('UPDATE audit_log SET actor = $1 WHERE id = $2', [entry.actor, entry.id]);
    this.handled++;
    this.perType.set(entry.type, (this.perType.get(entry.type) ?? 0) + 1);
    this.channel.ack(msg);
  }
}

export const open = () => amqp.connect('amqp://rabbit');`,
    },
    {
      name: 'amqplib: reportReadModifyWrite false turns off the read-modify-write report',
      options: [{ reportReadModifyWrite: false }],
      code: `import amqp from 'amqplib';
import { AppDataSource } from './data-source';
import { Account } from './entities/account';

const accountRepo = AppDataSource.getRepository(Account);

export async function consumeDeposits(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('deposits', async (msg) => {
    if (!msg) return;
    const deposit = JSON.parse(msg.content.toString()) as { accountId: string; cents: number };
    const account = await accountRepo.findOneByOrFail({ id: deposit.accountId });
    account.balanceCents += deposit.cents;
    await accountRepo.save(account);
    channel.ack(msg);
  });
}`,
    },

    // amqp-connection-manager
    {
      name: 'amqp-connection-manager: upsert keyed by the business id, then ack',
      code: `import amqp from 'amqp-connection-manager';
import { Pool } from 'pg';

const pool = new Pool();
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

await channelWrapper.consume('prices.changed', async (msg) => {
  const price = JSON.parse(msg.content.toString()) as { sku: string; cents: number };
  await pool.query(
    'INSERT INTO prices (sku, cents) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET cents = EXCLUDED.cents',
    [price.sku, price.cents],
  );
  channelWrapper.ack(msg);
});`,
    },
    {
      name: 'amqp-connection-manager: INSERT … ON CONFLICT DO NOTHING claim with rowCount check',
      code: `import amqp from 'amqp-connection-manager';
import { Pool } from 'pg';

const pool = new Pool();
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

await channelWrapper.consume('donations', async (msg) => {
  const claim = await pool.query(
    'INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING',
    [msg.properties.messageId],
  );
  if (claim.rowCount === 0) {
    channelWrapper.ack(msg);
    return;
  }
  const donation = JSON.parse(msg.content.toString()) as { campaignId: string; cents: number };
  await pool.query('UPDATE campaigns SET raised_cents = raised_cents + $1 WHERE id = $2', [donation.cents, donation.campaignId]);
  channelWrapper.ack(msg);
});`,
    },
    {
      name: 'amqp-connection-manager: Knex upsert with onConflict().merge() (require)',
      filename: 'consumer.js',
      code: `const amqp = require('amqp-connection-manager');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

channelWrapper.consume('users.synced', async (msg) => {
  const user = JSON.parse(msg.content.toString());
  await knex('users')
    .insert({ id: user.id, email: user.email, plan: user.plan })
    .onConflict('id')
    .merge();
  channelWrapper.ack(msg);
});`,
    },

    // @aws-sdk/client-sqs receive loops
    {
      name: '@aws-sdk/client-sqs: dedup table claim in a transaction before the increment',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';
const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.TIPS_QUEUE_URL!;
async function processTip(message: Message): Promise<void> {
  const tip = JSON.parse(message.Body!) as { creatorId: string; cents: number };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const dedup = await client.query('INSERT INTO processed_messages (message_id) VALUES ($1) ON CONFLICT DO NOTHING', [message.MessageId]);
    if (dedup.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }
    await client.query('UPDATE creators SET earnings_cents = earnings_cents + $1 WHERE id = $2', [tip.cents, tip.creatorId]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
export async function run(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await processTip(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
    },
    {
      name: '@aws-sdk/client-sqs: producer that sends messages and bumps a counter',
      code: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';

const sqs = new SQSClient({});
const pool = new Pool();

export async function enqueueInvoice(invoiceId: string, customerId: string): Promise<void> {
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.INVOICES_QUEUE_URL!,
    MessageBody: JSON.stringify({ invoiceId, customerId }),
  }));
  await pool.query('UPDATE customers SET invoices_queued = invoices_queued + 1 WHERE id = $1', [customerId]);
}`,
    },
    {
      name: '@aws-sdk/client-sqs: receive loop with an absolute DynamoDB SET',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const sqs = new SQSClient({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const QueueUrl = process.env.QUEUE_URL!;

for (;;) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  for (const message of Messages) {
    const shipment = JSON.parse(message.Body!) as { id: string; status: string };
    await ddb.send(new UpdateCommand({
      TableName: 'shipments',
      Key: { id: shipment.id },
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': shipment.status },
    }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
  }
}`,
    },

    // sqs-consumer
    {
      name: 'sqs-consumer: prisma findUnique on processedMessage, then increment',
      code: `import { Consumer } from 'sqs-consumer';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

Consumer.create({
  queueUrl: process.env.CREDITS_QUEUE_URL!,
  handleMessage: async (message) => {
    const seen = await prisma.processedMessage.findUnique({ where: { messageId: message.MessageId! } });
    if (seen) return message;
    const grant = JSON.parse(message.Body!) as { accountId: string; credits: number };
    await prisma.account.update({ where: { id: grant.accountId }, data: { credits: { increment: grant.credits } } });
    await prisma.processedMessage.create({ data: { messageId: message.MessageId! } });
    return message;
  },
}).start();`,
    },
    {
      name: 'sqs-consumer: Mongo $set of the latest state',
      code: `import { Consumer } from 'sqs-consumer';
import { MongoClient } from 'mongodb';

const orders = new MongoClient(process.env.MONGO_URL!).db('shop').collection('orders');

Consumer.create({
  queueUrl: process.env.ORDER_STATUS_QUEUE_URL!,
  handleMessage: async (message) => {
    const update = JSON.parse(message.Body!) as { orderId: string; status: string; at: string };
    await orders.updateOne(
      { _id: update.orderId },
      { $set: { status: update.status, statusAt: new Date(update.at) } },
    );
    return message;
  },
}).start();`,
    },
    {
      name: 'sqs-consumer: hot-shots StatsD increment and a business-key INSERT … ON CONFLICT DO NOTHING',
      code: `import { Consumer } from 'sqs-consumer';
import StatsD from 'hot-shots';
import { Pool } from 'pg';

const statsd = new StatsD();
const pool = new Pool();

Consumer.create({
  queueUrl: process.env.SIGNUPS_QUEUE_URL!,
  handleMessage: async (message) => {
    const signup = JSON.parse(message.Body!) as { userId: string; plan: string };
    await pool.query('INSERT INTO trials (user_id, plan) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING', [signup.userId, signup.plan]);
    statsd.increment('signups.processed');
    return message;
  },
}).start();`,
    },

    // aws-lambda
    {
      name: 'aws-lambda: handler wrapped in Powertools makeIdempotent',
      code: `import type { SQSEvent } from 'aws-lambda';
import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Pool } from 'pg';

const pool = new Pool();
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });

export const handler = makeIdempotent(
  async (event: SQSEvent): Promise<void> => {
    for (const record of event.Records) {
      const payout = JSON.parse(record.body) as { sellerId: string; cents: number };
      await pool.query('UPDATE sellers SET paid_out_cents = paid_out_cents + $1 WHERE id = $2', [payout.cents, payout.sellerId]);
    }
  },
  { persistenceStore },
);`,
    },
    {
      name: 'aws-lambda: API Gateway handler is not a consumer',
      code: `import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const postId = event.pathParameters?.postId;
  if (!postId) return { statusCode: 400, body: 'missing postId' };
  await pool.query('UPDATE posts SET claps = claps + 1 WHERE id = $1', [postId]);
  return { statusCode: 204, body: '' };
};`,
    },
    {
      name: 'aws-lambda: reportFreshKeyInserts false turns off the fresh-uuid INSERT',
      options: [{ reportFreshKeyInserts: false }],
      code: `import type { SNSEvent } from 'aws-lambda';
import { v4 as uuidv4 } from 'uuid';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SNSEvent): Promise<void> => {
  for (const record of event.Records) {
    const signup = JSON.parse(record.Sns.Message) as { email: string; source: string };
    await pool.query('INSERT INTO leads (id, email, source) VALUES ($1, $2, $3)', [uuidv4(), signup.email, signup.source]);
  }
};`,
    },
    {
      name: 'aws-lambda: DynamoDB stream projection with PutCommand keyed by the item id (require)',
      filename: 'handler.js',
      code: `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const { unmarshall } = require('@aws-sdk/util-dynamodb');

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

exports.handler = async (event) => {
  for (const record of event.Records) {
    if (!record.dynamodb.NewImage) continue;
    const order = unmarshall(record.dynamodb.NewImage);
    await ddb.send(new PutCommand({ TableName: 'order-summaries', Item: { orderId: order.id, status: order.status } }));
  }
};`,
    },

    // @google-cloud/pubsub
    {
      name: '@google-cloud/pubsub: Firestore set with merge, then ack',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';

const firestore = new Firestore();
const subscription = new PubSub().subscription('profile-updated');

subscription.on('message', async (message: Message) => {
  const profile = JSON.parse(message.data.toString()) as { userId: string; displayName: string };
  await firestore.collection('profiles').doc(profile.userId).set({ displayName: profile.displayName }, { merge: true });
  message.ack();
});`,
    },
    {
      name: '@google-cloud/pubsub: node-redis SET NX guard on message.id before incrBy (require)',
      filename: 'subscriber.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const { createClient } = require('redis');

const redis = createClient();

new PubSub().subscription('coupons-redeemed').on('message', async (message) => {
  const fresh = await redis.set(\`processed:\${message.id}\`, '1', { NX: true, EX: 604800 });
  if (!fresh) {
    message.ack();
    return;
  }
  const { couponId } = JSON.parse(message.data.toString());
  await redis.incrBy(\`coupon:\${couponId}:redemptions\`, 1);
  message.ack();
});`,
    },
    {
      name: '@google-cloud/pubsub: prom-client labelled counter and a Redis SADD',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Counter } from 'prom-client';
import Redis from 'ioredis';

const redis = new Redis();
const received = new Counter({ name: 'tags_received_total', help: 'tags received', labelNames: ['source'] });

new PubSub().subscription('tags').on('message', async (message: Message) => {
  const { postId, tag } = JSON.parse(message.data.toString()) as { postId: string; tag: string };
  await redis.sadd(\`post:\${postId}:tags\`, tag);
  received.labels('pubsub').inc();
  message.ack();
});`,
    },

    // bullmq
    {
      name: 'bullmq: custom dedup function from settings.idempotency.dedupFunctions',
      settings: { idempotency: { dedupFunctions: ['outbox.firstTime'] } },
      code: `import { Worker } from 'bullmq';
import { Pool } from 'pg';
import * as outbox from './outbox';

const pool = new Pool();

new Worker('gift-card-loaded', async (job) => {
  if (!(await outbox.firstTime(\`gift-card:\${job.id}\`))) return;
  const { cardId, cents } = job.data as { cardId: string; cents: number };
  await pool.query('UPDATE gift_cards SET balance_cents = balance_cents + $1 WHERE id = $2', [cents, cardId]);
}, { connection: { host: 'redis' } });`,
    },
    {
      name: 'bullmq: Queue producer that counts enqueued jobs',
      code: `import { Queue } from 'bullmq';
import Redis from 'ioredis';

const redis = new Redis();
const emails = new Queue('emails', { connection: redis });

export async function enqueueWelcome(userId: string): Promise<void> {
  await emails.add('welcome', { userId }, { jobId: \`welcome:\${userId}\` });
  await redis.incr('stats:welcome-emails-enqueued');
}`,
    },
    {
      name: 'bullmq: dedup row and increment in one interactive prisma.$transaction',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

new Worker('points', async (job) => {
  await prisma.$transaction(async (tx) => {
    await tx.processedMessage.create({ data: { messageId: \`points:\${job.id}\` } });
    await tx.member.update({ where: { id: job.data.memberId }, data: { points: { increment: job.data.points } } });
  });
}, { connection: { host: 'redis' } });`,
    },
    {
      name: 'bullmq: same-file probe helper (SELECT on processed_jobs) before the increment',
      code: `import { Worker, type Job } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

async function alreadyProcessed(jobId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM processed_jobs WHERE job_id = $1', [jobId]);
  return (rowCount ?? 0) > 0;
}

new Worker('cashback', async (job: Job<{ userId: string; cents: number }>) => {
  if (await alreadyProcessed(\`cashback:\${job.id}\`)) return;
  await pool.query('UPDATE wallets SET cashback_cents = cashback_cents + $1 WHERE user_id = $2', [job.data.cents, job.data.userId]);
  await pool.query('INSERT INTO processed_jobs (job_id) VALUES ($1)', [\`cashback:\${job.id}\`]);
}, { connection: { host: 'redis' } });`,
    },

    // bull
    {
      name: 'bull: in-memory Map counter and an HSET',
      code: `import Queue from 'bull';
import Redis from 'ioredis';

const redis = new Redis();
const attempts = new Map<string, number>();
const geocode = new Queue('geocode');

geocode.process(async (job) => {
  const { addressId, lat, lng } = job.data as { addressId: string; lat: number; lng: number };
  attempts.set(addressId, (attempts.get(addressId) ?? 0) + 1);
  await redis.hset(\`address:\${addressId}\`, { lat, lng });
});`,
    },
    {
      name: 'bull: named processor guarded by INSERT … ON CONFLICT DO NOTHING RETURNING',
      code: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const rewards = new Queue('rewards');

rewards.process('cashback', 2, async (job) => {
  const { rows } = await pool.query(
    'INSERT INTO processed_jobs (job_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING job_id',
    [String(job.id)],
  );
  if (rows.length === 0) return;
  await pool.query('UPDATE wallets SET cashback_cents = cashback_cents + $1 WHERE user_id = $2', [job.data.cents, job.data.userId]);
});`,
    },
    {
      name: 'bull: callback processor with an absolute Sequelize update (require)',
      filename: 'worker.js',
      code: `const Queue = require('bull');
const { Order } = require('./models');

const fulfilment = new Queue('fulfilment');

fulfilment.process((job, done) => {
  Order.update({ status: 'shipped', trackingNumber: job.data.trackingNumber }, { where: { id: job.data.orderId } })
    .then(() => done())
    .catch((err) => done(err));
});`,
    },

    // nats / JetStream
    {
      name: 'nats: JetStream loop guarded by a Redis SET NX on the Nats-Msg-Id header',
      code: `import { connect } from 'nats';
import Redis from 'ioredis';

const redis = new Redis();
const nc = await connect({ servers: 'nats://nats:4222' });
const consumer = await nc.jetstream().consumers.get('PAYMENTS', 'balances');

for await (const m of await consumer.consume()) {
  const id = m.headers?.get('Nats-Msg-Id') ?? String(m.seq);
  if ((await redis.set(\`processed:\${id}\`, '1', 'EX', 604800, 'NX')) === null) {
    m.ack();
    continue;
  }
  const payment = m.json<{ accountId: string; cents: number }>();
  await redis.hincrby(\`balance:\${payment.accountId}\`, 'cents', payment.cents);
  m.ack();
}`,
    },
    {
      name: 'nats: core subscription that only updates an in-memory cache (require)',
      filename: 'subscriber.js',
      code: `const { connect, JSONCodec } = require('nats');

const jc = JSONCodec();
const latestPrices = new Map();
let updates = 0;

async function main() {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const sub = nc.subscribe('prices.*');
  for await (const msg of sub) {
    const price = jc.decode(msg.data);
    latestPrices.set(price.symbol, price.value);
    updates++;
  }
}

main();`,
    },
    {
      name: 'nats: JetStream callback consumer writing an absolute Redis SET',
      code: `import { connect, consumerOpts } from 'nats';
import Redis from 'ioredis';

const redis = new Redis();
const nc = await connect({ servers: 'nats://nats:4222' });
const opts = consumerOpts().durable('locations').manualAck().ackExplicit();

await nc.jetstream().subscribe('drivers.location', {
  ...opts,
  callback: async (err, m) => {
    if (err || !m) return;
    const loc = m.json<{ driverId: string; lat: number; lng: number }>();
    await redis.set(\`driver:\${loc.driverId}:location\`, \`\${loc.lat},\${loc.lng}\`, 'EX', 60);
    m.ack();
  },
});`,
    },

    // @azure/service-bus
    {
      name: '@azure/service-bus: absolute UPDATE SET col = $1',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('tracking');

receiver.subscribe({
  processMessage: async (message) => {
    const scan = message.body as { parcelId: string; location: string; scannedAt: string };
    await pool.query('UPDATE parcels SET last_location = $1, last_scan_at = $2 WHERE id = $3', [scan.location, scan.scannedAt, scan.parcelId]);
  },
  processError: async ({ error }) => console.error(error),
});`,
    },
    {
      name: '@azure/service-bus: Mongo update guarded by $ne on the message id with $push',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { MongoClient } from 'mongodb';

const carts = new MongoClient(process.env.MONGO_URL!).db('shop').collection('carts');
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('cart-items');

receiver.subscribe({
  processMessage: async (message) => {
    const item = message.body as { cartId: string; quantity: number };
    await carts.updateOne(
      { _id: item.cartId, processedMessageIds: { $ne: message.messageId } },
      { $inc: { itemCount: item.quantity }, $push: { processedMessageIds: { $each: [message.messageId], $slice: -1000 } } },
    );
  },
  processError: async ({ error }) => console.error(error),
});`,
    },
    {
      name: '@azure/service-bus: receiveMessages loop guarded by a processed_messages rowCount claim',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { Pool } from 'pg';

const pool = new Pool();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('credits');

export async function drain(): Promise<void> {
  for (const message of await receiver.receiveMessages(20)) {
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [message.messageId]);
    if (claim.rowCount === 1) {
      const credit = message.body as { accountId: string; cents: number };
      await pool.query('UPDATE accounts SET credit_cents = credit_cents + $1 WHERE id = $2', [credit.cents, credit.accountId]);
    }
    await receiver.completeMessage(message);
  }
}`,
    },

    // Redis streams (ioredis xreadgroup, node-redis xReadGroup)
    {
      name: 'ioredis-streams: xreadgroup loop guarded by SET NX on the entry id',
      code: `import Redis from 'ioredis';

const redis = new Redis();

export async function consume(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'credits', 'w1', 'COUNT', 50, 'STREAMS', 'topups', '>')) as [string, [string, string[]][]][] | null;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        const fresh = await redis.set(\`processed:topups:\${id}\`, '1', 'EX', 604800, 'NX');
        if (fresh === 'OK') await redis.incrby(\`credits:\${fields[1]}\`, Number(fields[3]));
        await redis.xack('topups', 'credits', id);
      }
    }
  }
}`,
    },
    {
      name: 'ioredis-streams: xreadgroup loop with HSET of the latest reading (require)',
      filename: 'consumer.js',
      code: `const Redis = require('ioredis');

const redis = new Redis();

async function consume() {
  for (;;) {
    const reply = await redis.xreadgroup('GROUP', 'latest', 'w1', 'COUNT', 100, 'STREAMS', 'readings', '>');
    for (const [, entries] of reply || []) {
      for (const [id, fields] of entries) {
        await redis.hset(\`sensor:\${fields[1]}\`, 'value', fields[3], 'entryId', id);
        await redis.xack('readings', 'latest', id);
      }
    }
  }
}

consume();`,
    },

    // NestJS
    {
      name: 'nestjs: HTTP route in the same controller as an @EventPattern handler',
      code: `import { Controller, Param, Post } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';

const pool = new Pool();

@Controller('articles')
export class ArticlesController {
  @Post(':id/claps')
  async clap(@Param('id') id: string) {
    await pool.query('UPDATE articles SET claps = claps + 1 WHERE id = $1', [id]);
  }

  @EventPattern('article.renamed')
  async onRenamed(@Payload() event: { id: string; title: string }) {
    await pool.query('UPDATE articles SET title = $1 WHERE id = $2', [event.title, event.id]);
  }
}`,
    },
    {
      name: 'nestjs: @EventPattern guarded by findUnique on processedMessage',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class WalletController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('wallet.credited')
  async onCredited(@Payload() event: { eventId: string; walletId: string; cents: number }) {
    const processed = await this.prisma.processedMessage.findUnique({ where: { messageId: event.eventId } });
    if (processed) return;
    await this.prisma.wallet.update({ where: { id: event.walletId }, data: { balance: { increment: event.cents } } });
    await this.prisma.processedMessage.create({ data: { messageId: event.eventId } });
  }
}`,
    },
    {
      name: 'nestjs: WorkerHost processor writing inside prisma.$transaction([processedMessage.create(…), …])',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PrismaService } from './prisma.service';

@Processor('points')
export class PointsProcessor extends WorkerHost {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async process(job: Job<{ memberId: string; points: number }>): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.processedMessage.create({ data: { messageId: \`points:\${job.id}\` } }),
      this.prisma.member.update({ where: { id: job.data.memberId }, data: { points: { increment: job.data.points } } }),
    ]);
  }
}`,
    },
    {
      name: 'nestjs: @Process job that only logs and keeps an in-memory tally',
      code: `import { Logger } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';

@Processor('audit')
export class AuditProcessor {
  private readonly logger = new Logger(AuditProcessor.name);
  private handled = 0;

  @Process()
  async handle(job: Job<{ actor: string; action: string }>): Promise<void> {
    this.handled++;
    this.logger.log(\`\${job.data.actor} \${job.data.action} (#\${this.handled})\`);
  }
}`,
    },
    {
      name: 'nestjs: @EventPattern handler with this.stats.increment (hot-shots) and an upsert',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { StatsD } from 'hot-shots';
import { Pool } from 'pg';

@Controller()
export class ClicksController {
  private readonly stats = new StatsD();
  private readonly pool = new Pool();

  @EventPattern('ad.clicked')
  async onClick(@Payload() click: { clickId: string; adId: string; at: string }) {
    await this.pool.query('INSERT INTO clicks (id, ad_id, at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [click.clickId, click.adId, click.at]);
    this.stats.increment('clicks', 1, [\`ad:\${click.adId}\`]);
  }
}`,
    },

    // generic: settings.idempotency.consumers and /** @consumer */
    {
      name: 'generic: bus.subscribe handler with a Redis SET NX guard on evt.id',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import Redis from 'ioredis';
import { bus } from './infra/bus';

const redis = new Redis();

bus.subscribe('follower.added', async (evt: { id: string; userId: string }) => {
  const first = await redis.set(\`processed:\${evt.id}\`, '1', 'EX', 86400, 'NX');
  if (first !== 'OK') return;
  await redis.hincrby(\`user:\${evt.userId}\`, 'followers', 1);
});

export const shutdown = () => redis.quit();`,
    },
    {
      name: 'generic: SQL in the form the rule suggests (WITH idempotency_claim … UPDATE)',
      code: `import { Pool } from 'pg';

const pool = new Pool();

/** @consumer */
export async function onTipReceived(message: { id: string; creatorId: string; cents: number }): Promise<void> {
  await pool.query(
    'WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) ' +
      'UPDATE creators SET tips_cents = tips_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)',
    [message.cents, message.creatorId, message.id],
  );
}`,
    },
    {
      name: 'generic: same in-house bus without consumers settings is not a consumer',
      code: `import Redis from 'ioredis';
import { bus } from './infra/bus';

const redis = new Redis();

bus.subscribe('article.viewed', async (evt: { id: string; articleId: string; section: string }) => {
  const day = new Date().toISOString().slice(0, 10);
  await redis.zincrby(\`trending:\${evt.section}:\${day}\`, 1, evt.articleId);
});

export const shutdown = () => redis.quit();`,
    },
    {
      name: 'generic: idempotentWrites setting makes a project write count as idempotent',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }], idempotentWrites: ['ledger.applyOnce'] } },
      code: `import { bus } from './infra/bus';
import { ledger } from './ledger';

bus.subscribe('refund.issued', async (evt: { id: string; accountId: string; cents: number }) => {
  await ledger.applyOnce(evt.id, {
    account: evt.accountId,
    delta: evt.cents,
  });
  console.log('refund applied', evt.id);
});`,
    },
    {
      name: 'generic: the same custom check listed in settings.idempotency.dedupFunctions',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }], dedupFunctions: ['inbox.accept'] } },
      code: `import { Pool } from 'pg';
import { bus } from './infra/bus';
import { inbox } from './infra/inbox';

const pool = new Pool();

bus.subscribe('order.refunded', async (evt: { id: string; customerId: string; cents: number }) => {
  if (!(await inbox.accept(evt.id))) return;
  await pool.query('UPDATE customers SET refunds_cents = refunds_cents + $1 WHERE id = $2', [evt.cents, evt.customerId]);
});

export const close = () => pool.end();`,
    },
    {
      name: 'aws-lambda: a timestamp as a plain attribute does not make the key fresh',
      code: `import type { SQSEvent } from 'aws-lambda';
import { DynamoDB } from 'aws-sdk';

const ddb = new DynamoDB();

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    await ddb.putItem({ TableName: 'orders', Item: { orderId: { S: order.id }, receivedAt: { S: new Date().toISOString() } } }).promise();
  }
};`,
    },
  ],
  invalid: [
    // ---- issue 10: more deliveries (scenarios in ./deliveries.ts)
    {
      name: 'kafka-node: `points = points + $1` in a ConsumerGroup listener',
      code: D.kafkaNodeGroup(true),
      filename: 'consumer.js',
      errors: [{ messageId: 'relativeWrite', line: 9 , suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `const kafka = require('kafka-node');
const { Pool } = require('pg');

const pool = new Pool();
const consumer = new kafka.ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: 'loyalty', autoCommit: false }, ['orders']);

consumer.on('message', async (message) => {
  const order = JSON.parse(message.value);
  await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE wallets SET points = points + $1 WHERE (user_id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [order.points, order.userId, \`\${message.topic}:\${message.partition}:\${message.offset}\`]);
  consumer.commit(() => {});
});` }, { messageId: 'suggestGuard', output: `const kafka = require('kafka-node');
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
      name: 'pg-boss: Prisma `{ increment: 5 }` in a work handler',
      code: D.pgBossReferral,
      errors: [{ messageId: 'relativeWrite', line: 11 }],
    },
    {
      name: 'Azure Functions v4: `balance = balance + $1` in a Service Bus trigger',
      code: D.azureServiceBus(true),
      errors: [{ messageId: 'relativeWrite', line: 9 , suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import { app, InvocationContext } from '@azure/functions';
import { pool } from './db';

app.serviceBusQueue('ledger', {
  connection: 'ServiceBus',
  queueName: 'payments',
  handler: async (message: { accountId: string; amount: number }, context: InvocationContext) => {
    try {
      await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE accounts SET balance = balance + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [message.amount, message.accountId, context.triggerMetadata.messageId]);
    } catch (err) {
      context.error('ledger update failed', err);
      throw err;
    }
  },
});` }] }],
    },
    {
      name: "Firebase v1: FieldValue.increment on a reference read from the document's data",
      code: D.firestoreFollowerCount,
      errors: [{ messageId: 'relativeWrite', line: 6 }],
    },
    {
      name: 'Firebase v2: `collection(…).add()` inserts under a new auto-generated id on each delivery',
      code: D.firestoreV2Notification,
      errors: [{ messageId: 'freshKeyInsert', line: 9 }],
    },
    {
      name: 'Stripe (Express): crediting purchased credits with `credits = credits + $1`',
      code: D.stripeExpress('last'),
      errors: [{ messageId: 'relativeWrite', line: 17 , suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import express from 'express';
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
    await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE users SET credits = credits + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [Number(session.metadata!.credits), session.client_reference_id, event.id]);
  }
  res.json({ received: true });
});` }] }],
    },
    {
      name: '@octokit/webhooks: `open_issues = open_issues + 1` in a webhook handler',
      code: D.octokitIssueComment,
      errors: [{ messageId: 'relativeWrite', line: 7 , suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import { Webhooks } from '@octokit/webhooks';
import { pool } from './db';

export const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

webhooks.on('issues.opened', async ({ payload, id }) => {
  await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($2) ON CONFLICT DO NOTHING RETURNING 1) UPDATE repos SET open_issues = open_issues + 1 WHERE (id = $1) AND EXISTS (SELECT 1 FROM idempotency_claim)', [payload.repository.id, id]);
});` }] }],
    },
    {
      name: 'ioredis-streams: a relative UPDATE in the per-entry function of a loop over entries a same-file helper returns',
      code: streamHelperPoll,
      errors: [{ messageId: 'relativeWrite', line: 14 }],
    },
    {
      name: 'sql: `||` appending to a JSON array or a text column is relative (the element or text is added again)',
      code: `import { PubSub } from '@google-cloud/pubsub';
import { dataSource } from './db';
import { Post } from './entities';

new PubSub().subscription('post-tagged').on('message', async (message) => {
  const { id, tag } = JSON.parse(message.data.toString());
  await dataSource.createQueryBuilder().update(Post).set({ tags: () => \`tags || jsonb_build_array(:tag)\`, log: () => "log || ' tagged'" }).setParameters({ tag }).where('id = :id', { id }).execute();
  message.ack();
});`,
      errors: [{ messageId: 'relativeWrite', line: 7, suggestions: [] }],
    },
    {
      name: 'aws-lambda: a put whose item a helper receives from the caller, built there with a fresh id',
      code: `import type { EventBridgeEvent } from 'aws-lambda';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

async function savePayment(payment: { paymentId: string; rideId: string }): Promise<void> {
  await doc.send(new PutCommand({ TableName: 'payments', Item: payment }));
}

export const handler = async (event: EventBridgeEvent<'DriverAssigned', { rideId: string }>) => {
  const paymentId = randomUUID();
  const payment = { paymentId, rideId: event.detail.rideId };
  await savePayment(payment);
};`,
      errors: [{ messageId: 'freshKeyInsert', line: 9, suggestions: [] }],
    },
    {
      name: 'mongoose: a flag flipped from the value read before (applied twice, it flips back)',
      code: `import { Kafka } from 'kafkajs';
import { User } from './user.model';

const consumer = new Kafka({ clientId: 'auth', brokers: ['kafka:9092'] }).consumer({ groupId: 'auth' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { id } = JSON.parse(message.value!.toString());
      const user = await User.findById(id);
      if (!user) return;
      await User.findByIdAndUpdate(id, { isDeleted: user.isDeleted ? false : true }, { new: true });
      await User.updateOne({ _id: id }, { $set: { muted: !user.muted } });
    },
  });
}`,
      errors: [
        { messageId: 'readModifyWrite', line: 12, suggestions: [] },
        { messageId: 'readModifyWrite', line: 13, suggestions: [] },
      ],
    },
    {
      name: 'typeorm: a query-builder insert whose raw onConflict clause adds the proposed value to the stored one',
      code: `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { PostStats } from './entities';

const consumer = new Kafka({ clientId: 'cores', brokers: ['kafka:9092'] }).consumer({ groupId: 'cores' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const tx = JSON.parse(message.value!.toString());
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(PostStats, ['id', 'coresEarned'])
        .values({ id: tx.postId, coresEarned: tx.value })
        .onConflict(\`("id") DO UPDATE SET "coresEarned" = post_stats."coresEarned" + EXCLUDED."coresEarned"\`)
        .execute();
    },
  });
}`,
      errors: [{ messageId: 'relativeWrite', line: 13, suggestions: [] }],
    },
    {
      name: 'prisma: create keyed by a freshly generated id in a field not called `id` (`usageId: genUsageId()`)',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const genUsageId = () => \`cu-\${Date.now()}-\${Math.random().toString(36).slice(2)}\`;

export const worker = new Worker('usage', async (job) => {
  await prisma.creditUsage.create({ data: { usageId: genUsageId(), uid: job.data.uid, amount: job.data.amount } });
});`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 8,
          column: 28,
          suggestions: [
            {
              messageId: 'suggestGuard',
              data: { handler: 'BullMQ processor', store: 'a processed_messages row in a prisma.$transaction' },
              output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const genUsageId = () => \`cu-\${Date.now()}-\${Math.random().toString(36).slice(2)}\`;

export const worker = new Worker('usage', async (job) => {
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  try {
    await prisma.$transaction(async (tx) => {
      await tx.processedMessage.create({ data: { id: idempotencyKey } });
      await tx.creditUsage.create({ data: { usageId: genUsageId(), uid: job.data.uid, amount: job.data.amount } });
    });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
});`,
            },
          ],
        },
      ],
    },
    // kafkajs
    {
      name: 'kafkajs: eachMessage pg UPDATE with a relative SET',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.CATALOG_DB_URL });
const consumer = new Kafka({ clientId: 'ratings', brokers: ['kafka:9092'] }).consumer({ groupId: 'ratings' });

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'reviews.published' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (!message.value) return;
      const review = JSON.parse(message.value.toString()) as { productId: string; stars: number };
      await pool.query('UPDATE products SET rating_sum = rating_sum + $1 WHERE id = $2', [review.stars, review.productId]);
    },
  });
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 45,
          endLine: 13,
          endColumn: 73,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.CATALOG_DB_URL });
const consumer = new Kafka({ clientId: 'ratings', brokers: ['kafka:9092'] }).consumer({ groupId: 'ratings' });

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'reviews.published' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (!message.value) return;
      const review = JSON.parse(message.value.toString()) as { productId: string; stars: number };
      await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE products SET rating_sum = rating_sum + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [review.stars, review.productId, \`\${topic}:\${partition}:\${message.offset}\`]);
    },
  });
}` }, { messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.CATALOG_DB_URL });
const consumer = new Kafka({ clientId: 'ratings', brokers: ['kafka:9092'] }).consumer({ groupId: 'ratings' });

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'reviews.published' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (!message.value) return;
      const review = JSON.parse(message.value.toString()) as { productId: string; stars: number };
      const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) return;
      try {
        await pool.query('UPDATE products SET rating_sum = rating_sum + $1 WHERE id = $2', [review.stars, review.productId]);
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
      name: 'kafkajs: eachMessage handler by reference, Mongo driver $inc',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const wallets = mongo.db('payments').collection('wallets');
const consumer = new Kafka({ clientId: 'wallets', brokers: ['kafka:9092'] }).consumer({ groupId: 'wallets' });

async function handleTopUp({ message }: EachMessagePayload): Promise<void> {
  const topUp = JSON.parse(message.value!.toString()) as { walletId: string; cents: number };
  await wallets.updateOne(
    { _id: topUp.walletId },
    { $inc: { balanceCents: topUp.cents }, $set: { updatedAt: new Date() } },
  );
}

export async function run(): Promise<void> {
  await consumer.subscribe({ topic: 'wallet.topped-up' });
  await consumer.run({ eachMessage: handleTopUp });
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 12,
          column: 7,
          endLine: 12,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'suggestMongoGuardedUpdate',
              output: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import { MongoClient } from 'mongodb';

const mongo = new MongoClient(process.env.MONGO_URL!);
const wallets = mongo.db('payments').collection('wallets');
const consumer = new Kafka({ clientId: 'wallets', brokers: ['kafka:9092'] }).consumer({ groupId: 'wallets' });

async function handleTopUp({ message, topic, partition }: EachMessagePayload): Promise<void> {
  const topUp = JSON.parse(message.value!.toString()) as { walletId: string; cents: number };
  await wallets.updateOne(
    { _id: topUp.walletId, processedMessageIds: { $ne: \`\${topic}:\${partition}:\${message.offset}\` } },
    { $inc: { balanceCents: topUp.cents }, $set: { updatedAt: new Date() }, $push: { processedMessageIds: { $each: [\`\${topic}:\${partition}:\${message.offset}\`], $slice: -1000 } } },
  );
}

export async function run(): Promise<void> {
  await consumer.subscribe({ topic: 'wallet.topped-up' });
  await consumer.run({ eachMessage: handleTopUp });
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'kafkajs: eachBatch loop with ioredis hincrby (destructuring require)',
      filename: 'consumer.js',
      code: `const { Kafka } = require('kafkajs');
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);
const consumer = new Kafka({ clientId: 'clicks', brokers: ['kafka:9092'] }).consumer({ groupId: 'clicks' });

async function main() {
  await consumer.subscribe({ topic: 'ad.clicked' });
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const click = JSON.parse(message.value.toString());
        await redis.hincrby(\`campaign:\${click.campaignId}\`, 'clicks', 1);
        await heartbeat();
      }
    },
  });
}

main().catch(console.error);`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 21,
          endLine: 13,
          endColumn: 73,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Kafka } = require('kafkajs');
const Redis = require('ioredis');

const redis = new Redis(process.env.REDIS_URL);
const consumer = new Kafka({ clientId: 'clicks', brokers: ['kafka:9092'] }).consumer({ groupId: 'clicks' });

async function main() {
  await consumer.subscribe({ topic: 'ad.clicked' });
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }) => {
      for (const message of batch.messages) {
        const click = JSON.parse(message.value.toString());
        const idempotencyKey = \`processed:\${batch.topic}:\${batch.partition}:\${message.offset}\`;
        if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) continue;
        try {
          await redis.hincrby(\`campaign:\${click.campaignId}\`, 'clicks', 1);
          await heartbeat();
        } catch (error) {
          await redis.del(idempotencyKey);
          throw error;
        }
      }
    },
  });
}

main().catch(console.error);` }],
        },
      ],
    },
    {
      name: 'kafkajs: eachMessage writes in both branches of an if/else',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'ledger', brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const entry = JSON.parse(message.value!.toString()) as { account: string; kind: 'credit' | 'debit'; cents: number };
    if (entry.kind === 'credit') {
      await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [entry.cents, entry.account]);
    } else {
      await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [entry.cents, entry.account]);
    }
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 45,
          endLine: 11,
          endColumn: 67,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'ledger', brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

await consumer.run({
  eachMessage: async ({ message, topic, partition }) => {
    const entry = JSON.parse(message.value!.toString()) as { account: string; kind: 'credit' | 'debit'; cents: number };
    const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      if (entry.kind === 'credit') {
        await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [entry.cents, entry.account]);
      } else {
        await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [entry.cents, entry.account]);
      }
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});` }],
        },
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 45,
          endLine: 13,
          endColumn: 67,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'ledger', brokers: ['kafka:9092'] }).consumer({ groupId: 'ledger' });

await consumer.run({
  eachMessage: async ({ message, topic, partition }) => {
    const entry = JSON.parse(message.value!.toString()) as { account: string; kind: 'credit' | 'debit'; cents: number };
    const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      if (entry.kind === 'credit') {
        await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [entry.cents, entry.account]);
      } else {
        await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [entry.cents, entry.account]);
      }
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
      name: 'kafkajs: eachMessage knex.raw with a relative SET',
      code: `import { Kafka } from 'kafkajs';
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const consumer = new Kafka({ clientId: 'bandwidth', brokers: ['kafka:9092'] }).consumer({ groupId: 'bandwidth' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const usage = JSON.parse(message.value!.toString()) as { tenantId: string; bytes: number };
    await db.raw('UPDATE tenants SET bytes_used = bytes_used + ? WHERE id = ?', [usage.bytes, usage.tenantId]);
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 38,
          endLine: 10,
          endColumn: 65,
          suggestions: [],
        },
      ],
    },
    {
      name: 'kafkajs: dedup probe whose duplicate branch does not leave',
      code: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

const redis = new Redis();
const consumer = new Kafka({ clientId: 'karma', brokers: ['kafka:9092'] }).consumer({ groupId: 'karma' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const key = \`seen:\${topic}:\${partition}:\${message.offset}\`;
    if (await redis.exists(key)) {
      console.warn('duplicate delivery', key);
    }
    const vote = JSON.parse(message.value!.toString()) as { authorId: string };
    await redis.hincrby(\`user:\${vote.authorId}\`, 'karma', 1);
    await redis.set(key, '1', 'EX', 604800);
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 14,
          column: 17,
          endLine: 14,
          endColumn: 61,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

const redis = new Redis();
const consumer = new Kafka({ clientId: 'karma', brokers: ['kafka:9092'] }).consumer({ groupId: 'karma' });

await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const key = \`seen:\${topic}:\${partition}:\${message.offset}\`;
    const idempotencyKey = \`processed:\${topic}:\${partition}:\${message.offset}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      if (await redis.exists(key)) {
        console.warn('duplicate delivery', key);
      }
      const vote = JSON.parse(message.value!.toString()) as { authorId: string };
      await redis.hincrby(\`user:\${vote.authorId}\`, 'karma', 1);
      await redis.set(key, '1', 'EX', 604800);
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
      name: 'kafkajs: class handler passed with .bind(this), this.redis.incr',
      code: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import Redis from 'ioredis';

export class ShortLinkClicks {
  private readonly redis = new Redis(process.env.REDIS_URL!);
  private readonly consumer = new Kafka({ clientId: 'links', brokers: ['kafka:9092'] }).consumer({ groupId: 'links' });

  async start(): Promise<void> {
    await this.consumer.subscribe({ topic: 'link.clicked' });
    await this.consumer.run({ eachMessage: this.handle.bind(this) });
  }

  private async handle({ message }: EachMessagePayload): Promise<void> {
    await this.redis.incr(\`clicks:\${message.key?.toString()}\`);
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 14,
          column: 22,
          endLine: 14,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { Kafka, type EachMessagePayload } from 'kafkajs';
import Redis from 'ioredis';

export class ShortLinkClicks {
  private readonly redis = new Redis(process.env.REDIS_URL!);
  private readonly consumer = new Kafka({ clientId: 'links', brokers: ['kafka:9092'] }).consumer({ groupId: 'links' });

  async start(): Promise<void> {
    await this.consumer.subscribe({ topic: 'link.clicked' });
    await this.consumer.run({ eachMessage: this.handle.bind(this) });
  }

  private async handle({ message, topic, partition }: EachMessagePayload): Promise<void> {
    const idempotencyKey = \`processed:\${topic}:\${partition}:\${message.offset}\`;
    if ((await this.redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await this.redis.incr(\`clicks:\${message.key?.toString()}\`);
    } catch (error) {
      await this.redis.del(idempotencyKey);
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
      name: 'kafkajs: method name on its own line of a chained call',
      code: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'likes', brokers: ['kafka:9092'] }).consumer({ groupId: 'likes' });

await consumer.run({
  eachMessage: async ({ message }) => {
    const like = JSON.parse(message.value!.toString()) as { postId: string };
    await pool
      .query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [like.postId]);
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 32,
          endLine: 11,
          endColumn: 49,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'likes', brokers: ['kafka:9092'] }).consumer({ groupId: 'likes' });

await consumer.run({
  eachMessage: async ({ message, topic, partition }) => {
    const like = JSON.parse(message.value!.toString()) as { postId: string };
    await pool
      .query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($2) ON CONFLICT DO NOTHING RETURNING 1) UPDATE posts SET likes = likes + 1 WHERE (id = $1) AND EXISTS (SELECT 1 FROM idempotency_claim)', [like.postId, \`\${topic}:\${partition}:\${message.offset}\`]);
  },
});` }, { messageId: 'suggestGuard', output: `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'likes', brokers: ['kafka:9092'] }).consumer({ groupId: 'likes' });

await consumer.run({
  eachMessage: async ({ message, topic, partition }) => {
    const like = JSON.parse(message.value!.toString()) as { postId: string };
    const idempotencyKey = \`\${topic}:\${partition}:\${message.offset}\`;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await pool
        .query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [like.postId]);
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});` }],
        },
      ],
    },

    // amqplib
    {
      name: 'amqplib: namespace import, mysql2 execute with a relative SET',
      code: `import * as amqp from 'amqplib';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL });

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.assertQueue('stock.reserved');
  await channel.consume('stock.reserved', async (msg) => {
    if (!msg) return;
    const { sku, quantity } = JSON.parse(msg.content.toString()) as { sku: string; quantity: number };
    await db.execute('UPDATE stock SET reserved = reserved + ? WHERE sku = ?', [quantity, sku]);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 40,
          endLine: 13,
          endColumn: 63,
          suggestions: [{ messageId: 'suggestGuard', output: `import * as amqp from 'amqplib';
import mysql from 'mysql2/promise';

const db = mysql.createPool({ uri: process.env.MYSQL_URL });

export async function start(): Promise<void> {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.assertQueue('stock.reserved');
  await channel.consume('stock.reserved', async (msg) => {
    if (!msg) return;
    const { sku, quantity } = JSON.parse(msg.content.toString()) as { sku: string; quantity: number };
    const idempotencyKey = msg.properties.messageId;
    const [claim] = await db.execute('INSERT IGNORE INTO processed_messages (id) VALUES (?)', [idempotencyKey]);
    if ((claim as { affectedRows: number }).affectedRows === 0) {
      channel.ack(msg);
      return;
    }
    try {
      await db.execute('UPDATE stock SET reserved = reserved + ? WHERE sku = ?', [quantity, sku]);
      channel.ack(msg);
    } catch (error) {
      await db.execute('DELETE FROM processed_messages WHERE id = ?', [idempotencyKey]);
      throw error;
    }
  });
}` }],
        },
      ],
    },
    {
      name: 'amqplib: class method passed with .bind(this), Sequelize Model.increment',
      code: `import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { Product } from './models';

export class ViewCountConsumer {
  constructor(private readonly channel: Channel) {}

  async start(): Promise<void> {
    await this.channel.consume('product.viewed', this.onMessage.bind(this));
  }

  private async onMessage(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const { productId } = JSON.parse(msg.content.toString()) as { productId: number };
    await Product.increment('views', { by: 1, where: { id: productId } });
    this.channel.ack(msg);
  }
}

export const connect = () => amqp.connect('amqp://localhost');`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 14,
          column: 19,
          endLine: 14,
          endColumn: 74,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqplib: read-modify-write through a TypeORM repository save',
      code: `import amqp from 'amqplib';
import { AppDataSource } from './data-source';
import { Account } from './entities/account';

const accountRepo = AppDataSource.getRepository(Account);

export async function consumeDeposits(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('deposits', async (msg) => {
    if (!msg) return;
    const deposit = JSON.parse(msg.content.toString()) as { accountId: string; cents: number };
    const account = await accountRepo.findOneByOrFail({ id: deposit.accountId });
    account.balanceCents += deposit.cents;
    await accountRepo.save(account);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 14,
          column: 23,
          endLine: 14,
          endColumn: 36,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqplib: callback API with hincrby in a same-file helper (require)',
      filename: 'consumer.js',
      code: `const amqp = require('amqplib/callback_api');
const Redis = require('ioredis');

const redis = new Redis();

function recordVote(vote) {
  return redis.hincrby(\`poll:\${vote.pollId}\`, vote.option, 1);
}

amqp.connect('amqp://localhost', (err, connection) => {
  if (err) throw err;
  connection.createChannel((channelErr, channel) => {
    channel.consume('votes', async (msg) => {
      const vote = JSON.parse(msg.content.toString());
      await recordVote(vote);
      channel.ack(msg);
    });
  });
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 7,
          column: 16,
          endLine: 7,
          endColumn: 62,
          suggestions: [{ messageId: 'suggestGuard', output: `const amqp = require('amqplib/callback_api');
const Redis = require('ioredis');

const redis = new Redis();

function recordVote(vote) {
  return redis.hincrby(\`poll:\${vote.pollId}\`, vote.option, 1);
}

amqp.connect('amqp://localhost', (err, connection) => {
  if (err) throw err;
  connection.createChannel((channelErr, channel) => {
    channel.consume('votes', async (msg) => {
      const vote = JSON.parse(msg.content.toString());
      const idempotencyKey = \`processed:\${msg.properties.messageId}\`;
      if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
        channel.ack(msg);
        return;
      }
      try {
        await recordVote(vote);
        channel.ack(msg);
      } catch (error) {
        await redis.del(idempotencyKey);
        throw error;
      }
    });
  });
});` }],
        },
      ],
    },
    {
      name: 'amqplib: Sequelize instance read, decrement in place, save()',
      code: `import amqp from 'amqplib';
import { Product } from './models';

export async function consumeSales(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('sales', async (msg) => {
    if (!msg) return;
    const sale = JSON.parse(msg.content.toString()) as { productId: number; quantity: number };
    const product = await Product.findByPk(sale.productId, { rejectOnEmpty: true });
    product.stock -= sale.quantity;
    await product.save();
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 25,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqplib: processed marker written only after the increment',
      code: `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('streams', async (msg) => {
    if (!msg) return;
    const { trackId } = JSON.parse(msg.content.toString()) as { trackId: string };
    await redis.incr(\`plays:\${trackId}\`);
    await redis.sadd('processed-plays', msg.properties.messageId);
    channel.ack(msg);
  });
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 17,
          endLine: 11,
          endColumn: 41,
          suggestions: [{ messageId: 'suggestGuard', output: `import amqp from 'amqplib';
import Redis from 'ioredis';

const redis = new Redis();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('streams', async (msg) => {
    if (!msg) return;
    const { trackId } = JSON.parse(msg.content.toString()) as { trackId: string };
    const idempotencyKey = \`processed:\${msg.properties.messageId}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
      channel.ack(msg);
      return;
    }
    try {
      await redis.incr(\`plays:\${trackId}\`);
      await redis.sadd('processed-plays', msg.properties.messageId);
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

    // amqp-connection-manager
    {
      name: 'amqp-connection-manager: handler by reference, multi-line knex chain .increment',
      code: `import amqp from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const connection = amqp.connect(['amqp://rabbit']);
const channelWrapper = connection.createChannel({ json: true });

async function onItemAdded(msg: ConsumeMessage): Promise<void> {
  const item = JSON.parse(msg.content.toString()) as { cartId: string; sku: string; quantity: number };
  await db('cart_items')
    .where({ cart_id: item.cartId, sku: item.sku })
    .increment('quantity', item.quantity);
  channelWrapper.ack(msg);
}

export async function start(): Promise<void> {
  await channelWrapper.consume('cart.item-added', onItemAdded);
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 6,
          endLine: 13,
          endColumn: 42,
          suggestions: [],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: TypeORM query() with a relative SET (require)',
      filename: 'consumer.js',
      code: `const amqp = require('amqp-connection-manager');
const { DataSource } = require('typeorm');

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

channelWrapper.consume('refunds', async (msg) => {
  const refund = JSON.parse(msg.content.toString());
  await dataSource.query(
    'UPDATE merchants SET refunded_cents = refunded_cents + $1 WHERE id = $2',
    [refund.cents, refund.merchantId],
  );
  channelWrapper.ack(msg);
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 27,
          endLine: 10,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'suggestSqlGuardedUpdate',
              output: `const amqp = require('amqp-connection-manager');
const { DataSource } = require('typeorm');

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

channelWrapper.consume('refunds', async (msg) => {
  const refund = JSON.parse(msg.content.toString());
  await dataSource.query(
    'WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE merchants SET refunded_cents = refunded_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)',
    [refund.cents, refund.merchantId, msg.properties.messageId],
  );
  channelWrapper.ack(msg);
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'amqp-connection-manager: Knex decrement inside a transaction callback',
      code: `import amqp from 'amqp-connection-manager';
import knex from 'knex';

const db = knex({ client: 'mysql2', connection: process.env.DATABASE_URL });
const channelWrapper = amqp.connect(['amqp://rabbit']).createChannel();

await channelWrapper.consume('tickets.cancelled', async (msg) => {
  const cancelled = JSON.parse(msg.content.toString()) as { eventId: number; seats: number };
  await db.transaction(async (trx) => {
    await trx('events').where('id', cancelled.eventId).decrement('seats_sold', cancelled.seats);
    await trx('events').where('id', cancelled.eventId).update({ updated_at: trx.fn.now() });
  });
  channelWrapper.ack(msg);
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 56,
          endLine: 10,
          endColumn: 96,
          suggestions: [],
        },
      ],
    },

    // @aws-sdk/client-sqs receive loops
    {
      name: '@aws-sdk/client-sqs: receive loop, DynamoDB UpdateCommand with ADD',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const sqs = new SQSClient({});
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const QueueUrl = process.env.VIEWS_QUEUE_URL!;

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      const view = JSON.parse(message.Body!) as { videoId: string };
      await ddb.send(new UpdateCommand({
        TableName: 'videos',
        Key: { id: view.videoId },
        UpdateExpression: 'ADD viewCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 14,
          column: 17,
          endLine: 17,
          endColumn: 46,
          suggestions: [],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: loop delegates to handleMessage, DynamoDB SET a = a + :v',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const sqs = new SQSClient({});
const dynamo = new DynamoDBClient({});
const queueUrl = process.env.SCORES_QUEUE_URL!;

async function handleMessage(message: Message): Promise<void> {
  const score = JSON.parse(message.Body!) as { playerId: string; points: number };
  await dynamo.send(new UpdateItemCommand({
    TableName: 'players',
    Key: { id: { S: score.playerId } },
    UpdateExpression: 'SET totalPoints = totalPoints + :p, updatedAt = :now',
    ExpressionAttributeValues: { ':p': { N: String(score.points) }, ':now': { S: new Date().toISOString() } },
  }));
}

export async function run(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    for (const message of Messages ?? []) {
      await handleMessage(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
    }
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 16,
          endLine: 13,
          endColumn: 58,
          suggestions: [],
        },
      ],
    },
    {
      name: '@aws-sdk/client-sqs: two-level helper with a pg UPDATE (destructuring require)',
      filename: 'worker.js',
      code: `const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require('@aws-sdk/client-sqs');
const { Pool } = require('pg');

const sqs = new SQSClient({});
const pool = new Pool();
const QueueUrl = process.env.QUEUE_URL;

async function creditReferrer(referral) {
  await pool.query('UPDATE users SET referral_credits = referral_credits + 1 WHERE id = $1', [referral.referrerId]);
}

async function processReferral(message) {
  const referral = JSON.parse(message.Body);
  await creditReferrer(referral);
}

async function loop() {
  while (true) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await processReferral(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

loop();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 38,
          endLine: 9,
          endColumn: 77,
          suggestions: [],
        },
      ],
    },

    // sqs-consumer
    {
      name: 'sqs-consumer: aliased Consumer, handler by reference, Prisma increment',
      code: `import { Consumer as SqsConsumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function handleReferral(message: Message): Promise<Message> {
  const { referrerId } = JSON.parse(message.Body!) as { referrerId: string };
  await prisma.user.update({
    where: { id: referrerId },
    data: { referralCount: { increment: 1 } },
  });
  return message;
}

export const referrals = SqsConsumer.create({
  queueUrl: process.env.REFERRALS_QUEUE_URL!,
  handleMessage: handleReferral,
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 30,
          endLine: 11,
          endColumn: 42,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Consumer as SqsConsumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function handleReferral(message: Message): Promise<Message> {
  const { referrerId } = JSON.parse(message.Body!) as { referrerId: string };
  const idempotencyKey = message.MessageId;
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.processedMessage.create({ data: { id: idempotencyKey } });
      await tx.user.update({
        where: { id: referrerId },
        data: { referralCount: { increment: 1 } },
      });
      return message;
    });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return message;
    throw error;
  }
}

export const referrals = SqsConsumer.create({
  queueUrl: process.env.REFERRALS_QUEUE_URL!,
  handleMessage: handleReferral,
});` }],
        },
      ],
    },
    {
      name: 'sqs-consumer: handleMessageBatch loop with Firestore FieldValue.increment',
      code: `import { Consumer } from 'sqs-consumer';
import { getFirestore, FieldValue } from 'firebase-admin/firestore';

const db = getFirestore();

export const likes = Consumer.create({
  queueUrl: process.env.LIKES_QUEUE_URL!,
  handleMessageBatch: async (messages) => {
    for (const message of messages) {
      const like = JSON.parse(message.Body!) as { postId: string };
      await db.collection('posts').doc(like.postId).update({ likeCount: FieldValue.increment(1) });
    }
    return messages;
  },
});
likes.start();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 73,
          endLine: 11,
          endColumn: 96,
          suggestions: [],
        },
      ],
    },
    {
      name: 'sqs-consumer: new Consumer with a mongoose $inc (require)',
      filename: 'consumer.js',
      code: `const { Consumer } = require('sqs-consumer');
const mongoose = require('mongoose');

const Course = mongoose.model('Course', new mongoose.Schema({ enrolled: Number }));

const app = new Consumer({
  queueUrl: process.env.ENROLLMENTS_QUEUE_URL,
  handleMessage: async (message) => {
    const enrollment = JSON.parse(message.Body);
    await Course.updateOne({ _id: enrollment.courseId }, { $inc: { enrolled: 1 } });
    return message;
  },
});

app.start();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 60,
          endLine: 10,
          endColumn: 81,
          suggestions: [
            {
              messageId: 'suggestMongoGuardedUpdate',
              output: `const { Consumer } = require('sqs-consumer');
const mongoose = require('mongoose');

const Course = mongoose.model('Course', new mongoose.Schema({ enrolled: Number }));

const app = new Consumer({
  queueUrl: process.env.ENROLLMENTS_QUEUE_URL,
  handleMessage: async (message) => {
    const enrollment = JSON.parse(message.Body);
    await Course.updateOne({ _id: enrollment.courseId, processedMessageIds: { $ne: message.MessageId } }, { $inc: { enrolled: 1 }, $push: { processedMessageIds: { $each: [message.MessageId], $slice: -1000 } } });
    return message;
  },
});

app.start();`,
            },
          ],
        },
      ],
    },
    {
      name: 'sqs-consumer: Mongo insertOne with _id from new ObjectId()',
      code: `import { Consumer } from 'sqs-consumer';
import { MongoClient, ObjectId } from 'mongodb';

const events = new MongoClient(process.env.MONGO_URL!).db('analytics').collection('events');

Consumer.create({
  queueUrl: process.env.EVENTS_QUEUE_URL!,
  handleMessage: async (message) => {
    const event = JSON.parse(message.Body!) as { type: string; userId: string };
    await events.insertOne({ _id: new ObjectId(), type: event.type, userId: event.userId, at: new Date() });
    return message;
  },
}).start();`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 108,
          suggestions: [],
        },
      ],
    },
    {
      name: 'sqs-consumer: handleMessage as a method shorthand with ioredis incr',
      code: `import { Consumer } from 'sqs-consumer';
import Redis from 'ioredis';

const redis = new Redis();

Consumer.create({
  queueUrl: process.env.LOGINS_QUEUE_URL!,
  async handleMessage(message) {
    const { userId } = JSON.parse(message.Body!) as { userId: string };
    await redis.incr(\`logins:\${userId}\`);
    return message;
  },
}).start();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 41,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Consumer } from 'sqs-consumer';
import Redis from 'ioredis';

const redis = new Redis();

Consumer.create({
  queueUrl: process.env.LOGINS_QUEUE_URL!,
  async handleMessage(message) {
    const { userId } = JSON.parse(message.Body!) as { userId: string };
    const idempotencyKey = \`processed:\${message.MessageId}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return message;
    try {
      await redis.incr(\`logins:\${userId}\`);
      return message;
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  },
}).start();` }],
        },
      ],
    },

    // aws-lambda
    {
      name: 'aws-lambda: SQSEvent handler, DynamoDB DocumentClient SET a = a + :v',
      code: `import type { SQSEvent } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    const sale = JSON.parse(record.body) as { storeId: string; cents: number };
    await ddb.send(new UpdateCommand({
      TableName: 'stores',
      Key: { storeId: sale.storeId },
      UpdateExpression: 'SET revenueCents = if_not_exists(revenueCents, :zero) + :cents',
      ExpressionAttributeValues: { ':zero': 0, ':cents': sale.cents },
    }));
  }
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 15,
          endLine: 13,
          endColumn: 88,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: Kinesis handler, pg INSERT keyed by randomUUID()',
      code: `import type { KinesisStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const pool = new Pool();

export async function handler(event: KinesisStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const reading = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()) as { sensorId: string; value: number };
    await pool.query(
      'INSERT INTO readings (id, sensor_id, value) VALUES ($1, $2, $3)',
      [randomUUID(), reading.sensorId, reading.value],
    );
  }
}`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 10,
          column: 16,
          endLine: 13,
          endColumn: 6,
          suggestions: [{ messageId: 'suggestGuard', output: `import type { KinesisStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const pool = new Pool();

export async function handler(event: KinesisStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const reading = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()) as { sensorId: string; value: number };
    const idempotencyKey = record.eventID;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) continue;
    try {
      await pool.query(
        'INSERT INTO readings (id, sensor_id, value) VALUES ($1, $2, $3)',
        [randomUUID(), reading.sensorId, reading.value],
      );
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
      name: 'aws-lambda: exports.handler with node-redis incrBy (require)',
      filename: 'handler.js',
      code: `const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });
const ready = redis.connect();

exports.handler = async (event) => {
  await ready;
  for (const record of event.Records) {
    const download = JSON.parse(record.body);
    await redis.incrBy(\`downloads:\${download.packageName}\`, 1);
  }
  return { batchItemFailures: [] };
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 63,
          suggestions: [{ messageId: 'suggestGuard', output: `const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });
const ready = redis.connect();

exports.handler = async (event) => {
  await ready;
  for (const record of event.Records) {
    const download = JSON.parse(record.body);
    const idempotencyKey = \`processed:\${record.messageId}\`;
    if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) continue;
    try {
      await redis.incrBy(\`downloads:\${download.packageName}\`, 1);
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  }
  return { batchItemFailures: [] };
};` }],
        },
      ],
    },
    {
      name: 'aws-lambda: Promise.all(event.Records.map(async …)) with a TypeORM increment',
      code: `import type { SQSHandler } from 'aws-lambda';
import { AppDataSource } from './data-source';
import { Product } from './entities/product';

const productRepository = AppDataSource.getRepository(Product);

export const handler: SQSHandler = async (event) => {
  await Promise.all(
    event.Records.map(async (record) => {
      const sold = JSON.parse(record.body) as { productId: string; quantity: number };
      await productRepository.increment({ id: sold.productId }, 'soldCount', sold.quantity);
    }),
  );
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 31,
          endLine: 11,
          endColumn: 92,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: Promise.all(event.Records.map(async …)) with a pg UPDATE',
      code: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  await Promise.all(
    event.Records.map(async (record) => {
      const sold = JSON.parse(record.body) as { productId: string; quantity: number };
      await pool.query('UPDATE products SET sold = sold + $1 WHERE id = $2', [sold.quantity, sold.productId]);
    }),
  );
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 45,
          endLine: 10,
          endColumn: 61,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  await Promise.all(
    event.Records.map(async (record) => {
      const sold = JSON.parse(record.body) as { productId: string; quantity: number };
      await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE products SET sold = sold + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [sold.quantity, sold.productId, record.messageId]);
    }),
  );
};` }, { messageId: 'suggestGuard', output: `import type { SQSEvent } from 'aws-lambda';
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: SQSEvent): Promise<void> => {
  await Promise.all(
    event.Records.map(async (record) => {
      const sold = JSON.parse(record.body) as { productId: string; quantity: number };
      const idempotencyKey = record.messageId;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) return;
      try {
        await pool.query('UPDATE products SET sold = sold + $1 WHERE id = $2', [sold.quantity, sold.productId]);
      } catch (error) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error;
      }
    }),
  );
};` }],
        },
      ],
    },
    {
      name: 'aws-lambda: DynamoDB PutCommand with a randomUUID() key in a record helper',
      code: `import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

async function saveComment(record: SQSRecord): Promise<void> {
  const comment = JSON.parse(record.body) as { postId: string; text: string };
  await ddb.send(new PutCommand({ TableName: 'comments', Item: { id: randomUUID(), postId: comment.postId, text: comment.text } }));
}

export const handler = async (event: SQSEvent): Promise<void> => {
  for (const record of event.Records) {
    await saveComment(record);
  }
};`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 132,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: DocumentClient v2 update with ADD (require)',
      filename: 'handler.js',
      code: `const AWS = require('aws-sdk');

const documentClient = new AWS.DynamoDB.DocumentClient();

module.exports.handler = async (event) => {
  for (const record of event.Records) {
    const vote = JSON.parse(record.body);
    await documentClient
      .update({
        TableName: 'polls',
        Key: { pollId: vote.pollId },
        UpdateExpression: 'ADD votes.#option :one',
        ExpressionAttributeNames: { '#option': vote.option },
        ExpressionAttributeValues: { ':one': 1 },
      })
      .promise();
  }
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 8,
          endLine: 12,
          endColumn: 50,
          suggestions: [],
        },
      ],
    },
    {
      name: 'aws-lambda: module.exports object with a function expression handler (require)',
      filename: 'handler.js',
      code: `const { Pool } = require('pg');

const pool = new Pool();

module.exports = {
  handler: async function (event) {
    for (const record of event.Records) {
      const topUp = JSON.parse(record.body);
      await pool.query('UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2', [topUp.cents, topUp.walletId]);
    }
  },
};`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 44,
          endLine: 9,
          endColumn: 78,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `const { Pool } = require('pg');

const pool = new Pool();

module.exports = {
  handler: async function (event) {
    for (const record of event.Records) {
      const topUp = JSON.parse(record.body);
      await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE wallets SET balance_cents = balance_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [topUp.cents, topUp.walletId, record.messageId]);
    }
  },
};` }, { messageId: 'suggestGuard', output: `const { Pool } = require('pg');

const pool = new Pool();

module.exports = {
  handler: async function (event) {
    for (const record of event.Records) {
      const topUp = JSON.parse(record.body);
      const idempotencyKey = record.messageId;
      const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
      if (claim.rowCount === 0) continue;
      try {
        await pool.query('UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2', [topUp.cents, topUp.walletId]);
      } catch (error) {
        await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
        throw error;
      }
    }
  },
};` }],
        },
      ],
    },

    // @google-cloud/pubsub
    {
      name: '@google-cloud/pubsub: message listener, Firestore update with FieldValue.increment',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore, FieldValue } from '@google-cloud/firestore';

const firestore = new Firestore();
const subscription = new PubSub().subscription('article-read');

subscription.on('message', async (message: Message) => {
  const read = JSON.parse(message.data.toString()) as { articleId: string; seconds: number };
  await firestore.collection('articles').doc(read.articleId).update({
    reads: FieldValue.increment(1),
    readSeconds: FieldValue.increment(read.seconds),
  });
  message.ack();
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 12,
          endLine: 10,
          endColumn: 35,
          suggestions: [],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: class-property arrow handler, Sequelize decrement',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { Seat } from './models';

export class SeatReservations {
  private readonly subscription = new PubSub().subscription('seats-reserved');

  start(): void {
    this.subscription.on('message', this.onMessage);
  }

  private onMessage = async (message: Message): Promise<void> => {
    const { showId, count } = JSON.parse(message.data.toString()) as { showId: string; count: number };
    await Seat.decrement('available', { by: count, where: { showId } });
    message.ack();
  };
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 16,
          endLine: 13,
          endColumn: 72,
          suggestions: [],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: ioredis pipeline with zincrby in a helper (require)',
      filename: 'subscriber.js',
      code: `const { PubSub } = require('@google-cloud/pubsub');
const Redis = require('ioredis');

const redis = new Redis();

async function scorePlay(play) {
  await redis
    .pipeline()
    .zincrby('leaderboard:weekly', play.points, play.playerId)
    .zincrby('leaderboard:all-time', play.points, play.playerId)
    .exec();
}

new PubSub().subscription('plays').on('message', async (message) => {
  await scorePlay(JSON.parse(message.data.toString()));
  message.ack();
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 6,
          endLine: 9,
          endColumn: 63,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `const { PubSub } = require('@google-cloud/pubsub');
const Redis = require('ioredis');

const redis = new Redis();

async function scorePlay(play) {
  await redis
    .pipeline()
    .zincrby('leaderboard:weekly', play.points, play.playerId)
    .zincrby('leaderboard:all-time', play.points, play.playerId)
    .exec();
}

new PubSub().subscription('plays').on('message', async (message) => {
  const idempotencyKey = \`processed:\${message.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
    message.ack();
    return;
  }
  try {
    await scorePlay(JSON.parse(message.data.toString()));
    message.ack();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
});`,
            },
          ],
        },
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 6,
          endLine: 10,
          endColumn: 65,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `const { PubSub } = require('@google-cloud/pubsub');
const Redis = require('ioredis');

const redis = new Redis();

async function scorePlay(play) {
  await redis
    .pipeline()
    .zincrby('leaderboard:weekly', play.points, play.playerId)
    .zincrby('leaderboard:all-time', play.points, play.playerId)
    .exec();
}

new PubSub().subscription('plays').on('message', async (message) => {
  const idempotencyKey = \`processed:\${message.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
    message.ack();
    return;
  }
  try {
    await scorePlay(JSON.parse(message.data.toString()));
    message.ack();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
});`,
            },
          ],
        },
      ],
    },
    {
      name: '@google-cloud/pubsub: modular Firestore updateDoc with increment()',
      code: `import { PubSub, type Message } from '@google-cloud/pubsub';
import { initializeApp } from 'firebase/app';
import { doc, getFirestore, increment, updateDoc } from 'firebase/firestore';

const db = getFirestore(initializeApp({ projectId: 'shop' }));

new PubSub().subscription('wishlist-added').on('message', async (message: Message) => {
  const { productId } = JSON.parse(message.data.toString()) as { productId: string };
  await updateDoc(doc(db, 'products', productId), { wishlistCount: increment(1) });
  message.ack();
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 68,
          endLine: 9,
          endColumn: 80,
          suggestions: [],
        },
      ],
    },

    // bullmq
    {
      name: 'bullmq: inline processor, knex builder .increment',
      code: `import { Worker } from 'bullmq';
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export const worker = new Worker(
  'badge-awarded',
  async (job) => {
    const { userId, badge } = job.data as { userId: string; badge: string };
    await db('profiles').where({ user_id: userId }).increment('badge_count', 1);
    await db('badges').insert({ user_id: userId, badge }).onConflict(['user_id', 'badge']).ignore();
  },
  { connection: { host: 'redis' } },
);`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 53,
          endLine: 10,
          endColumn: 80,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: processor by reference, TypeORM repository increment',
      code: `import { Worker, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Author } from './entities/author';

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
const authorRepo = dataSource.getRepository(Author);

async function onArticlePublished(job: Job<{ authorId: string }>): Promise<void> {
  await authorRepo.increment({ id: job.data.authorId }, 'articleCount', 1);
}

export const worker = new Worker('article-published', onArticlePublished, { connection: { host: 'redis' } });`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 20,
          endLine: 9,
          endColumn: 75,
          suggestions: [],
        },
      ],
    },
    {
      name: 'bullmq: node-redis multi with incrBy and hIncrBy (require)',
      filename: 'worker.js',
      code: `const { Worker } = require('bullmq');
const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });

const worker = new Worker('page-viewed', async (job) => {
  const { pageId, country } = job.data;
  await redis
    .multi()
    .incrBy(\`views:\${pageId}\`, 1)
    .hIncrBy(\`views:\${pageId}:by-country\`, country, 1)
    .exec();
}, { connection: { host: 'redis' } });

module.exports = { worker };`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 6,
          endLine: 10,
          endColumn: 34,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Worker } = require('bullmq');
const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });

const worker = new Worker('page-viewed', async (job) => {
  const { pageId, country } = job.data;
  const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
  if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) return;
  try {
    await redis
      .multi()
      .incrBy(\`views:\${pageId}\`, 1)
      .hIncrBy(\`views:\${pageId}:by-country\`, country, 1)
      .exec();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}, { connection: { host: 'redis' } });

module.exports = { worker };` }],
        },
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 6,
          endLine: 11,
          endColumn: 55,
          suggestions: [{ messageId: 'suggestGuard', output: `const { Worker } = require('bullmq');
const { createClient } = require('redis');

const redis = createClient({ url: process.env.REDIS_URL });

const worker = new Worker('page-viewed', async (job) => {
  const { pageId, country } = job.data;
  const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
  if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) return;
  try {
    await redis
      .multi()
      .incrBy(\`views:\${pageId}\`, 1)
      .hIncrBy(\`views:\${pageId}:by-country\`, country, 1)
      .exec();
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
}, { connection: { host: 'redis' } });

module.exports = { worker };` }],
        },
      ],
    },
    {
      name: 'bullmq: Prisma create with a fresh uuid id',
      code: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
import { v4 as uuidv4 } from 'uuid';

const prisma = new PrismaClient();

new Worker('ledger-entries', async (job) => {
  const { accountId, cents } = job.data as { accountId: string; cents: number };
  await prisma.ledgerEntry.create({
    data: { id: uuidv4(), accountId, cents, postedAt: new Date() },
  });
}, { connection: { host: 'redis' } });`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 9,
          column: 28,
          endLine: 11,
          endColumn: 5,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
import { v4 as uuidv4 } from 'uuid';

const prisma = new PrismaClient();

new Worker('ledger-entries', async (job) => {
  const { accountId, cents } = job.data as { accountId: string; cents: number };
  const idempotencyKey = \`\${job.queueName}:\${job.id}\`;
  try {
    await prisma.$transaction(async (tx) => {
      await tx.processedMessage.create({ data: { id: idempotencyKey } });
      await tx.ledgerEntry.create({
        data: { id: uuidv4(), accountId, cents, postedAt: new Date() },
      });
    });
  } catch (error) {
    const errorDetails = error as { code?: string; meta?: { modelName?: string } };
    if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
    throw error;
  }
}, { connection: { host: 'redis' } });` }],
        },
      ],
    },
    {
      name: 'bullmq: class processor bound with .bind(this), Mongo bulkWrite with $inc',
      code: `import { Worker, type Job } from 'bullmq';
import { MongoClient } from 'mongodb';

export class InventorySync {
  private readonly stock = new MongoClient(process.env.MONGO_URL!).db('shop').collection('stock');
  private worker?: Worker;

  start(): void {
    this.worker = new Worker('restock', this.handle.bind(this), { connection: { host: 'redis' } });
  }

  private async handle(job: Job<{ lines: { sku: string; quantity: number }[] }>): Promise<void> {
    await this.stock.bulkWrite(
      job.data.lines.map((line) => ({ updateOne: { filter: { sku: line.sku }, update: { $inc: { onHand: line.quantity } } } })),
    );
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 22,
          endLine: 15,
          endColumn: 6,
          suggestions: [],
        },
      ],
    },

    // bull
    {
      name: 'bull: promise processor with a pg UPDATE',
      code: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const payouts = new Queue('payouts', process.env.REDIS_URL!);

payouts.process(async (job) => {
  const { driverId, cents } = job.data as { driverId: string; cents: number };
  await pool.query(
    'UPDATE drivers SET pending_payout_cents = pending_payout_cents - $1, paid_out_cents = paid_out_cents + $1 WHERE id = $2',
    [cents, driverId],
  );
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 25,
          endLine: 10,
          endColumn: 73,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const payouts = new Queue('payouts', process.env.REDIS_URL!);

payouts.process(async (job) => {
  const { driverId, cents } = job.data as { driverId: string; cents: number };
  await pool.query(
    'WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE drivers SET pending_payout_cents = pending_payout_cents - $1, paid_out_cents = paid_out_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)',
    [cents, driverId, \`\${job.queue.name}:\${job.id}\`],
  );
});` }, { messageId: 'suggestGuard', output: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const payouts = new Queue('payouts', process.env.REDIS_URL!);

payouts.process(async (job) => {
  const { driverId, cents } = job.data as { driverId: string; cents: number };
  const idempotencyKey = \`\${job.queue.name}:\${job.id}\`;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query(
      'UPDATE drivers SET pending_payout_cents = pending_payout_cents - $1, paid_out_cents = paid_out_cents + $1 WHERE id = $2',
      [cents, driverId],
    );
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }],
        },
      ],
    },
    {
      name: 'bull: callback processor with a mongoose findOneAndUpdate $inc (require)',
      filename: 'worker.js',
      code: `const Queue = require('bull');
const mongoose = require('mongoose');

const Streak = mongoose.model('Streak', new mongoose.Schema({ userId: String, days: Number }));
const checkins = new Queue('checkins');

checkins.process('daily', 5, (job, done) => {
  Streak.findOneAndUpdate({ userId: job.data.userId }, { $inc: { days: 1 } }, { new: true })
    .then(() => done())
    .catch(done);
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 8,
          column: 58,
          endLine: 8,
          endColumn: 75,
          suggestions: [{ messageId: 'suggestMongoGuardedUpdate', output: `const Queue = require('bull');
const mongoose = require('mongoose');

const Streak = mongoose.model('Streak', new mongoose.Schema({ userId: String, days: Number }));
const checkins = new Queue('checkins');

checkins.process('daily', 5, (job, done) => {
  Streak.findOneAndUpdate({ userId: job.data.userId, processedMessageIds: { $ne: \`\${job.queue.name}:\${job.id}\` } }, { $inc: { days: 1 }, $push: { processedMessageIds: { $each: [\`\${job.queue.name}:\${job.id}\`], $slice: -1000 } } }, { new: true })
    .then(() => done())
    .catch(done);
});` }],
        },
      ],
    },
    {
      name: 'bull: processor with a pg INSERT keyed by gen_random_uuid()',
      code: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const notifications = new Queue('notifications');

notifications.process('in-app', async (job) => {
  const { userId, title } = job.data as { userId: string; title: string };
  await pool.query(
    'INSERT INTO notifications (id, user_id, title) VALUES (gen_random_uuid(), $1, $2)',
    [userId, title],
  );
});`,
      errors: [
        {
          messageId: 'freshKeyInsert',
          line: 9,
          column: 14,
          endLine: 12,
          endColumn: 4,
          suggestions: [{ messageId: 'suggestGuard', output: `import Queue from 'bull';
import { Pool } from 'pg';

const pool = new Pool();
const notifications = new Queue('notifications');

notifications.process('in-app', async (job) => {
  const { userId, title } = job.data as { userId: string; title: string };
  const idempotencyKey = \`\${job.queue.name}:\${job.id}\`;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query(
      'INSERT INTO notifications (id, user_id, title) VALUES (gen_random_uuid(), $1, $2)',
      [userId, title],
    );
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});` }],
        },
      ],
    },

    // nats / JetStream
    {
      name: 'nats: JetStream consume() loop with a mysql2 relative UPDATE',
      code: `import { connect } from 'nats';
import mysql from 'mysql2/promise';

const db = await mysql.createConnection(process.env.MYSQL_URL!);
const nc = await connect({ servers: 'nats://nats:4222' });
const consumer = await nc.jetstream().consumers.get('ORDERS', 'inventory');

const messages = await consumer.consume();
for await (const m of messages) {
  const order = m.json<{ sku: string; quantity: number }>();
  await db.query('UPDATE inventory SET on_hand = on_hand - ? WHERE sku = ?', [order.quantity, order.sku]);
  m.ack();
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 40,
          endLine: 11,
          endColumn: 61,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nats: JetStream fetch() loop with Mongo $inc through a helper (require)',
      filename: 'consumer.js',
      code: `const { connect } = require('nats');
const { MongoClient } = require('mongodb');

const counters = new MongoClient(process.env.MONGO_URL).db('stats').collection('counters');

function bumpTagCount(tag) {
  return counters.updateOne({ _id: tag }, { $inc: { uses: 1 } });
}

async function main() {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const consumer = await nc.jetstream().consumers.get('POSTS', 'tags');
  const batch = await consumer.fetch({ max_messages: 50 });
  for await (const m of batch) {
    for (const tag of m.json().tags) await bumpTagCount(tag);
    m.ack();
  }
}

main();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 7,
          column: 45,
          endLine: 7,
          endColumn: 62,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nats: JetStream consume() loop in a function with ioredis incrby',
      code: `import { connect, type JsMsg } from 'nats';
import Redis from 'ioredis';

const redis = new Redis();

export async function run(): Promise<void> {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const consumer = await nc.jetstream().consumers.get('USAGE', 'quota');
  const messages = await consumer.consume();
  for await (const m of messages) {
    const usage = m.json<{ tenantId: string; requests: number }>();
    await redis.incrby(\`quota:\${usage.tenantId}:used\`, usage.requests);
    m.ack();
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 12,
          column: 17,
          endLine: 12,
          endColumn: 71,
          suggestions: [{ messageId: 'suggestGuard', output: `import { connect, type JsMsg } from 'nats';
import Redis from 'ioredis';

const redis = new Redis();

export async function run(): Promise<void> {
  const nc = await connect({ servers: 'nats://nats:4222' });
  const consumer = await nc.jetstream().consumers.get('USAGE', 'quota');
  const messages = await consumer.consume();
  for await (const m of messages) {
    const usage = m.json<{ tenantId: string; requests: number }>();
    const idempotencyKey = \`processed:\${m.headers?.get('Nats-Msg-Id') ?? \`\${m.info.stream}:\${m.seq}\`}\`;
    if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
      m.ack();
      continue;
    }
    try {
      await redis.incrby(\`quota:\${usage.tenantId}:used\`, usage.requests);
      m.ack();
    } catch (error) {
      await redis.del(idempotencyKey);
      throw error;
    }
  }
}` }],
        },
      ],
    },

    // @azure/service-bus
    {
      name: '@azure/service-bus: processMessage with a Prisma $executeRaw tagged template',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('tickets-sold');

receiver.subscribe({
  processMessage: async (message) => {
    const sale = message.body as { eventId: string; quantity: number };
    await prisma.$executeRaw\`UPDATE events SET tickets_sold = tickets_sold + \${sale.quantity} WHERE id = \${sale.eventId}\`;
  },
  processError: async (args) => {
    console.error(args.error);
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 29,
          endLine: 10,
          endColumn: 122,
          suggestions: [{ messageId: 'suggestSqlGuardedUpdate', output: `import { ServiceBusClient } from '@azure/service-bus';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('tickets-sold');

receiver.subscribe({
  processMessage: async (message) => {
    const sale = message.body as { eventId: string; quantity: number };
    await prisma.$executeRaw\`WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES (\${message.messageId}) ON CONFLICT DO NOTHING RETURNING 1) UPDATE events SET tickets_sold = tickets_sold + \${sale.quantity} WHERE (id = \${sale.eventId}) AND EXISTS (SELECT 1 FROM idempotency_claim)\`;
  },
  processError: async (args) => {
    console.error(args.error);
  },
});` }, { messageId: 'suggestGuard', output: `import { ServiceBusClient } from '@azure/service-bus';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('tickets-sold');

receiver.subscribe({
  processMessage: async (message) => {
    const sale = message.body as { eventId: string; quantity: number };
    const idempotencyKey = message.messageId;
    try {
      await prisma.$transaction(async (tx) => {
        await tx.processedMessage.create({ data: { id: idempotencyKey } });
        await tx.$executeRaw\`UPDATE events SET tickets_sold = tickets_sold + \${sale.quantity} WHERE id = \${sale.eventId}\`;
      });
    } catch (error) {
      const errorDetails = error as { code?: string; meta?: { modelName?: string } };
      if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
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
      name: '@azure/service-bus: receiveMessages loop with a read-modify-write save',
      code: `import { ServiceBusClient } from '@azure/service-bus';
import { AppDataSource } from './data-source';
import { Subscription } from './entities/subscription';

const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('usage');
const subscriptionRepository = AppDataSource.getRepository(Subscription);

export async function drain(): Promise<void> {
  const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 5000 });
  for (const message of messages) {
    const usage = message.body as { subscriptionId: string; units: number };
    const subscription = await subscriptionRepository.findOneByOrFail({ id: usage.subscriptionId });
    subscription.usedUnits = subscription.usedUnits + usage.units;
    await subscriptionRepository.save(subscription);
    await receiver.completeMessage(message);
  }
}`,
      errors: [
        {
          messageId: 'readModifyWrite',
          line: 14,
          column: 34,
          endLine: 14,
          endColumn: 52,
          suggestions: [],
        },
      ],
    },
    {
      name: '@azure/service-bus: manual completion, node-redis hIncrBy (require)',
      filename: 'consumer.js',
      code: `const { ServiceBusClient } = require('@azure/service-bus');
const { createClient } = require('redis');

const redis = createClient();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION).createReceiver('shares');

receiver.subscribe(
  {
    processMessage: async (message) => {
      await redis.hIncrBy(\`post:\${message.body.postId}\`, 'shares', 1);
      await receiver.completeMessage(message);
    },
    processError: async ({ error }) => console.error(error),
  },
  { autoCompleteMessages: false },
);`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 19,
          endLine: 10,
          endColumn: 70,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `const { ServiceBusClient } = require('@azure/service-bus');
const { createClient } = require('redis');

const redis = createClient();
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION).createReceiver('shares');

receiver.subscribe(
  {
    processMessage: async (message) => {
      const idempotencyKey = \`processed:\${message.messageId}\`;
      if ((await redis.set(idempotencyKey, '1', { NX: true, EX: 604800 })) === null) {
        await receiver.completeMessage(message);
        return;
      }
      try {
        await redis.hIncrBy(\`post:\${message.body.postId}\`, 'shares', 1);
        await receiver.completeMessage(message);
      } catch (error) {
        await redis.del(idempotencyKey);
        throw error;
      }
    },
    processError: async ({ error }) => console.error(error),
  },
  { autoCompleteMessages: false },
);`,
            },
          ],
        },
      ],
    },
    {
      name: '@azure/service-bus: processMessage by reference, Cosmos-style Mongo findOneAndUpdate $inc',
      code: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { MongoClient } from 'mongodb';

const quotas = new MongoClient(process.env.COSMOS_MONGO_URL!).db('billing').collection('quotas');
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('api-calls');

async function processMessage(message: ServiceBusReceivedMessage): Promise<void> {
  const call = message.body as { tenantId: string; units: number };
  await quotas.findOneAndUpdate({ tenantId: call.tenantId }, { $inc: { usedUnits: call.units } });
}

receiver.subscribe({
  processMessage,
  processError: async ({ error }) => console.error(error),
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 64,
          endLine: 9,
          endColumn: 95,
          suggestions: [
            {
              messageId: 'suggestMongoGuardedUpdate',
              output: `import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { MongoClient } from 'mongodb';

const quotas = new MongoClient(process.env.COSMOS_MONGO_URL!).db('billing').collection('quotas');
const receiver = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION!).createReceiver('api-calls');

async function processMessage(message: ServiceBusReceivedMessage): Promise<void> {
  const call = message.body as { tenantId: string; units: number };
  await quotas.findOneAndUpdate({ tenantId: call.tenantId, processedMessageIds: { $ne: message.messageId } }, { $inc: { usedUnits: call.units }, $push: { processedMessageIds: { $each: [message.messageId], $slice: -1000 } } });
}

receiver.subscribe({
  processMessage,
  processError: async ({ error }) => console.error(error),
});`,
            },
          ],
        },
      ],
    },

    // Redis streams (ioredis xreadgroup, node-redis xReadGroup)
    {
      name: 'ioredis-streams: xreadgroup loop with a zincrby pipeline',
      code: `import Redis from 'ioredis';

const redis = new Redis();

export async function consume(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'scores', 'worker-1', 'COUNT', 100, 'BLOCK', 5000, 'STREAMS', 'games', '>')) as [string, [string, string[]][]][] | null;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        const [, playerId, , points] = fields;
        await redis
          .pipeline()
          .zincrby('highscores:daily', Number(points), playerId)
          .zincrby('highscores:all-time', Number(points), playerId)
          .exec();
        await redis.xack('games', 'scores', id);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 12,
          endLine: 13,
          endColumn: 65,
          suggestions: [{ messageId: 'suggestGuard', output: `import Redis from 'ioredis';

const redis = new Redis();

export async function consume(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'scores', 'worker-1', 'COUNT', 100, 'BLOCK', 5000, 'STREAMS', 'games', '>')) as [string, [string, string[]][]][] | null;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        const [, playerId, , points] = fields;
        const idempotencyKey = \`processed:\${id}\`;
        if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
          await redis.xack('games', 'scores', id);
          continue;
        }
        try {
          await redis
            .pipeline()
            .zincrby('highscores:daily', Number(points), playerId)
            .zincrby('highscores:all-time', Number(points), playerId)
            .exec();
          await redis.xack('games', 'scores', id);
        } catch (error) {
          await redis.del(idempotencyKey);
          throw error;
        }
      }
    }
  }
}` }],
        },
        {
          messageId: 'relativeWrite',
          line: 14,
          column: 12,
          endLine: 14,
          endColumn: 68,
          suggestions: [{ messageId: 'suggestGuard', output: `import Redis from 'ioredis';

const redis = new Redis();

export async function consume(): Promise<void> {
  for (;;) {
    const reply = (await redis.xreadgroup('GROUP', 'scores', 'worker-1', 'COUNT', 100, 'BLOCK', 5000, 'STREAMS', 'games', '>')) as [string, [string, string[]][]][] | null;
    for (const [, entries] of reply ?? []) {
      for (const [id, fields] of entries) {
        const [, playerId, , points] = fields;
        const idempotencyKey = \`processed:\${id}\`;
        if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) {
          await redis.xack('games', 'scores', id);
          continue;
        }
        try {
          await redis
            .pipeline()
            .zincrby('highscores:daily', Number(points), playerId)
            .zincrby('highscores:all-time', Number(points), playerId)
            .exec();
          await redis.xack('games', 'scores', id);
        } catch (error) {
          await redis.del(idempotencyKey);
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
      name: 'ioredis-streams: node-redis xReadGroup loop with a pg UPDATE in a helper',
      code: `import { createClient } from 'redis';
import { Pool } from 'pg';

const redis = createClient();
const pool = new Pool();

async function applyRefund(fields: Record<string, string>): Promise<void> {
  await pool.query('UPDATE orders SET refunded_cents = refunded_cents + $1 WHERE id = $2', [Number(fields.cents), fields.orderId]);
}

export async function consume(): Promise<void> {
  for (;;) {
    const streams = await redis.xReadGroup('refunds', 'worker-1', { key: 'refunds', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        await applyRefund(entry.message);
        await redis.xAck('refunds', 'refunds', entry.id);
      }
    }
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 8,
          column: 39,
          endLine: 8,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { createClient } from 'redis';
import { Pool } from 'pg';

const redis = createClient();
const pool = new Pool();

async function applyRefund(fields: Record<string, string>): Promise<void> {
  await pool.query('UPDATE orders SET refunded_cents = refunded_cents + $1 WHERE id = $2', [Number(fields.cents), fields.orderId]);
}

export async function consume(): Promise<void> {
  for (;;) {
    const streams = await redis.xReadGroup('refunds', 'worker-1', { key: 'refunds', id: '>' }, { COUNT: 10, BLOCK: 5000 });
    for (const stream of streams ?? []) {
      for (const entry of stream.messages) {
        const idempotencyKey = entry.id;
        const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
        if (claim.rowCount === 0) {
          await redis.xAck('refunds', 'refunds', entry.id);
          continue;
        }
        try {
          await applyRefund(entry.message);
          await redis.xAck('refunds', 'refunds', entry.id);
        } catch (error) {
          await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
          throw error;
        }
      }
    }
  }
}`,
            },
          ],
        },
      ],
    },

    // NestJS
    {
      name: 'nestjs: @EventPattern handler with a Prisma decrement',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PrismaService } from './prisma.service';

@Controller()
export class SeatsController {
  constructor(private readonly prisma: PrismaService) {}

  @EventPattern('booking.confirmed')
  async onBookingConfirmed(@Payload() booking: { eventId: string; flightId: string; seats: number }) {
    await this.prisma.flight.update({
      where: { id: booking.flightId },
      data: { seatsLeft: { decrement: booking.seats } },
    });
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 13,
          column: 28,
          endLine: 13,
          endColumn: 52,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nestjs: @Process in a @nestjs/bull processor with a Sequelize increment',
      code: `import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { InjectModel } from '@nestjs/sequelize';
import { Course } from './course.model';

@Processor('enrollments')
export class EnrollmentProcessor {
  constructor(@InjectModel(Course) private readonly courseModel: typeof Course) {}

  @Process()
  async handle(job: Job<{ courseId: number }>): Promise<void> {
    await this.courseModel.increment('enrolledCount', { by: 1, where: { id: job.data.courseId } });
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 99,
          suggestions: [],
        },
      ],
    },
    {
      name: 'nestjs: WorkerHost.process with an ioredis incrby on an injected client',
      code: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import Redis from 'ioredis';

@Processor('api-usage')
export class ApiUsageProcessor extends WorkerHost {
  private readonly redis = new Redis(process.env.REDIS_URL!);

  async process(job: Job<{ apiKey: string; calls: number }>): Promise<void> {
    const month = new Date().toISOString().slice(0, 7);
    await this.redis.incrby(\`usage:\${job.data.apiKey}:\${month}\`, job.data.calls);
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 11,
          column: 22,
          endLine: 11,
          endColumn: 81,
          suggestions: [{ messageId: 'suggestGuard', output: `import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import Redis from 'ioredis';

@Processor('api-usage')
export class ApiUsageProcessor extends WorkerHost {
  private readonly redis = new Redis(process.env.REDIS_URL!);

  async process(job: Job<{ apiKey: string; calls: number }>): Promise<void> {
    const month = new Date().toISOString().slice(0, 7);
    const idempotencyKey = \`processed:\${job.queueName}:\${job.id}\`;
    if ((await this.redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
    try {
      await this.redis.incrby(\`usage:\${job.data.apiKey}:\${month}\`, job.data.calls);
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
      name: 'nestjs: @MessagePattern over RMQ, helper method with a pg UPDATE',
      code: `import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class LoyaltyController {
  private readonly pool = new Pool();

  @MessagePattern('purchase.completed')
  async onPurchase(@Payload() purchase: { customerId: string; cents: number }, @Ctx() context: RmqContext) {
    await this.addPoints(purchase.customerId, Math.floor(purchase.cents / 100));
    context.getChannelRef().ack(context.getMessage());
  }

  private async addPoints(customerId: string, points: number): Promise<void> {
    await this.pool.query('UPDATE customers SET points = points + $1 WHERE id = $2', [points, customerId]);
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 16,
          column: 49,
          endLine: 16,
          endColumn: 69,
          suggestions: [
            {
              messageId: 'suggestGuard',
              output: `import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { Pool } from 'pg';

@Controller()
export class LoyaltyController {
  private readonly pool = new Pool();

  @MessagePattern('purchase.completed')
  async onPurchase(@Payload() purchase: { customerId: string; cents: number }, @Ctx() context: RmqContext) {
    const idempotencyKey = context.getMessage().properties.messageId;
    const claim = await this.pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) {
      context.getChannelRef().ack(context.getMessage());
      return;
    }
    try {
      await this.addPoints(purchase.customerId, Math.floor(purchase.cents / 100));
      context.getChannelRef().ack(context.getMessage());
    } catch (error) {
      await this.pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  }

  private async addPoints(customerId: string, points: number): Promise<void> {
    await this.pool.query('UPDATE customers SET points = points + $1 WHERE id = $2', [points, customerId]);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'nestjs: @RabbitSubscribe handler with a TypeORM query builder increment',
      code: `import { Injectable } from '@nestjs/common';
import { RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Playlist } from './playlist.entity';

@Injectable()
export class PlaylistFollowers {
  constructor(@InjectRepository(Playlist) private readonly playlists: Repository<Playlist>) {}

  @RabbitSubscribe({ exchange: 'social', routingKey: 'playlist.followed', queue: 'playlist-followers' })
  async onFollowed(event: { playlistId: string }): Promise<void> {
    await this.playlists
      .createQueryBuilder()
      .update(Playlist)
      .set({ followers: () => 'followers + 1' })
      .where('id = :id', { id: event.playlistId })
      .execute();
  }
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 16,
          column: 8,
          endLine: 16,
          endColumn: 49,
          suggestions: [],
        },
      ],
    },

    // generic: settings.idempotency.consumers and /** @consumer */
    {
      name: 'generic: bus.subscribe from settings, zincrby on a trending board',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import Redis from 'ioredis';
import { bus } from './infra/bus';

const redis = new Redis();

bus.subscribe('article.viewed', async (evt: { id: string; articleId: string; section: string }) => {
  const day = new Date().toISOString().slice(0, 10);
  await redis.zincrby(\`trending:\${evt.section}:\${day}\`, 1, evt.articleId);
});

export function close(): Promise<string> {
  return redis.quit();
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 8,
          column: 15,
          endLine: 8,
          endColumn: 74,
          suggestions: [{ messageId: 'suggestGuard', output: `import Redis from 'ioredis';
import { bus } from './infra/bus';

const redis = new Redis();

bus.subscribe('article.viewed', async (evt: { id: string; articleId: string; section: string }) => {
  const day = new Date().toISOString().slice(0, 10);
  const idempotencyKey = \`processed:\${evt.id}\`;
  if ((await redis.set(idempotencyKey, '1', 'EX', 604800, 'NX')) === null) return;
  try {
    await redis.zincrby(\`trending:\${evt.section}:\${day}\`, 1, evt.articleId);
  } catch (error) {
    await redis.del(idempotencyKey);
    throw error;
  }
});

export function close(): Promise<string> {
  return redis.quit();
}` }],
        },
      ],
    },
    {
      name: 'generic: /** @consumer */ function with a pg UPDATE',
      code: `import { Pool } from 'pg';

const pool = new Pool();

/** @consumer */
export async function onInvoicePaid(message: { id: string; invoiceId: string; customerId: string; cents: number }): Promise<void> {
  await pool.query('UPDATE invoices SET paid_at = now() WHERE id = $1', [message.invoiceId]);
  await pool.query(
    'UPDATE customers SET lifetime_value_cents = lifetime_value_cents + $1 WHERE id = $2',
    [message.cents, message.customerId],
  );
}`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 75,
          suggestions: [
            {
              messageId: 'suggestSqlGuardedUpdate',
              output: `import { Pool } from 'pg';

const pool = new Pool();

/** @consumer */
export async function onInvoicePaid(message: { id: string; invoiceId: string; customerId: string; cents: number }): Promise<void> {
  await pool.query('UPDATE invoices SET paid_at = now() WHERE id = $1', [message.invoiceId]);
  await pool.query(
    'WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE customers SET lifetime_value_cents = lifetime_value_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)',
    [message.cents, message.customerId, message.id],
  );
}`,
            },
            {
              messageId: 'suggestGuard',
              output: `import { Pool } from 'pg';

const pool = new Pool();

/** @consumer */
export async function onInvoicePaid(message: { id: string; invoiceId: string; customerId: string; cents: number }): Promise<void> {
  const idempotencyKey = message.id;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    await pool.query('UPDATE invoices SET paid_at = now() WHERE id = $1', [message.invoiceId]);
    await pool.query(
      'UPDATE customers SET lifetime_value_cents = lifetime_value_cents + $1 WHERE id = $2',
      [message.cents, message.customerId],
    );
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: handler object with handlerMethod and a configured messageId (require)',
      filename: 'consumer.js',
      settings: { idempotency: { consumers: [{ callee: 'eventBus.register', handlerArg: 0, handlerMethod: 'handle', messageId: 'meta.eventId' }] } },
      code: `const { Pool } = require('pg');
const { eventBus } = require('./event-bus');

const pool = new Pool();

eventBus.register({
  topic: 'review.created',
  async handle(event) {
    await pool.query(
      'UPDATE restaurants SET review_count = review_count + 1, star_total = star_total + $1 WHERE id = $2',
      [event.stars, event.restaurantId],
    );
  },
});`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 10,
          column: 31,
          endLine: 10,
          endColumn: 62,
          suggestions: [
            {
              messageId: 'suggestSqlGuardedUpdate',
              output: `const { Pool } = require('pg');
const { eventBus } = require('./event-bus');

const pool = new Pool();

eventBus.register({
  topic: 'review.created',
  async handle(event) {
    await pool.query(
      'WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE restaurants SET review_count = review_count + 1, star_total = star_total + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)',
      [event.stars, event.restaurantId, event.meta.eventId],
    );
  },
});`,
            },
            {
              messageId: 'suggestGuard',
              output: `const { Pool } = require('pg');
const { eventBus } = require('./event-bus');

const pool = new Pool();

eventBus.register({
  topic: 'review.created',
  async handle(event) {
    const idempotencyKey = event.meta.eventId;
    const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
    if (claim.rowCount === 0) return;
    try {
      await pool.query(
        'UPDATE restaurants SET review_count = review_count + 1, star_total = star_total + $1 WHERE id = $2',
        [event.stars, event.restaurantId],
      );
    } catch (error) {
      await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
      throw error;
    }
  },
});`,
            },
          ],
        },
      ],
    },
    {
      name: 'generic: custom dedup check not configured in dedupFunctions is not a guard',
      settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } },
      code: `import { Pool } from 'pg';
import { bus } from './infra/bus';
import { inbox } from './infra/inbox';

const pool = new Pool();

bus.subscribe('order.refunded', async (evt: { id: string; customerId: string; cents: number }) => {
  if (!(await inbox.accept(evt.id))) return;
  await pool.query('UPDATE customers SET refunds_cents = refunds_cents + $1 WHERE id = $2', [evt.cents, evt.customerId]);
});

export const close = () => pool.end();`,
      errors: [
        {
          messageId: 'relativeWrite',
          line: 9,
          column: 42,
          endLine: 9,
          endColumn: 76,
          suggestions: [
            {
              messageId: 'suggestSqlGuardedUpdate',
              output: `import { Pool } from 'pg';
import { bus } from './infra/bus';
import { inbox } from './infra/inbox';

const pool = new Pool();

bus.subscribe('order.refunded', async (evt: { id: string; customerId: string; cents: number }) => {
  if (!(await inbox.accept(evt.id))) return;
  await pool.query('WITH idempotency_claim AS (INSERT INTO processed_messages (id) VALUES ($3) ON CONFLICT DO NOTHING RETURNING 1) UPDATE customers SET refunds_cents = refunds_cents + $1 WHERE (id = $2) AND EXISTS (SELECT 1 FROM idempotency_claim)', [evt.cents, evt.customerId, evt.id]);
});

export const close = () => pool.end();`,
            },
            {
              messageId: 'suggestGuard',
              output: `import { Pool } from 'pg';
import { bus } from './infra/bus';
import { inbox } from './infra/inbox';

const pool = new Pool();

bus.subscribe('order.refunded', async (evt: { id: string; customerId: string; cents: number }) => {
  const idempotencyKey = evt.id;
  const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [idempotencyKey]);
  if (claim.rowCount === 0) return;
  try {
    if (!(await inbox.accept(evt.id))) return;
    await pool.query('UPDATE customers SET refunds_cents = refunds_cents + $1 WHERE id = $2', [evt.cents, evt.customerId]);
  } catch (error) {
    await pool.query('DELETE FROM processed_messages WHERE id = $1', [idempotencyKey]);
    throw error;
  }
});

export const close = () => pool.end();`,
            },
          ],
        },
      ],
    },
    {
      name: 'aws-lambda: a DynamoDB client wrapped by AWSXRay.captureAWS is still DynamoDB',
      filename: 'hits.js',
      code: `const AWSXRay = require('aws-xray-sdk');
const AWS = AWSXRay.captureAWS(require('aws-sdk'));

exports.handler = async function (event) {
  const dynamo = new AWS.DynamoDB();
  const path = event.Records[0].Sns.Message;
  await dynamo.updateItem({ TableName: process.env.HITS, Key: { path: { S: path } }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } }).promise();
};`,
      errors: [{ messageId: 'relativeWrite', line: 7 }],
    },
    {
      name: 'aws-lambda: a key built from Math.random and Date.now is fresh on every delivery',
      code: `import type { SQSEvent } from 'aws-lambda';
import { DynamoDB } from 'aws-sdk';

const ddb = new DynamoDB();

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const detail = JSON.parse(record.body);
    await ddb.putItem({ TableName: 'errors', Item: { RequestID: { S: Math.random().toString(36).substring(2) + Date.now().toString(36) }, SiteUrl: { S: detail.siteUrl } } }).promise();
  }
};`,
      errors: [{ messageId: 'freshKeyInsert', line: 9 }],
    },
    {
      name: 'nestjs: a comment line between the call and its relative part does not move the finding',
      code: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

@Controller()
export class TicketsController {
  @EventPattern('tickets.sold')
  async onSold(@Payload() message: { eventId: string; quantity: number }) {
    await prisma.concertEvent.update({
      where: { id: message.eventId },
      // remaining tickets go down by the quantity sold
      data: { remainingTickets: { decrement: message.quantity } },
    });
  }
}`,
      errors: [{ messageId: 'relativeWrite', line: 14, column: 35 , suggestions: [{ messageId: 'suggestGuard', output: `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

@Controller()
export class TicketsController {
  @EventPattern('tickets.sold')
  async onSold(@Payload() message: { eventId: string; quantity: number }) {
    const idempotencyKey = message.eventId;
    try {
      await prisma.$transaction(async (tx) => {
        await tx.processedMessage.create({ data: { id: idempotencyKey } });
        await tx.concertEvent.update({
          where: { id: message.eventId },
          // remaining tickets go down by the quantity sold
          data: { remainingTickets: { decrement: message.quantity } },
        });
      });
    } catch (error) {
      const errorDetails = error as { code?: string; meta?: { modelName?: string } };
      if (errorDetails.code === 'P2002' && errorDetails.meta?.modelName === 'ProcessedMessage') return;
      throw error;
    }
  }
}` }] }],
    },
  ],
};
