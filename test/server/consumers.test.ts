/**
 * The consumer inventory in the editor: a CodeLens above each handler the rules found in an open
 * document (its kind, its message key, its unguarded effects; request/reply handlers say they are not
 * analysed), answered from the lint of the version the editor sent, switched off by
 * `idempotency.codeLens`; and `idempotency/consumers`, the inventory of the whole workspace, which
 * agrees with `idempotency-lint --list-consumers`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { FULL_CAPABILITIES, fileUri, LspClient, requireBuiltServer, type StartOptions } from './client';
import { CLI_BIN, useTempDir } from './helpers';

requireBuiltServer();

const INVOICES = `import { Worker } from 'bullmq';
import { Pool } from 'pg';

const pool = new Pool();

export const invoices = new Worker('invoices', async (job) => {
  await pool.query('INSERT INTO invoices (customer, total) VALUES ($1, $2)', [job.data.customer, job.data.total]);
  await fetch('https://mail.example.com/send', { method: 'POST', body: JSON.stringify({ to: job.data.email }) });
});
`;

const PRICES = `import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';

@Controller()
export class PricesController {
  @MessagePattern('price.get')
  getPrice(@Payload() id: string, @Ctx() context: RmqContext) {
    return { id, price: 10 };
  }
}
`;

const STOCK = `import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import { Pool } from 'pg';

const pool = new Pool();
const redis = new Redis();
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'stock' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const fresh = await redis.set(\`\${topic}:\${partition}:\${message.offset}\`, '1', 'EX', 86400, 'NX');
      if (!fresh) return;
      await pool.query('INSERT INTO stock_moves (sku, qty) VALUES ($1, $2)', [String(message.key), 1]);
    },
  });
}
`;

const HTTP = "export function health(): string {\n  return 'ok';\n}\n";

/** 0-based line and character of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} is not in the text`);
  return { line, character: lines[line]!.indexOf(needle) };
}

interface LensView {
  line: number;
  character: number;
  title: string | undefined;
}

async function lenses(c: LspClient, uri: string): Promise<LensView[]> {
  const result = await c.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } });
  return (result ?? []).map((lens) => ({ line: lens.range.start.line, character: lens.range.start.character, title: lens.command?.title }));
}

const INVOICES_LENS = 'BullMQ processor · key `${job.queueName}:${job.id}` · 2 unguarded effects';

describe('CodeLens above each message handler', () => {
  const tempDir = useTempDir('idempotency-server-lenses-');
  let folder: string;
  let client: LspClient | undefined;

  beforeAll(() => {
    folder = path.join(tempDir(), 'app');
    mkdirSync(path.join(folder, 'src'), { recursive: true });
  });
  afterEach(() => {
    client?.kill();
    client = undefined;
  });

  async function start(options: StartOptions = {}): Promise<LspClient> {
    client = await LspClient.start({ workspaceFolders: [folder], ...options });
    return client;
  }

  const uriOf = (name: string) => fileUri(path.join(folder, 'src', name));

  it('advertises codeLensProvider (no resolve step: the lens is complete)', async () => {
    const c = await start();
    expect(c.initializeResult.capabilities.codeLensProvider).toEqual({ resolveProvider: false });
    expect(await c.shutdown()).toBe(0);
  });

  it('says the handler kind, its message key and how many effects run unguarded; request/reply is not analysed', async () => {
    const c = await start();
    await c.openAndWait(uriOf('invoices.ts'), INVOICES);
    await c.openAndWait(uriOf('prices.controller.ts'), PRICES);
    await c.openAndWait(uriOf('stock.ts'), STOCK);
    await c.openAndWait(uriOf('health.ts'), HTTP);

    expect(await lenses(c, uriOf('invoices.ts'))).toEqual([{ ...positionOf(INVOICES, 'async (job)'), title: INVOICES_LENS }]);
    expect(await lenses(c, uriOf('prices.controller.ts'))).toEqual([
      { ...positionOf(PRICES, 'getPrice('), title: 'NestJS @MessagePattern handler · request/reply (not analysed)' },
    ]);
    // The guard (SET NX) runs before the insert: nothing is repeated on redelivery.
    expect(await lenses(c, uriOf('stock.ts'))).toEqual([
      { ...positionOf(STOCK, 'async ({ topic'), title: 'kafkajs eachMessage handler · key `${topic}:${partition}:${message.offset}` · no unguarded effects' },
    ]);
    expect(await lenses(c, uriOf('health.ts'))).toEqual([]);

    // Informational: no command to run; the tooltip tells how it was found and why it is not analysed.
    const [rpc] = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf('prices.controller.ts') } });
    expect(rpc!.command).toEqual({
      title: 'NestJS @MessagePattern handler · request/reply (not analysed)',
      command: '',
      tooltip: 'nestjs, found by: decorator. Not analysed: @MessagePattern answers a caller that waits for the reply.',
    });
    expect(await c.shutdown()).toBe(0);
  });

  it('answers for the version just sent, from its lint: a text that does not parse keeps the last lenses', async () => {
    const c = await start();
    const uri = uriOf('invoices.ts');
    await c.openAndWait(uri, INVOICES);
    const at = positionOf(INVOICES, 'async (job)');

    // Asked right after the change, before its diagnostics: the server waits for that version's lint.
    const moved = `// Invoices.\n// Sent by the billing service.\n${INVOICES}`;
    await c.change(uri, 2, moved);
    expect(await lenses(c, uri)).toEqual([{ line: at.line + 2, character: at.character, title: INVOICES_LENS }]);
    expect((await c.waitForDiagnostics(uri)).version).toBe(2);

    // Half-typed code above the handler: no diagnostics, and the lenses stay as they were instead of
    // vanishing (and the lines under them jumping) until the text parses again.
    await c.change(uri, 3, `const total = (;\n${moved}`);
    expect((await c.waitForDiagnostics(uri)).diagnostics).toEqual([]);
    expect(await lenses(c, uri)).toEqual([{ line: at.line + 2, character: at.character, title: INVOICES_LENS }]);

    // One effect fewer once the POST is gone.
    const oneEffect = moved.replace(/\n {2}await fetch\([^\n]*/, '');
    await c.change(uri, 4, oneEffect);
    expect(await lenses(c, uri)).toEqual([{ line: at.line + 2, character: at.character, title: INVOICES_LENS.replace('2 unguarded effects', '1 unguarded effect') }]);

    await c.close(uri);
    expect(await lenses(c, uri)).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });

  it('idempotency.codeLens false gives no lenses; the client is asked to refresh them when settings change', async () => {
    const c = await start({ capabilities: { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, codeLens: { refreshSupport: true } } } });
    const uri = uriOf('invoices.ts');
    await c.openAndWait(uri, INVOICES);
    expect(await lenses(c, uri)).toHaveLength(1);

    let mark = await c.changeSettings({ codeLens: false });
    expect(await lenses(c, uri)).toEqual([]);
    await c.waitForEvent('otherRequest', (e) => e.method === 'workspace/codeLens/refresh', mark, 'a code lens refresh after codeLens: false');
    // The diagnostics do not depend on it.
    expect((await c.waitForDiagnostics(uri, { after: mark })).diagnostics.length).toBeGreaterThan(0);

    mark = await c.changeSettings({ codeLens: true });
    await c.waitForEvent('otherRequest', (e) => e.method === 'workspace/codeLens/refresh', mark, 'a code lens refresh after codeLens: true');
    expect(await lenses(c, uri)).toEqual([{ ...positionOf(INVOICES, 'async (job)'), title: INVOICES_LENS }]);

    // An invalid value warns once and keeps the default (on).
    mark = await c.changeSettings({ codeLens: 'yes' });
    expect(c.shownMessages(mark).map((m) => m.message)).toEqual(['Idempotency: idempotency.codeLens must be true or false (got "yes"); using true.']);
    expect(await lenses(c, uri)).toHaveLength(1);
    expect(await c.shutdown()).toBe(0);
  });

  it('idempotency.enable false gives no lenses', async () => {
    const c = await start({ settings: { enable: false } });
    const uri = uriOf('invoices.ts');
    await c.openAndWait(uri, INVOICES);
    expect(await lenses(c, uri)).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });
});

