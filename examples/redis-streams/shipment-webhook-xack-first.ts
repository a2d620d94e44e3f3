import { createClient, commandOptions } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });
const STREAM = 'shipments:status';
const GROUP = 'merchant-webhooks';

type ShipmentStatus = { shipmentId: string; merchantWebhookUrl: string; status: string };

async function notifyMerchant(id: string, message: Record<string, string>): Promise<void> {
  const payload = message as unknown as ShipmentStatus;
  const res = await fetch(payload.merchantWebhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ shipmentId: payload.shipmentId, status: payload.status, streamId: id }),
  });
  if (!res.ok) throw new Error(`merchant webhook returned ${res.status}`);
}

export async function run(consumer: string): Promise<void> {
  await client.connect();
  for (;;) {
    const streams = await client.xReadGroup(
      commandOptions({ isolated: true }),
      GROUP,
      consumer,
      { key: STREAM, id: '>' },
      { COUNT: 20, BLOCK: 5000 },
    );
    if (!streams) continue;
    for (const { messages } of streams) {
      for (const { id, message } of messages) {
        await client.xAck(STREAM, GROUP, id);
        await notifyMerchant(id, message);
      }
    }
  }
}
