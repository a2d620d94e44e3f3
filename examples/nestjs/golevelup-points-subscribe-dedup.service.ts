import { Injectable, Logger } from '@nestjs/common';
import { Nack, RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';
import type { ConsumeMessage } from 'amqplib';
import { PrismaService } from '../prisma/prisma.service';
import { PushService } from '../push/push.service';

type ReviewApproved = { reviewId: string; authorId: string; productId: string; rating: number };

const POINTS_PER_REVIEW = 25;

@Injectable()
export class ReviewRewardsService {
  private readonly logger = new Logger(ReviewRewardsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly push: PushService,
  ) {}

  @RabbitSubscribe({ exchange: 'reviews', routingKey: 'review.approved', queue: 'rewards.review-approved' })
  async onReviewApproved(evt: ReviewApproved, amqpMsg: ConsumeMessage) {
    const messageId = amqpMsg.properties.messageId ?? `review-approved:${evt.reviewId}`;
    try {
      const credited = await this.prisma.$transaction(async (tx) => {
        const seen = await tx.processedMessage.findUnique({ where: { messageId } });
        if (seen) return false;
        await tx.processedMessage.create({ data: { messageId, handler: 'review.approved' } });
        await tx.member.update({
          where: { id: evt.authorId },
          data: { rewardPoints: { increment: POINTS_PER_REVIEW } },
        });
        return true;
      });
      if (!credited) return;
      await this.push.send(evt.authorId, {
        title: 'Thanks for your review!',
        body: `You earned ${POINTS_PER_REVIEW} points.`,
      });
    } catch (err) {
      this.logger.error(`reward for review ${evt.reviewId} failed (${messageId})`, err as Error);
      return new Nack(false);
    }
  }
}
