import amqp, { type Channel, type ConsumeMessage } from 'amqplib';
import { WebClient } from '@slack/web-api';

type AlertRaised = { service: string; severity: 'page' | 'warn'; summary: string };

export class AlertRelay {
  private channel?: Channel;

  constructor(private readonly slack: WebClient, private readonly slackChannel: string) {}

  async start(url: string): Promise<void> {
    const conn = await amqp.connect(url);
    this.channel = await conn.createChannel();
    await this.channel.assertQueue('ops.alerts', { durable: false });
    await this.channel.consume('ops.alerts', this.onAlert.bind(this), { noAck: true });
  }

  async onAlert(msg: ConsumeMessage | null): Promise<void> {
    if (!msg) return;
    const alert = JSON.parse(msg.content.toString()) as AlertRaised;
    await this.slack.chat.postMessage({
      channel: this.slackChannel,
      text: `${alert.severity === 'page' ? ':rotating_light:' : ':warning:'} [${alert.service}] ${alert.summary}`,
    });
  }
}
