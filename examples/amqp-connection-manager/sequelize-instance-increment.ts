import amqp from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { Wallet } from '../db/models/wallet';

type CashbackEarned = { walletId: string; amountCents: number; orderId: string };

const connection = amqp.connect([process.env.AMQP_URL!]);
const channelWrapper = connection.createChannel({ json: false });

export async function startCashbackConsumer(): Promise<void> {
  await channelWrapper.addSetup((ch: ConfirmChannel) => ch.assertQueue('rewards.cashback-earned', { durable: true }));
  await channelWrapper.consume('rewards.cashback-earned', async (msg: ConsumeMessage) => {
    const evt = JSON.parse(msg.content.toString()) as CashbackEarned;
    const wallet = await Wallet.findByPk(evt.walletId);
    if (!wallet) {
      channelWrapper.nack(msg, false, false);
      return;
    }
    try {
      await wallet.increment('cashbackCents', { by: evt.amountCents });
      channelWrapper.ack(msg);
    } catch (err) {
      console.error('cashback credit failed', evt.orderId, err);
      channelWrapper.nack(msg, false, true);
    }
  });
}
