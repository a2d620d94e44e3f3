import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import type { Redis } from 'ioredis';
import { MailService } from '../mail/mail.service';

type OrderShipped = { eventId: string; orderId: string; trackingNumber: string; email: string };

@Controller()
export class OrderShippedListener {
  private readonly logger = new Logger(OrderShippedListener.name);

  constructor(
    @Inject('REDIS') private readonly redis: Redis,
    private readonly mail: MailService,
  ) {}

  @EventPattern('order.shipped')
  async handleOrderShipped(@Payload() evt: OrderShipped, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    const original = context.getMessage();
    const claimed = await this.redis.set(`order-shipped:${evt.eventId}`, '1', 'EX', 86_400, 'NX');
    if (!claimed) {
      this.logger.debug(`duplicate order.shipped ${evt.eventId}`);
      channel.ack(original);
      return;
    }
    try {
      await this.mail.sendTracking(evt.email, evt.trackingNumber);
      channel.ack(original);
    } catch (err) {
      this.logger.error(`order.shipped ${evt.eventId} failed`, err as Error);
      await this.redis.del(`order-shipped:${evt.eventId}`);
      channel.nack(original, false, false);
    }
  }
}
