/**
 * Shared by the real-editor tests (Neovim's LSP client, VS Code in code-server): where the editors and
 * the built server/extension are, the consumer workspace they open, artefacts, and small utilities.
 * The editors come from `.ci/install-editors.sh`; a missing one fails the test with that hint.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';

export const REPO = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(REPO, 'test-artifacts', 'editors');
export const INSTALL_HINT = 'run `bash .ci/install-editors.sh` (installs chromium, neovim, ripgrep and code-server@4.100.3)';

export const EDITORS_DIR = process.env.IDEMPOTENCY_EDITORS_DIR ?? path.join(os.homedir(), '.cache', 'idempotency-editors');
export const CODE_SERVER_BIN = process.env.IDEMPOTENCY_CODE_SERVER ?? path.join(EDITORS_DIR, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM_BIN = process.env.IDEMPOTENCY_CHROMIUM ?? '/usr/bin/chromium';
export const NVIM_BIN = process.env.IDEMPOTENCY_NVIM ?? 'nvim';

/** What the tests expect from the server: the diagnostic source and the rule reported on the increment. */
export const SOURCE = 'idempotency';
export const RULE = 'no-increment-write';

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** A fresh folder in the system temp folder (kept for inspection; the OS cleans it). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `idempotency-editors-${prefix}-`));
}

/** Runs `command --version`-like probes; throws the install hint when the editor is missing. */
export function requireTool(name: string, command: string, args: string[], pattern: RegExp): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...throwawayXdg() } });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error || result.status !== 0 || !pattern.test(out)) {
    const why = result.error ? result.error.message : `exit ${result.status}: ${out.trim().slice(0, 300)}`;
    throw new Error(`${name} is not installed or does not run (${command}: ${why}); ${INSTALL_HINT}`);
  }
  return out.match(pattern)![0];
}

function throwawayXdg(): Record<string, string> {
  const dir = tempDir('probe');
  return { XDG_CONFIG_HOME: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data'), XDG_CACHE_HOME: path.join(dir, 'cache') };
}

/** The language server entry point every LSP client starts with `--stdio`. */
export function requireServer(): string {
  const bin = path.join(REPO, 'bin', 'idempotency-language-server.js');
  const bundle = path.join(REPO, 'dist', 'server.js');
  if (!existsSync(bin) || !existsSync(bundle)) {
    throw new Error(`the language server is not built (${existsSync(bin) ? 'dist/server.js' : 'bin/idempotency-language-server.js'} is missing): run \`npm run build\``);
  }
  return bin;
}

// ------------------------------------------------------------------------------------------------
// The workspace: a kafkajs consumer with a relative UPDATE (opened in the editor) and an amqplib
// worker with the same bug in a subfolder (never opened: found by "Lint Workspace").

export const CONSUMER_FILE = 'src/stock-consumer.ts';
export const WORKER_FILE = 'src/jobs/points-worker.js';

export const CONSUMER_SOURCE = `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool();
const consumer = new Kafka({ clientId: 'stock', brokers: ['kafka:9092'] }).consumer({ groupId: 'stock' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      const sale = JSON.parse(message.value!.toString()) as { productId: string; quantity: number };
      await pool.query('UPDATE products SET n = n + $1 WHERE id = $2', [sale.quantity, sale.productId]);
    },
  });
}
`;

/** 1-based line and column where no-increment-write reports the relative UPDATE in CONSUMER_SOURCE (its `n = n + $1`). */
export const INCREMENT_LINE = CONSUMER_SOURCE.split('\n').findIndex((line) => line.includes("pool.query('UPDATE products")) + 1;
export const INCREMENT_COLUMN = CONSUMER_SOURCE.split('\n')[INCREMENT_LINE - 1]!.indexOf('n = n + $1') + 1;

export const WORKER_SOURCE = `const amqp = require('amqplib');
const { Pool } = require('pg');

const pool = new Pool();

async function main() {
  const channel = await (await amqp.connect('amqp://rabbit')).createChannel();
  await channel.consume('loyalty.earned', async (msg) => {
    if (!msg) return;
    const earned = JSON.parse(msg.content.toString());
    await pool.query('UPDATE members SET points = points + $1 WHERE id = $2', [earned.points, earned.memberId]);
    channel.ack(msg);
  });
}

main();
`;

export function writeWorkspace(root: string): { consumer: string; worker: string } {
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(
      { name: 'stock-consumers', version: '1.0.0', private: true, dependencies: { amqplib: '^0.10.4', kafkajs: '^2.2.4', pg: '^8.12.0' } },
      null,
      2,
    )}\n`,
    [CONSUMER_FILE]: CONSUMER_SOURCE,
    [WORKER_FILE]: WORKER_SOURCE,
  };
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { consumer: path.join(root, CONSUMER_FILE), worker: path.join(root, WORKER_FILE) };
}

/** Throws (with the parser's message) when `text` is not valid TypeScript/JavaScript. */
export function assertParses(text: string, file: string): void {
  try {
    parse(text, { filePath: file, sourceType: 'module', ecmaVersion: 'latest', loc: true, range: true });
  } catch (error) {
    throw new Error(`${file} does not parse after the quick fix: ${(error as Error).message}\n${text}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value; throws `what` with the last value on timeout. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs: number, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Scales the generous timeouts further on CI machines. */
export const SLOW = process.env.CI ? 3 : 1;
