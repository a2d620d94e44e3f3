import Redis from 'ioredis';
import { bus } from '../infra/bus';
import { processed } from '../infra/processed-store';
import { db } from '../infra/db';

const redis = new Redis(process.env.REDIS_URL!);

type ArticleLiked = { id: string; articleId: string; userId: string };
type CommentPosted = { id: string; commentId: string; articleId: string; body: string };

async function alreadyHandled(eventId: string): Promise<boolean> {
  return (await redis.exists(`handled:${eventId}`)) === 1;
}

async function markHandled(eventId: string): Promise<void> {
  await redis.set(`handled:${eventId}`, '1', 'EX', 86_400);
}

bus.subscribe('article.liked', async (evt: ArticleLiked) => {
  if (await alreadyHandled(evt.id)) return;
  await redis.incrby(`article:${evt.articleId}:likes`, 1);
  await markHandled(evt.id);
});

bus.subscribe('comment.posted', async (evt: CommentPosted) => {
  const seen = await processed.has(evt.id);
  console.debug('comment.posted received', { id: evt.id, seen });
  await db.query('INSERT INTO comment_notifications (comment_id, article_id) VALUES ($1, $2)', [evt.commentId, evt.articleId]);
  await processed.add(evt.id);
});
