import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { Pool } from 'pg';

const sb = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING!);
const pool = new Pool({ connectionString: process.env.WALLET_DB_URL });

type RefundIssued = { refundId: string; walletId: string; amountCents: number };

async function creditRefund(message: ServiceBusReceivedMessage): Promise<void> {
  const refund = message.body as RefundIssued;
  await pool.query(
    'UPDATE wallets SET balance_cents = balance_cents + $1, updated_at = now() WHERE id = $2',
    [refund.amountCents, refund.walletId],
  );
}

export async function drain(): Promise<void> {
  const receiver = sb.createReceiver('refunds', { receiveMode: 'peekLock' });
  try {
    for (;;) {
      const messages = await receiver.receiveMessages(20, { maxWaitTimeInMs: 10_000 });
      if (messages.length === 0) break;
      for (const message of messages) {
        try {
          await creditRefund(message);
        } catch (err) {
          console.error('refund credit failed', message.messageId, err);
        } finally {
          await receiver.completeMessage(message);
        }
      }
    }
  } finally {
    await receiver.close();
  }
}
