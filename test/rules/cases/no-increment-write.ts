/** RuleTester cases for no-increment-write, by library. Run by ../no-increment-write.test.ts and by ../fixes-parse.test.ts. */
import type { MessageIds, Options } from '../../../rules/src/rules/no-increment-write';
import type { RuleCases } from '../tester';

export const cases: RuleCases<MessageIds, Options> = {
  valid: [
    {
      name: 'http controller: relative write outside any consumer',
      code: `import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
express().post('/like', async (req, res) => {
  await pool.query('UPDATE posts SET likes = likes + 1 WHERE id = $1', [req.params.id]);
  res.end();
});`,
    },
  ],
  invalid: [],
};
