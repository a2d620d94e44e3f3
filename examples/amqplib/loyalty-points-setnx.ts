import { type Channel, type ConsumeMessage } from 'amqplib';
import Redis from 'ioredis';
import { LoyaltyAccount } from '../models/loyalty-account';

const QUEUE = 'loyalty.points-earned';
const redis = new Redis(process.env.REDIS_URL!);

interface PointsEarned { memberId: string; points: number; reason: 'purchase' | 'referral' | 'review' }

export class LoyaltyPointsConsumer {
  constructor(private readonly channel: Channel) {}

  async start(): Promise<void> {
    await this.channel.assertQueue(QUEUE, { durable: true });
    await this.channel.consume(QUEUE, this.onMessage, { noAck: false });
  }

  private onMessage = async (msg: ConsumeMessage | null): Promise<void> => {
    if (!msg) return;
    const messageId = msg.properties.messageId as string | undefined;
    if (!messageId) {
      this.channel.nack(msg, false, false);
      return;
    }
    const first = await redis.set(`loyalty:msg:${messageId}`, '1', 'EX', 604_800, 'NX');
    if (first !== 'OK') {
      this.channel.ack(msg);
      return;
    }
    try {
      const evt = JSON.parse(msg.content.toString()) as PointsEarned;
      await LoyaltyAccount.updateOne({ memberId: evt.memberId }, { $inc: { balance: evt.points } });
      this.channel.ack(msg);
    } catch (err) {
      console.error('points update failed', messageId, err);
      await redis.del(`loyalty:msg:${messageId}`);
      this.channel.nack(msg, false, true);
    }
  };
}
