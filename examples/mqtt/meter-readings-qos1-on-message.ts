import mqtt from 'mqtt';
import { Pool } from 'pg';
import { logger } from '../lib/logger';

type MeterReading = { readingId: string; meterId: string; kwhDelta: number; takenAt: string };

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const client = mqtt.connect(process.env.MQTT_URL!, {
  clientId: 'billing-meter-ingest',
  clean: false,
  username: process.env.MQTT_USER,
  password: process.env.MQTT_PASSWORD,
});

client.on('connect', () => {
  client.subscribe('meters/+/reading', { qos: 1 }, (err) => {
    if (err) logger.error({ err }, 'subscribe failed');
  });
});

client.on('message', async (topic, payload) => {
  const reading = JSON.parse(payload.toString()) as MeterReading;
  if (reading.kwhDelta <= 0) return;

  await pool.query(
    'UPDATE billing_meters SET consumed_kwh = consumed_kwh + $1, last_reading_at = $2 WHERE meter_id = $3',
    [reading.kwhDelta, reading.takenAt, reading.meterId],
  );
  logger.debug({ topic, readingId: reading.readingId }, 'meter reading billed');
});

client.on('error', (err) => logger.error({ err }, 'mqtt error'));
