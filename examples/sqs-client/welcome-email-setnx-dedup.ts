import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import Redis from 'ioredis';

const sqs = new SQSClient({});
const ses = new SESClient({});
const redis = new Redis(process.env.REDIS_URL!);
const queueUrl = process.env.WELCOME_EMAIL_QUEUE_URL!;

type UserSignedUp = { userId: string; email: string; firstName: string };

async function deleteMessage(message: Message): Promise<void> {
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
}

async function sendWelcome(message: Message): Promise<void> {
  const claimed = await redis.set(`welcome-email:${message.MessageId}`, '1', 'EX', 86_400, 'NX');
  if (claimed === null) {
    await deleteMessage(message);
    return;
  }
  const user = JSON.parse(message.Body!) as UserSignedUp;
  await ses.send(new SendEmailCommand({
    Source: 'hello@example.com',
    Destination: { ToAddresses: [user.email] },
    Message: { Subject: { Data: `Welcome, ${user.firstName}!` }, Body: { Text: { Data: 'Thanks for signing up.' } } },
  }));
  await deleteMessage(message);
}

export async function poll(): Promise<void> {
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }));
    for (const message of Messages ?? []) {
      try {
        await sendWelcome(message);
      } catch (err) {
        console.error('welcome email failed; message will become visible again', message.MessageId, err);
      }
    }
  }
}
