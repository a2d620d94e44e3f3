import { Kafka } from 'kafkajs';
import { Pool, type PoolClient } from 'pg';

const kafka = new Kafka({ clientId: 'stock-reserver', brokers: process.env.KAFKA_BROKERS!.split(',') });
const consumer = kafka.consumer({ groupId: 'stock-reserver' });
const pool = new Pool({ connectionString: process.env.INVENTORY_DB_URL });

interface ItemReserved { reservationId: string; sku: string; warehouseId: string; quantity: number }

async function reserve(client: PoolClient, r: ItemReserved): Promise<void> {
  await client.query('BEGIN');
  try {
    const marker = await client.query(
      'INSERT INTO processed_reservations (reservation_id) VALUES ($1) ON CONFLICT DO NOTHING',
      [r.reservationId],
    );
    if (marker.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }
    await client.query(
      'UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2 AND warehouse_id = $3',
      [r.quantity, r.sku, r.warehouseId],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

export async function run(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'checkout.item-reserved' });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const client = await pool.connect();
      try {
        for (const message of batch.messages) {
          if (!message.value) {
            resolveOffset(message.offset);
            continue;
          }
          await reserve(client, JSON.parse(message.value.toString()) as ItemReserved);
          resolveOffset(message.offset);
          await heartbeat();
        }
      } finally {
        client.release();
      }
    },
  });
}
