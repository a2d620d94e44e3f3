const { MongoClient } = require('mongodb');

const mongo = new MongoClient(process.env.MONGO_URL);
const ready = mongo.connect();

module.exports = async function (context, req) {
  const sku = context.bindingData.sku;
  const delta = Number(req.body && req.body.delta);
  if (!Number.isInteger(delta)) {
    context.res = { status: 400, body: 'delta must be an integer' };
    return;
  }
  await ready;
  const result = await mongo
    .db('inventory')
    .collection('stock')
    .updateOne({ sku }, { $inc: { onHand: delta } });
  context.res = { status: result.matchedCount ? 200 : 404, body: { sku, delta } };
};
