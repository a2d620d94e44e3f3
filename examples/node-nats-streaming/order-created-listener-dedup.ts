import { Message } from 'node-nats-streaming';
import { Listener } from './base-listener';
import { Subjects } from './subjects';
import { OrderCreatedEvent } from './events/order-created-event';
import { Show } from '../models/show';
import { SeatsReservedPublisher } from './publishers/seats-reserved-publisher';
import { queueGroupName } from './queue-group-name';
import { redis } from '../redis';
import { logger } from '../logger';

const DEDUP_TTL_SECONDS = 24 * 3600;

export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  queueGroupName = queueGroupName;

  async onMessage(data: OrderCreatedEvent['data'], msg: Message) {
    const claimKey = `tickets:${msg.getSubject()}:${msg.getSequence()}`;
    const claimed = await redis.set(claimKey, '1', 'EX', DEDUP_TTL_SECONDS, 'NX');
    if (claimed !== 'OK') {
      msg.ack();
      return;
    }

    try {
      await Show.updateOne({ _id: data.showId }, { $inc: { seatsAvailable: -data.quantity } });
      await new SeatsReservedPublisher(this.client).publish({
        orderId: data.id,
        showId: data.showId,
        quantity: data.quantity,
        expiresAt: data.expiresAt,
      });
      msg.ack();
    } catch (err) {
      await redis.del(claimKey);
      logger.error({ err, orderId: data.id, seq: msg.getSequence() }, 'seat reservation failed; will be redelivered');
    }
  }
}
