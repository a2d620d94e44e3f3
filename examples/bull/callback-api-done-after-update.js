const Queue = require('bull');
const mysql = require('mysql2');

const pool = mysql.createPool({ uri: process.env.MYSQL_URL, connectionLimit: 5 });
const shipmentsQueue = new Queue('shipment-status', process.env.REDIS_URL);

shipmentsQueue.process(function updateShipmentStatus(job, done) {
  const { shipmentId, status, carrierTimestamp } = job.data;
  if (!shipmentId) {
    done(new Error(`job ${job.id} has no shipmentId`));
    return;
  }
  pool.query(
    'UPDATE shipments SET status = ?, carrier_updated_at = ? WHERE id = ?',
    [status, new Date(carrierTimestamp), shipmentId],
    (err, result) => {
      if (err) return done(err);
      done(null, { affected: result.affectedRows });
    },
  );
});

shipmentsQueue.on('failed', (job, err) => console.error(`shipment job ${job.id} failed`, err.message));

module.exports = { shipmentsQueue };
