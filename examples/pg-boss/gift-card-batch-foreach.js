'use strict';

const PgBoss = require('pg-boss');
const { Pool } = require('pg');
const logger = require('../lib/logger');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const boss = new PgBoss(process.env.DATABASE_URL);

async function start() {
  await boss.start();
  await boss.createQueue('gift-card-redeemed');

  await boss.work('gift-card-redeemed', { batchSize: 20 }, async (jobs) => {
    logger.debug({ count: jobs.length }, 'redeeming gift cards');
    jobs.forEach(async (job) => {
      const { cardCode, orderId, amountCents } = job.data;
      await pool.query(
        'UPDATE gift_cards SET balance_cents = balance_cents - $1, last_order_id = $2 WHERE code = $3',
        [amountCents, orderId, cardCode],
      );
    });
  });
}

module.exports = { start, boss };
