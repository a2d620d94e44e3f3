import mqtt from 'mqtt';
import Redis from 'ioredis';
import { logger } from '../lib/logger';

type Ping = { vehicleId: string; depotId: string; lat: number; lon: number; speedKmh: number };

const redis = new Redis(process.env.REDIS_URL!);

const client = mqtt.connect(process.env.MQTT_URL!, { clientId: `dashboard-${process.pid}`, clean: true });

client.on('connect', () => {
  client.subscribe(['fleet/+/ping', 'fleet/+/status']);
});

client.on('message', async (topic, payload) => {
  const ping = JSON.parse(payload.toString()) as Ping;
  const minute = new Date().toISOString().slice(0, 16);

  await redis
    .multi()
    .hset(`vehicle:${ping.vehicleId}`, 'lat', ping.lat, 'lon', ping.lon, 'speed', ping.speedKmh)
    .hincrby(`depot:${ping.depotId}:pings`, minute, 1)
    .expire(`depot:${ping.depotId}:pings`, 3600)
    .exec();
  logger.trace({ topic }, 'live dashboard updated');
});

client.on('error', (err) => logger.error({ err }, 'mqtt error'));
