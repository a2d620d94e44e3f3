import { connectAsync, type IClientSubscribeOptions } from 'mqtt';
import twilio from 'twilio';
import { PrismaClient } from '@prisma/client';
import { logger } from '../lib/logger';

type AlarmEvent = { alarmId: string; siteId: string; zone: string; raisedAt: string };

const prisma = new PrismaClient();
const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

const AT_LEAST_ONCE: IClientSubscribeOptions = { qos: 1 };

export async function startAlarmRelay(): Promise<void> {
  const client = await connectAsync(process.env.MQTT_URL!, {
    clientId: 'alarm-relay',
    clean: false,
  });

  await client.subscribeAsync('sites/+/alarm', AT_LEAST_ONCE);

  client.on('message', async (topic, payload) => {
    const alarm = JSON.parse(payload.toString()) as AlarmEvent;
    const site = await prisma.site.findUniqueOrThrow({ where: { id: alarm.siteId } });

    await sms.messages.create({
      to: site.onCallPhone,
      from: process.env.TWILIO_FROM!,
      body: `ALARM at ${site.name}, zone ${alarm.zone} (${alarm.raisedAt})`,
    });
    await prisma.alarmNotification.create({
      data: { alarmId: alarm.alarmId, siteId: site.id, channel: 'sms', sentAt: new Date() },
    });
    logger.info({ topic, alarmId: alarm.alarmId }, 'alarm relayed');
  });
}
