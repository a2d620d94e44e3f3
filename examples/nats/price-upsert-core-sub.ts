import { connect, type NatsConnection, type JsMsg } from 'nats';
import knexFactory from 'knex';

const knex = knexFactory({ client: 'mysql2', connection: process.env.MYSQL_URL });
const priceCache = new Map<string, number>();

type PriceChanged = { sku: string; priceCents: number; currency: string; effectiveAt: string };

async function applyPrice(m: JsMsg): Promise<void> {
  const change = m.json<PriceChanged>();
  await knex('prices')
    .insert({ sku: change.sku, price_cents: change.priceCents, currency: change.currency, effective_at: change.effectiveAt })
    .onConflict('sku')
    .merge(['price_cents', 'currency', 'effective_at']);
}

function subscribeCacheInvalidation(nc: NatsConnection): void {
  nc.subscribe('prices.cache.invalidate', {
    callback: (err, msg) => {
      if (err) return console.error(err);
      priceCache.delete(msg.string());
    },
  });
}

export async function run(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL });
  subscribeCacheInvalidation(nc);
  const consumer = await nc.jetstream().consumers.get('PRICING', 'price-writer');
  const messages = await consumer.consume({ max_messages: 50 });
  for await (const m of messages) {
    try {
      await applyPrice(m);
      m.ack();
    } catch (err) {
      console.error('price write failed', m.subject, err);
      m.nak();
    }
  }
}
