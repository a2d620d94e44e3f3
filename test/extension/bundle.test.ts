/**
 * dist/server.js as the VSIX ships it: copied alone into an empty folder (no node_modules anywhere
 * above it), it starts, answers LSP over stdio and lints with the ESLint, parser, TypeScript and plugin
 * it bundles — including loading a trusted workspace's eslint.config.mjs.
 * Needs the bundle: `npm run build` (CI does) or `node scripts/build.mjs server`.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/labels';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

const CONSUMER = `import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
const pool = new Pool();
new Kafka({ brokers: [] }).consumer({ groupId: 'g' }).run({
  eachMessage: async ({ message }) => {
    await pool.query('UPDATE products SET n = n + 1 WHERE id = $1', [String(message.key)]);
  },
});
`;

/** A minimal LSP client over stdio with Content-Length framing. */
class StdioClient {
  readonly messages: Message[] = [];
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly configuration: (section: string | undefined) => unknown,
  ) {
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.messages.push(message);
      if (message.method !== undefined && message.id !== undefined) this.answer(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    }
  }

  /** Requests from the server: configuration from `configuration`, everything else null. */
  private answer(request: Message): void {
    const result =
      request.method === 'workspace/configuration'
        ? (request.params.items as { section?: string }[]).map((item) => this.configuration(item.section))
        : null;
    this.send({ jsonrpc: '2.0', id: request.id!, result });
  }

  send(message: Message): void {
    const body = JSON.stringify(message);
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  async request(method: string, params?: unknown, ms = 30_000): Promise<any> {
    const id = this.nextId++;
    const reply = this.waitFor((m) => m.id === id && m.method === undefined, ms, method);
    this.send({ jsonrpc: '2.0', id, method, params });
    const message = await reply;
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result;
  }

  waitFor(match: (m: Message) => boolean, ms = 30_000, what = 'message'): Promise<Message> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('')}; got: ${this.messages.map((m) => m.method ?? m.id).join(', ')}`)),
        ms,
      );
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  diagnosticsFor(uri: string, ms = 30_000): Promise<Message> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length > 0, ms, `diagnostics for ${uri}`);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'idempotency-bundle-'));
const server = path.join(dir, 'extension', 'dist', 'server.js');
const clients: StdioClient[] = [];

async function start(workspace: string, workspaceTrusted: boolean, settings: Record<string, unknown> = {}): Promise<{ client: StdioClient; init: any }> {
  const child = spawn(process.execPath, [server, '--stdio'], { cwd: dir, stdio: 'pipe', env: { ...process.env, NODE_PATH: '' } });
  const client = new StdioClient(child, (section) => (section === 'idempotency' ? settings : {}));
  clients.push(client);
  const folder = pathToFileURL(workspace).href;
  const init = await client.request('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: path.basename(workspace) }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, window: { workDoneProgress: true } },
    initializationOptions: { workspaceTrusted },
  });
  client.notify('initialized', {});
  return { client, init };
}

function open(client: StdioClient, file: string, text: string): string {
  const uri = pathToFileURL(file).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  return uri;
}

async function stop(client: StdioClient): Promise<number | null> {
  await client.request('shutdown');
  client.notify('exit', undefined);
  return client.exited;
}

beforeAll(() => {
  const built = path.join(REPO_ROOT, 'dist/server.js');
  if (!existsSync(built)) throw new Error('dist/server.js is missing: run `npm run build` first');
  mkdirSync(path.dirname(server), { recursive: true });
  copyFileSync(built, server);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('dist/server.js on its own', () => {
  it('prints its version and usage without node_modules', () => {
    const version = spawnSync(process.execPath, [server, '--version'], { cwd: dir, encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^idempotency-language-server \d+\.\d+\.\d+/);
  });

  it('answers initialize over stdio, lints an opened file, lints the workspace and exits cleanly', async () => {
    const workspace = path.join(dir, 'workspace-plain');
    mkdirSync(path.join(workspace, 'src'), { recursive: true });
    writeFileSync(path.join(workspace, 'src', 'consumer.ts'), CONSUMER);
    writeFileSync(path.join(workspace, 'src', 'fine.ts'), 'export const x: number = 1;\n');
    const { client, init } = await start(workspace, false);
    expect(init.capabilities.textDocumentSync).toBeDefined();
    expect(init.capabilities.codeActionProvider).toBeDefined();
    expect(init.capabilities.executeCommandProvider.commands).toEqual(expect.arrayContaining(['idempotency.showDocumentation']));

    const uri = open(client, path.join(workspace, 'src', 'consumer.ts'), CONSUMER);
    const published = await client.diagnosticsFor(uri);
    const codes = (published.params.diagnostics as { code: string }[]).map((d) => d.code).sort();
    expect(codes).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    const status = await client.waitFor((m) => m.method === 'idempotency/status', 10_000, 'idempotency/status');
    expect(status.params).toMatchObject({ state: expect.stringMatching(/^(ok|warning|error)$/), problems: expect.any(Number), message: expect.any(String) });

    const result = await client.request('idempotency/lintWorkspace', {}, 60_000);
    expect(result).toMatchObject({ files: 2, problems: 2, skipped: 0 });
    expect(await stop(client)).toBe(0);
  });

  it("loads a trusted workspace's eslint.config.mjs with the bundled ESLint, and ignores it when untrusted", async () => {
    const workspace = path.join(dir, 'workspace-config');
    mkdirSync(workspace, { recursive: true });
    // Only require-dedup-check, as a warning. The config defines a stand-in plugin so it needs no packages.
    writeFileSync(
      path.join(workspace, 'eslint.config.mjs'),
      `const rule = { meta: { schema: false }, create: () => ({}) };
export default [
  { plugins: { idempotency: { rules: { 'no-increment-write': rule, 'require-dedup-check': rule, 'no-ack-before-process': rule } } } },
  { files: ['**/*.ts'], rules: { 'idempotency/require-dedup-check': 'warn' } },
];
`,
    );
    writeFileSync(path.join(workspace, 'consumer.ts'), CONSUMER);

    const trusted = await start(workspace, true);
    const uri = open(trusted.client, path.join(workspace, 'consumer.ts'), CONSUMER);
    const fromConfig = (await trusted.client.diagnosticsFor(uri)).params.diagnostics as { code: string; severity: number }[];
    expect(fromConfig.map((d) => [d.code, d.severity])).toEqual([['idempotency/require-dedup-check', 2]]);
    expect(await stop(trusted.client)).toBe(0);

    const untrusted = await start(workspace, false);
    open(untrusted.client, path.join(workspace, 'consumer.ts'), CONSUMER);
    const embedded = (await untrusted.client.diagnosticsFor(uri)).params.diagnostics as { code: string; severity: number }[];
    expect(embedded.map((d) => d.code).sort()).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    expect(await stop(untrusted.client)).toBe(0);
  });
});
