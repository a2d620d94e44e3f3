import PgBoss from 'pg-boss';
import { PrismaClient } from '@prisma/client';
import { push } from '../lib/push';
import { logger } from '../lib/logger';

type ReferralConverted = { referrerId: string; refereeId: string; planId: string };

const REFERRAL_BONUS_CENTS = 1500;

const prisma = new PrismaClient();
const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: 'jobs' });

export async function startReferralWorker(): Promise<void> {
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  await boss.createQueue('referral-converted');

  await boss.work<ReferralConverted>('referral-converted', async ([job]) => {
    const { referrerId, refereeId } = job.data;

    const wallet = await prisma.wallet.update({
      where: { userId: referrerId },
      data: { balanceCents: { increment: REFERRAL_BONUS_CENTS } },
    });

    push.send(referrerId, {
      title: 'You earned a referral bonus',
      body: `Your balance is now $${(wallet.balanceCents / 100).toFixed(2)}`,
    }).catch((err) => logger.warn({ err, jobId: job.id }, 'referral push failed'));

    logger.info({ jobId: job.id, referrerId, refereeId }, 'referral bonus credited');
  });
}
