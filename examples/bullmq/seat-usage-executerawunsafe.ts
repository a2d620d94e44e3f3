import { Worker, type Job } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

type SeatsChanged = { orgId: string; changes: { productId: string; delta: number }[] };

async function applySeatChanges(job: Job<SeatsChanged>): Promise<number> {
  const { orgId, changes } = job.data;
  await Promise.all(
    changes.map(async (c) => {
      await prisma.$executeRawUnsafe(
        'UPDATE org_licenses SET seats_used = seats_used + $1 WHERE org_id = $2 AND product_id = $3',
        c.delta,
        orgId,
        c.productId,
      );
    }),
  );
  return changes.length;
}

export const seatsWorker = new Worker<SeatsChanged>('seat-usage', applySeatChanges, {
  connection: { url: process.env.REDIS_URL },
});
