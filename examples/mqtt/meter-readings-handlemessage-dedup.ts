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

async function billReading(reading: MeterReading): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const inserted = await db.query(
      'INSERT INTO processed_readings (reading_id, meter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [reading.readingId, reading.meterId],
    );
    if (inserted.rowCount === 0) {
      await db.query('ROLLBACK');
      return;
    }
    await db.query(
      'UPDATE billing_meters SET consumed_kwh = consumed_kwh + $1, last_reading_at = $2 WHERE meter_id = $3',
      [reading.kwhDelta, reading.takenAt, reading.meterId],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  } finally {
    db.release();
  }
}

// MQTT.js sends the PUBACK only after handleMessage's callback, so a crash before it means redelivery.
client.handleMessage = (packet, callback) => {
  const reading = JSON.parse(packet.payload.toString()) as MeterReading;
  if (reading.kwhDelta <= 0) {
    callback();
    return;
  }
  billReading(reading).then(
    () => callback(),
    (err) => callback(err),
  );
};

client.on('error', (err) => logger.error({ err }, 'mqtt error'));
