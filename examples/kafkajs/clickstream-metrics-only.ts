import { Kafka, type EachMessagePayload } from 'kafkajs';
import { Counter, Histogram } from 'prom-client';
import StatsD from 'hot-shots';

const kafka = new Kafka({ clientId: 'clickstream-sampler', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'clickstream-sampler' });
const statsd = new StatsD({ prefix: 'clickstream.' });

const eventsSeen = new Counter({ name: 'clickstream_events_total', help: 'events seen', labelNames: ['type'] });
const eventLag = new Histogram({ name: 'clickstream_event_lag_seconds', help: 'producer to consumer lag', buckets: [0.1, 1, 5, 30] });

const hitsByPage = new Map<string, number>();
let processed = 0;

type ClickEvent = { type: 'view' | 'click'; page: string; emittedAt: number };

export const onClick = async ({ message }: EachMessagePayload): Promise<void> => {
  const evt = JSON.parse(message.value!.toString()) as ClickEvent;
  eventsSeen.inc({ type: evt.type });
  statsd.increment('events', 1, { type: evt.type });
  eventLag.observe((Date.now() - evt.emittedAt) / 1000);
  hitsByPage.set(evt.page, (hitsByPage.get(evt.page) ?? 0) + 1);
  processed++;
  if (processed % 10_000 === 0) {
    console.info(`sampled ${processed} events, ${hitsByPage.size} distinct pages`);
  }
};

export function topPages(n: number): [string, number][] {
  return [...hitsByPage.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'web.clickstream' });
  await consumer.run({ eachMessage: onClick });
}
