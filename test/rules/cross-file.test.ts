/**
 * Handlers whose work lives in other files, linted the way users meet it: small projects written to a
 * temporary folder and linted with ESLint's API (flat config, the typescript-eslint parser, the
 * plugin's recommended rules). The project model resolves relative imports, tsconfig paths,
 * workspace packages and CommonJS; findings are shown in the handler's file at the call that leads
 * to the hazard, and name where it is.
 */
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/temp-tree';

/** Writes a project (with a `.git` marker, so it is its own root) and returns its folder. */
function project(files: Record<string, string>): string {
  return tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, 'idem-project-');
}

interface Finding {
  rule: string;
  line: number;
  message: string;
  suggestions: number;
}

async function lintIn(root: string, file: string, idempotency: Record<string, unknown> = {}): Promise<Finding[]> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,js,cjs,mjs}'],
      languageOptions: { parser: tsParser as Linter.Parser },
      plugins: { idempotency: plugin as unknown as ESLint.Plugin },
      settings: { idempotency },
      rules: {
        'idempotency/no-increment-write': 'error',
        'idempotency/require-dedup-check': 'error',
        'idempotency/no-ack-before-process': 'error',
        'idempotency/no-ack-after-failure': 'warn',
      },
    },
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config });
  const [result] = await eslint.lintFiles([file]);
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.map((m) => ({
    rule: (m.ruleId ?? '').replace('idempotency/', ''),
    line: m.line,
    message: m.message,
    suggestions: m.suggestions?.length ?? 0,
  }));
}

const KAFKA_CONSUMER = (importLine: string, call: string) => `import { Kafka } from 'kafkajs';
${importLine}

const kafka = new Kafka({ brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'billing' });

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'payments' });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const payment = JSON.parse(message.value!.toString());
      ${call}
    },
  });
}
`;

const PAYMENTS_PG = `import { Pool } from 'pg';

const pool = new Pool();

export async function applyPayment(accountId: string, amount: number): Promise<void> {
  await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, accountId]);
}
`;

