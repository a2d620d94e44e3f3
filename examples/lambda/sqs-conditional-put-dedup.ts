import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const DEDUP_TABLE = process.env.DEDUP_TABLE!;
const POINTS_TABLE = process.env.POINTS_TABLE!;

type ReviewApproved = { reviewId: string; authorId: string; points: number };

async function claim(messageId: string): Promise<boolean> {
  try {
    await ddb.send(new PutCommand({
      TableName: DEDUP_TABLE,
      Item: { pk: `sqs#${messageId}`, expiresAt: Math.floor(Date.now() / 1000) + 7 * 86400 },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

async function processRecord(record: SQSRecord): Promise<void> {
  if (!(await claim(record.messageId))) return;
  const review = JSON.parse(record.body) as ReviewApproved;
  await ddb.send(new UpdateCommand({
    TableName: POINTS_TABLE,
    Key: { userId: review.authorId },
    UpdateExpression: 'ADD points :p',
    ExpressionAttributeValues: { ':p': review.points },
  }));
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await processRecord(record);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
