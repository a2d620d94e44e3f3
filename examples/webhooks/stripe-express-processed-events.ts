import express from 'express';
import Stripe from 'stripe';
import { PrismaClient, Prisma } from '@prisma/client';
import { sendReceipt } from '../mail/receipts';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const prisma = new PrismaClient();
const endpointSecret = process.env.STRIPE_WEBHOOK_SECRET!;

export const stripeWebhooks = express.Router();

stripeWebhooks.post('/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'] as string, endpointSecret);
  } catch (err) {
    res.status(400).send(`Webhook Error: ${(err as Error).message}`);
    return;
  }

  if (event.type !== 'checkout.session.completed') {
    res.json({ received: true, ignored: event.type });
    return;
  }
  const session = event.data.object as Stripe.Checkout.Session;
  const credits = Number(session.metadata?.credits ?? 0);
  try {
    const fresh = await prisma.$transaction(async (tx) => {
      const inserted = await tx.$executeRaw(
        Prisma.sql`INSERT INTO processed_stripe_events (event_id, type) VALUES (${event.id}, ${event.type}) ON CONFLICT DO NOTHING`,
      );
      if (inserted === 0) return false;
      await tx.user.update({
        where: { stripeCustomerId: session.customer as string },
        data: { credits: { increment: credits } },
      });
      return true;
    });
    if (fresh) await sendReceipt(session.customer_details!.email!, session.id, session.amount_total!);
    res.json({ received: true, duplicate: !fresh });
  } catch (err) {
    console.error(`stripe event ${event.id} failed`, err);
    res.status(500).json({ error: 'processing failed' });
  }
});