describe('cross-file effects: relative imports', () => {
  it('follows an imported function to its relative write, shown at the call with the place', async () => {
    const root = project({
      'package.json': '{ "name": "billing" }',
      'src/consumer.ts': KAFKA_CONSUMER("import { applyPayment } from './payments';", 'await applyPayment(payment.accountId, payment.amount);'),
      'src/payments.ts': PAYMENTS_PG,
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    const increment = findings.find((f) => f.rule === 'no-increment-write');
    expect(increment).toMatchObject({ line: 12 });
    expect(increment!.message).toContain('src/payments.ts:6');
    // The write is not rewritten from another file; a guard needs a store this file uses (none here).
    expect(increment!.suggestions).toBe(0);
    const dedup = findings.find((f) => f.rule === 'require-dedup-check');
    expect(dedup).toMatchObject({ line: 10 });
    expect(dedup!.message).toContain('(via `applyPayment(…)`, src/payments.ts:6)');
    // Off: the call is unseen (its name is not a write verb).
    expect((await lintIn(root, 'src/consumer.ts', { followImports: false })).filter((f) => f.rule === 'no-increment-write')).toEqual([]);
  });

  it('shows several writes of one imported function once, at the call; offers the guard on a store of this file', async () => {
    const root = project({
      'package.json': '{ "name": "billing" }',
      'src/consumer.ts': KAFKA_CONSUMER(
        "import { Pool } from 'pg';\nimport { settle } from './ledger';\n\nconst pool = new Pool();",
        "await settle(payment.accountId, payment.amount);\n      await pool.query('INSERT INTO audit (id) VALUES ($1) ON CONFLICT DO NOTHING', [payment.id]);",
      ),
      'src/ledger.ts': `import { Pool } from 'pg';

const pool = new Pool();

export async function settle(accountId: string, amount: number): Promise<void> {
  await pool.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, accountId]);
  await pool.query('UPDATE stats SET settled = settled + 1');
}
`,
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    const increments = findings.filter((f) => f.rule === 'no-increment-write');
    expect(increments).toHaveLength(1);
    expect(increments[0]).toMatchObject({ line: 15 });
    expect(increments[0]!.suggestions).toBeGreaterThan(0);
  });

  it('resolves `./x.js` to `./x.ts`, index files, default and namespace imports, and re-exports', async () => {
    const root = project({
      'package.json': '{ "name": "billing", "type": "module" }',
      'src/consumer.ts': KAFKA_CONSUMER("import * as billing from './billing/index.js';", 'await billing.applyPayment(payment.accountId, payment.amount);'),
      'src/billing/index.ts': "export * from './apply.js';\n",
      'src/billing/apply.ts': "export { applyPayment } from '../payments';\n",
      'src/payments.ts': PAYMENTS_PG,
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    expect(findings.map((f) => [f.rule, f.line])).toContainEqual(['no-increment-write', 12]);
  });

  it('does not report a handler whose imported helper only reads or logs (the body, not the name, decides)', async () => {
    const root = project({
      'package.json': '{ "name": "notify" }',
      'src/consumer.ts': KAFKA_CONSUMER("import { sendOrderPaidEmail } from './mailer';", 'await sendOrderPaidEmail(payment.orderId);'),
      'src/mailer.ts': `export async function sendOrderPaidEmail(orderId: string): Promise<void> {
  // await transport.sendMail(...) is switched off in this service
  console.log('order paid', orderId);
}
`,
    });
    expect(await lintIn(root, 'src/consumer.ts')).toEqual([]);
    // With followImports off, only the call's name is seen: an email verb is a side effect.
    const named = await lintIn(root, 'src/consumer.ts', { followImports: false });
    expect(named.map((f) => f.rule)).toContain('require-dedup-check');
  });

  it('an imported dedup check guards the handler', async () => {
    const root = project({
      'package.json': '{ "name": "billing" }',
      'src/consumer.ts': KAFKA_CONSUMER(
        "import { applyPayment } from './payments';\nimport { firstDelivery } from './dedup';",
        'if (!(await firstDelivery(`payment:${payment.id}`))) return;\n      await applyPayment(payment.accountId, payment.amount);',
      ),
      'src/dedup.ts': `import Redis from 'ioredis';

const redis = new Redis();

export async function firstDelivery(key: string): Promise<boolean> {
  return (await redis.set(key, '1', 'EX', 86400, 'NX')) === 'OK';
}
`,
      'src/payments.ts': PAYMENTS_PG,
    });
    expect(await lintIn(root, 'src/consumer.ts')).toEqual([]);
  });

  it('survives import cycles, files that do not parse, and imports of published packages', async () => {
    const root = project({
      'package.json': '{ "name": "loops" }',
      'src/consumer.ts': KAFKA_CONSUMER(
        "import { ping } from './a';\nimport { broken } from './broken';\nimport { helper } from 'some-package';",
        'await ping(payment.n);\n      await broken(payment);\n      await helper(payment);',
      ),
      'src/a.ts': "import { pong } from './b';\nexport async function ping(n: number): Promise<void> { if (n > 0) await pong(n - 1); }\n",
      'src/b.ts': "import { ping } from './a';\nexport async function pong(n: number): Promise<void> { if (n > 0) await ping(n - 1); }\n",
      'src/broken.ts': 'export async function broken(x: unknown) { await db.query(\n',
      'node_modules/some-package/index.js': "exports.helper = async () => { require('fs').writeFileSync('/tmp/x', '1'); };\n",
      'node_modules/some-package/package.json': '{ "name": "some-package", "main": "index.js" }',
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    // No crash, and nothing invented: `helper` and `broken` are unseen calls without a write-like name.
    expect(findings.filter((f) => f.rule === 'no-increment-write')).toEqual([]);
  });
});

describe('cross-file effects: injected services, tsconfig paths, workspace packages, CommonJS', () => {
  it('follows a NestJS service injected by type through a tsconfig path alias', async () => {
    const root = project({
      'package.json': '{ "name": "wallet" }',
      'tsconfig.json': `{
  // paths are relative to baseUrl
  "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/*"] }, },
}
`,
      'src/wallet.controller.ts': `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { WalletService } from '@app/wallet/wallet.service';

@Controller()
export class WalletController {
  constructor(private readonly walletService: WalletService) {}

  @EventPattern('payment.completed')
  async onPaymentCompleted(@Payload() data: { userId: string; amount: number }, @Ctx() context: KafkaContext) {
    await this.walletService.increaseBalance(data.userId, data.amount);
  }
}
`,
      'src/wallet/wallet.service.ts': `import { Injectable } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class WalletService {
  private readonly prisma = new PrismaClient();

  async increaseBalance(userId: string, amount: number): Promise<void> {
    await this.prisma.wallet.update({ where: { userId }, data: { balance: { increment: amount } } });
  }
}
`,
    });
    const findings = await lintIn(root, 'src/wallet.controller.ts');
    const increment = findings.find((f) => f.rule === 'no-increment-write');
    expect(increment).toMatchObject({ line: 11 });
    expect(increment!.message).toContain('src/wallet/wallet.service.ts:9');
    expect(findings.map((f) => f.rule)).toContain('require-dedup-check');
  });

  it('follows a workspace package imported by name to its TypeScript source (not its build output)', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/counters/package.json': JSON.stringify({ name: '@acme/counters', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'packages/counters/src/index.ts': "export * from './counters';\n",
      'packages/counters/src/counters.ts': `import Redis from 'ioredis';

const redis = new Redis();

export async function bump(key: string, by: number): Promise<void> {
  await redis.incrby(key, by);
}
`,
      'apps/worker/package.json': JSON.stringify({ name: 'worker' }),
      'apps/worker/src/worker.ts': `import { Worker } from 'bullmq';
import { bump } from '@acme/counters';

export const worker = new Worker('views', async (job) => {
  await bump(\`views:\${job.data.pageId}\`, job.data.count);
});
`,
    });
    const findings = await lintIn(root, 'apps/worker/src/worker.ts');
    const increment = findings.find((f) => f.rule === 'no-increment-write');
    expect(increment).toMatchObject({ line: 5 });
    expect(increment!.message).toContain('packages/counters/src/counters.ts:6');
  });

  it('follows pnpm workspaces and package `exports` subpaths', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'mono', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'libs/*'\n  - apps/*\n",
      'libs/ledger/package.json': JSON.stringify({ name: '@acme/ledger', exports: { './credit': { types: './src/credit.ts', default: './dist/credit.js' } } }),
      'libs/ledger/src/credit.ts': PAYMENTS_PG,
      'apps/api/package.json': JSON.stringify({ name: 'api' }),
      'apps/api/src/consumer.ts': KAFKA_CONSUMER("import { applyPayment } from '@acme/ledger/credit';", 'await applyPayment(payment.accountId, payment.amount);'),
    });
    const findings = await lintIn(root, 'apps/api/src/consumer.ts');
    expect(findings.find((f) => f.rule === 'no-increment-write')?.message).toContain('libs/ledger/src/credit.ts:6');
  });

  it('follows CommonJS: a namespace through an index object to an exported function', async () => {
    const root = project({
      'package.json': '{ "name": "links" }',
      'server/queues/visit.js': `const Queue = require('bull');
const query = require('../queries');

const visitQueue = new Queue('visit');

visitQueue.process(async (job) => {
  await query.link.incrementVisit({ id: job.data.linkId });
});
`,
      'server/queries/index.js': "const link = require('./link.queries');\n\nmodule.exports = { link };\n",
      'server/queries/link.queries.js': `const knex = require('knex')({ client: 'pg' });

async function incrementVisit(match) {
  return knex('links').where(match).increment('visit_count', 1);
}

module.exports = { incrementVisit };
`,
    });
    const findings = await lintIn(root, 'server/queues/visit.js');
    const increment = findings.find((f) => f.rule === 'no-increment-write');
    expect(increment).toMatchObject({ line: 7 });
    expect(increment!.message).toContain('server/queries/link.queries.js:4');
  });
});

describe('cross-file acks and failures', () => {
  it('an ack in an imported helper before the work is shown at the helper call, without a move suggestion', async () => {
    const root = project({
      'package.json': '{ "name": "orders" }',
      'src/ack.ts': `import type { Channel, ConsumeMessage } from 'amqplib';

export function acknowledge(channel: Channel, msg: ConsumeMessage): void {
  channel.ack(msg);
}
`,
      'src/consumer.ts': `import amqp from 'amqplib';
import { Pool } from 'pg';
import { acknowledge } from './ack';

const pool = new Pool();

export async function start(): Promise<void> {
  const channel = await (await amqp.connect('amqp://localhost')).createChannel();
  await channel.consume('orders', async (msg) => {
    if (!msg) return;
    const order = JSON.parse(msg.content.toString());
    acknowledge(channel, msg);
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
  });
}
`,
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    const early = findings.find((f) => f.rule === 'no-ack-before-process');
    expect(early).toMatchObject({ line: 12, suggestions: 0 });
    expect(early!.message).toContain('`channel.ack(msg)` (src/ack.ts:4) settles the message before');
  });

  it('a catch in an imported function that swallows the failure is shown at the call with its place', async () => {
    const root = project({
      'package.json': '{ "name": "orders" }',
      'src/save.ts': `import { Pool } from 'pg';

const pool = new Pool();

export async function saveOrder(order: { id: string; total: number }): Promise<void> {
  try {
    await pool.query('INSERT INTO orders (id, total) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [order.id, order.total]);
  } catch (err) {
    console.error('could not save order', order.id, err);
  }
}
`,
      'src/consumer.ts': KAFKA_CONSUMER("import { saveOrder } from './save';", 'await saveOrder(payment);'),
    });
    const findings = await lintIn(root, 'src/consumer.ts');
    const swallowed = findings.find((f) => f.rule === 'no-ack-after-failure');
    expect(swallowed).toMatchObject({ line: 12, suggestions: 0 });
    expect(swallowed!.message).toContain('`saveOrder(…)` swallows a failure of');
    expect(swallowed!.message).toContain('src/save.ts:8');
  });
});

const WELCOME_JOB = `import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export async function sendWelcome(job: { data: { email: string } }): Promise<void> {
  await mailer.sendMail({ to: job.data.email, subject: 'Welcome', text: 'Hi!' });
}
`;

describe('handlers written in another file', () => {
  it('a processor imported by the registration is analysed where it is written, findings shown at the reference', async () => {
    const root = project({
      'package.json': '{ "name": "mail" }',
      'src/jobs/welcome.ts': WELCOME_JOB,
      'src/worker.ts': `import { Worker } from 'bullmq';
import { sendWelcome } from './jobs/welcome';

export const worker = new Worker('welcome', sendWelcome);
`,
    });
    const findings = await lintIn(root, 'src/worker.ts');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'require-dedup-check', line: 4, suggestions: 0 });
    expect(findings[0]!.message).toContain('(src/jobs/welcome.ts:6)');
  });

  it('one processor registered by two files: each file shows the finding at its own reference', async () => {
    const root = project({
      'package.json': '{ "name": "mail" }',
      'src/jobs/welcome.ts': WELCOME_JOB,
      'src/a.ts': "import { Worker } from 'bullmq';\nimport { sendWelcome } from './jobs/welcome';\n\nexport const a = new Worker('welcome', sendWelcome);\n",
      'src/b.ts': "import { Worker } from 'bullmq';\nimport { sendWelcome } from './jobs/welcome';\n\n\n\nexport const b = new Worker('welcome-eu', sendWelcome);\n",
    });
    expect((await lintIn(root, 'src/a.ts')).map((f) => f.line)).toEqual([4]);
    expect((await lintIn(root, 'src/b.ts')).map((f) => f.line)).toEqual([6]);
  });

  it('a kafkajs eachMessage handler imported from a module whose ack-less catch swallows failures', async () => {
    const root = project({
      'package.json': '{ "name": "orders" }',
      'src/handlers.ts': `import type { EachMessagePayload } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();

export async function handleOrder({ message }: EachMessagePayload): Promise<void> {
  try {
    await pool.query('INSERT INTO orders (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [message.key?.toString()]);
  } catch (err) {
    console.error(err);
  }
}
`,
      'src/main.ts': `import { Kafka } from 'kafkajs';
import { handleOrder } from './handlers';

const consumer = new Kafka({ brokers: ['localhost:9092'] }).consumer({ groupId: 'orders' });

export async function main(): Promise<void> {
  await consumer.run({ eachMessage: handleOrder });
}
`,
    });
    const findings = await lintIn(root, 'src/main.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['no-ack-after-failure', 7]]);
    expect(findings[0]!.message).toContain('(src/handlers.ts:9)');
  });

  it('sandboxed processors named by their file: Bull path.resolve(__dirname, …) and BullMQ path.join / new URL to a TypeScript source', async () => {
    const root = project({
      'package.json': '{ "name": "links" }',
      'server/queues/queues.js': `const path = require('node:path');
const Queue = require('bull');

const visit = new Queue('visit');
visit.process(6, path.resolve(__dirname, 'visit.js'));
`,
      'server/queues/visit.js': `const query = require('../queries');

module.exports = async function ({ data }) {
  await query.link.incrementVisit({ id: data.link.id });
  await query.visit.add({ linkId: data.link.id, browser: data.browser });
};
`,
      'server/queries/index.js': "exports.link = require('./link.queries');\nexports.visit = require('./visit.queries');\n",
      'server/queries/visit.queries.js': `const knex = require('knex')({ client: 'pg' });

exports.add = async (data) =>
  knex('visits').where({ link_id: data.linkId }).increment(\`br_\${data.browser}\`, 1).increment('total', 1);
`,
      'server/queries/link.queries.js': `const knex = require('knex')({ client: 'pg' });

exports.incrementVisit = async (match) => knex('links').where(match).increment('visit_count', 1);
`,
      'src/worker.ts': `import path from 'node:path';
import { Worker } from 'bullmq';

export const mail = new Worker('mail', path.join(__dirname, 'mail.processor.js'));
export const sms = new Worker('sms', new URL('./sms.processor.js', import.meta.url));
export const unknown = new Worker('other', path.join(__dirname, process.env.PROCESSOR!));
`,
      'src/sms.processor.ts': `import twilio from 'twilio';

const sms = twilio('sid', 'token');

export default async function (job: { data: { to: string; text: string } }) {
  await sms.messages.create({ to: job.data.to, from: '+100', body: job.data.text });
}
`,
      'src/mail.processor.ts': `import type { SandboxedJob } from 'bullmq';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export default async function (job: SandboxedJob<{ email: string }>): Promise<void> {
  await mailer.sendMail({ to: job.data.email, subject: 'Hello', text: '…' });
}
`,
    });
    const bull = await lintIn(root, 'server/queues/queues.js');
    // Two writes in other files shown at the one registration: one finding each (one per statement).
    expect(bull.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 5],
      ['no-increment-write', 5],
      ['no-increment-write', 5],
    ]);
    expect(bull[0]!.message).toContain('Bull processor (server/queues/visit.js:3)');
    expect(bull[1]!.message).toContain('server/queries/link.queries.js:3');
    expect(bull[2]!.message).toContain('server/queries/visit.queries.js:4');
    const bullmq = await lintIn(root, 'src/worker.ts');
    expect(bullmq.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 4],
      ['require-dedup-check', 5],
    ]);
    expect(bullmq[0]!.message).toContain('BullMQ processor (src/mail.processor.ts:6) runs `mailer.sendMail()`');
  });
});


describe('base classes that register a handler (template method)', () => {
  const BASE_CONSUMER = `import { Kafka } from 'kafkajs';

export abstract class BaseConsumer<T> {
  abstract topic: string;
  abstract handle(value: T): Promise<void>;

  constructor(private readonly kafka: Kafka) {}

  async consume(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.topic });
    await consumer.subscribe({ topic: this.topic });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value!.toString());
        AWAIT_OR_NOT this.handle(value);
      },
    });
  }
}
`;
  const WALLET_CONSUMER = `import { Pool } from 'pg';
import { BaseConsumer } from '../shared/base-consumer';

const pool = new Pool();

export class DepositConsumer extends BaseConsumer<{ accountId: string; amount: number }> {
  topic = 'deposits';

  async handle(value: { accountId: string; amount: number }): Promise<void> {
    await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [value.amount, value.accountId]);
  }

  describe(): string {
    return this.topic;
  }
}
`;

  it("a subclass's override of the method the base class hands each message to is a handler of the base's library", async () => {
    const root = project({
      'src/shared/base-consumer.ts': BASE_CONSUMER.replace('AWAIT_OR_NOT', 'await'),
      'src/wallet/deposit.consumer.ts': WALLET_CONSUMER,
    });
    const findings = await lintIn(root, 'src/wallet/deposit.consumer.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 9],
      ['no-increment-write', 10],
    ]);
    expect(findings[0]!.message).toContain('kafkajs eachMessage handler (BaseConsumer subclass)');
    // The base class alone awaits its subclass's work: nothing to report there.
    expect(await lintIn(root, 'src/shared/base-consumer.ts')).toEqual([]);
  });

  it('a base class that does not await the abstract async method it dispatches to lets the offset commit first', async () => {
    const root = project({
      'src/shared/base-consumer.ts': BASE_CONSUMER.replace('AWAIT_OR_NOT', ''),
      'src/wallet/deposit.consumer.ts': WALLET_CONSUMER,
    });
    const findings = await lintIn(root, 'src/shared/base-consumer.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['no-ack-before-process', 15]]);
    expect(findings[0]!.message).toContain("`handle(…)` (the subclass's work) is not awaited before kafkajs commits the offset");
  });

  it('classes that extend something unrelated to messaging are not handlers', async () => {
    const root = project({
      'src/shared/base-consumer.ts': BASE_CONSUMER.replace('AWAIT_OR_NOT', 'await'),
      'src/errors.ts': `export class AppError extends Error {
  async handle(value: { id: string }): Promise<void> {
    await fetch('https://example.com/errors', { method: 'POST', body: JSON.stringify(value) });
  }
}
`,
      'src/report.ts': `import { BaseConsumer } from './shared/base-consumer';

/** A subclass that overrides nothing the base class dispatches to. */
export abstract class Audited extends BaseConsumer<unknown> {
  async audit(value: { id: string }): Promise<void> {
    await fetch('https://example.com/audit', { method: 'POST', body: JSON.stringify(value) });
  }
}
`,
    });
    expect(await lintIn(root, 'src/errors.ts')).toEqual([]);
    expect(await lintIn(root, 'src/report.ts')).toEqual([]);
  });

  it('a NATS Streaming listener base class in a shared package that the services import by name (no workspaces declared)', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'auctions', private: true }),
      'common/package.json': JSON.stringify({ name: '@auction/common', main: './build/index.js', types: './build/index.d.ts' }),
      'common/src/index.ts': `export * from './events/base-listener';\nexport * from './events/base-publisher';\n`,
      'common/src/events/base-listener.ts': `import { Message, Stan } from 'node-nats-streaming';

export abstract class Listener<T> {
  abstract subject: string;
  abstract onMessage(data: T, msg: Message): void;
  constructor(protected client: Stan) {}

  listen(): void {
    const options = this.client.subscriptionOptions().setManualAckMode(true).setDurableName(this.subject);
    const subscription = this.client.subscribe(this.subject, 'group', options);
    subscription.on('message', (msg: Message) => {
      this.onMessage(JSON.parse(msg.getData().toString()), msg);
    });
  }
}
`,
      'common/src/events/base-publisher.ts': `import { Stan } from 'node-nats-streaming';

export abstract class Publisher<T> {
  abstract subject: string;
  constructor(protected client: Stan) {}

  publish(data: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.publish(this.subject, JSON.stringify(data), (err) => (err ? reject(err) : resolve()));
    });
  }
}
`,
      'services/bids/package.json': JSON.stringify({ name: 'bids', dependencies: { '@auction/common': '^1.0.0' } }),
      'services/bids/src/bid-created-listener.ts': `import { Listener, Publisher } from '@auction/common';
import { Message, Stan } from 'node-nats-streaming';
import { Listing } from './models';

class ListingUpdatedPublisher extends Publisher<{ id: string; price: number }> {
  subject = 'listing:updated';
}

export class BidCreatedListener extends Listener<{ listingId: string; amount: number }> {
  subject = 'bid:created';

  constructor(client: Stan) {
    super(client);
  }

  async onMessage(data: { listingId: string; amount: number }, msg: Message) {
    const listing = await Listing.findOne({ where: { id: data.listingId } });
    await listing.update({ currentPrice: data.amount });
    new ListingUpdatedPublisher(this.client).publish({ id: data.listingId, price: data.amount });
    msg.ack();
  }
}
`,
      'services/bids/src/user-created-listener.ts': `import { Listener } from '@auction/common';
import { Message } from 'node-nats-streaming';
import { User } from './models';

export class UserCreatedListener extends Listener<{ id: string; name: string }> {
  subject = 'user:created';

  async onMessage(data: { id: string; name: string }, msg: Message) {
    const { id, name } = data;
    // Keyed by the id the event carries: a redelivery fails on the primary key instead of inserting twice.
    await User.create({ id, name });
    msg.ack();
  }
}
`,
    });
    const findings = await lintIn(root, 'services/bids/src/bid-created-listener.ts');
    // The absolute update and the event it relays need no dedup check; the un-awaited publish is lost on a crash.
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['no-ack-before-process', 19]]);
    expect(findings[0]!.message).toContain('`publish(…)` is not awaited before `msg.ack()` settles the message');
    expect(await lintIn(root, 'services/bids/src/user-created-listener.ts')).toEqual([]);
  });
});

describe('handlers typed with a library message type, registered by a project helper elsewhere', () => {
  it('NATS JetStream `(m: JsMsg)` and amqplib `(msg: ConsumeMessage)`', async () => {
    const root = project({
      'src/listeners/ticket-updated.ts': `import { JsMsg } from 'nats';
import { Ticket, sequelize } from '../db';

const updateTicket = async (m: JsMsg, ticket: { id: number; title: string }) => {
  await sequelize.transaction(async (t) => {
    const row = await Ticket.findByPk(ticket.id, { transaction: t, lock: true });
    if (!row) return m.nak();
    await row.set({ title: ticket.title }).save({ transaction: t });
    m.ack();
  });
};

export const ticketUpdatedListener = async (m: JsMsg) => {
  await updateTicket(m, JSON.parse(m.data.toString()));
};
`,
      'src/consumers/email.ts': `import type { ConsumeMessage } from 'amqplib';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export async function onWelcomeEmail(msg: ConsumeMessage): Promise<void> {
  const { to } = JSON.parse(msg.content.toString());
  await mailer.sendMail({ to, subject: 'Welcome', text: 'Hello' });
}
`,
    });
    const nats = await lintIn(root, 'src/listeners/ticket-updated.ts');
    expect(nats.map((f) => [f.rule, f.line])).toEqual([['no-ack-before-process', 9]]);
    expect(nats[0]!.message).toContain('before the commit of `sequelize.transaction()`');
    const amqp = await lintIn(root, 'src/consumers/email.ts');
    expect(amqp.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 6]]);
    expect(amqp[0]!.message).toContain('AMQP message handler');
  });

  it('Pub/Sub `(message: Message)` and Service Bus `(message: ServiceBusReceivedMessage)`; a `Message` of another package is not one', async () => {
    const handler = (importLine: string, type: string) => `${importLine}
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export async function onSignup(message: ${type}): Promise<void> {
  const { email } = JSON.parse(message.body ? String(message.body) : message.data.toString());
  await mailer.sendMail({ to: email, subject: 'Welcome' });
}
`;
    const root = project({
      'src/pubsub.ts': handler("import type { Message } from '@google-cloud/pubsub';", 'Message'),
      'src/servicebus.ts': handler("import type { ServiceBusReceivedMessage } from '@azure/service-bus';", 'ServiceBusReceivedMessage'),
      'src/chat.ts': handler("import type { Message } from 'discord.js';", 'Message'),
    });
    const pubsub = await lintIn(root, 'src/pubsub.ts');
    expect(pubsub.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 6]]);
    expect(pubsub[0]!.message).toContain('Pub/Sub message handler');
    const serviceBus = await lintIn(root, 'src/servicebus.ts');
    expect(serviceBus.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 6]]);
    expect(serviceBus[0]!.message).toContain('Service Bus message handler');
    expect(await lintIn(root, 'src/chat.ts')).toEqual([]);
  });
});

describe('consumers settings for handlers no registration shows', () => {
  const TASK = (name: string, body: string) => `import { BaseTask } from '@acme/tasks';
import nodemailer from 'nodemailer';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export class ${name} extends BaseTask {
  async perform(props: { id: string; email: string }) {
    ${body}
  }

  describe(): string {
    return '${name}';
  }
}
`;

  it('`{ extends, method }`: the method of every subclass of a base class from a published package', async () => {
    const root = project({
      'src/tasks/welcome.ts': TASK('WelcomeTask', "await mailer.sendMail({ to: props.email, subject: 'Welcome' });"),
      'src/tasks/other.ts': `import { Component } from 'react';
export class Page extends Component {
  async perform(props: { email: string }) {
    await fetch('https://example.com', { method: 'POST', body: props.email });
  }
}
`,
    });
    const settings = { consumers: [{ extends: 'BaseTask', method: 'perform' }] };
    const findings = await lintIn(root, 'src/tasks/welcome.ts', settings);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 7]]);
    expect(findings[0]!.message).toContain('BaseTask subclass perform()');
    expect(await lintIn(root, 'src/tasks/welcome.ts')).toEqual([]);
    expect(await lintIn(root, 'src/tasks/other.ts', settings)).toEqual([]);
  });

  it('`{ files, export }`: the default export of files matching a glob relative to the project root', async () => {
    const handler = `import nodemailer from 'nodemailer';
const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export default async function (job: { id: string; email: string }) {
  await mailer.sendMail({ to: job.email, subject: 'Receipt' });
}
`;
    const root = project({ 'src/jobs/mail/receipt.ts': handler, 'src/lib/receipt.ts': handler });
    const settings = { consumers: [{ files: 'src/jobs/**/*.ts', export: 'default', messageId: 'id' }] };
    const inJobs = await lintIn(root, 'src/jobs/mail/receipt.ts', settings);
    expect(inJobs.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 4]]);
    expect(inJobs[0]!.message).toContain('default export (configured files)');
    expect(await lintIn(root, 'src/lib/receipt.ts', settings)).toEqual([]);
  });
});

describe('NestJS microservices: what the rest of the project says about a handler', () => {
  const CONTROLLER = `import { Controller } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { WalletService } from './wallet.service';

@Controller()
export class WalletController {
  constructor(private readonly walletService: WalletService) {}

  @EventPattern('user-created')
  async handleUserCreated(@Payload() data: { userId: string }) {
    this.walletService.createWallet(data.userId);
  }

  @MessagePattern(Topics.PAYMENT_CREATED)
  async handlePayment(@Payload() data: { userId: string; amount: number }) {
    return this.walletService.credit(data.userId, data.amount);
  }
}
`.replace("import { WalletService } from './wallet.service';", "import { WalletService } from './wallet.service';\nimport { Topics } from './topics';");
  const SERVICE = `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Wallet } from './wallet.entity';

@Injectable()
export class WalletService {
  constructor(@InjectRepository(Wallet) private readonly wallets: Repository<Wallet>) {}

  async createWallet(userId: string): Promise<void> {
    await this.wallets.insert({ userId, balance: 0 });
  }

  async credit(userId: string, amount: number): Promise<Wallet> {
    await this.wallets.increment({ userId }, 'balance', amount);
    return this.wallets.findOneByOrFail({ userId });
  }
}
`;
  const MAIN = (transport: string) => `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.${transport}, options: { client: { brokers: ['kafka:9092'] } } });
  await app.startAllMicroservices();
}
bootstrap();
`;
  const PRODUCER = (method: string) => `import { ClientKafka } from '@nestjs/microservices';
import { Topics } from '../wallet/src/topics';

export async function pay(client: ClientKafka, userId: string, amount: number) {
  client.${method}(Topics.PAYMENT_CREATED, { userId, amount });
}
`;

  function tree(transport: string, producerMethod: string) {
    return project({
      'wallet/src/main.ts': MAIN(transport),
      'wallet/src/topics.ts': "export const Topics = { PAYMENT_CREATED: 'payment.created' } as const;\n",
      'wallet/src/wallet.controller.ts': CONTROLLER,
      'wallet/src/wallet.service.ts': SERVICE,
      'payments/pay.ts': PRODUCER(producerMethod),
    });
  }

  it("takes the transport from the app's bootstrap file, and treats a @MessagePattern only ever emitted to as an event consumer", async () => {
    const findings = await lintIn(tree('KAFKA', 'emit'), 'wallet/src/wallet.controller.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 11],
      ['no-ack-before-process', 12],
      ['require-dedup-check', 16],
      ['no-increment-write', 17],
    ]);
    expect(findings[1]!.message).toContain('the NestJS Kafka transport commits the offset once the handler returns');
  });

  it('a @MessagePattern that some producer `send`s to answers a caller: request/reply, not analysed', async () => {
    const findings = await lintIn(tree('KAFKA', 'send'), 'wallet/src/wallet.controller.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 11],
      ['no-ack-before-process', 12],
    ]);
  });

  it('core NATS in the bootstrap file: events are not redelivered, nothing is reported', async () => {
    expect(await lintIn(tree('NATS', 'emit'), 'wallet/src/wallet.controller.ts')).toEqual([]);
  });

  // Produced only through an outbox (`emit(row.topic, …)`): no producer names the pattern.
  const OUTBOX_CONTROLLER = `import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { WalletService } from './wallet.service';

@Controller()
export class WalletController {
  constructor(private readonly walletService: WalletService) {}

  @MessagePattern('payment.created')
  async handlePayment(@Payload() data: { paymentId: string; walletId: string; amount: number }) {
    return this.walletService.applyPayment(data);
  }
}
`;
  const OUTBOX_SERVICE = (end: string) => `import { Inject, Injectable } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { Pool } from 'pg';
import { lastValueFrom } from 'rxjs';

const pool = new Pool();

@Injectable()
export class WalletService {
  constructor(@Inject('KAFKA') private readonly kafkaClient: ClientKafka) {}

  async applyPayment(data: { paymentId: string; walletId: string; amount: number }) {
    if (data.amount <= 0) return;
    await pool.query('INSERT INTO wallet_transactions (payment_id, wallet_id, amount) VALUES ($1, $2, $3) ON CONFLICT (payment_id) DO NOTHING', [data.paymentId, data.walletId, data.amount]);
    ${end}
  }
}
`;
  function outboxTree(end: string) {
    return project({
      'wallet/src/main.ts': MAIN('KAFKA'),
      'wallet/src/wallet.controller.ts': OUTBOX_CONTROLLER,
      'wallet/src/wallet.service.ts': OUTBOX_SERVICE(end),
      'payments/outbox.ts': `import { ClientKafka } from '@nestjs/microservices';

export async function relay(client: ClientKafka, row: { topic: string; payload: unknown }) {
  await client.emit(row.topic, row.payload).toPromise();
}
`,
    });
  }

  it('a @MessagePattern that returns a service call giving no value answers nobody: an event consumer, whose un-awaited hot `emit` is lost when the offset commits', async () => {
    const findings = await lintIn(outboxTree("this.kafkaClient.emit('wallet.debited', { paymentId: data.paymentId });"), 'wallet/src/wallet.controller.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['no-ack-before-process', 11]]);
    expect(findings[0]!.message).toContain('`kafkaClient.emit()` (publish) (wallet/src/wallet.service.ts:15)');
  });

  it('the same consumer awaiting the emit (`lastValueFrom`), or a handler returning a value with no producer known, is not reported', async () => {
    const root = outboxTree("await lastValueFrom(this.kafkaClient.emit('wallet.debited', { paymentId: data.paymentId }));");
    expect(await lintIn(root, 'wallet/src/wallet.controller.ts')).toEqual([]);
    // A reply (the inserted row) makes it request/reply: nothing analysed, the floating emit included.
    const replying = outboxTree("this.kafkaClient.emit('wallet.debited', { paymentId: data.paymentId });\n    return { applied: true };");
    expect(await lintIn(replying, 'wallet/src/wallet.controller.ts')).toEqual([]);
  });
});

describe('read-modify-write through a pass-through repository wrapper', () => {
  it('is shown at the service call that hands the changed row over, not inside the generic wrapper', async () => {
    const root = project({
      'libs/common/abstract.repository.ts': `import { Repository } from 'typeorm';

export abstract class AbstractRepository<T> {
  protected constructor(private readonly entity: Repository<T>) {}

  public async findOneBy(where: Partial<T>): Promise<T | null> {
    return this.entity.findOneBy(where as never);
  }

  public async save(data: T): Promise<T> {
    return await this.entity.save(data);
  }
}
`,
      'apps/users/overview.repository.ts': `import { Repository } from 'typeorm';
import { AbstractRepository } from '../../libs/common/abstract.repository';
import { Overview } from './overview.entity';

export class OverviewRepository extends AbstractRepository<Overview> {
  constructor(repo: Repository<Overview>) {
    super(repo);
  }
}
`,
      'apps/users/users.service.ts': `import { OverviewRepository } from './overview.repository';

export class UsersService {
  constructor(private readonly overviews: OverviewRepository) {}

  async productAdded(categoryId: number): Promise<void> {
    const overview = await this.overviews.findOneBy({ id: categoryId });
    overview.totalProducts += 1;
    await this.overviews.save(overview);
  }
}
`,
      'apps/users/users.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { UsersService } from './users.service';

@Controller()
export class UsersController {
  constructor(private readonly usersService: UsersService) {}

  @EventPattern('product-added', Transport.KAFKA)
  async onProductAdded(@Payload() payload: { categoryId: number }): Promise<void> {
    await this.usersService.productAdded(payload.categoryId);
  }
}
`,
    });
    const findings = await lintIn(root, 'apps/users/users.controller.ts');
    const increments = findings.filter((f) => f.rule === 'no-increment-write');
    expect(increments.map((f) => f.line)).toEqual([11]);
    expect(increments[0]!.message).toContain('`overviews.save()` after `overview.totalProducts += 1`');
    expect(increments[0]!.message).toContain('apps/users/users.service.ts:9');
  });
});

