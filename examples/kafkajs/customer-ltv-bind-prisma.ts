import { Kafka, type Consumer, type EachMessagePayload } from 'kafkajs';
import { PrismaClient } from '@prisma/client';
import { logger } from '../observability/logger';

type OrderCompleted = {
  orderId: string;
  customerId: string;
  totalCents: number;
  currency: 'USD' | 'EUR';
};

export class CustomerLifetimeValueConsumer {
  private readonly consumer: Consumer;

  constructor(kafka: Kafka, private readonly prisma: PrismaClient) {
    this.consumer = kafka.consumer({ groupId: 'customer-ltv' });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: ['orders.completed'], fromBeginning: false });
    await this.consumer.run({ eachMessage: this.handle.bind(this) });
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    if (!message.value) {
      logger.warn({ topic, partition, offset: message.offset }, 'tombstone skipped');
      return;
    }
    let evt: OrderCompleted;
    try {
      evt = JSON.parse(message.value.toString()) as OrderCompleted;
    } catch (err) {
      logger.error({ err, offset: message.offset }, 'unparseable order event skipped');
      return;
    }
    if (evt.currency !== 'USD') return;
    await this.addToLifetimeValue(evt);
  }

  private async addToLifetimeValue(evt: OrderCompleted): Promise<void> {
    await this.prisma.customerStats.update({
      where: { customerId: evt.customerId },
      data: {
        lifetimeValueCents: { increment: evt.totalCents },
        orderCount: { increment: 1 },
        lastOrderId: evt.orderId,
      },
    });
  }
}
