import { Router, type Request, type Response } from 'express';
import { Pool } from 'pg';
import { Counter } from 'prom-client';
import { randomUUID } from 'node:crypto';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const topUps = new Counter({ name: 'wallet_topups_total', help: 'wallet top-ups via API' });

export const walletRouter = Router();

walletRouter.post('/wallets/:id/top-up', async (req: Request, res: Response) => {
  const amount = Number(req.body.amountCents);
  if (!Number.isInteger(amount) || amount <= 0) {
    return res.status(400).json({ error: 'amountCents must be a positive integer' });
  }
  const { rows } = await pool.query(
    'UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2 RETURNING balance_cents',
    [amount, req.params.id],
  );
  await pool.query('INSERT INTO wallet_events (id, wallet_id, delta_cents) VALUES ($1, $2, $3)', [randomUUID(), req.params.id, amount]);
  topUps.inc();
  res.json({ balanceCents: rows[0]?.balance_cents });
});

walletRouter.get('/wallets/:id', async (req: Request, res: Response) => {
  const { rows } = await pool.query('SELECT balance_cents FROM wallets WHERE id = $1', [req.params.id]);
  if (!rows[0]) return res.sendStatus(404);
  res.json({ balanceCents: rows[0].balance_cents });
});