describe('project wrappers around a library registration', () => {
  const WRAPPER = `import { Worker, type Processor } from 'bullmq';
import { connection } from './redis';

function instrument(processor: Processor, name: string): Processor {
  return async (job) => {
    console.time(name);
    try {
      return await processor(job);
    } finally {
      console.timeEnd(name);
    }
  };
}

/** Every queue of the app is registered through here. */
export function registerWorker(name: string, processor: Processor): Worker {
  return new Worker(name, instrument(processor, name), { connection });
}

/** Not a registration: runs the function at once, with retries. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
    }
  }
}
`;
  const MAILER = `import nodemailer from 'nodemailer';
export const mailer = nodemailer.createTransport({ host: 'smtp.internal' });
`;

  it('a handler passed to an imported wrapper of `new Worker()` is a BullMQ processor, inline or imported', async () => {
    const root = project({
      'src/lib/workers.ts': WRAPPER,
      'src/lib/redis.ts': 'export const connection = { host: "redis" };\n',
      'src/lib/mailer.ts': MAILER,
      'src/jobs/receipt.ts': `import { mailer } from '../lib/mailer';

export async function sendReceipt(job: { data: { email: string } }): Promise<void> {
  await mailer.sendMail({ to: job.data.email, subject: 'Receipt' });
}
`,
      'src/workers.ts': `import { registerWorker, withRetry } from './lib/workers';
import { mailer } from './lib/mailer';
import { sendReceipt } from './jobs/receipt';

export const welcome = registerWorker('welcome', async (job) => {
  await mailer.sendMail({ to: job.data.email, subject: 'Welcome' });
});

export const receipts = registerWorker('receipts', sendReceipt);

export async function warmUp(): Promise<void> {
  await withRetry(async () => {
    await mailer.sendMail({ to: 'ops@example.com', subject: 'Started' });
  });
}
`,
    });
    const findings = await lintIn(root, 'src/workers.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 5],
      ['require-dedup-check', 9],
    ]);
    expect(findings[0]!.message).toContain('This BullMQ processor runs `mailer.sendMail()`');
    expect(findings[1]!.message).toContain('BullMQ processor (src/jobs/receipt.ts:3)');
  });
});

