import { run, type Runner } from 'graphile-worker';
import { randomUUID } from 'node:crypto';
import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_API_KEY);

type SendReceiptPayload = { orderId: string };

export async function startWorker(): Promise<Runner> {
  return run({
    connectionString: process.env.DATABASE_URL,
    concurrency: 5,
    crontab: '0 4 * * * purge_expired_sessions',
    taskList: {
      send_receipt: async (payload, helpers) => {
        const { orderId } = payload as SendReceiptPayload;
        const { rows } = await helpers.query(
          'SELECT o.id, o.total_cents, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1',
          [orderId],
        );
        const order = rows[0];
        await resend.emails.send({
          from: 'receipts@example.com',
          to: order.email,
          subject: `Your receipt for order ${order.id}`,
          html: `<p>Total: $${(order.total_cents / 100).toFixed(2)}</p>`,
        });
        await helpers.query(
          'INSERT INTO email_log (id, order_id, kind, sent_at) VALUES ($1, $2, $3, now())',
          [randomUUID(), orderId, 'receipt'],
        );
        helpers.logger.info(`receipt sent for ${orderId} (job ${helpers.job.id})`);
      },
      purge_expired_sessions: async (_payload, helpers) => {
        const { rowCount } = await helpers.query('DELETE FROM sessions WHERE expires_at < now()');
        helpers.logger.info(`purged ${rowCount} expired sessions`);
      },
    },
  });
}
