import { Kafka, type EachMessageHandler } from 'kafkajs';
import { DataSource } from 'typeorm';
import { InvoiceLine } from './entities/invoice-line';

export const dataSource = new DataSource({ type: 'postgres', url: process.env.LEDGER_DB_URL, entities: [InvoiceLine] });
const kafka = new Kafka({ clientId: 'ledger', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'ledger-invoice-lines' });

type LineAdded = { invoiceId: string; lineId: string; amountCents: number; description: string };

const onLineAdded: EachMessageHandler = async ({ message }) => {
  const line = JSON.parse(message.value!.toString()) as LineAdded;
  await dataSource.getRepository(InvoiceLine).upsert(
    { id: line.lineId, invoiceId: line.invoiceId, amountCents: line.amountCents, description: line.description },
    ['id'],
  );
  await dataSource.query('UPDATE invoices SET total_cents = total_cents + $1 WHERE id = $2', [line.amountCents, line.invoiceId]);
};

export async function start(): Promise<void> {
  await dataSource.initialize();
  await consumer.connect();
  await consumer.subscribe({ topic: 'billing.invoice-line-added' });
  await consumer.run({ eachMessage: onLineAdded });
}