describe('wrappers whose own handler calls the function passed in', () => {
  const SUBSCRIBE = `import { PubSub, type Message } from '@google-cloud/pubsub';

type Handler = (message: Message, attempt: number) => Promise<void>;

async function inSpan<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return fn();
}

/** Acks once the handler resolved, nacks when it threw. */
export function workerSubscribe(pubsub: PubSub, subscription: string, handler: Handler): void {
  pubsub.subscription(subscription).on('message', async (message) => {
    try {
      await inSpan(subscription, () => handler(message, message.deliveryAttempt));
      message.ack();
    } catch {
      message.nack();
    }
  });
}

/** Runs the function later, without waiting: not a handler of the subscription. */
export function onIdle(pubsub: PubSub, subscription: string, fn: () => Promise<void>): void {
  pubsub.subscription(subscription).on('message', (message) => {
    message.ack();
    setTimeout(() => void fn(), 1000);
  });
}
`;
  const DB = `import { Pool } from 'pg';
export const db = new Pool();
`;

  it('the passed function is the handler; returning from it is what the wrapper acks on', async () => {
    const root = project({
      'src/pubsub.ts': SUBSCRIBE,
      'src/db.ts': DB,
      'src/main.ts': `import { PubSub } from '@google-cloud/pubsub';
import { workerSubscribe, onIdle } from './pubsub';
import { db } from './db';

const pubsub = new PubSub();

workerSubscribe(pubsub, 'credits', async (message) => {
  const { accountId, amount } = JSON.parse(message.data.toString());
  try {
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, accountId]);
  } catch (error) {
    console.error('credit failed', error);
  }
});

onIdle(pubsub, 'cleanup', async () => {
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
});
`,
    });
    const findings = await lintIn(root, 'src/main.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 7],
      ['no-increment-write', 10],
      ['no-ack-after-failure', 11],
    ]);
    expect(findings[0]!.message).toContain('Pub/Sub message listener');
    // The one-statement rewrite of the relative write is offered on the handler written here.
    expect(findings[1]!.suggestions).toBeGreaterThan(0);
    expect(findings[2]!.message).toContain('settles the message once the handler returns');
  });
});

