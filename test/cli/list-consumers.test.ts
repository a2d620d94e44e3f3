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

  it('refuses --fix and other formats', async () => {
    const result = await runCli(['--list-consumers', '--fix'], { cwd: writeProject() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--list-consumers');
  });
});
