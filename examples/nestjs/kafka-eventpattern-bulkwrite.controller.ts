import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ProductStats } from './schemas/product-stats.schema';

type CartCheckedOut = { cartId: string; items: { productId: string; quantity: number }[] };

@Controller()
export class ProductStatsController {
  private readonly logger = new Logger(ProductStatsController.name);

  constructor(@InjectModel(ProductStats.name) private readonly stats: Model<ProductStats>) {}

  @EventPattern('cart.checked-out')
  async onCheckout(@Payload() evt: CartCheckedOut) {
    if (evt.items.length === 0) return;
    const result = await this.stats.bulkWrite(
      evt.items.map((item) => ({
        updateOne: { filter: { productId: item.productId }, update: { $inc: { unitsSold: item.quantity } }, upsert: true },
      })),
    );
    this.logger.debug(`cart ${evt.cartId}: ${result.modifiedCount} product stats updated`);
  }
}
