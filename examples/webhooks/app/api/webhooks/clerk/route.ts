import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import { Webhook } from 'svix';
import type { WebhookEvent } from '@clerk/nextjs/server';
import { Resend } from 'resend';
import Stripe from 'stripe';
import { prisma } from '@/lib/prisma';

const resend = new Resend(process.env.RESEND_API_KEY);
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const h = await headers();
  const payload = await req.text();
  let evt: WebhookEvent;
  try {
    evt = new Webhook(process.env.CLERK_WEBHOOK_SECRET!).verify(payload, {
      'svix-id': h.get('svix-id')!,
      'svix-timestamp': h.get('svix-timestamp')!,
      'svix-signature': h.get('svix-signature')!,
    }) as WebhookEvent;
  } catch {
    return new Response('invalid signature', { status: 400 });
  }

  if (evt.type === 'user.created') {
    const email = evt.data.email_addresses[0]?.email_address;
    const customer = await stripe.customers.create({ email, metadata: { clerkUserId: evt.data.id } });
    await prisma.profile.upsert({
      where: { clerkUserId: evt.data.id },
      create: { clerkUserId: evt.data.id, email: email!, stripeCustomerId: customer.id },
      update: { email: email!, stripeCustomerId: customer.id },
    });
    await resend.emails.send({
      from: 'Acme <hello@acme.example.com>',
      to: email!,
      subject: 'Welcome to Acme',
      html: '<p>Your 14-day trial has started.</p>',
    });
  }
  return NextResponse.json({ ok: true });
}
