import Kafka from 'node-rdkafka';
import { MongoClient } from 'mongodb';
import { logger } from '../lib/logger';

type StockReserved = { reservationId: string; sku: string; warehouseId: string; quantity: number };

const mongo = new MongoClient(process.env.MONGO_URL!);
const inventory = mongo.db('warehouse').collection('inventory');

const consumer = new Kafka.KafkaConsumer(
  {
    'group.id': 'inventory-reservations',
    'metadata.broker.list': process.env.KAFKA_BROKERS!,
    'auto.commit.interval.ms': 5000,
  },
  { 'auto.offset.reset': 'earliest' },
);

consumer.on('ready', () => {
  consumer.subscribe(['stock.reserved']);
  consumer.consume();
});

consumer.on('data', async (data) => {
  if (!data.value) return;
  const evt = JSON.parse(data.value.toString()) as StockReserved;

  await inventory.updateOne(
    { sku: evt.sku, warehouseId: evt.warehouseId },
    { $inc: { available: -evt.quantity, reserved: evt.quantity } },
  );
  logger.info({ reservationId: evt.reservationId, sku: evt.sku }, 'stock reserved');
});

consumer.on('event.error', (err) => logger.error({ err }, 'rdkafka error'));

export async function start(): Promise<void> {
  await mongo.connect();
  consumer.connect();
}
