import express from 'express';
import crypto from 'node:crypto';
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
const app = express();

function validShopifyHmac(rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const digest = crypto.createHmac('sha256', process.env.SHOPIFY_API_SECRET!).update(rawBody).digest('base64');
  const a = Buffer.from(digest);
  const b = Buffer.from(header);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

app.post('/webhooks/shopify/orders-create', express.raw({ type: 'application/json' }), async (req, res) => {
  if (!validShopifyHmac(req.body, req.get('X-Shopify-Hmac-Sha256'))) {
    res.sendStatus(401);
    return;
  }
  const webhookId = req.get('X-Shopify-Webhook-Id')!;
  const order = JSON.parse(req.body.toString('utf8')) as {
    id: number;
    line_items: { sku: string; quantity: number }[];
  };
  try {
    await db.transaction(async (trx) => {
      const claimed = await trx('processed_webhooks')
        .insert({ webhook_id: webhookId, topic: 'orders/create' })
        .onConflict('webhook_id')
        .ignore()
        .returning('webhook_id');
      if (claimed.length === 0) return;
      for (const item of order.line_items) {
        await trx('warehouse_stock')
          .where({ sku: item.sku })
          .decrement('available', item.quantity);
      }
      await trx('shopify_orders').insert({ shopify_order_id: order.id, status: 'reserved' }).onConflict('shopify_order_id').merge();
    });
    res.sendStatus(200);
  } catch (err) {
    console.error(`shopify webhook ${webhookId} failed`, err);
    res.sendStatus(500);
  }
});

app.listen(8080);
