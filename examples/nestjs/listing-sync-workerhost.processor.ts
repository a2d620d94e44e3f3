import { Processor, WorkerHost } from '@nestjs/bullmq';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { Job } from 'bullmq';
import { PrismaService } from '../prisma/prisma.service';

type ListingEvent =
  | { kind: 'upserted'; listingId: string; title: string; priceCents: number }
  | { kind: 'removed'; listingId: string };

@Processor('listing-sync')
export class ListingSyncProcessor extends WorkerHost {
  private handled = 0;

  constructor(
    private readonly prisma: PrismaService,
    @InjectMetric('listing_sync_jobs_total') private readonly jobsTotal: Counter<string>,
  ) {
    super();
  }

  async process(job: Job<ListingEvent>): Promise<void> {
    const evt = job.data;
    switch (evt.kind) {
      case 'upserted':
        await this.prisma.listingProjection.upsert({
          where: { listingId: evt.listingId },
          create: { listingId: evt.listingId, title: evt.title, priceCents: evt.priceCents },
          update: { title: evt.title, priceCents: evt.priceCents },
        });
        break;
      case 'removed':
        await this.prisma.listingProjection.deleteMany({ where: { listingId: evt.listingId } });
        break;
    }
    this.jobsTotal.inc({ kind: evt.kind });
    this.handled++;
  }
}
