/**
 * Consumer code shared by several rules' cases: the same scenario asserted by each rule it concerns.
 */

/**
 * A kafkajs consumer whose same-file helper creates a view only when none exists and returns whether
 * it did (`return true` / `return false`); `gated` puts the streak increment behind that answer.
 */
export function guardedCreateConsumer(gated: boolean): string {
  const work = gated
    ? `if (saved) {
        await pool.query('UPDATE streaks SET current = current + 1 WHERE user_id = $1', [view.userId]);
      }`
    : `await pool.query('UPDATE streaks SET current = current + 1 WHERE user_id = $1', [view.userId]);`;
  return `import { Kafka } from 'kafkajs';
import { dataSource } from './db';
import { Pool } from 'pg';
import { View } from './entities';

const consumer = new Kafka({ clientId: 'views', brokers: ['kafka:9092'] }).consumer({ groupId: 'views' });
const pool = new Pool();

const addView = async (view: { userId: string; postId: string }): Promise<boolean> => {
  const repo = dataSource.getRepository(View);
  const existing = await repo.findOne({ where: { userId: view.userId, postId: view.postId } });
  if (!existing) {
    await repo.insert(view);
    return true;
  }
  return false;
};

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const view = JSON.parse(message.value!.toString());
      let saved = false;
      await dataSource.transaction(async () => {
        try {
          saved = await addView(view);
        } catch (error) {
          if ((error as { code?: string }).code === '23503') return;
          throw error;
        }
      });
      ${work}
    },
  });
}`;
}
