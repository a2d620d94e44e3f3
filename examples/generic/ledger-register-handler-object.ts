import mysql from 'mysql2/promise';
import { messageBus } from '@acme/platform-messaging';

const db = mysql.createPool({ uri: process.env.LEDGER_DB_URL!, connectionLimit: 10 });

interface InvoicePaid {
  eventId: string;
  accountId: string;
  amountCents: number;
  paidAt: string;
}

messageBus.register({
  topic: 'billing.invoice-paid',
  concurrency: 4,
  async handle(evt: InvoicePaid) {
    await db.execute(
      'UPDATE accounts SET outstanding_cents = outstanding_cents - ?, last_paid_at = ? WHERE id = ?',
      [evt.amountCents, evt.paidAt, evt.accountId],
    );
  },
  onError(err: Error, evt: InvoicePaid) {
    console.error(`invoice-paid ${evt.eventId} failed`, err);
  },
});

export async function publishInvoicePaid(evt: InvoicePaid): Promise<void> {
  await messageBus.publish('billing.invoice-paid', evt);
}
