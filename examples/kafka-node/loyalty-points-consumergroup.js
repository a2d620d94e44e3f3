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
    protocol: ['roundrobin'],
  },
  ['purchases.completed'],
);

consumerGroup.on('message', async (message) => {
  const purchase = JSON.parse(message.value);
  if (purchase.currency !== 'USD' || purchase.amountCents <= 0) {
    return;
  }
  const points = Math.floor((purchase.amountCents / 100) * POINTS_PER_DOLLAR);

  await pool.query(
    'UPDATE loyalty_accounts SET points = points + $1, updated_at = now() WHERE customer_id = $2',
    [points, purchase.customerId],
  );
  logger.info({ customerId: purchase.customerId, points }, 'loyalty points credited');
});

consumerGroup.on('error', (err) => logger.error({ err }, 'kafka consumer error'));

process.on('SIGTERM', () => consumerGroup.close(true, () => process.exit(0)));
