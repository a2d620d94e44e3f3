import { connect as amqpConnect, type Channel, type ConsumeMessage } from 'amqplib';
import mongoose from 'mongoose';
import { LoyaltyAccount } from '../models/loyalty-account';

const QUEUE = 'loyalty.points-earned';

interface PointsEarned {
  memberId: string;
  points: number;
  reason: 'purchase' | 'referral' | 'review';
}

export class LoyaltyPointsConsumer {
  private channel!: Channel;

  async start(): Promise<void> {
    await mongoose.connect(process.env.MONGO_URL!);
    const conn = await amqpConnect(process.env.AMQP_URL!);
    this.channel = await conn.createChannel();
    await this.channel.assertQueue(QUEUE, { durable: true });
    await this.channel.prefetch(25);
    await this.channel.consume(QUEUE, this.onMessage);
  }

  private onMessage = async (msg: ConsumeMessage | null): Promise<void> => {
    if (!msg) return;
    let evt: PointsEarned;
    try {
      evt = JSON.parse(msg.content.toString()) as PointsEarned;
    } catch {
      this.channel.nack(msg, false, false);
      return;
    }
    try {
      await LoyaltyAccount.updateOne(
        { memberId: evt.memberId },
        { $inc: { balance: evt.points, [`earnedBy.${evt.reason}`]: evt.points } },
      );
      this.channel.ack(msg);
    } catch (err) {
      console.error('points update failed', evt.memberId, err);
      this.channel.nack(msg, false, true);
    }
  };
}
