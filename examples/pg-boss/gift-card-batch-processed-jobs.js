'use strict';

const PgBoss = require('pg-boss');
const { Pool } = require('pg');
const logger = require('../lib/logger');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const boss = new PgBoss(process.env.DATABASE_URL);

async function redeem(job) {
  const { cardCode, orderId, amountCents } = job.data;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claim = await client.query(
      'INSERT INTO processed_jobs (job_id, queue) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [job.id, 'gift-card-redeemed'],
    );
    if (claim.rowCount === 0) {
      await client.query('ROLLBACK');
      logger.info({ jobId: job.id }, 'gift card redemption already applied');
      return;
    }
    await client.query(
      'UPDATE gift_cards SET balance_cents = balance_cents - $1, last_order_id = $2 WHERE code = $3',
      [amountCents, orderId, cardCode],
    );
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

async function start() {
  await boss.start();
  await boss.createQueue('gift-card-redeemed');

  await boss.work('gift-card-redeemed', { batchSize: 20 }, async (jobs) => {
    logger.debug({ count: jobs.length }, 'redeeming gift cards');
    for (const job of jobs) {
      await redeem(job);
    }
  });
}

module.exports = { start, boss };
