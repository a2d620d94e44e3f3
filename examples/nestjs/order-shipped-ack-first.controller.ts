import { Controller, Param, Post } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Order } from './order.entity';
import { MailService } from '../mail/mail.service';

type OrderShipped = { orderId: string; carrier: string; trackingNumber: string; email: string };

@Controller('orders')
export class OrderShipmentsController {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly mail: MailService,
  ) {}

  @Post(':id/resend-tracking')
  async resendTracking(@Param('id') id: string) {
    const order = await this.orders.findOneByOrFail({ id });
    await this.orders.increment({ id }, 'trackingEmailsSent', 1);
    await this.mail.sendTracking(order.email, order.trackingNumber);
    return { ok: true };
  }

  @EventPattern('order.shipped')
  async onOrderShipped(@Payload() evt: OrderShipped, @Ctx() ctx: RmqContext) {
    const channel = ctx.getChannelRef();
    channel.ack(ctx.getMessage());
    await this.orders.update({ id: evt.orderId }, { status: 'shipped', carrier: evt.carrier, trackingNumber: evt.trackingNumber });
    await this.orders.increment({ id: evt.orderId }, 'trackingEmailsSent', 1);
    await this.mail.sendTracking(evt.email, evt.trackingNumber);
  }
}
