import { Injectable } from '@nestjs/common';
import { RabbitRPC } from '@golevelup/nestjs-rabbitmq';
import { InjectRedis } from '@nestjs-modules/ioredis';
import type { Redis } from 'ioredis';
import { PrismaService } from '../prisma/prisma.service';

type QuoteRequest = { customerId: string; sku: string; quantity: number };

@Injectable()
export class PricingRpcService {
  constructor(
    private readonly prisma: PrismaService,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  @RabbitRPC({ exchange: 'pricing', routingKey: 'quote.request', queue: 'pricing.quote-rpc' })
  async quote(req: QuoteRequest) {
    const product = await this.prisma.product.findUniqueOrThrow({ where: { sku: req.sku } });
    const tier = await this.prisma.customerTier.findUnique({ where: { customerId: req.customerId } });
    const unitCents = Math.round(product.priceCents * (1 - (tier?.discount ?? 0)));
    await this.redis.hincrby(`quotes:${new Date().toISOString().slice(0, 10)}`, req.sku, 1);
    await this.prisma.product.update({ where: { sku: req.sku }, data: { quoteCount: { increment: 1 } } });
    return { sku: req.sku, unitCents, totalCents: unitCents * req.quantity, validForSeconds: 900 };
  }
}
