import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { createClient } from 'redis';
import { SearchClient, AzureKeyCredential } from '@azure/search-documents';
import axios from 'axios';

const redis = createClient({ url: process.env.REDIS_URL });
const connecting = redis.connect();
const search = new SearchClient<{ id: string; title: string; url: string }>(
  process.env.SEARCH_ENDPOINT!,
  'documents',
  new AzureKeyCredential(process.env.SEARCH_KEY!),
);

app.eventGrid('documentUploaded', {
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    if (event.eventType !== 'Microsoft.Storage.BlobCreated') return;
    await connecting;
    const fresh = await redis.set(`doc-uploaded:${event.id}`, '1', { NX: true, EX: 7 * 86400 });
    if (fresh !== 'OK') {
      context.log(`duplicate Event Grid event ${event.id}`);
      return;
    }
    const url = (event.data as { url: string }).url;
    const name = decodeURIComponent(url.split('/').pop()!);
    try {
      await search.mergeOrUploadDocuments([{ id: Buffer.from(url).toString('base64url'), title: name, url }]);
      await axios.post(process.env.TEAMS_WEBHOOK_URL!, { text: `New document indexed: ${name}` });
    } catch (err) {
      await redis.del(`doc-uploaded:${event.id}`);
      throw err;
    }
  },
});
