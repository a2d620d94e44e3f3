import { Consumer as SqsConsumer } from 'sqs-consumer';
import type { Message } from '@aws-sdk/client-sqs';
import Stripe from 'stripe';
import { pool } from './db';

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { apiVersion: '2024-06-20' });

type InvoiceDue = { invoiceId: string; customerId: string; amountCents: number };

export const invoiceConsumer = SqsConsumer.create({
  queueUrl: process.env.INVOICE_QUEUE_URL!,
  batchSize: 5,
  handleMessage: async (message: Message) => {
    const due = JSON.parse(message.Body!) as InvoiceDue;
    const intent = await stripe.paymentIntents.create(
      {
        amount: due.amountCents,
        currency: 'usd',
        customer: due.customerId,
        off_session: true,
        confirm: true,
        metadata: { invoiceId: due.invoiceId },
      },
      { idempotencyKey: `invoice-charge:${due.invoiceId}` },
    );
    await pool.query(
      "UPDATE invoices SET status = 'paid', payment_intent_id = $1 WHERE id = $2",
      [intent.id, due.invoiceId],
    );
    return message;
  },
});

invoiceConsumer.on('processing_error', (err) => console.error('invoice charge failed', err));
invoiceConsumer.start();
