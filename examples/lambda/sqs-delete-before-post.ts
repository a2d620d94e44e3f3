import type { SQSEvent } from 'aws-lambda';
import { SQSClient, DeleteMessageCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const QUEUE_URL = process.env.CRM_SYNC_QUEUE_URL!;
const CRM_URL = process.env.CRM_URL ?? 'https://crm.example.com/api/contacts';

type ContactCreated = { email: string; name: string; source: string };

export async function handler(event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    // delete eagerly so one poison message cannot fail the whole batch
    await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: record.receiptHandle }));
    const contact = JSON.parse(record.body) as ContactCreated;
    const res = await fetch(CRM_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.CRM_TOKEN}` },
      body: JSON.stringify(contact),
    });
    if (!res.ok) console.error('CRM rejected contact', contact.email, res.status);
  }
}
