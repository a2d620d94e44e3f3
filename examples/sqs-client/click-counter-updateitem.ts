import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const sqs = new SQSClient({});
const dynamo = new DynamoDBClient({});
const QUEUE_URL = process.env.CLICKS_QUEUE_URL!;

type LinkClicked = { shortCode: string; referrer?: string };

async function recordClick(message: Message): Promise<void> {
  const click = JSON.parse(message.Body!) as LinkClicked;
  await dynamo.send(new UpdateItemCommand({
    TableName: 'short_links',
    Key: { code: { S: click.shortCode } },
    UpdateExpression: 'ADD clicks :one SET lastReferrer = :ref',
    ExpressionAttributeValues: { ':one': { N: '1' }, ':ref': { S: click.referrer ?? 'direct' } },
  }));
}

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
    for (const message of Messages ?? []) {
      try {
        await recordClick(message);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle! }));
      } catch (err) {
        console.warn('click not recorded, will retry after visibility timeout', message.MessageId, err);
      }
    }
  }
}
