import * as functions from '@google-cloud/functions-framework';
import type { CloudEvent } from '@google-cloud/functions-framework';
import { Pool } from 'pg';
import { Twilio } from 'twilio';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const sms = new Twilio(process.env.TWILIO_SID!, process.env.TWILIO_TOKEN!);

type PubSubEnvelope = { message: { data: string; messageId: string; attributes?: Record<string, string> } };
type CheckIn = { memberId: string; gymId: string; phone: string; visitPoints: number };

functions.cloudEvent('recordCheckIn', async (cloudEvent: CloudEvent<PubSubEnvelope>) => {
  const checkIn = JSON.parse(Buffer.from(cloudEvent.data!.message.data, 'base64').toString()) as CheckIn;
  await pool.query('UPDATE members SET visit_points = visit_points + $1, last_visit_at = now() WHERE id = $2', [
    checkIn.visitPoints,
    checkIn.memberId,
  ]);
  await sms.messages.create({
    to: checkIn.phone,
    from: process.env.TWILIO_FROM!,
    body: `Welcome back! +${checkIn.visitPoints} points.`,
  });
});
