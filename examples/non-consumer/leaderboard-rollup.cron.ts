import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import Redis from 'ioredis';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class LeaderboardRollupService {
  private readonly logger = new Logger(LeaderboardRollupService.name);
  private runs = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly redis: Redis,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async rollupHourlyScores(): Promise<void> {
    this.runs++;
    const since = new Date(Date.now() - 3_600_000);
    const rows = await this.prisma.matchResult.groupBy({
      by: ['playerId'],
      where: { finishedAt: { gte: since } },
      _sum: { points: true },
    });
    const pipeline = this.redis.pipeline();
    for (const row of rows) {
      pipeline.zincrby('leaderboard:all-time', row._sum.points ?? 0, row.playerId);
    }
    await pipeline.exec();
    await this.prisma.player.updateMany({
      where: { id: { in: rows.map((r) => r.playerId) } },
      data: { rollupCount: { increment: 1 } },
    });
    this.logger.log(`rollup #${this.runs}: ${rows.length} players`);
  }
}