describe('registries: handler objects in an array that a consumer iterates', () => {
  const SUBSCRIBE = `import { PubSub, type Message } from '@google-cloud/pubsub';

export function workerSubscribe(pubsub: PubSub, subscription: string, handler: (message: Message) => Promise<void>): void {
  pubsub.subscription(subscription).on('message', async (message) => {
    try {
      await handler(message);
      message.ack();
    } catch {
      message.nack();
    }
  });
}
`;
  const files = {
    'src/pubsub.ts': SUBSCRIBE,
    'src/db.ts': `import { Pool } from 'pg';\nexport const db = new Pool();\n`,
    'src/workers/types.ts': `export interface Worker {\n  subscription: string;\n  handler: (message: { messageId: string; data: any }) => Promise<void>;\n}\n`,
    'src/workers/credit.ts': `import { db } from '../db';
import type { Worker } from './types';

const worker: Worker = {
  subscription: 'credit',
  handler: async (message) => {
    await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [message.data.amount, message.data.id]);
  },
};

export default worker;
`,
    'src/workers/audit.ts': `import { db } from '../db';

export const auditWorker = {
  subscription: 'audit',
  async handler(message: { messageId: string; data: { entry: string } }) {
    await db.query('INSERT INTO audit (message_id, entry) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING', [message.messageId, message.data.entry]);
  },
};
`,
    'src/workers/index.ts': `import credit from './credit';
import { auditWorker } from './audit';
import type { Worker } from './types';

export const workers: Worker[] = [credit, auditWorker];
`,
    'src/background.ts': `import { PubSub } from '@google-cloud/pubsub';
import { workerSubscribe } from './pubsub';
import { workers } from './workers';

const pubsub = new PubSub();

workers.forEach((worker) =>
  workerSubscribe(pubsub, worker.subscription, (message) =>
    worker.handler({ messageId: message.id, data: JSON.parse(message.data.toString()) }),
  ),
);
`,
    // A test iterates the registry too; it consumes nothing.
    'src/__tests__/workers.ts': `import { workers } from '../workers';\nworkers.forEach((w) => console.log(w.subscription));\n`,
  };

  it("an element's function is a handler of the consumer's library, reported in its own file with the key the consumer forwards", async () => {
    const root = project(files);
    const credit = await lintIn(root, 'src/workers/credit.ts');
    expect(credit.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 6],
      ['no-increment-write', 7],
    ]);
    expect(credit[1]!.suggestions).toBeGreaterThan(0);
    // Keyed by the message id: nothing to report.
    expect(await lintIn(root, 'src/workers/audit.ts')).toEqual([]);
  });

  it('class instances in a for-of registry inside a kafkajs handler; route tables and unrelated arrays are not registries', async () => {
    const root = project({
      'src/db.ts': `import { Pool } from 'pg';\nexport const db = new Pool();\n`,
      'src/handlers/orders.ts': `import { db } from '../db';

export class OrdersHandler {
  topic = 'orders';
  async handle(payload: { id: string; total: number }): Promise<void> {
    await db.query('UPDATE stats SET revenue = revenue + $1', [payload.total]);
  }
}
`,
      'src/handlers/index.ts': `import { OrdersHandler } from './orders';\nexport const handlers = [new OrdersHandler()];\n`,
      'src/consumer.ts': `import { Kafka } from 'kafkajs';
import { handlers } from './handlers';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'cdc' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const payload = JSON.parse(message.value!.toString());
      for (const handler of handlers) {
        if (handler.topic === topic) await handler.handle(payload);
      }
    },
  });
}
`,
      'src/routes/health.ts': `import { db } from '../db';
export const health = { path: '/health', handler: async () => { await db.query('UPDATE pings SET n = n + 1'); } };
`,
      'src/server.ts': `import express from 'express';
import { health } from './routes/health';
const app = express();
const routes = [health];
routes.forEach((r) => app.post(r.path, async (_req, res) => { await r.handler(); res.end(); }));
`,
    });
    expect((await lintIn(root, 'src/handlers/orders.ts')).map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 5],
      ['no-increment-write', 6],
    ]);
    expect(await lintIn(root, 'src/routes/health.ts')).toEqual([]);
  });
});

