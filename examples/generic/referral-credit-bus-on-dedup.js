const { bus } = require('../infra/bus');
const { pool } = require('../infra/pg');

async function onReferralConverted(evt) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const marker = await client.query(
      'INSERT INTO processed_events (event_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [evt.id, 'referral-credit'],
    );
    if (marker.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }
    await client.query('UPDATE referrers SET credit_cents = credit_cents + $1 WHERE user_id = $2', [evt.rewardCents, evt.referrerId]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

bus.on('referral.converted', onReferralConverted);

module.exports = { onReferralConverted };
