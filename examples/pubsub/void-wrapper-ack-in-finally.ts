import { PubSub, type Message } from '@google-cloud/pubsub';
import { Pool } from 'pg';

type DeviceRegistered = { deviceId: string; ownerId: string; model: string; registeredAt: string };

export class DeviceRegistrySubscriber {
  constructor(
    private readonly pubsub: PubSub,
    private readonly pool: Pool,
  ) {}

  listen(): void {
    const subscription = this.pubsub.subscription('devices.registered.registry');
    subscription.on('message', (message: Message) => void this.handle(message));
    subscription.on('error', (err) => console.error('device registry subscription error', err));
  }

  private async handle(message: Message): Promise<void> {
    try {
      const evt = JSON.parse(message.data.toString()) as DeviceRegistered;
      await this.pool.query(
        `INSERT INTO devices (device_id, owner_id, model, registered_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (device_id) DO NOTHING`,
        [evt.deviceId, evt.ownerId, evt.model, evt.registeredAt],
      );
    } catch (err) {
      console.error('device registration failed', message.id, err);
    } finally {
      message.ack();
    }
  }
}
