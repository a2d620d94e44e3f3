import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';
import { Firestore } from '@google-cloud/firestore';
import { ProcessedMessageStore } from '../infra/processed-message-store';

type ProfileUpdated = { userId: string; displayName: string; avatarUrl: string | null; version: number };

export class ProfileSyncSubscriber {
  private subscription?: Subscription;

  constructor(
    private readonly pubsub: PubSub,
    private readonly firestore: Firestore,
    private readonly processed: ProcessedMessageStore,
  ) {}

  start(): void {
    this.subscription = this.pubsub.subscription('profiles.updated.search-sync');
    this.subscription.on('message', this.handleMessage.bind(this));
    this.subscription.on('error', (err) => console.error('profile sync error', err));
  }

  private async handleMessage(message: Message): Promise<void> {
    if (await this.processed.has(message.id)) {
      message.ack();
      return;
    }
    try {
      const profile = JSON.parse(message.data.toString()) as ProfileUpdated;
      await this.firestore.collection('publicProfiles').doc(profile.userId).set({
        displayName: profile.displayName,
        avatarUrl: profile.avatarUrl,
        version: profile.version,
      });
      await this.pubsub.topic('search.reindex-requested').publishMessage({ json: { type: 'profile', id: profile.userId } });
      await this.processed.add(message.id);
      message.ack();
    } catch (err) {
      console.error('profile sync failed', message.id, err);
      message.nack();
    }
  }
}
