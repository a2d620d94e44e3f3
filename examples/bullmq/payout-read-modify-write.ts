import { Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import { Account } from '../models/account';
import { sendPayoutReceipt } from '../mail/payout-receipt';

const connection = new IORedis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });

type PayoutRequested = { accountId: string; amountCents: number; destination: string };

async function settlePayout(job: Job<PayoutRequested>): Promise<{ remainingCents: number }> {
  const { accountId, amountCents } = job.data;
  const account = await Account.findById(accountId).orFail();
  if (account.availableCents < amountCents) {
    throw new Error(`insufficient funds for payout job ${job.id}`);
  }
  account.availableCents -= amountCents;
  account.pendingPayoutCents += amountCents;
  await account.save();
  await job.updateProgress(50);
  await sendPayoutReceipt(account.email, amountCents);
  return { remainingCents: account.availableCents };
}

export const payoutWorker = new Worker<PayoutRequested>('payouts', settlePayout, {
  connection,
  concurrency: 4,
  limiter: { max: 20, duration: 1000 },
});

payoutWorker.on('failed', (job, err) => console.error(`payout ${job?.id} failed`, err));
