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
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const claim = await client.query(
      'INSERT INTO processed_events (event_id, source) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [cloudEvent.id, cloudEvent.source],
    );
    if (claim.rowCount === 0) {
      await client.query('ROLLBACK');
      return;
    }
    await client.query('UPDATE members SET visit_points = visit_points + $1, last_visit_at = now() WHERE id = $2', [
      checkIn.visitPoints,
      checkIn.memberId,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await sms.messages.create({
    to: checkIn.phone,
    from: process.env.TWILIO_FROM!,
    body: `Welcome back! +${checkIn.visitPoints} points.`,
  });
});

functions.http('adjustPoints', async (req, res) => {
  const { memberId, delta } = req.body as { memberId: string; delta: number };
  await pool.query('UPDATE members SET visit_points = visit_points + $1 WHERE id = $2', [delta, memberId]);
  res.status(204).end();
});
