const Queue = require('bull');
const mongoose = require('mongoose');
const { OrderExport } = require('./models/order-export');
const { renderCsv } = require('./render-csv');

const exportsQueue = new Queue('order-exports', { redis: { host: process.env.REDIS_HOST, port: 6379 } });

exportsQueue.process('nightly', 2, function exportOrders(job, done) {
  const { merchantId, date } = job.data;
  renderCsv(merchantId, date)
    .then((csv) =>
      OrderExport.findOneAndUpdate(
        { merchantId, date },
        { $set: { csv, rows: csv.split('\n').length - 1, generatedAt: new Date() } },
        { upsert: true, new: true },
      ),
    )
    .then((doc) => done(null, { exportId: String(doc._id) }))
    .catch((err) => done(err));
});

mongoose.connect(process.env.MONGO_URL).catch((err) => {
  console.error('mongo connection failed', err);
  process.exit(1);
});

module.exports = { exportsQueue };