describe('Prisma: what the schema says about a model key', () => {
  const SCHEMA = `generator client {
  provider = "prisma-client-js"
}

model WebsiteTick {
  id               String   @id @default(uuid()) // generated by the database
  website_id       String
  status           String
  response_time_ms Int
}

model Check {
  websiteId String
  minute    String
  status    String

  @@id([websiteId, minute])
}

model Website {
  id  String @id
  url String @unique
}
`;

  it('a create that sets no key of a model whose id the database generates inserts a new row on every delivery', async () => {
    const root = project({
      'packages/store/prisma/schema.prisma': SCHEMA,
      'src/worker.ts': `import { Worker } from 'bullmq';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const worker = new Worker('ticks', async (job) => {
  await prisma.websiteTick.create({ data: { website_id: job.data.websiteId, status: 'Up', response_time_ms: job.data.ms } });
  await prisma.check.create({ data: { websiteId: job.data.websiteId, minute: job.data.minute, status: 'Up' } });
  await prisma.website.create({ data: { id: job.data.websiteId, url: job.data.url } });
});
`,
    });
    const findings = await lintIn(root, 'src/worker.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 6],
      ['no-increment-write', 7],
    ]);
    expect(findings[1]!.message).toContain('with a database-generated id (`@default(uuid())` in packages/store/prisma/schema.prisma)');
  });
});

describe('registries of class instances whose shared method routes to overrides (template method)', () => {
  const files = {
    'src/db.ts': `import { Pool } from 'pg';\nexport const db = new Pool();\n`,
    'src/topics/base.ts': `export abstract class TopicHandler {
  abstract topicName: string;

  async handle(payload: { op: string }, offset: string): Promise<void> {
    switch (payload.op) {
      case 'c':
        this.handleInsert(payload, offset);
        break;
      case 'u':
        this.handleUpdate(payload, offset);
        break;
      default:
        break;
    }
  }

  protected abstract handleInsert(payload: unknown, offset: string): Promise<void>;
  protected abstract handleUpdate(payload: unknown, offset: string): Promise<void>;
}
`,
    'src/topics/orders.ts': `import { TopicHandler } from './base';
import { db } from '../db';

export class OrdersHandler extends TopicHandler {
  topicName = 'orders';

  protected async handleInsert(payload: { total: number }): Promise<void> {
    await db.query('UPDATE stats SET revenue = revenue + $1', [payload.total]);
  }

  protected async handleUpdate(): Promise<void> {
    return;
  }
}
`,
    'src/topics/users.ts': `import { TopicHandler } from './base';
export class UsersHandler extends TopicHandler {
  topicName = 'users';
  protected async handleInsert(): Promise<void> {}
  protected async handleUpdate(): Promise<void> {}
}
`,
    'src/topics/index.ts': `import { TopicHandler } from './base';
import { UsersHandler } from './users';
import { OrdersHandler } from './orders';

export const topicHandlers: TopicHandler[] = [new UsersHandler()];
topicHandlers.push(new OrdersHandler());
`,
    'src/cdc.ts': `import { Kafka } from 'kafkajs';
import { topicHandlers } from './topics';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'cdc' });

export async function start(): Promise<void> {
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset }) => {
      const pending = batch.messages.map(async (message) => {
        const event = JSON.parse(message.value!.toString());
        for (const handler of topicHandlers) {
          if (handler.topicName === batch.topic) await handler.handle(event, message.offset);
        }
        await resolveOffset(message.offset);
      });
      await Promise.all(pending);
    },
  });
}
`,
  };

  it("an element class's overrides of what the shared method routes to are handlers, in their own file", async () => {
    const root = project(files);
    expect((await lintIn(root, 'src/topics/orders.ts')).map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 7],
      ['no-increment-write', 8],
    ]);
  });

  it('the consumer follows the shared method and names every routed call it leaves un-awaited', async () => {
    const root = project(files);
    const findings = await lintIn(root, 'src/cdc.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['no-ack-before-process', 12]]);
    expect(findings[0]!.message).toContain('(src/topics/base.ts:7, 10) is not awaited before `resolveOffset(message.offset)` settles the message');
  });
});

describe('in-house queue classes that keep the handler they are given', () => {
  // A Rush monorepo: the queue package is found through rush.json, deeper than a folder scan looks.
  const QUEUE = `import { Kafka, type Consumer } from 'kafkajs';

export interface Ctx {
  error(message: string, data?: unknown): void;
}

type OnMessage<T> = (ctx: Ctx, message: { workspace: string; value: T }) => Promise<void>;

class QueueConsumer<T> {
  private readonly consumer: Consumer;
  constructor(private readonly kafka: Kafka, private readonly topic: string, private readonly onMessage: OnMessage<T>, private readonly onClose: () => void) {
    this.consumer = kafka.consumer({ groupId: topic });
  }

  async start(ctx: Ctx): Promise<void> {
    await this.consumer.subscribe({ topic: this.topic });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString() ?? '{}');
        const workspace = message.key?.toString() ?? '';
        await this.onMessage(ctx, { workspace, value });
      },
    });
  }

  close(): void {
    this.onClose();
  }
}

class PlatformQueue {
  constructor(private readonly kafka: Kafka) {}

  createConsumer<T>(topic: string, onMessage: OnMessage<T>, onClose: () => void = () => {}): QueueConsumer<T> {
    return new QueueConsumer(this.kafka, topic, onMessage, onClose);
  }
}

export function getPlatformQueue(): PlatformQueue {
  return createQueue(new Kafka({ brokers: ['kafka:9092'] }));
}

function createQueue(kafka: Kafka): PlatformQueue {
  return new PlatformQueue(kafka);
}
`;

  it("a handler given to a factory-made queue's method and kept by the consumer class it constructs is a kafkajs handler", async () => {
    const root = project({
      'rush.json': `/** Rush configuration (JSON with comments). */
{
  "rushVersion": "5.100.0",
  "projects": [
    { "packageName": "@acme/queue", "projectFolder": "foundations/server/packages/queue" },
    { "packageName": "@acme/mailer", "projectFolder": "services/mailer" }
  ]
}
`,
      'foundations/server/packages/queue/package.json': JSON.stringify({ name: '@acme/queue', main: 'lib/index.js', types: 'types/index.d.ts' }),
      'foundations/server/packages/queue/src/index.ts': QUEUE,
      'services/mailer/package.json': JSON.stringify({ name: '@acme/mailer' }),
      'services/mailer/src/index.ts': `import { getPlatformQueue } from '@acme/queue';
import { Pool } from 'pg';

const pool = new Pool();
const queue = getPlatformQueue();

queue.createConsumer<{ accountId: string; amount: number }>(
  'credits',
  async (ctx, message) => {
    try {
      await pool.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [message.value.amount, message.value.accountId]);
    } catch (error) {
      ctx.error('Error processing credit', { error });
    }
  },
  async () => {
    await pool.query('DELETE FROM sessions');
  },
);
`,
    });
    const findings = await lintIn(root, 'services/mailer/src/index.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 9],
      ['no-increment-write', 11],
      ['no-ack-after-failure', 12],
    ]);
    expect(findings[0]!.message).toContain('kafkajs eachMessage handler');
    // A log line (`ctx.error('…', { error })`) passes nothing on: the failure is swallowed.
    expect(findings[2]!.message).toContain('settles the message once the handler returns');
  });
});

