/** `idempotency-lint --list-consumers`: the consumer inventory, as text and as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, useTempDir } from './helpers';

requireBuiltCli();
const tempDir = useTempDir('idempotency-lint-consumers-');

const FILES: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'package.json': '{ "name": "shop" }',
  'src/worker.ts': `import { Worker } from 'bullmq';
import { sendWelcome } from './jobs/welcome';

export const welcome = new Worker('welcome', sendWelcome);
export const inline = new Worker('audit', async (job) => {
  console.log(job.id);
});
`,
  'src/jobs/welcome.ts': `export async function sendWelcome(job: { data: { email: string } }): Promise<void> {
  console.log(job.data.email);
}
`,
  'src/kafka.ts': `import { Kafka, type EachMessagePayload } from 'kafkajs';

const consumer = new Kafka({ brokers: ['localhost:9092'] }).consumer({ groupId: 'g' });

async function handle({ message }: EachMessagePayload): Promise<void> {
  console.log(message.offset);
}

export async function start(): Promise<void> {
  await consumer.run({ eachMessage: handle });
}
`,
  'src/rpc.controller.ts': `import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';

@Controller()
export class PricesController {
  @MessagePattern('price.get')
  getPrice(@Payload() id: string, @Ctx() context: RmqContext) {
    return { id, price: 10 };
  }
}
`,
  'src/http.ts': "export function health() { return 'ok'; }\n",
};

function writeProject(): string {
  const root = path.join(tempDir(), 'shop');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('--list-consumers', () => {
  it('lists every handler with how it was found and its key, as JSON', async () => {
    const root = writeProject();
    const result = await runCli(['--list-consumers', '--format', 'json'], { cwd: root });
    expect(result.code).toBe(0);
    const { consumers, unresolved } = JSON.parse(result.stdout) as { consumers: Record<string, unknown>[]; unresolved: unknown[] };
    expect(unresolved).toEqual([]);
    const brief = consumers.map((c) => [c.file, c.line, c.library, c.delivery, c.via]);
    expect(brief).toEqual([
      ['src/kafka.ts', 5, 'kafkajs', 'at-least-once', 'registered at line 10'],
      ['src/rpc.controller.ts', 7, 'nestjs', 'request-reply', 'decorator'],
      ['src/worker.ts', 4, 'bullmq', 'at-least-once', 'written in src/jobs/welcome.ts:1'],
      ['src/worker.ts', 5, 'bullmq', 'at-least-once', 'registered at line 5'],
    ]);
    const inline = consumers.find((c) => c.line === 5 && c.file === 'src/worker.ts');
    expect(inline?.key).toContain('job.id');
  });

  it('prints one line per handler and a count as text; says so when there is none', async () => {
    const root = writeProject();
    const result = await runCli(['--list-consumers', 'src'], { cwd: root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('src/kafka.ts:5:');
    expect(result.stdout).toContain('[request-reply');
    expect(result.stdout).toMatch(/4 handlers, 3 at-least-once \(analysed\)/);
    const none = await runCli(['--list-consumers', 'src/http.ts'], { cwd: root });
    expect(none.stdout).toContain('No message handlers found');
  });

  it('lists registrations whose handler it cannot see, with the reason and the setting that would show them', async () => {
    const root = writeProject();
    const extra: Record<string, string> = {
      'src/queues.ts': `import { Worker } from 'bullmq';
import { handlers } from './handlers';

/** The project's wrapper: every queue is registered through it. */
export function registerQueue(name: string, processor: (job: unknown) => Promise<void>): Worker {
  return new Worker(name, processor);
}

export const byType = new Worker('events', handlers[process.env.EVENT_TYPE ?? 'default']);
`,
      'src/handlers.ts': 'export const handlers: Record<string, (job: unknown) => Promise<void>> = {};\n',
      'src/base.ts': `import { Worker, type Job } from 'bullmq';

export abstract class BaseJob {
  abstract perform(data: unknown): Promise<void>;
  start(): Worker {
    return new Worker('base', async (job: Job) => {
      await this.perform(job.data);
    });
  }
}
`,
      'src/jobs/receipt.ts': `import nodemailer from 'nodemailer';
import { BaseJob } from '../base';

const mailer = nodemailer.createTransport({ host: 'smtp.internal' });

export class ReceiptJob extends BaseJob {
  async perform(data: { email: string }): Promise<void> {
    await mailer.sendMail({ to: data.email, subject: 'Receipt' });
  }
}
`,
    };
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(root, name), text);
    const result = await runCli(['--list-consumers', '--format', 'json', 'src/queues.ts', 'src/jobs'], { cwd: root });
    expect(result.code).toBe(0);
    const { consumers, unresolved } = JSON.parse(result.stdout) as { consumers: Record<string, unknown>[]; unresolved: Record<string, unknown>[] };
    expect(consumers.map((c) => [c.file, c.line, c.via])).toEqual([['src/jobs/receipt.ts', 7, 'base class BaseJob']]);
    expect(unresolved.map((u) => [u.file, u.line, u.setting ?? null])).toEqual([
      ['src/queues.ts', 6, { callee: 'registerQueue', handlerArg: 1 }],
      ['src/queues.ts', 9, null],
    ]);
    expect(unresolved[0]!.reason).toContain('parameter `processor` of `registerQueue()`');
    expect(unresolved[1]!.reason).toContain('dynamic lookup');
    const text = await runCli(['--list-consumers', 'src/queues.ts'], { cwd: root });
    expect(text.stdout).toContain('Registrations whose handler could not be resolved:');
    expect(text.stdout).toContain('would be resolved by settings.idempotency.consumers: {"callee":"registerQueue","handlerArg":1}');
  });

  it('lists the handler objects of a registry with the array and the place that dispatches to them (no key: only a part of the message is forwarded)', async () => {
    const root = writeProject();
    const extra: Record<string, string> = {
      'src/bus.ts': `import { Kafka } from 'kafkajs';
import { jobs } from './jobs/registry';

const consumer = new Kafka({ brokers: ['localhost:9092'] }).consumer({ groupId: 'jobs' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      for (const job of jobs) {
        if (job.topic === topic) await job.run({ id: message.offset, body: message.value });
      }
    },
  });
}
`,
      'src/jobs/registry.ts': "import { thumbnail } from './thumbnail';\nexport const jobs = [thumbnail];\n",
      'src/jobs/thumbnail.ts': "export const thumbnail = {\n  topic: 'images',\n  async run(input: { id: string; body: unknown }) {\n    console.log(input.id);\n  },\n};\n",
    };
    for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(root, name), text);
    const result = await runCli(['--list-consumers', '--format', 'json', 'src/jobs/thumbnail.ts'], { cwd: root });
    expect(result.code).toBe(0);
    const { consumers } = JSON.parse(result.stdout) as { consumers: Record<string, unknown>[] };
    expect(consumers.map((c) => [c.file, c.line, c.library, c.via, c.key])).toEqual([
      ['src/jobs/thumbnail.ts', 3, 'kafkajs', 'registry `jobs` (src/bus.ts:10)', null],
    ]);
  });

  it('refuses --fix and other formats', async () => {
    const result = await runCli(['--list-consumers', '--fix'], { cwd: writeProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--list-consumers');
  });
});
