import { bus } from '../infra/bus';
import { processed } from '../infra/processed-store';
import { mailer } from '../infra/mailer';
import { db } from '../infra/db';

type OrderPlaced = { id: string; orderId: string; customerEmail: string; totalCents: number };

async function sendConfirmation(evt: OrderPlaced): Promise<void> {
  await mailer.send({
    to: evt.customerEmail,
    template: 'order-confirmation',
    vars: { orderId: evt.orderId, total: (evt.totalCents / 100).toFixed(2) },
  });
}

bus.subscribe('order.placed', async (evt: OrderPlaced) => {
  await sendConfirmation(evt);
  if (await processed.has(evt.id)) {
    return;
  }
  await db.query("UPDATE orders SET confirmation_status = 'sent' WHERE id = $1", [evt.orderId]);
  await processed.add(evt.id);
});
