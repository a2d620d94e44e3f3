import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

type OrderPlaced = { orderId: string; lines: { sku: string; qty: number }[]; marketplace: string };

@Controller()
export class StockReservationController {
  private readonly logger = new Logger(StockReservationController.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly http: HttpService,
  ) {}

  @EventPattern('order.placed')
  async reserveStock(@Payload() order: OrderPlaced, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    channel.ack(context.getMessage());
    for (const line of order.lines) {
      await this.db.query('UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2', [line.qty, line.sku]);
    }
    await firstValueFrom(
      this.http.post(`https://marketplace.example.com/${order.marketplace}/orders/${order.orderId}/accept`, {}),
    );
    this.logger.log(`reserved stock for ${order.orderId}`);
  }
}
