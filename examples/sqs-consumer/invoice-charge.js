const { Consumer } = require('sqs-consumer');
const { SQSClient } = require('@aws-sdk/client-sqs');
const Stripe = require('stripe');
const { pool } = require('./db');

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

async function chargeInvoice(message) {
  const { invoiceId, customerId, amountCents } = JSON.parse(message.Body);
  const { rows } = await pool.query('SELECT status FROM invoices WHERE id = $1', [invoiceId]);
  if (rows.length === 0) {
    console.warn('unknown invoice', invoiceId);
    return message;
  }
  const intent = await stripe.paymentIntents.create({
    amount: amountCents,
    currency: 'usd',
    customer: customerId,
    off_session: true,
    confirm: true,
    metadata: { invoiceId },
  });
  await pool.query("UPDATE invoices SET status = 'paid', payment_intent_id = $1 WHERE id = $2", [intent.id, invoiceId]);
  return message;
}

const app = Consumer.create({
  queueUrl: process.env.INVOICE_QUEUE_URL,
  sqs: new SQSClient({ region: process.env.AWS_REGION }),
  batchSize: 5,
  handleMessage: chargeInvoice,
});

app.on('processing_error', (err) => console.error('invoice charge failed', err.message));
app.start();
