const { MongoClient } = require('mongodb');
const axios = require('axios');

const mongo = new MongoClient(process.env.MONGO_URL);
const ready = mongo.connect();

const REFERRAL_BONUS = 500;

module.exports = async function (context, message) {
  const { referrerId, newUserId, campaign } = message;
  context.log(`referral ${referrerId} -> ${newUserId} (delivery ${context.bindingData.deliveryCount})`);
  try {
    await ready;
    const db = mongo.db('growth');
    await db.collection('accounts').updateOne(
      { _id: referrerId },
      { $inc: { referralPoints: REFERRAL_BONUS, referralCount: 1 }, $set: { lastReferralAt: new Date() } },
    );
    await axios.post(`${process.env.CRM_URL}/contacts/${referrerId}/events`, {
      type: 'referral_credited',
      campaign,
      newUserId,
    });
  } catch (err) {
    context.log.error(`referral credit failed for ${referrerId}`, err);
  }
};
