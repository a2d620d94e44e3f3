/**
 * Consumers of the libraries and senders added with issue 10 (kafka-node, node-rdkafka, MQTT.js,
 * Rascal, pg-boss, graphile-worker, Bee-Queue, Azure Functions, Firebase / Cloud Functions, signed
 * webhooks), shared by the rule case files: each scenario is asserted by every rule it concerns.
 */

/** kafka-node ConsumerGroup crediting loyalty points; `autoCommit: false` with a commit after the work when `manual`. */
export function kafkaNodeGroup(manual: boolean): string {
  return `const kafka = require('kafka-node');
const { Pool } = require('pg');

const pool = new Pool();
const consumer = new kafka.ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: 'loyalty'${manual ? ', autoCommit: false' : ''} }, ['orders']);

consumer.on('message', async (message) => {
  const order = JSON.parse(message.value);
  await pool.query('UPDATE wallets SET points = points + $1 WHERE user_id = $2', [order.points, order.userId]);${manual ? "\n  consumer.commit(() => {});" : ''}
});`;
}

/** node-rdkafka flowing consumer indexing products (an absolute write); auto-commit unless `manual`. */
export function rdkafkaFlowing(manual: boolean): string {
  return `import Kafka from 'node-rdkafka';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka.KafkaConsumer({ 'group.id': 'catalog', 'metadata.broker.list': 'kafka:9092'${manual ? ", 'enable.auto.commit': false" : ''} }, {});

consumer.connect();
consumer
  .on('ready', () => {
    consumer.subscribe(['products']);
    consumer.consume();
  })
  .on('data', async (data) => {
    const product = JSON.parse(data.value.toString());
    await pool.query('UPDATE products SET price = $1 WHERE id = $2', [product.price, product.id]);${manual ? '\n    consumer.commitMessage(data);' : ''}
  });`;
}

/** MQTT.js telemetry listener storing readings; `qos` of the subscription. */
export function mqttTelemetry(qos: 0 | 1): string {
  return `import mqtt from 'mqtt';
import { Pool } from 'pg';

const pool = new Pool();
const client = mqtt.connect('mqtt://broker:1883');

client.on('connect', () => {
  client.subscribe('meters/+/reading'${qos > 0 ? `, { qos: ${qos} }` : ''});
});

client.on('message', async (topic, payload) => {
  const reading = JSON.parse(payload.toString());
  await pool.query('UPDATE meters SET last_value = $1 WHERE id = $2', [reading.value, reading.meterId]);
});`;
}

/** Rascal subscription sending a receipt; `ackOrNack()` before the work, or after it with `ackOrNack(err)` on failure. */
export function rascalReceipts(ackFirst: boolean): string {
  const work = `    await mailer.sendMail({ to: content.email, subject: 'Your receipt' });`;
  return `import { BrokerAsPromised as Broker } from 'rascal';
import { mailer } from './mailer';
import config from './config';

export async function start() {
  const broker = await Broker.create(config);
  const subscription = await broker.subscribe('receipts');
  subscription.on('message', async (message, content, ackOrNack) => {
${ackFirst ? `    ackOrNack();\n${work}` : `    try {\n  ${work}\n      ackOrNack();\n    } catch (err) {\n      ackOrNack(err);\n    }`}
  });
}`;
}

/** pg-boss v10 worker crediting a referral bonus (a Prisma increment). */
export const pgBossReferral = `import PgBoss from 'pg-boss';
import { prisma } from './db';

const boss = new PgBoss(process.env.DATABASE_URL!);

export async function start() {
  await boss.start();
  await boss.work('referral-bonus', async ([job]) => {
    await prisma.account.update({
      where: { id: job.data.referrerId },
      data: { credits: { increment: 5 } },
    });
  });
}`;

/** graphile-worker task list whose task sends an SMS. */
export const graphileTaskList = `import { run } from 'graphile-worker';
import { sms } from './sms';

export async function main() {
  await run({
    connectionString: process.env.DATABASE_URL,
    taskList: {
      send_reminder: async (payload, helpers) => {
        helpers.logger.info('sending reminder');
        await sms.messages.create({ to: payload.phone, body: payload.text });
      },
    },
  });
}`;

/** Bee-Queue processor inserting a shipment row. */
export const beeQueueShipments = `const Queue = require('bee-queue');
const { pool } = require('./db');

const queue = new Queue('shipments');

queue.process(async (job) => {
  await pool.query('INSERT INTO shipments (order_id, carrier) VALUES ($1, $2)', [job.data.orderId, job.data.carrier]);
});`;

/** Azure Functions v4 Service Bus trigger; the catch only logs unless `rethrow`. */
export function azureServiceBus(rethrow: boolean): string {
  return `import { app, InvocationContext } from '@azure/functions';
import { pool } from './db';

app.serviceBusQueue('ledger', {
  connection: 'ServiceBus',
  queueName: 'payments',
  handler: async (message: { accountId: string; amount: number }, context: InvocationContext) => {
    try {
      await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [message.amount, message.accountId]);
    } catch (err) {
      context.error('ledger update failed', err);${rethrow ? '\n      throw err;' : ''}
    }
  },
});`;
}

