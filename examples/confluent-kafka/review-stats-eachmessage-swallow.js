'use strict';

const { Kafka } = require('@confluentinc/kafka-javascript').KafkaJS;
const { Pool } = require('pg');
const logger = require('../lib/logger');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const kafka = new Kafka({
  kafkaJS: { clientId: 'review-stats', brokers: process.env.KAFKA_BROKERS.split(',') },
});
const consumer = kafka.consumer({ kafkaJS: { groupId: 'review-stats', fromBeginning: false } });

async function start() {
  await consumer.connect();
  await consumer.subscribe({ topics: ['reviews.published'] });

  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const review = JSON.parse(message.value.toString());
      try {
        await pool.query(
          `UPDATE product_stats
              SET review_count = review_count + 1,
                  rating_sum = rating_sum + $1
            WHERE product_id = $2`,
          [review.rating, review.productId],
        );
      } catch (err) {
        logger.error({ err, topic, partition, offset: message.offset }, 'failed to update review stats');
      }
    },
  });
}

module.exports = { start };