describe('in-house channel classes made by a module function (CommonJS)', () => {
  it('`mq.getChannel(name).consumeQueue(handler)` registers the handler with amqplib through the class', async () => {
    const root = project({
      'src/utils/rabbitmq.js': `const amqp = require('amqplib');

class Channel {
  constructor(queue) {
    this.queue = queue;
  }

  async getChannel() {
    const connection = await amqp.connect(process.env.RABBITMQ_URI);
    return connection.createChannel();
  }

  async consumeQueue(consumer, options) {
    const ch = await this.getChannel();
    ch.consume(this.queue, consumer, options);
  }
}

const getChannel = (queue) => new Channel(queue);

module.exports = { getChannel };
`,
      'src/sync/consumer.js': `const rabbitMq = require('../utils/rabbitmq');
const { Pool } = require('pg');

const pool = new Pool();

const setupConsumer = () => {
  const syncQueue = rabbitMq.getChannel('sync');
  const handleMessage = async (incomingMessage) => {
    const { schoolId } = JSON.parse(incomingMessage.content.toString());
    await pool.query('INSERT INTO sync_runs (school_id) VALUES ($1)', [schoolId]);
  };
  return syncQueue.consumeQueue(handleMessage, { noAck: false });
};

module.exports = { setupConsumer };
`,
    });
    const findings = await lintIn(root, 'src/sync/consumer.js');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 8]]);
    expect(findings[0]!.message).toContain('AMQP consume callback');
  });
});

describe('ORM models: what the declaration says about the key of an insert', () => {
  const KAFKA = (imports: string, body: string) => `import { Kafka } from 'kafkajs';
${imports}

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'users' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const user = JSON.parse(message.value!.toString());
${body}
    },
  });
}
`;

  it('mongoose: a unique field or an `_id` the producer supplies makes a repeat fail; a literal with neither inserts again', async () => {
    const root = project({
      'src/user.model.ts': `import mongoose from 'mongoose';

const userSchema = new mongoose.Schema({
  _id: { type: mongoose.Schema.Types.ObjectId, required: true },
  email: { type: String, unique: true },
});
export const User = mongoose.model('User', userSchema);

const visitSchema = new mongoose.Schema({ page: String, at: Date });
export const Visit = mongoose.model('Visit', visitSchema);
`,
      'src/users.ts': KAFKA(`import { User } from './user.model';`, '      await User.create(user);'),
      'src/visits.ts': KAFKA(`import { Visit } from './user.model';`, '      await Visit.create({ page: user.page, at: new Date() });'),
    });
    expect(await lintIn(root, 'src/users.ts')).toEqual([]);
    const visits = await lintIn(root, 'src/visits.ts');
    expect(visits.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 8],
      ['no-increment-write', 10],
    ]);
    expect(visits[1]!.message).toContain("Mongo's generated `_id`");
  });

  it('typeorm: saving a new entity that sets a unique column fails on a repeat; one with only a generated key inserts again', async () => {
    const root = project({
      'src/profile.entity.ts': `import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';

@Entity('profiles')
export class Profile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ unique: true })
  userId: string;
}

@Entity('audit')
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  action: string;
}
`,
      'src/profiles.service.ts': `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Profile, AuditEntry } from './profile.entity';

@Injectable()
export class ProfilesService {
  constructor(
    @InjectRepository(Profile) private readonly profiles: Repository<Profile>,
    @InjectRepository(AuditEntry) private readonly audit: Repository<AuditEntry>,
  ) {}

  async createProfile(userId: string): Promise<void> {
    const profile = this.profiles.create({ userId });
    await this.profiles.save(profile);
  }

  async record(action: string): Promise<void> {
    await this.audit.save(this.audit.create({ action }));
  }
}
`,
      'src/profiles.controller.ts': `import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProfilesService } from './profiles.service';

@Controller()
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @EventPattern('user.created')
  async onUserCreated(@Payload() data: { userId: string }) {
    await this.profiles.createProfile(data.userId);
  }

  @EventPattern('user.audited')
  async onAudited(@Payload() data: { action: string }) {
    await this.profiles.record(data.action);
  }
}
`,
    });
    const findings = await lintIn(root, 'src/profiles.controller.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 15],
      ['no-increment-write', 16],
    ]);
    expect(findings[1]!.message).toContain('`@PrimaryGeneratedColumn` at src/profile.entity.ts:14');
  });

  it('sequelize: a model defined by a factory with a generated primary key and no unique field inserts again', async () => {
    const root = project({
      'src/models/profile.ts': `import { DataTypes, Sequelize, UUIDV4 } from 'sequelize';

export const ProfileFactory = (sequelize: Sequelize) => {
  const Profile = sequelize.define('profiles', {
    id: { type: DataTypes.UUID, defaultValue: UUIDV4, primaryKey: true },
    userId: { type: DataTypes.UUID },
  });
  return Profile;
};

export const AccountFactory = (sequelize: Sequelize) =>
  sequelize.define('accounts', {
    id: { type: DataTypes.UUID, primaryKey: true },
    email: { type: DataTypes.STRING, unique: true },
  });
`,
      'src/models/index.ts': `import { Sequelize } from 'sequelize';
import { ProfileFactory, AccountFactory } from './profile';

const db = new Sequelize('sqlite::memory:');
export const Profile = ProfileFactory(db);
export const Account = AccountFactory(db);
`,
      'src/profiles.ts': KAFKA(`import { Profile } from './models';`, '      await Profile.create({ userId: user.id });'),
      'src/accounts.ts': KAFKA(`import { Account } from './models';`, '      await Account.create({ id: user.id, email: user.email });'),
    });
    const profiles = await lintIn(root, 'src/profiles.ts');
    expect(profiles.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 8],
      ['no-increment-write', 10],
    ]);
    expect(profiles[1]!.message).toContain('`defaultValue: UUIDV4` at src/models/profile.ts:5');
    expect(await lintIn(root, 'src/accounts.ts')).toEqual([]);
  });
});

