const { unmarshall } = require('@aws-sdk/util-dynamodb');
const { Client } = require('@opensearch-project/opensearch');
const StatsD = require('hot-shots');

const search = new Client({ node: process.env.OPENSEARCH_URL });
const metrics = new StatsD({ prefix: 'listing_indexer.' });

async function syncRecord(record) {
  const keys = unmarshall(record.dynamodb.Keys);
  if (record.eventName === 'REMOVE') {
    await search.delete({ index: 'listings', id: keys.listingId }).catch((err) => {
      if (err.meta?.statusCode !== 404) throw err;
    });
    metrics.increment('deleted');
    return;
  }
  const listing = unmarshall(record.dynamodb.NewImage);
  await search.index({ index: 'listings', id: keys.listingId, body: listing, refresh: false });
  metrics.increment('indexed');
}

exports.handler = async (event) => {
  await Promise.all(event.Records.map(syncRecord));
  return { processed: event.Records.length };
};
