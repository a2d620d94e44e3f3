import type { Task } from 'graphile-worker';
import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_API_KEY);

type SendReceiptPayload = { orderId: string };

const task: Task = async (payload, helpers) => {
  const { orderId } = payload as SendReceiptPayload;
  const { job, logger } = helpers;

  await helpers.withPgClient(async (pg) => {
    await pg.query('BEGIN');
    try {
      const claim = await pg.query(
        'INSERT INTO processed_jobs (job_id, task) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [job.id, job.task_identifier],
      );
      if (claim.rowCount === 0) {
        await pg.query('ROLLBACK');
        logger.info(`receipt for ${orderId} already sent by job ${job.id}`);
        return;
      }
      const { rows } = await pg.query(
        'SELECT o.id, o.total_cents, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1',
        [orderId],
      );
      const order = rows[0];
      await resend.emails.send({
        from: 'receipts@example.com',
        to: order.email,
        subject: `Your receipt for order ${order.id}`,
        html: `<p>Total: $${(order.total_cents / 100).toFixed(2)}</p>`,
      }, { idempotencyKey: `receipt-${job.id}` });
      await pg.query(
        'INSERT INTO email_log (order_id, kind, sent_at) VALUES ($1, $2, now()) ON CONFLICT (order_id, kind) DO NOTHING',
        [orderId, 'receipt'],
      );
      await pg.query('COMMIT');
    } catch (err) {
      await pg.query('ROLLBACK');
      throw err;
    }
  });
  logger.info(`receipt sent for ${orderId} (job ${job.id}, attempt ${job.attempts})`);
};

export default task;
