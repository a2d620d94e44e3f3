import type { Task } from 'graphile-worker';

type AwardPointsPayload = { customerId: string; orderId: string; points: number };

const task: Task = async (payload, helpers) => {
  const { customerId, orderId, points } = payload as AwardPointsPayload;
  if (points <= 0) {
    helpers.logger.warn(`order ${orderId} earns no points`);
    return;
  }

  await helpers.withPgClient((pg) =>
    pg.query(
      'UPDATE loyalty_accounts SET points_balance = points_balance + $1 WHERE customer_id = $2',
      [points, customerId],
    ),
  );
  await helpers.addJob('notify_points_awarded', { customerId, orderId, points });

  helpers.logger.info(`awarded ${points} points to ${customerId} (job ${helpers.job.id})`);
};

export default task;
