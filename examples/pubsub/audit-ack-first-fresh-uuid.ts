import { PubSub, type Message } from '@google-cloud/pubsub';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';

const pubsub = new PubSub({ projectId: process.env.GCP_PROJECT });
const pool = new Pool({ connectionString: process.env.AUDIT_DB_URL });

type PermissionChanged = { actorId: string; targetUserId: string; role: string; action: 'grant' | 'revoke' };

export function listen(): void {
  const subscription = pubsub.subscription('iam.permission-changed.audit', {
    flowControl: { maxMessages: 100 },
  });

  subscription.on('message', async (message: Message) => {
    message.ack();
    const change = JSON.parse(message.data.toString('utf8')) as PermissionChanged;
    try {
      await pool.query(
        'INSERT INTO audit_events (id, actor_id, target_user_id, role, action, received_at) VALUES ($1, $2, $3, $4, $5, now())',
        [randomUUID(), change.actorId, change.targetUserId, change.role, change.action],
      );
    } catch (err) {
      console.error('audit write failed', message.id, err);
    }
  });

  subscription.on('error', (err) => console.error('audit subscription error', err));
}
