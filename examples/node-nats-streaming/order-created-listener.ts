import { Message } from 'node-nats-streaming';
import { Listener } from './base-listener';
import { Subjects } from './subjects';
import { OrderCreatedEvent } from './events/order-created-event';
import { Show } from '../models/show';
import { SeatsReservedPublisher } from './publishers/seats-reserved-publisher';
import { queueGroupName } from './queue-group-name';

export class OrderCreatedListener extends Listener<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
  queueGroupName = queueGroupName;

  async onMessage(data: OrderCreatedEvent['data'], msg: Message) {
    msg.ack();

    const show = await Show.findById(data.showId);
    if (!show) {
      throw new Error(`Show ${data.showId} not found for order ${data.id}`);
    }

    await Show.updateOne({ _id: show.id }, { $inc: { seatsAvailable: -data.quantity } });

    await new SeatsReservedPublisher(this.client).publish({
      orderId: data.id,
      showId: show.id,
      quantity: data.quantity,
      expiresAt: data.expiresAt,
    });
  }
}
