import { Kafka, type EachMessagePayload } from 'kafkajs';
import { PrismaClient } from '@prisma/client';
import { createClient } from 'redis';

const kafka = new Kafka({ clientId: 'customer-ltv', brokers: process.env.KAFKA_BROKERS!.split(',') });
const consumer = kafka.consumer({ groupId: 'customer-ltv' });
const prisma = new PrismaClient();
const redis = createClient({ url: process.env.REDIS_URL });

type OrderCompleted = { eventId: string; orderId: string; customerId: string; totalCents: number };

const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

async function handleOrderCompleted({ message }: EachMessagePayload): Promise<void> {
  const evt = JSON.parse(message.value!.toString()) as OrderCompleted;
  const claimed = await redis.set(`ltv:seen:${evt.eventId}`, '1', { NX: true, EX: DEDUP_TTL_SECONDS });
  if (claimed !== 'OK') {
    return;
  }
  try {
    await prisma.customerStats.update({
      where: { customerId: evt.customerId },
      data: { lifetimeValueCents: { increment: evt.totalCents }, orderCount: { increment: 1 } },
    });
  } catch (err) {
    await redis.del(`ltv:seen:${evt.eventId}`);
    throw err;
  }
}

export async function start(): Promise<void> {
  await redis.connect();
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.completed' });
  await consumer.run({ eachMessage: handleOrderCompleted });
}
