import { app, type HttpRequest, type InvocationContext, type Timer } from '@azure/functions';
import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';

const pool = new Pool({ connectionString: process.env.PG_URL });

app.http('redeemVoucher', {
  methods: ['POST'],
  authLevel: 'function',
  route: 'vouchers/{code}/redeem',
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const { walletId } = (await request.json()) as { walletId: string };
    const { rows } = await pool.query('SELECT amount_cents FROM vouchers WHERE code = $1 AND redeemed_at IS NULL', [
      request.params.code,
    ]);
    if (rows.length === 0) return { status: 404 };
    await pool.query('UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2', [rows[0].amount_cents, walletId]);
    await pool.query('INSERT INTO voucher_redemptions (id, code, wallet_id) VALUES ($1, $2, $3)', [
      randomUUID(),
      request.params.code,
      walletId,
    ]);
    context.log(`voucher ${request.params.code} redeemed`);
    return { status: 200, jsonBody: { credited: rows[0].amount_cents } };
  },
});

app.timer('accrueDailyInterest', {
  schedule: '0 0 2 * * *',
  handler: async (timer: Timer, context: InvocationContext) => {
    if (timer.isPastDue) context.warn('interest accrual is running late');
    await pool.query(
      `UPDATE savings_accounts SET balance_cents = balance_cents + floor(balance_cents * daily_rate) WHERE active`,
    );
    await pool.query('UPDATE job_stats SET runs = runs + 1 WHERE job = $1', ['accrueDailyInterest']);
  },
});
