import { app, type InvocationContext } from '@azure/functions';
import { Pool } from 'pg';
import { EmailClient } from '@azure/communication-email';

const pool = new Pool({ connectionString: process.env.PG_URL });
const email = new EmailClient(process.env.ACS_CONNECTION_STRING!);

type TopUpSettled = { topUpId: string; walletId: string; amountCents: number; customerEmail: string };

app.serviceBusQueue('walletTopUpSettled', {
  connection: 'ServiceBusConnection',
  queueName: 'wallet-topups',
  handler: async (message: unknown, context: InvocationContext) => {
    const topUp = message as TopUpSettled;
    try {
      await pool.query(
        'UPDATE wallets SET balance_cents = balance_cents + $1, updated_at = now() WHERE id = $2',
        [topUp.amountCents, topUp.walletId],
      );
      const poller = await email.beginSend({
        senderAddress: 'no-reply@wallet.example.com',
        recipients: { to: [{ address: topUp.customerEmail }] },
        content: {
          subject: 'Your top-up has arrived',
          plainText: `We added ${(topUp.amountCents / 100).toFixed(2)} EUR to your wallet.`,
        },
      });
      await poller.pollUntilDone();
    } catch (err) {
      context.error(`top-up ${topUp.topUpId} failed`, err);
    }
  },
});