/** An Azure Functions HTTP trigger with the same write: a request, not a delivery. */
export const azureHttpCounter = `import { app } from '@azure/functions';
import { pool } from './db';

app.http('like', {
  methods: ['POST'],
  handler: async (request) => {
    const { postId } = (await request.json()) as { postId: string };
    await pool.query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [postId]);
    return { status: 204 };
  },
});`;

/** Firebase v1 Firestore trigger counting followers (the reference comes from the document's data). */
export const firestoreFollowerCount = `import * as functions from 'firebase-functions';
import * as admin from 'firebase-admin';

export const onFollow = functions.firestore.document('users/{uid}/followers/{followerId}').onCreate(async (snap, context) => {
  const follow = snap.data();
  await follow.userRef.update({ followers: admin.firestore.FieldValue.increment(1) });
});`;

/** Firebase v2 trigger writing a notification to a new document. */
export const firestoreV2Notification = `import { onDocumentCreated } from 'firebase-functions/v2/firestore';
import { getFirestore } from 'firebase-admin/firestore';

const db = getFirestore();

export const notifyOnComment = onDocumentCreated('posts/{postId}/comments/{commentId}', async (event) => {
  const comment = event.data?.data();
  if (!comment) return;
  await db.collection('notifications').add({ userId: comment.postAuthor, text: comment.text });
});`;

/** A callable function with the same counter: answered to its caller, not delivered. */
export const firebaseCallable = `import * as functions from 'firebase-functions';
import * as admin from 'firebase-admin';

export const like = functions.https.onCall(async (data) => {
  await admin.firestore().doc(\`posts/\${data.postId}\`).update({ likes: admin.firestore.FieldValue.increment(1) });
});`;

/** Functions Framework CloudEvent function sending a welcome email. */
export const cloudEventWelcome = `import * as functions from '@google-cloud/functions-framework';
import { sendWelcome } from './mail';

functions.cloudEvent('welcome', async (cloudEvent) => {
  const user = cloudEvent.data as { email: string };
  await sendWelcome(user.email);
});`;

/**
 * Stripe webhook in Express crediting purchased credits. `answer`: where the route answers the
 * delivery (`first`: before the work; `last`: after it). `guarded`: a processed-events insert on the
 * event id first.
 */
export function stripeExpress(answer: 'first' | 'last', guarded = false): string {
  const guard = guarded
    ? `
  const { rowCount } = await pool.query('INSERT INTO processed_events (id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  if (rowCount === 0) return res.sendStatus(200);`
    : '';
  return `import express from 'express';
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
  }${answer === 'first' ? "\n  res.json({ received: true });" : ''}${guard}
  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    await pool.query('UPDATE users SET credits = credits + $1 WHERE id = $2', [Number(session.metadata!.credits), session.client_reference_id]);
  }${answer === 'last' ? '\n  res.json({ received: true });' : ''}
});`;
}

/** A Next.js route handler verifying Stripe events; the catch answers `status` after a failed provisioning. */
export function stripeNextRoute(status: 200 | 500): string {
  return `import { NextResponse } from 'next/server';
import { stripe } from '@/lib/stripe';
import { pool } from '@/lib/db';

export async function POST(req: Request) {
  const body = await req.text();
  const signature = req.headers.get('stripe-signature')!;
  const event = await stripe.webhooks.constructEventAsync(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  try {
    if (event.type === 'customer.subscription.created') {
      await pool.query('INSERT INTO teams (stripe_customer, seats) VALUES ($1, 5)', [event.data.object.customer]);
    }
  } catch (err) {
    console.error('provisioning failed', err);
    return NextResponse.json({ error: 'failed' }, { status: ${status} });
  }
  return NextResponse.json({ received: true });
}`;
}

/** An unsigned HTTP route with the same relative write: a request, not a webhook delivery. */
export const unsignedRoute = `import express from 'express';
import { pool } from './db';

const app = express();

app.post('/posts/:id/like', async (req, res) => {
  await pool.query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [req.params.id]);
  res.json({ ok: true });
});`;

/** Clerk (Svix) user-sync route sending a welcome email. */
export const svixClerkRoute = `import { Webhook } from 'svix';
import { headers } from 'next/headers';
import { sendWelcomeEmail } from '@/lib/mail';

export async function POST(req: Request) {
  const headerList = await headers();
  const svixId = headerList.get('svix-id')!;
  const payload = await req.text();
  const wh = new Webhook(process.env.CLERK_WEBHOOK_SECRET!);
  const evt = wh.verify(payload, {
    'svix-id': svixId,
    'svix-timestamp': headerList.get('svix-timestamp')!,
    'svix-signature': headerList.get('svix-signature')!,
  }) as { type: string; data: { email_addresses: { email_address: string }[] } };
  if (evt.type === 'user.created') {
    await sendWelcomeEmail(evt.data.email_addresses[0]!.email_address);
  }
  return new Response('ok', { status: 200 });
}`;

