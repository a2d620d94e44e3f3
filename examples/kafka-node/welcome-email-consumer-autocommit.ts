import { KafkaClient, Consumer, type Message } from 'kafka-node';
import sgMail from '@sendgrid/mail';
import { Counter } from 'prom-client';
import { logger } from '../lib/logger';

sgMail.setApiKey(process.env.SENDGRID_API_KEY!);

const emailsSent = new Counter({ name: 'welcome_emails_sent_total', help: 'welcome emails sent' });

type UserSignedUp = { userId: string; email: string; firstName: string; locale: string };

const client = new KafkaClient({ kafkaHost: process.env.KAFKA_HOST, requestTimeout: 10_000 });

const consumer = new Consumer(client, [{ topic: 'users.signed-up', partition: 0 }], {
  groupId: 'welcome-mailer',
  autoCommit: true,
  autoCommitIntervalMs: 5000,
  encoding: 'utf8',
});

consumer.on('message', async (message: Message) => {
  const evt = JSON.parse(message.value as string) as UserSignedUp;
  try {
    await sgMail.send({
      to: evt.email,
      from: 'hello@example.com',
      templateId: 'd-welcome',
      dynamicTemplateData: { firstName: evt.firstName, locale: evt.locale },
    });
    emailsSent.inc();
  } catch (err) {
    logger.error({ err, userId: evt.userId, offset: message.offset }, 'welcome email failed');
  }
});

consumer.on('error', (err) => logger.error({ err }, 'kafka-node consumer error'));
