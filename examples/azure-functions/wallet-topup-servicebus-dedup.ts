import { app, type InvocationContext } from '@azure/functions';
import { Pool } from 'pg';
import { EmailClient } from '@azure/communication-email';

const pool = new Pool({ connectionString: process.env.PG_URL });
const email = new EmailClient(process.env.ACS_CONNECTION_STRING!);

type TopUpSettled = { topUpId: string; walletId: string; amountCents: number; customerEmail: string };

app.serviceBusQueue('walletTopUpSettled', {
  connection: 'ServiceBusConnection',
  queueName: 'wallet-topups',
  handler: async (message: unknown, context: InvocationContext) => {
    const topUp = message as TopUpSettled;
    const messageId = String(context.triggerMetadata?.messageId);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const claim = await client.query(
        'INSERT INTO processed_messages (message_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [messageId, 'walletTopUpSettled'],
      );
      if (claim.rowCount === 0) {
        await client.query('ROLLBACK');
        context.log(`duplicate top-up message ${messageId}`);
        return;
      }
      await client.query(
        'UPDATE wallets SET balance_cents = balance_cents + $1, updated_at = now() WHERE id = $2',
        [topUp.amountCents, topUp.walletId],
      );
      await client.query(
        `INSERT INTO outbox (id, kind, payload) VALUES ($1, 'topup-email', $2) ON CONFLICT (id) DO NOTHING`,
        [`topup-email:${topUp.topUpId}`, JSON.stringify({ to: topUp.customerEmail, amountCents: topUp.amountCents })],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK');
      context.error(`top-up ${topUp.topUpId} failed, will be retried`, err);
      throw err;
    } finally {
      client.release();
    }
  },
});