/** @octokit/webhooks handler posting a comment on each new issue. */
export const octokitIssueComment = `import { Webhooks } from '@octokit/webhooks';
import { pool } from './db';

export const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

webhooks.on('issues.opened', async ({ payload }) => {
  await pool.query('UPDATE repos SET open_issues = open_issues + 1 WHERE id = $1', [payload.repository.id]);
});`;

/** Shopify order webhook in Express with its own HMAC check, inserting a fulfilment row. */
export const shopifyHmacRoute = `import crypto from 'node:crypto';
import express from 'express';
import { pool } from './db';

const app = express();

app.post('/webhooks/orders-paid', express.raw({ type: 'application/json' }), async (req, res) => {
  const hmac = req.get('X-Shopify-Hmac-Sha256') ?? '';
  const digest = crypto.createHmac('sha256', process.env.SHOPIFY_SECRET!).update(req.body).digest('base64');
  if (!crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(hmac))) return res.sendStatus(401);
  const order = JSON.parse(req.body.toString());
  await pool.query('INSERT INTO fulfilments (order_id, created_at) VALUES ($1, now())', [order.id]);
  res.sendStatus(200);
});`;

/** @golevelup/nestjs-rabbitmq subscriber; the catch settles with `new Nack(false)` (dead-letter) or only logs. */
export function rabbitSubscribeNack(nack: boolean): string {
  return `import { Injectable, Logger } from '@nestjs/common';
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
      this.logger.error(err);${nack ? '\n      return new Nack(false);' : ''}
    }
  }
}`;
}

/** Probot-style handler posting a comment through the GitHub REST API. */
export const octokitWelcomeComment = `import { Webhooks } from '@octokit/webhooks';
import { Octokit } from '@octokit/rest';

const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN });
export const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET! });

webhooks.on('pull_request.opened', async ({ payload }) => {
  await octokit.rest.issues.createComment({
    owner: payload.repository.owner.login,
    repo: payload.repository.name,
    issue_number: payload.pull_request.number,
    body: 'Thanks! A maintainer will review this soon.',
  });
});`;

/** graphile-worker task recording a sync row through a knex instance kept on a module object, then texting the contact. */
export const graphileKnexOnObject = `import type { Task } from 'graphile-worker';
import { r } from '../models';
import { numbers } from '../numbers';

export const queueSync: Task = async (payload: { actionId: number; phone: string }) => {
  await r.knex('action_sync').insert({ action_id: payload.actionId });
  await numbers.sms.sendMessage({ to: payload.phone, body: 'Thanks for your reply' });
};`;

/** A handler calling a helper with a literal flag; the helper only emails when the flag is false. */
export function flagHelper(flag: boolean): string {
  return `import { Kafka } from 'kafkajs';
import { mailer } from './mailer';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'accounts' });

async function updateAccount(email: string, revoke: boolean) {
  if (revoke) {
    return;
  }
  await mailer.sendMail({ to: email, subject: 'Your account was updated' });
}

export async function start() {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { email } = JSON.parse(message.value!.toString());
      await updateAccount(email, ${flag});
    },
  });
}`;
}

/** A Stripe webhook forwarding the subscription to an account service over an RPC-style POST (`{ method, params }`). */
export function rpcClientRoute(method: 'upsertSubscription' | 'createSubscriptionEvent'): string {
  return `import express from 'express';
import Stripe from 'stripe';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const app = express();

class AccountClient {
  constructor(private readonly url: string) {}

  async ${method}(subscription: { id: string; status: string }): Promise<void> {
    await this.rpc({ method: '${method}', params: subscription });
  }

  private async rpc(request: { method: string; params: unknown }): Promise<void> {
    const response = await fetch(this.url, { method: 'POST', body: JSON.stringify(request) });
    if (!response.ok) throw new Error('account service failed');
  }
}

const accounts = new AccountClient(process.env.ACCOUNTS_URL!);

app.post('/stripe/webhook', express.raw({ type: 'application/json' }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'] as string, process.env.STRIPE_WEBHOOK_SECRET!);
  const subscription = event.data.object as Stripe.Subscription;
  await accounts.${method}({ id: subscription.id, status: subscription.status });
  res.json({ received: true });
});`;
}

/** An @octokit/app with an OAuth listener (the app's own token events) and a webhook handler. */
export const octokitAppOauthAndWebhook = `import { App } from '@octokit/app';
import { pool } from './db';

const app = new App({ appId: 1, privateKey: process.env.KEY!, oauth: { clientId: 'id', clientSecret: 'secret' }, webhooks: { secret: 's' } });

app.oauth.on('token.created', async ({ token }) => {
  await pool.query('INSERT INTO tokens (token) VALUES ($1)', [token]);
});

app.webhooks.on('issues.opened', async ({ payload }) => {
  await pool.query('INSERT INTO issues (id) VALUES ($1)', [payload.issue.id]);
});`;
