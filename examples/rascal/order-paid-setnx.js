'use strict';

const { BrokerAsPromised: Broker, withDefaultConfig } = require('rascal');
const Redis = require('ioredis');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const mailer = require('../lib/mailer');
const config = require('./rascal-config.json');
const logger = require('../lib/logger');

const redis = new Redis(process.env.REDIS_URL);
const DEDUP_TTL_SECONDS = 7 * 24 * 3600;

async function start() {
  const broker = await Broker.create(withDefaultConfig(config));
  broker.on('error', (err) => logger.error({ err }, 'rascal broker error'));

  const subscription = await broker.subscribe('orders');
  subscription
    .on('message', async (message, content, ackOrNack) => {
      const dedupKey = `invoice:${message.properties.messageId}`;
      const claimed = await redis.set(dedupKey, '1', 'EX', DEDUP_TTL_SECONDS, 'NX');
      if (claimed !== 'OK') {
        ackOrNack();
        return;
      }
      try {
        const order = await knex('orders').where({ id: content.orderId }).first();
        await knex('customers').where({ id: order.customer_id }).increment('paid_orders', 1);
        await mailer.send({
          to: order.email,
          template: 'invoice',
          data: { orderId: order.id, totalCents: order.total_cents },
        });
        ackOrNack();
      } catch (err) {
        await redis.del(dedupKey);
        ackOrNack(err);
      }
    })
    .on('error', (err) => logger.error({ err }, 'subscription error'));

  return broker;
}

module.exports = { start };
