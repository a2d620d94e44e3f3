import { Consumer } from 'sqs-consumer';
import admin from 'firebase-admin';
import pino from 'pino';

const log = pino({ name: 'push-sender' });
admin.initializeApp();

type PushRequested = { deviceToken: string; title: string; body: string; campaignId?: string };

export const pushConsumer = Consumer.create({
  queueUrl: process.env.PUSH_QUEUE_URL!,
  batchSize: 10,
  visibilityTimeout: 30,
  handleMessage: async (message) => {
    const push = JSON.parse(message.Body ?? '{}') as PushRequested;
    if (!push.deviceToken) {
      log.warn({ messageId: message.MessageId }, 'push without device token dropped');
      return message;
    }
    admin.messaging().send({ token: push.deviceToken, notification: { title: push.title, body: push.body } })
      .catch((err) => log.error({ err, campaignId: push.campaignId }, 'push send failed'));
    return message;
  },
});

pushConsumer.on('error', (err) => log.error({ err }, 'sqs consumer error'));
pushConsumer.start();
