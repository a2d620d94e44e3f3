import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';

const sqs = new SQSClient({});
const s3 = new S3Client({});
const QUEUE_URL = process.env.THUMBNAIL_QUEUE_URL!;
const BUCKET = process.env.MEDIA_BUCKET!;

type ImageUploaded = { key: string; width: number };

async function renderThumbnail(message: Message): Promise<void> {
  const { key, width } = JSON.parse(message.Body!) as ImageUploaded;
  const original = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const input = Buffer.from(await original.Body!.transformToByteArray());
  const thumb = await sharp(input).resize({ width: Math.min(width, 320) }).webp().toBuffer();
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `thumbnails/${key}.webp`, Body: thumb, ContentType: 'image/webp' }));
}

export async function run(): Promise<never> {
  for (;;) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 5, WaitTimeSeconds: 20 }));
    for (const message of res.Messages ?? []) {
      try {
        await renderThumbnail(message);
      } catch (err) {
        console.error('thumbnail failed', message.MessageId, err);
      } finally {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
  }
}
