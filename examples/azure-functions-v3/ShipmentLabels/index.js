const { Pool } = require('pg');
const axios = require('axios');

const pool = new Pool({ connectionString: process.env.PG_URL });

async function buyLabel(order, parcel) {
  const { data } = await axios.post('https://api.carrier.example.com/v2/labels', {
    reference: `${order.orderId}-${parcel.index}`,
    weightGrams: parcel.weightGrams,
    to: order.address,
  });
  await pool.query('INSERT INTO shipping_labels (order_id, parcel_index, tracking, label_url) VALUES ($1, $2, $3, $4)', [
    order.orderId,
    parcel.index,
    data.trackingNumber,
    data.labelUrl,
  ]);
}

module.exports = async function (context, order) {
  context.log(`labels for order ${order.orderId}, queue message ${context.bindingData.id}`);
  order.parcels.forEach(async (parcel) => {
    await buyLabel(order, parcel);
  });
  await pool.query("UPDATE orders SET status = 'labelled' WHERE id = $1", [order.orderId]);
};
