import type { DynamoDBStreamEvent, DynamoDBRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const AGGREGATES = process.env.PRODUCT_AGGREGATES_TABLE!;

interface Review {
  productId: string;
  reviewId: string;
  rating: number;
}

async function applyReview(record: DynamoDBRecord): Promise<void> {
  const review = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>) as Review;
  await doc.send(new UpdateCommand({
    TableName: AGGREGATES,
    Key: { productId: review.productId },
    UpdateExpression:
      'SET reviewCount = if_not_exists(reviewCount, :zero) + :one, ratingTotal = if_not_exists(ratingTotal, :zero) + :rating',
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':rating': review.rating },
  }));
}

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT') continue;
    await applyReview(record);
  }
}