describe('gRPC service stubs', () => {
  it('a request named for a write changes another service; reads and removals by key repeat harmlessly', async () => {
    const root = project({
      'src/events.controller.ts': `import { Controller, Inject, type OnModuleInit } from '@nestjs/common';
import { EventPattern, Payload, type ClientGrpc } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import type { ProductsServiceClient } from './generated/products';

@Controller()
export class EventsController implements OnModuleInit {
  private products!: ProductsServiceClient;

  constructor(@Inject('PRODUCTS_PACKAGE') private readonly productsClient: ClientGrpc) {}

  onModuleInit() {
    this.products = this.productsClient.getService<ProductsServiceClient>('ProductsService');
  }

  @EventPattern('order.paid')
  async onOrderPaid(@Payload() data: { items: { id: string; quantity: number }[] }) {
    await firstValueFrom(this.products.findByIds({ ids: data.items.map((i) => i.id) }));
    await firstValueFrom(this.products.updateQuantities({ items: data.items, increment: false }));
  }

  @EventPattern('order.deleted')
  async onOrderDeleted(@Payload() data: { ids: string[] }) {
    await firstValueFrom(this.products.removeByIds({ ids: data.ids }));
  }
}
`,
    });
    const findings = await lintIn(root, 'src/events.controller.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 17]]);
    expect(findings[0]!.message).toContain('`products.updateQuantities()` (gRPC request)');
  });
});

describe('state guards whose read goes through a runner and whose create is in another file', () => {
  it('create-if-absent: the row read inside a runner callback, created by an imported helper on the same entity', async () => {
    const root = project({
      'src/members.ts': `import type { DataSource } from 'typeorm';
import { SourceMember, AuditRow } from './entities';

export async function addNewSourceMember(con: DataSource, member: { userId: string; sourceId: string }): Promise<void> {
  await con.getRepository(SourceMember).insert(member);
}

export async function addAuditRow(con: DataSource, member: { userId: string; sourceId: string }): Promise<void> {
  await con.getRepository(AuditRow).insert(member);
}
`,
      'src/entities.ts': 'export class SourceMember {}\nexport class AuditRow {}\n',
      'src/worker.ts': `import { PubSub } from '@google-cloud/pubsub';
import type { DataSource } from 'typeorm';
import { addNewSourceMember, addAuditRow } from './members';
import { SourceMember } from './entities';

declare const con: DataSource;
declare function onReplica<T>(con: DataSource, run: (q: { manager: DataSource }) => Promise<T>): Promise<T>;

const pubsub = new PubSub();

pubsub.subscription('plus-joined').on('message', async (message) => {
  const { userId, sourceId } = JSON.parse(message.data.toString());
  const existing = await onReplica(con, ({ manager }) => manager.getRepository(SourceMember).findOne({ where: { userId, sourceId } }));
  if (existing) {
    message.ack();
    return;
  }
  await addNewSourceMember(con, { userId, sourceId });
  message.ack();
});

pubsub.subscription('plus-audited').on('message', async (message) => {
  const { userId, sourceId } = JSON.parse(message.data.toString());
  const existing = await onReplica(con, ({ manager }) => manager.getRepository(SourceMember).findOne({ where: { userId, sourceId } }));
  if (existing) {
    message.ack();
    return;
  }
  await addAuditRow(con, { userId, sourceId });
  message.ack();
});
`,
    });
    // The first handler's redelivery finds the member it created; the second creates another entity.
    const findings = await lintIn(root, 'src/worker.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['require-dedup-check', 22]]);
  });
});

describe('project helpers that receive messages and return them', () => {
  const STREAMS = `import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL });
const STREAM = 'sites:checks';

export async function readChecks(group: string, consumer: string) {
  const reply = await client.xReadGroup(group, consumer, [{ key: STREAM, id: '>' }], { COUNT: 10 });
  if (reply == null) return undefined;
  const entries = reply[0].messages;
  return entries;
}

async function ackOne(group: string, id: string): Promise<void> {
  await client.xAck(STREAM, group, id);
}

export async function ackChecks(group: string, ids: string[]): Promise<void> {
  await Promise.all(ids.map((id) => ackOne(group, id)));
}

export async function streamLength(): Promise<number> {
  return client.xLen(STREAM);
}
`;

  it('a loop over the entries a workspace package reads from a Redis stream is a consumer; the batch XACK after it settles work left running', async () => {
    const root = project({
      'package.json': JSON.stringify({ name: 'pulse', private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/streams/package.json': JSON.stringify({ name: 'streams', exports: { './client': './index.ts' } }),
      'packages/streams/index.ts': STREAMS,
      'apps/worker/package.json': JSON.stringify({ name: 'worker' }),
      'apps/worker/index.ts': `import { Pool } from 'pg';
import { ackChecks, readChecks, streamLength } from 'streams/client';

const pool = new Pool();

async function recordCheck(siteId: string, status: string): Promise<void> {
  await pool.query('UPDATE sites SET checks = checks + 1, status = $2 WHERE id = $1', [siteId, status]);
}

export async function poll(): Promise<void> {
  const entries = await readChecks('checkers', 'worker-1');
  if (!entries) return;
  const pending = entries.map(({ message }) => {
    recordCheck(message.siteId, message.status);
  });
  await Promise.all(pending);
  console.log('backlog', await streamLength());
  await ackChecks('checkers', entries.map(({ id }) => id));
}
`,
    });
    const findings = await lintIn(root, 'apps/worker/index.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 6],
      ['no-increment-write', 7],
      ['no-ack-before-process', 14],
    ]);
    expect(findings[0]!.message).toContain('Redis stream consumer loop');
    expect(findings[2]!.message).toContain('`ackChecks(');
  });

  it('SQS: a loop over what an imported receive helper returns deletes each message before its work; calls of other helpers are not receives', async () => {
    const root = project({
      'src/queue.ts': `import { SQSClient, ReceiveMessageCommand } from '@aws-sdk/client-sqs';

export const sqs = new SQSClient({});
export const QueueUrl = process.env.QUEUE_URL!;

export async function receiveOrders() {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
  return Messages ?? [];
}

export async function pendingCount(): Promise<string[]> {
  return ['orders'];
}
`,
      'src/worker.ts': `import { DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { Pool } from 'pg';
import { QueueUrl, pendingCount, receiveOrders, sqs } from './queue';

const pool = new Pool();

export async function drain(): Promise<void> {
  for (const message of await receiveOrders()) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    const order = JSON.parse(message.Body!);
    await pool.query('UPDATE stock SET quantity = quantity - $1 WHERE sku = $2', [order.quantity, order.sku]);
  }
  for (const name of await pendingCount()) {
    await pool.query('UPDATE queues SET polled = polled + 1 WHERE name = $1', [name]);
  }
}
`,
    });
    const findings = await lintIn(root, 'src/worker.ts');
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['require-dedup-check', 8],
      ['no-ack-before-process', 9],
      ['no-increment-write', 11],
    ]);
    expect(findings[0]!.message).toContain('SQS receive loop');
  });
});

describe('receivers typed with an interface: the one implementation in the project runs', () => {
  const QUEUE_TYPES = `export interface Ctx {
  error(message: string, data?: unknown): void;
}

export interface QueueMessage<T> {
  workspace: string;
  value: T;
}

export interface PlatformQueue {
  createConsumer: <T>(ctx: Ctx, topic: string, onMessage: (ctx: Ctx, msg: QueueMessage<T>) => Promise<void>) => { close(): Promise<void> };
  getClientId(): string;
}
`;
  const KAFKA_QUEUE = `import { Kafka, type Consumer } from 'kafkajs';
import type { Ctx, PlatformQueue, QueueMessage } from '@acme/server-core';

class QueueConsumer<T> {
  private readonly consumer: Consumer;
  constructor(kafka: Kafka, private readonly topic: string, private readonly onMessage: (ctx: Ctx, msg: QueueMessage<T>) => Promise<void>, private readonly ctx: Ctx) {
    this.consumer = kafka.consumer({ groupId: topic });
  }

  async start(): Promise<void> {
    await this.consumer.subscribe({ topic: this.topic });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString() ?? '{}');
        await this.onMessage(this.ctx, { workspace: message.key?.toString() ?? '', value });
      },
    });
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export class KafkaQueue implements PlatformQueue {
  constructor(private readonly kafka: Kafka) {}

  createConsumer<T>(ctx: Ctx, topic: string, onMessage: (ctx: Ctx, msg: QueueMessage<T>) => Promise<void>): QueueConsumer<T> {
    const consumer = new QueueConsumer(this.kafka, topic, onMessage, ctx);
    void consumer.start();
    return consumer;
  }

  getClientId(): string {
    return 'kafka';
  }
}
`;
  const DUMMY_QUEUE = `import type { Ctx, PlatformQueue, QueueMessage } from './types';

export class DummyQueue implements PlatformQueue {
  createConsumer<T>(_ctx: Ctx, _topic: string, _onMessage: (ctx: Ctx, msg: QueueMessage<T>) => Promise<void>) {
    return { close: async () => {} };
  }

  getClientId(): string {
    return 'dummy';
  }
}
`;
  const SERVICE = `import { Pool } from 'pg';
import type { Ctx, PlatformQueue, QueueMessage } from '@acme/server-core';

interface Calculator {
  apply(points: number, personId: string): Promise<void>;
}

const pool = new Pool();

class RatingCalculator implements Calculator {
  async apply(points: number, personId: string): Promise<void> {
    await pool.query('UPDATE ratings SET points = points + $1 WHERE person_id = $2', [points, personId]);
  }
}

export class RatingManager {
  private calculator = new RatingCalculator();

  constructor(private readonly ctx: Ctx, private readonly opt: { queue: PlatformQueue; topic: string }) {}

  start(): void {
    this.opt.queue.createConsumer<{ points: number; personId: string }>(this.ctx, this.opt.topic, async (ctx, msg) => {
      await this.withCalculator(async (calc) => {
        await calc.apply(msg.value.points, msg.value.personId);
      });
    });
  }

  private async withCalculator(op: (calc: RatingCalculator) => Promise<void>): Promise<void> {
    await op(this.calculator);
  }
}
`;

  function files(extra: Record<string, string> = {}): Record<string, string> {
    return {
      'package.json': JSON.stringify({ name: 'platform', private: true, workspaces: ['packages/*', 'services/*'] }),
      'packages/core/package.json': JSON.stringify({ name: '@acme/server-core', main: 'src/index.ts' }),
      'packages/core/src/index.ts': "export * from './types';\nexport * from './dummy';\n",
      'packages/core/src/types.ts': QUEUE_TYPES,
      'packages/core/src/dummy.ts': DUMMY_QUEUE,
      'packages/kafka/package.json': JSON.stringify({ name: '@acme/kafka', main: 'src/index.ts' }),
      'packages/kafka/src/index.ts': KAFKA_QUEUE,
      'services/rating/package.json': JSON.stringify({ name: '@acme/rating' }),
      'services/rating/src/manager.ts': SERVICE,
      ...extra,
    };
  }

  it('`this.opt.queue.createConsumer(…)` with `queue: PlatformQueue` registers through the Kafka implementation (not the dummy); a callback parameter typed by the helper it is passed to', async () => {
    const root = project(files());
    const findings = await lintIn(root, 'services/rating/src/manager.ts');
    // The write is in this file: shown where it is written.
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['no-increment-write', 12],
      ['require-dedup-check', 22],
    ]);
    expect(findings[1]!.message).toContain('kafkajs eachMessage handler');
    expect(findings[0]!.message).toContain('UPDATE ratings SET points = points + $1');
  });

  it('two production implementations of the interface: which one runs is unknown, nothing is assumed', async () => {
    const root = project(
      files({
        'packages/memory/package.json': JSON.stringify({ name: '@acme/local-queue', main: 'src/index.ts' }),
        'packages/memory/src/index.ts': `import type { Ctx, PlatformQueue, QueueMessage } from '@acme/server-core';

export class LocalQueue implements PlatformQueue {
  createConsumer<T>(_ctx: Ctx, _topic: string, _onMessage: (ctx: Ctx, msg: QueueMessage<T>) => Promise<void>) {
    return { close: async () => {} };
  }

  getClientId(): string {
    return 'local';
  }
}
`,
      }),
    );
    expect(await lintIn(root, 'services/rating/src/manager.ts')).toEqual([]);
  });
});
