import type { DynamoDBStreamHandler } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

type Purchase = { purchaseId: string; memberId: string; amountCents: number };

const POINTS_PER_DOLLAR = 3;

export const handler: DynamoDBStreamHandler = async (event) => {
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const purchase = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>) as Purchase;
    const earned = Math.floor(purchase.amountCents / 100) * POINTS_PER_DOLLAR;
    const member = await prisma.loyaltyMember.findUniqueOrThrow({ where: { id: purchase.memberId } });
    await prisma.loyaltyMember.update({
      where: { id: member.id },
      data: { points: member.points + earned, tier: member.points + earned > 10_000 ? 'gold' : member.tier },
    });
  }
};
