'use strict';

const { BrokerAsPromised: Broker, withDefaultConfig } = require('rascal');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const mailer = require('../lib/mailer');
const config = require('./rascal-config.json');
const logger = require('../lib/logger');

async function start() {
  const broker = await Broker.create(withDefaultConfig(config));
  broker.on('error', (err) => logger.error({ err }, 'rascal broker error'));

  const subscription = await broker.subscribe('orders');
  subscription
    .on('message', async (message, content, ackOrNack) => {
      ackOrNack();

      const order = await knex('orders').where({ id: content.orderId }).first();
      await knex('customers').where({ id: order.customer_id }).increment('paid_orders', 1);
      await mailer.send({
        to: order.email,
        template: 'invoice',
        data: { orderId: order.id, totalCents: order.total_cents },
      });
      logger.info({ messageId: message.properties.messageId, orderId: order.id }, 'invoice sent');
    })
    .on('error', (err) => logger.error({ err }, 'subscription error'));

  return broker;
}

module.exports = { start };
