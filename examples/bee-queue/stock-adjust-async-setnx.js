'use strict';

const Queue = require('bee-queue');
const Redis = require('ioredis');
const mongoose = require('mongoose');
const logger = require('../lib/logger');

const Product = mongoose.model(
  'Product',
  new mongoose.Schema({ sku: { type: String, unique: true }, stock: Number, updatedAt: Date }),
);

const redis = new Redis(process.env.REDIS_URL);
const DEDUP_TTL_SECONDS = 3 * 24 * 3600;

const stockQueue = new Queue('stock-adjustments', {
  redis: { url: process.env.REDIS_URL },
  isWorker: true,
  removeOnSuccess: true,
});

stockQueue.process(4, async (job) => {
  const { sku, delta, reason } = job.data;
  if (!sku || !Number.isInteger(delta)) {
    throw new Error(`invalid stock adjustment in job ${job.id}`);
  }

  const dedupKey = `stock-adjustments:done:${job.id}`;
  const claimed = await redis.set(dedupKey, '1', 'EX', DEDUP_TTL_SECONDS, 'NX');
  if (claimed !== 'OK') {
    logger.info({ jobId: job.id }, 'stock adjustment already applied');
    return { sku, delta, duplicate: true };
  }

  try {
    await Product.updateOne({ sku }, { $inc: { stock: delta }, $set: { updatedAt: new Date() } }).exec();
  } catch (err) {
    await redis.del(dedupKey);
    throw err;
  }
  logger.info({ sku, delta, reason, jobId: job.id }, 'stock adjusted');
  return { sku, delta };
});

stockQueue.on('error', (err) => logger.error({ err }, 'bee-queue error'));

module.exports = { stockQueue };
