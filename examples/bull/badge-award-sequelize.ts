import Queue, { type Job } from 'bull';
import { UserStats, BadgeGrant } from '../db/models';

type BadgeEarned = { userId: string; badge: string; earnedAt: string };

const badgeQueue = new Queue<BadgeEarned>('badges', process.env.REDIS_URL!, {
  defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
});

async function awardBadge(job: Job<BadgeEarned>): Promise<void> {
  const { userId, badge } = job.data;
  await Promise.all([
    BadgeGrant.findOrCreate({ where: { userId, badge }, defaults: { earnedAt: new Date(job.data.earnedAt) } }),
    UserStats.increment({ badgeCount: 1, reputation: 10 }, { where: { userId } }),
  ]);
}

badgeQueue.process('award', 5, awardBadge);

badgeQueue.on('failed', (job, err) => {
  console.error(`badge job ${job.id} failed after ${job.attemptsMade} attempts`, err.message);
});

export { badgeQueue };
