import type { SQSHandler } from 'aws-lambda';
import { MongoClient } from 'mongodb';
import { Logger } from '@aws-lambda-powertools/logger';

const logger = new Logger({ serviceName: 'coupon-redemptions' });
const mongo = new MongoClient(process.env.MONGO_URI!);
const coupons = mongo.db('promotions').collection<{ code: string; redemptions: number; lastRedeemedAt?: Date }>('coupons');

type CouponRedeemed = { code: string; orderId: string; redeemedAt: string };

export const handler: SQSHandler = async (event) => {
  const redemptions = event.Records.map(async (record) => {
    const evt = JSON.parse(record.body) as CouponRedeemed;
    await coupons.updateOne(
      { code: evt.code },
      { $inc: { redemptions: 1 }, $set: { lastRedeemedAt: new Date(evt.redeemedAt) } },
    );
  });
  logger.info('queued coupon redemption updates', { count: redemptions.length });
};
