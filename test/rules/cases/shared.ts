/**
 * Consumer code shared by several rules' cases: the same scenario asserted by each rule it concerns.
 */

/**
 * A kafkajs consumer whose same-file helper creates a view only when none exists and returns whether
 * it did (`return true` / `return false`); `gated` puts the streak increment behind that answer.
 */
export function guardedCreateConsumer(gated: boolean): string {
  const work = gated
    ? `if (saved) {
        await pool.query('UPDATE streaks SET current = current + 1 WHERE user_id = $1', [view.userId]);
      }`
    : `await pool.query('UPDATE streaks SET current = current + 1 WHERE user_id = $1', [view.userId]);`;
  return `import { Kafka } from 'kafkajs';
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
    eachMessage: async ({ message }) => {
      const view = JSON.parse(message.value!.toString());
      let saved = false;
      await dataSource.transaction(async () => {
        try {
          saved = await addView(view);
        } catch (error) {
          if ((error as { code?: string }).code === '23503') return;
          throw error;
        }
      });
      ${work}
    },
  });
}`;
}

/**
 * A BullMQ processor handing a resource to a helper that leaves unless the resource's status allows
 * the parse and then changes it: a state guard when `resource` is the row the processor read, not
 * when it is built from the job's data.
 */
export function parseResourceWorker(resource: 'read' | 'built'): string {
  const row =
    resource === 'read'
      ? `const resource = await prisma.resource.findFirst({ where: { resourceId: job.data.resourceId } });
  if (!resource) return;`
      : `const resource = { resourceId: job.data.resourceId, indexStatus: job.data.status };`;
  return `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

async function parseResource(resource: { resourceId: string; indexStatus: string }) {
  if (resource.indexStatus !== 'wait_parse' && resource.indexStatus !== 'parse_failed') return resource;
  await prisma.fileParseRecord.create({ data: { resourceId: resource.resourceId, pages: 3 } });
  return prisma.resource.update({ where: { resourceId: resource.resourceId }, data: { indexStatus: 'wait_index' } });
}

export const worker = new Worker('finalize', async (job) => {
  ${row}
  await parseResource(resource);
});`;
}

/**
 * A BullMQ processor whose catch runs a try / catch of its own (`inner`: a failed-status write or a
 * clean-up, its failure only logged) and then `rethrow`s the original error or not.
 */
export function failureHandlingWorker(inner: string, rethrow: boolean): string {
  return `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('skills', async (job) => {
  try {
    await prisma.actionResult.create({ data: { resultId: job.data.resultId, status: 'running' } });
  } catch (err) {
    try {
      ${inner}
    } catch (handlingError) {
      console.error('could not handle the failure', handlingError);
    }${rethrow ? '\n    throw err;' : ''}
  }
});`;
}

/**
 * An SQS consumer (NestJS) saving an item: `new Item({ ...item, imageUrl })` of the row it read (an
 * update by primary key), or `new Item({ imageUrl })` (an insert).
 */
export function itemSaveConsumer(saved: 'row-read' | 'new'): string {
  const save =
    saved === 'row-read'
      ? `const { id, imageUrl } = JSON.parse(message.Body!);
    const item = await this.itemsRepository.findOneBy({ id });
    await this.itemsRepository.save(new Item({ ...item, imageUrl }));`
      : `const { imageUrl } = JSON.parse(message.Body!);
    await this.itemsRepository.save(new Item({ imageUrl }));`;
  return `import { Injectable } from '@nestjs/common';
import { SqsMessageHandler } from '@ssut/nestjs-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { Repository } from 'typeorm';
import { Item } from './item.entity';

@Injectable()
export class ItemConsumer {
  constructor(private readonly itemsRepository: Repository<Item>) {}

  @SqsMessageHandler('items', false)
  async handle(message: Message) {
    ${save}
  }
}`;
}

/**
 * A Pub/Sub listener inserting mentions through a TypeORM query builder kept in a variable and run
 * later in the function, with its conflict handling chained there (`query.orIgnore().execute()`) or not.
 */
export function heldInsertBuilderListener(orIgnore: boolean): string {
  return `import { PubSub } from '@google-cloud/pubsub';
import { dataSource } from './db';
import { CommentMention } from './entities';

new PubSub().subscription('comment-edited').on('message', async (message) => {
  const { commentId, userIds } = JSON.parse(message.data.toString());
  const query = dataSource.createQueryBuilder().insert().into(CommentMention);
  query.values(userIds.map((id: string) => ({ commentId, mentionedUserId: id })));
  await query${orIgnore ? '.orIgnore()' : ''}.execute();
  message.ack();
});`;
}

/**
 * A kafkajs consumer that deletes a comment's embeds by a filter and inserts the new set: the rows
 * of that key replaced (`filter` is `{ parentType, parentId }`), or an unrelated clean-up before an
 * insert (`{ expired: true }`).
 */
