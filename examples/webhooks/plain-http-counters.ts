import express from 'express';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { requireSession } from '../auth/session';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export const app = express();
app.use(express.json());

app.post('/api/articles/:slug/claps', requireSession, async (req, res) => {
  const claps = Math.min(Number(req.body.claps ?? 1), 50);
  await pool.query('UPDATE articles SET claps = claps + $1 WHERE slug = $2', [claps, req.params.slug]);
  await pool.query('INSERT INTO clap_events (id, slug, user_id, claps) VALUES ($1, $2, $3, $4)', [
    randomUUID(),
    req.params.slug,
    req.session.userId,
    claps,
  ]);
  res.status(201).json({ ok: true });
});

app.post('/hooks/newsletter-signup', async (req, res) => {
  const { email, source } = req.body as { email: string; source: string };
  await pool.query('INSERT INTO subscribers (email, source) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [email, source]);
  await pool.query('UPDATE signup_sources SET signups = signups + 1 WHERE source = $1', [source]);
  res.sendStatus(204);
});
