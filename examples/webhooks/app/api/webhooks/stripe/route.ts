import { NextResponse } from 'next/server';
import Stripe from 'stripe';
import { db } from '@/lib/db';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const body = await req.text();
  const signature = req.headers.get('stripe-signature')!;
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(body, signature, process.env.STRIPE_WEBHOOK_SECRET!);
  } catch {
    return NextResponse.json({ error: 'invalid signature' }, { status: 400 });
  }

  try {
    if (event.type === 'invoice.paid') {
      const invoice = event.data.object as Stripe.Invoice;
      const seats = invoice.lines.data.reduce((sum, line) => sum + (line.quantity ?? 0), 0);
      await db.query('UPDATE workspaces SET seat_quota = seat_quota + $1, paid_through = to_timestamp($2) WHERE stripe_customer_id = $3', [
        seats,
        invoice.period_end,
        invoice.customer,
      ]);
    }
  } catch (err) {
    console.error('stripe webhook handling failed', err);
  }
  return NextResponse.json({ received: true });
}
