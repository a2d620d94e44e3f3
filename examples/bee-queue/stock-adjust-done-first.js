'use strict';

const Queue = require('bee-queue');
const mongoose = require('mongoose');
const logger = require('../lib/logger');

const Product = mongoose.model(
  'Product',
  new mongoose.Schema({ sku: { type: String, unique: true }, stock: Number, updatedAt: Date }),
);

const stockQueue = new Queue('stock-adjustments', {
  redis: { url: process.env.REDIS_URL },
  isWorker: true,
  removeOnSuccess: true,
});

stockQueue.process(4, (job, done) => {
  const { sku, delta, reason } = job.data;
  if (!sku || !Number.isInteger(delta)) {
    return done(new Error(`invalid stock adjustment in job ${job.id}`));
  }
  done(null, { sku, delta });

  Product.updateOne({ sku }, { $inc: { stock: delta }, $set: { updatedAt: new Date() } })
    .exec()
    .then(() => logger.info({ sku, delta, reason, jobId: job.id }, 'stock adjusted'))
    .catch((err) => logger.error({ err, jobId: job.id }, 'stock adjustment failed'));
});

stockQueue.on('error', (err) => logger.error({ err }, 'bee-queue error'));

module.exports = { stockQueue };
