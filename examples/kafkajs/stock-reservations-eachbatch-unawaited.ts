import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';

const kafka = new Kafka({ clientId: 'stock-reserver', brokers: ['kafka-1:9092', 'kafka-2:9092'], logLevel: logLevel.WARN });
const consumer = kafka.consumer({ groupId: 'stock-reserver', maxBytesPerPartition: 1 << 20 });
const pool = new Pool({ connectionString: process.env.INVENTORY_DB_URL, max: 20 });

interface ItemReserved {
  reservationId: string;
  sku: string;
  warehouseId: string;
  quantity: number;
}

export async function run(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'checkout.item-reserved' });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale()) return;
      const reservations = batch.messages
        .filter((m) => m.value !== null)
        .map((m) => JSON.parse(m.value!.toString()) as ItemReserved);

      reservations.map(async (r) => {
        await pool.query(
          'UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2 AND warehouse_id = $3',
          [r.quantity, r.sku, r.warehouseId],
        );
      });

      resolveOffset(batch.lastOffset());
      await heartbeat();
    },
  });
}
