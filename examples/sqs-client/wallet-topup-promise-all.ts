import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand, type Message } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const sqs = new SQSClient({ region: process.env.AWS_REGION });
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const QUEUE_URL = process.env.WALLET_TOPUP_QUEUE_URL!;
const TABLE = process.env.WALLETS_TABLE ?? 'wallets';

type TopUp = { walletId: string; amountMinor: number; currency: string };

async function applyTopUp(message: Message): Promise<void> {
  const topUp = JSON.parse(message.Body ?? '{}') as TopUp;
  await ddb.send(new UpdateCommand({
    TableName: TABLE,
    Key: { walletId: topUp.walletId },
    UpdateExpression: 'SET balanceMinor = balanceMinor + :amt, updatedAt = :now',
    ConditionExpression: 'currency = :cur',
    ExpressionAttributeValues: { ':amt': topUp.amountMinor, ':now': Date.now(), ':cur': topUp.currency },
  }));
}

export async function pollForever(signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: QUEUE_URL,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 20,
      VisibilityTimeout: 60,
    }));
    if (Messages.length === 0) continue;
    await Promise.all(Messages.map(applyTopUp));
    await sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: QUEUE_URL,
      Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
    }));
  }
}
