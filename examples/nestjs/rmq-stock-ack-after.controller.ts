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
    const original = context.getMessage();
    try {
      await this.db.transaction(async (em) => {
        const claimed = await em.query(
          'INSERT INTO processed_messages (message_id, handler) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING message_id',
          [original.properties.messageId ?? `order.placed:${order.orderId}`, 'reserveStock'],
        );
        if (claimed.length === 0) return;
        for (const line of order.lines) {
          await em.query('UPDATE stock_levels SET reserved = reserved + $1 WHERE sku = $2', [line.qty, line.sku]);
        }
      });
      await firstValueFrom(
        this.http.put(`https://marketplace.example.com/${order.marketplace}/orders/${order.orderId}/status`, {
          status: 'accepted',
        }),
      );
      channel.ack(original);
    } catch (err) {
      this.logger.error(`stock reservation for ${order.orderId} failed`, err as Error);
      channel.nack(original, false, true);
    }
  }
}