/** What `idempotency-lint --list-consumers --format json` prints, run in `cwd`. */
async function listConsumers(cwd: string): Promise<{ file: string; line: number; column: number }[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [CLI_BIN, '--list-consumers', '--format', 'json'], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, out, err) => {
      if (error) reject(new Error(`CLI failed (${String(error.code)}): ${err}`));
      else resolve(out);
    });
  });
  return (JSON.parse(stdout) as { consumers: { file: string; line: number; column: number }[] }).consumers;
}

describe('idempotency/consumers', () => {
  const tempDir = useTempDir('idempotency-server-consumers-');
  let folder: string;
  let client: LspClient | undefined;
  const files: Record<string, string> = {
    'package.json': '{ "name": "billing" }\n',
    'src/invoices.ts': INVOICES,
    'src/prices.controller.ts': PRICES,
    'src/stock.ts': STOCK,
    'src/health.ts': HTTP,
    // Not the project's code: never listed.
    'node_modules/some-lib/worker.ts': INVOICES,
  };

  beforeAll(() => {
    folder = path.join(tempDir(), 'billing');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), text);
    }
  });
  afterEach(() => {
    client?.kill();
    client = undefined;
  });

  it('lists every handler of the workspace as --list-consumers does, sorted by file and line', async () => {
    const c = (client = await LspClient.start({ workspaceFolders: [folder] }));
    const result = await c.request<{ consumers: Record<string, unknown>[]; files: number }>('idempotency/consumers', {});
    const expected = (await listConsumers(folder)).map(({ file, ...entry }) => ({ uri: fileUri(path.join(folder, file)), ...entry }));
    expect(result).toEqual({ consumers: expected, files: 4 });
    const lineOf = (text: string, needle: string) => positionOf(text, needle).line + 1;
    expect(result.consumers.map((e) => [path.basename(String(e.uri)), e.line, e.handler, e.delivery, e.unguardedEffects])).toEqual([
      ['invoices.ts', lineOf(INVOICES, 'async (job)'), 'BullMQ processor', 'at-least-once', 2],
      ['prices.controller.ts', lineOf(PRICES, 'getPrice('), 'NestJS @MessagePattern handler', 'request-reply', 0],
      ['stock.ts', lineOf(STOCK, 'async ({ topic'), 'kafkajs eachMessage handler', 'at-least-once', 0],
    ]);
    expect(await c.shutdown()).toBe(0);
  });

  it('takes open documents from their buffer, also unsaved ones, and reports progress on the client token', async () => {
    const c = (client = await LspClient.start({ workspaceFolders: [folder] }));
    // The buffer adds a second worker to a file whose disk copy has none.
    const health = fileUri(path.join(folder, 'src', 'health.ts'));
    await c.openAndWait(health, `${INVOICES.replace("new Worker('invoices'", "new Worker('refunds'")}\n${HTTP}`);
    const untitled = 'untitled:Untitled-1';
    await c.openAndWait(untitled, PRICES, { languageId: 'typescript' });

    const token = 'consumers-progress';
    const mark = c.mark();
    const result = await c.request<{ consumers: { uri: string; line: number; handler: string }[]; files: number }>('idempotency/consumers', { workDoneToken: token });
    const byUri = (uri: string) => result.consumers.filter((e) => e.uri === uri).map((e) => e.handler);
    expect(byUri(health)).toEqual(['BullMQ processor']);
    expect(byUri(untitled)).toEqual(['NestJS @MessagePattern handler']);
    expect(result.files).toBe(5);
    expect(result.consumers).toHaveLength(5);

    const progress = c.eventsOf('progress', mark).filter((e) => e.token === token).map((e) => e.value.kind);
    expect(progress[0]).toBe('begin');
    expect(progress.at(-1)).toBe('end');
    expect(await c.shutdown()).toBe(0);
  });
});
