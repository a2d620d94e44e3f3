import { Worker } from 'bullmq';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const prisma = new PrismaClient();

type PayoutApproved = { payoutId: string; connectedAccountId: string; amountCents: number };

export const transferWorker = new Worker<PayoutApproved>(
  'stripe-transfers',
  async (job) => {
    const { payoutId, connectedAccountId, amountCents } = job.data;
    const transfer = await stripe.transfers.create(
      { amount: amountCents, currency: 'usd', destination: connectedAccountId, transfer_group: payoutId },
      { idempotencyKey: `payout-transfer-${payoutId}` },
    );
    await prisma.payout.update({
      where: { id: payoutId },
      data: { status: 'TRANSFERRED', stripeTransferId: transfer.id },
    });
    return { transferId: transfer.id };
  },
  { connection: { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 }, concurrency: 8 },
);

transferWorker.on('failed', (job, err) => console.error(`transfer job ${job?.id} failed`, err.message));
