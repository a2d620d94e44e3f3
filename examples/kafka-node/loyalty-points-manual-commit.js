'use strict';

const kafka = require('kafka-node');
const { Pool } = require('pg');
const logger = require('../lib/logger');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const POINTS_PER_DOLLAR = 10;

const consumerGroup = new kafka.ConsumerGroup(
  {
    kafkaHost: process.env.KAFKA_HOST,
    groupId: 'loyalty-points',
    fromOffset: 'earliest',
    autoCommit: false,
  },
  ['purchases.completed'],
);

function commit() {
  return new Promise((resolve, reject) => {
    consumerGroup.commit((err, data) => (err ? reject(err) : resolve(data)));
  });
}

async function creditPoints(message, purchase) {
  const points = Math.floor((purchase.amountCents / 100) * POINTS_PER_DOLLAR);
  const messageKey = `${message.topic}:${message.partition}:${message.offset}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claimed = await client.query(
      'INSERT INTO processed_messages (message_key) VALUES ($1) ON CONFLICT DO NOTHING',
      [messageKey],
    );
    if (claimed.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }
    await client.query(
      'UPDATE loyalty_accounts SET points = points + $1, updated_at = now() WHERE customer_id = $2',
      [points, purchase.customerId],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

consumerGroup.on('message', async (message) => {
  const purchase = JSON.parse(message.value);
  if (purchase.currency === 'USD' && purchase.amountCents > 0) {
    await creditPoints(message, purchase);
  }
  await commit();
});

consumerGroup.on('error', (err) => logger.error({ err }, 'kafka consumer error'));
