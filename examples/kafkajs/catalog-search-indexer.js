'use strict';

const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('@elastic/elasticsearch');
const promClient = require('prom-client');

const kafka = new Kafka({ clientId: 'catalog-indexer', brokers: process.env.KAFKA_BROKERS.split(','), logLevel: logLevel.ERROR });
const consumer = kafka.consumer({ groupId: 'catalog-indexer' });
const es = new Client({ node: process.env.ELASTICSEARCH_URL });

const indexedTotal = new promClient.Counter({ name: 'catalog_indexed_total', help: 'documents indexed', labelNames: ['op'] });

async function indexProduct({ message }) {
  const productId = message.key.toString();
  try {
    if (message.value === null) {
      await es.delete({ index: 'products', id: productId }, { ignore: [404] });
      indexedTotal.inc({ op: 'delete' });
      return;
    }
    const product = JSON.parse(message.value.toString());
    await es.index({ index: 'products', id: productId, document: product });
    indexedTotal.inc({ op: 'index' });
  } catch (err) {
    console.error(`indexing ${productId} failed`, err.message);
    throw err;
  }
}

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic: 'catalog.products', fromBeginning: true });
  await consumer.run({ partitionsConsumedConcurrently: 4, eachMessage: indexProduct });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
