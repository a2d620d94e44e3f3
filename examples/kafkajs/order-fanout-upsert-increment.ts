import { Kafka, type EachMessagePayload } from 'kafkajs';
import { PrismaClient } from '@prisma/client';

const kafka = new Kafka({ clientId: 'order-fanout', brokers: process.env.KAFKA_BROKERS!.split(',') });
const consumer = kafka.consumer({ groupId: 'order-fanout' });
const producer = kafka.producer();
const prisma = new PrismaClient();

type OrderPlaced = { orderId: string; customerId: string; email: string; totalCents: number };

async function onOrderPlaced({ message }: EachMessagePayload): Promise<void> {
  const order = JSON.parse(message.value!.toString()) as OrderPlaced;
  await prisma.customerSummary.upsert({
    where: { customerId: order.customerId },
    create: { customerId: order.customerId, orderCount: 1, lastOrderId: order.orderId },
    update: { orderCount: { increment: 1 }, lastOrderId: order.orderId },
  });
  await producer.send({
    topic: 'emails.requested',
    messages: [{ key: order.customerId, value: JSON.stringify({ template: 'order-received', to: order.email, orderId: order.orderId }) }],
  });
}

export async function start(): Promise<void> {
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'orders.placed' });
  await consumer.run({ eachMessage: onOrderPlaced });
}
