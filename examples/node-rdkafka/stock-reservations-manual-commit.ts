import Kafka from 'node-rdkafka';
import { MongoClient, MongoServerError } from 'mongodb';
import { logger } from '../lib/logger';

type StockReserved = { reservationId: string; sku: string; warehouseId: string; quantity: number };

const mongo = new MongoClient(process.env.MONGO_URL!);
const db = mongo.db('warehouse');
const inventory = db.collection('inventory');
const processed = db.collection<{ _id: string; at: Date }>('processed_messages');

const consumer = new Kafka.KafkaConsumer(
  {
    'group.id': 'inventory-reservations',
    'metadata.broker.list': process.env.KAFKA_BROKERS!,
    'enable.auto.commit': false,
  },
  { 'auto.offset.reset': 'earliest' },
);

consumer.on('ready', () => {
  consumer.subscribe(['stock.reserved']);
  consumer.consume();
});

consumer.on('data', async (data) => {
  if (!data.value) {
    consumer.commitMessage(data);
    return;
  }
  const evt = JSON.parse(data.value.toString()) as StockReserved;

  const session = mongo.startSession();
  try {
    await session.withTransaction(async () => {
      try {
        await processed.insertOne({ _id: evt.reservationId, at: new Date() }, { session });
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return;
        throw err;
      }
      await inventory.updateOne(
        { sku: evt.sku, warehouseId: evt.warehouseId },
        { $inc: { available: -evt.quantity, reserved: evt.quantity } },
        { session },
      );
    });
  } finally {
    await session.endSession();
  }
  consumer.commitMessage(data);
});

consumer.on('event.error', (err) => logger.error({ err }, 'rdkafka error'));

export async function start(): Promise<void> {
  await mongo.connect();
  consumer.connect();
}
