import express from 'express';
import Stripe from 'stripe';
import { PrismaClient } from '@prisma/client';
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

  res.json({ received: true });

  if (event.type === 'checkout.session.completed') {
    const session = event.data.object as Stripe.Checkout.Session;
    const credits = Number(session.metadata?.credits ?? 0);
    await prisma.user.update({
      where: { stripeCustomerId: session.customer as string },
      data: { credits: { increment: credits } },
    });
    await sendReceipt(session.customer_details!.email!, session.id, session.amount_total!);
  }
});