export function replaceEmbedsConsumer(filter: string): string {
  return `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { ContentEmbed } from './entities';

const consumer = new Kafka({ clientId: 'comments', brokers: ['kafka:9092'] }).consumer({ groupId: 'comments' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const { commentId, urls } = JSON.parse(message.value!.toString());
      const parentType = 'comment';
      const parentId = commentId;
      const repo = dataSource.getRepository(ContentEmbed);
      await repo.delete(${filter});
      await repo.insert(urls.map((url: string) => repo.create({ url, parentType, parentId })));
    },
  });
}`;
}

/**
 * A BullMQ processor that creates an allowlist row with pg-promise only when `SELECT 1 FROM
 * allowlists` found none; `table` is where the insert goes (the same table, or another).
 */
export function createIfAbsentSqlWorker(table: string): string {
  return `import { Worker } from 'bullmq';
import pgPromise from 'pg-promise';

const idb = pgPromise()(process.env.DATABASE_URL!);

export const worker = new Worker('mints', async (job) => {
  const exists = await idb.oneOrNone('SELECT 1 FROM allowlists WHERE allowlists.id = $/id/', { id: job.data.id });
  if (!exists) {
    await idb.none('INSERT INTO ${table} (id) VALUES ($/id/)', { id: job.data.id });
  }
});`;
}

/**
 * A BullMQ processor copying a file and then, as a best effort, a row into `store`
 * (`driveFileParseCache`: a cache, rebuilt on the next read; or `driveFileParseRecord`).
 */
export function bestEffortCopyWorker(store: string): string {
  return `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';
import { randomUUID } from 'node:crypto';

const prisma = new PrismaClient();

export const worker = new Worker('duplicate', async (job) => {
  await prisma.driveFile.upsert({ where: { fileId: job.data.targetId }, create: { fileId: job.data.targetId }, update: {} });
  try {
    await prisma.${store}.create({ data: { id: randomUUID(), fileId: job.data.targetId } });
  } catch (error) {
    console.warn('continuing without the copy', error);
  }
});`;
}

/**
 * A Pub/Sub listener POSTing a JSON-RPC batch built by a same-file helper with `method`
 * (`eth_call` reads; `eth_sendRawTransaction` does not).
 */
export function jsonRpcBatchListener(method: string): string {
  return `import { PubSub } from '@google-cloud/pubsub';

function createBatch(tokens: { id: number; data: string; to: string }[]) {
  return tokens.map((token) => ({ jsonrpc: '2.0', id: token.id, method: '${method}', params: [{ data: token.data, to: token.to }, 'latest'] }));
}

new PubSub().subscription('token-uris').on('message', async (message) => {
  const tokens = JSON.parse(message.data.toString());
  const response = await fetch(process.env.RPC_URL!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(createBatch(tokens)) });
  console.log(await response.text());
  message.ack();
});`;
}

/** A node-redis stream poll: reads up to ten entries of `sites`, then `body` handles and acks them. */
export function streamPoll(body: string): string {
  return `import { createClient } from 'redis';
import { Pool } from 'pg';

const client = createClient({ url: process.env.REDIS_URL });
const pool = new Pool();

export async function poll(consumer: string): Promise<void> {
  const reply = await client.xReadGroup('checks', consumer, { key: 'sites', id: '>' }, { COUNT: 10 });
  const entries = reply?.[0]?.messages ?? [];
${body}
  await client.xAck('sites', 'checks', entries.map(({ id }) => id));
}
`;
}

/**
 * A node-redis stream poll whose entries a same-file helper reads and returns; each entry's relative
 * update is started by a block-bodied `map` callback that drops its promise, then one XACK acks all.
 */
export const streamHelperPoll = `import { createClient } from 'redis';
import { Pool } from 'pg';

const client = createClient({ url: process.env.REDIS_URL });
const pool = new Pool();

async function readChecks(consumer: string) {
  const reply = await client.xReadGroup('checks', consumer, { key: 'sites', id: '>' }, { COUNT: 10 });
  if (!reply) return [];
  return reply[0].messages;
}

async function recordCheck(siteId: string, status: string): Promise<void> {
  await pool.query('UPDATE sites SET checks = checks + 1, status = $2 WHERE id = $1', [siteId, status]);
}

export async function poll(consumer: string): Promise<void> {
  const entries = await readChecks(consumer);
  const pending = entries.map(({ message }) => {
    recordCheck(message.siteId, message.status);
  });
  await Promise.all(pending);
  await client.xAck('sites', 'checks', entries.map(({ id }) => id));
}
`;

/** A NestJS Kafka-transport event handler that updates a payment, then publishes with `emit` as `statement` says. */
export function kafkaEmitController(statement: string, importRxjs = false): string {
  return `import { Controller, Inject } from '@nestjs/common';
import { ClientKafka, Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Pool } from 'pg';
${importRxjs ? "import { lastValueFrom } from 'rxjs';\n" : ''}
const pool = new Pool();

@Controller()
export class PaymentsController {
  constructor(@Inject('KAFKA') private readonly kafkaClient: ClientKafka) {}

  @EventPattern('payment.created')
  async handlePaymentCreated(@Payload() data: { paymentId: string }, @Ctx() context: KafkaContext) {
    await pool.query('UPDATE payments SET status = $1 WHERE id = $2', ['SETTLED', data.paymentId]);
    ${statement}
  }
}
`;
}
