/**
 * dist/extension.js driven in plain Node with a stand-in `vscode` module (fake-vscode.cjs): it
 * activates, starts dist/server.js over IPC through the bundled vscode-languageclient, shows the
 * server's state and problem count in the language status item, runs its three commands, restarts
 * the server with workspaceTrusted: true when trust is granted, and stops on deactivate.
 * Real VS Code (code-server) runs are the editor tests' job; this checks the client's wiring.
 * Needs the bundles: `npm run build` (CI does) or `node scripts/build.mjs server extension`.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/labels';

interface StatusItem {
  id: string;
  selector: { scheme: string; language: string }[];
  text: string;
  detail?: string;
  severity: number;
  busy: boolean;
  command?: { command: string };
}

interface Fake {
  output: string[];
  statusItems: StatusItem[];
  commands: Map<string, (...args: unknown[]) => unknown>;
  messages: [string, string][];
  progress: { options: { location: number; cancellable?: boolean; title?: string } }[];
  quickPicks: QuickPick[];
  shownDocuments: { uri: string; selection?: { start: { line: number; character: number } } }[];
  documents: unknown[];
  trusted: boolean;
  workspaceFolders?: { uri: unknown; name: string; index: number }[];
  diagnostics?: Map<string, { message: string; code?: unknown }[]>;
  grantTrust: { fire(): void };
}

interface QuickPick {
  items: { label: string; description?: string; detail?: string }[];
  busy: boolean;
  visible: boolean;
  placeholder?: string;
  accept(item: unknown): void;
}

interface Extension {
  activate(context: unknown): Promise<void>;
  deactivate(): Promise<void>;
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

// Only require-dedup-check, as a warning; a stand-in plugin so the config needs no packages.
const WORKSPACE_CONFIG = `const rule = { meta: { schema: false }, create: () => ({}) };
export default [
  { plugins: { idempotency: { rules: { 'no-increment-write': rule, 'require-dedup-check': rule, 'no-ack-before-process': rule } } } },
  { files: ['**/*.ts'], rules: { 'idempotency/require-dedup-check': 'warn' } },
];
`;

const dir = mkdtempSync(path.join(tmpdir(), 'idempotency-client-'));
const extensionDir = path.join(dir, 'extension');
const workspace = path.join(dir, 'workspace');
const consumer = path.join(workspace, 'consumer.ts');
const consumerUri = pathToFileURL(consumer).href;
let fake: Fake;
let extension: Extension;
const subscriptions: { dispose(): unknown }[] = [];

async function until(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; output:\n${fake.output.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const status = (): StatusItem => fake.statusItems[0]!;
const codes = (): string[] => (fake.diagnostics?.get(consumerUri) ?? []).map((d) => String((d.code as { value?: unknown })?.value ?? d.code)).sort();

beforeAll(async () => {
  for (const bundle of ['dist/extension.js', 'dist/server.js']) {
    if (!existsSync(path.join(REPO_ROOT, bundle))) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  }
  // The installed extension's layout: dist/ next to a `vscode` the editor provides.
  mkdirSync(path.join(extensionDir, 'dist'), { recursive: true });
  mkdirSync(path.join(extensionDir, 'node_modules', 'vscode'), { recursive: true });
  copyFileSync(path.join(REPO_ROOT, 'dist/extension.js'), path.join(extensionDir, 'dist/extension.js'));
  copyFileSync(path.join(REPO_ROOT, 'dist/server.js'), path.join(extensionDir, 'dist/server.js'));
  copyFileSync(path.join(REPO_ROOT, 'dist/extension.js'), path.join(dir, 'extension.js'));
  copyFileSync(path.join(REPO_ROOT, 'dist/server.js'), path.join(dir, 'server.js'));
  writeFileSync(path.join(extensionDir, 'node_modules/vscode/index.js'), readFileSync(path.join(__dirname, 'fake-vscode.cjs')));
  mkdirSync(workspace, { recursive: true });
  writeFileSync(consumer, CONSUMER);
  writeFileSync(path.join(workspace, 'eslint.config.mjs'), WORKSPACE_CONFIG);

  const load = createRequire(path.join(extensionDir, 'dist', 'extension.js'));
  const vscode = load('vscode') as { __fake: Fake; __document(file: string, languageId: string, text: string): unknown };
  fake = vscode.__fake;
  // The consumer lies in the open folder: a workspace config applies only to files inside one.
  const { Uri } = load('vscode') as { Uri: { file(p: string): unknown } };
  fake.workspaceFolders = [{ uri: Uri.file(workspace), name: 'workspace', index: 0 }];
  fake.documents.push(vscode.__document(consumer, 'typescript', CONSUMER));
  extension = load('./extension.js') as Extension;
});

afterAll(async () => {
  await extension?.deactivate();
  for (const subscription of subscriptions) subscription.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the extension bundle in a stand-in VS Code', () => {
  it('activates: shows "starting", starts the server and registers its commands', async () => {
    const activation = extension.activate({
      subscriptions,
      extensionPath: extensionDir,
      asAbsolutePath: (relative: string) => path.join(extensionDir, relative),
    });
    expect(fake.statusItems).toHaveLength(1);
    expect(status().text).toMatch(/Idempotency: starting/);
    expect(status().busy).toBe(true);
    expect(status().command?.command).toBe('idempotency.showOutput');
    const languages = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];
    expect(status().selector).toEqual(languages.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]));
    await activation;
    expect([...fake.commands.keys()].sort()).toEqual([
      'idempotency.lintWorkspace',
      'idempotency.lintWorkspace.server', // the server's, registered by vscode-languageclient
      'idempotency.restartServer',
      'idempotency.showConsumers',
      'idempotency.showDocumentation', // the server's
      'idempotency.showOutput',
    ]);
  });

  it('lints the open document with the embedded config while untrusted, and shows the count', async () => {
    await until('the document has diagnostics', () => codes().length > 0);
    expect(codes()).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    await until('the status shows 2 problems', () => /Idempotency: 2 problems/.test(status().text));
    expect(status().text).toBe('$(check) Idempotency: 2 problems');
    expect(status().busy).toBe(false);
    expect(status().severity).toBe(0);
    expect(status().detail).toBeTruthy();
  });

  it('Show Output reveals the output channel that holds the server log', async () => {
    await fake.commands.get('idempotency.showOutput')!();
    expect(fake.output).toContain('<shown>');
    expect(fake.output.join('\n')).toMatch(/idempotency-language-server/);
  });

  it('Lint Workspace runs under a notification progress and reports files, problems and skipped', async () => {
    const before = fake.progress.length;
    await fake.commands.get('idempotency.lintWorkspace')!();
    expect(fake.progress[before]!.options).toMatchObject({ location: 15, cancellable: false });
    expect(fake.messages.at(-1)).toEqual(['info', expect.stringMatching(/^Idempotency: linted \d+ files?: \d+ problems?, \d+ skipped\.$/)]);
  });

  it('Show Consumers lists the handlers in a quick pick at once, fills it from the server and opens the chosen one', async () => {
    const shown = fake.quickPicks.length;
    const command = fake.commands.get('idempotency.showConsumers')!();
    const pick = fake.quickPicks[shown]!;
    expect(pick.visible).toBe(true);
    expect(pick.busy).toBe(true);
    await command;
    expect(pick.busy).toBe(false);
    expect(pick.placeholder).toMatch(/^1 message handler in 2 files/);
    const handlerLine = CONSUMER.split('\n').findIndex((line) => line.includes('eachMessage:'));
    expect(pick.items).toEqual([
      expect.objectContaining({
        label: `consumer.ts:${handlerLine + 1}`,
        description: 'kafkajs eachMessage handler · key `${topic}:${partition}:${message.offset}`',
        detail: '1 unguarded effect · registered at line 4',
      }),
    ]);
    pick.accept(pick.items[0]);
    expect(pick.visible).toBe(false);
    await until('the handler is shown', () => fake.shownDocuments.length > 0);
    const column = CONSUMER.split('\n')[handlerLine]!.indexOf('async');
    expect(fake.shownDocuments[0]).toEqual({ uri: consumerUri, selection: expect.objectContaining({ start: expect.objectContaining({ line: handlerLine, character: column }) }) });
  });

  it("restarts the server when the workspace is trusted: the workspace's eslint.config.mjs applies", async () => {
    fake.trusted = true;
    fake.grantTrust.fire();
    await until('the workspace config applies', () => codes().join() === 'idempotency/require-dedup-check', 30_000);
    await until('the status shows 1 problem', () => /Idempotency: 1 problem$/.test(status().text));
  });

  it('Restart Server restarts it', async () => {
    const restarted = fake.commands.get('idempotency.restartServer')!();
    await until('the status leaves "problems"', () => !/problem/.test(status().text));
    await restarted;
    await until('the status shows the count again', () => /Idempotency: 1 problem$/.test(status().text), 30_000);
  });

  it('a running server that crashes is restarted automatically', async () => {
    const serverPids = (): number[] =>
      execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes(path.join(extensionDir, 'dist', 'server.js')))
        .map((line) => Number.parseInt(line.trim(), 10));
    const [pid] = serverPids();
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await until('a new server runs', () => serverPids().some((p) => p !== pid) && /Idempotency: 1 problem$/.test(status().text), 30_000);
    expect(fake.output.join('\n')).toMatch(/stopped; restarting it/);
  });

  it('deactivate stops the server', async () => {
    await extension.deactivate();
    expect(status().text).toMatch(/Idempotency: stopped/);
  });
});

describe('a server that fails to start', () => {
  it('shows "failed to start", and Restart Server recovers once the server works', async () => {
    // A second installation with its own stand-in VS Code; its server exits at once at first.
    const second = path.join(dir, 'extension-broken');
    mkdirSync(path.join(second, 'dist'), { recursive: true });
    mkdirSync(path.join(second, 'node_modules', 'vscode'), { recursive: true });
    copyFileSync(path.join(dir, 'extension.js'), path.join(second, 'dist/extension.js'));
    writeFileSync(path.join(second, 'dist/server.js'), "process.stderr.write('broken server\\n'); process.exit(3);\n");
    writeFileSync(path.join(second, 'node_modules/vscode/index.js'), readFileSync(path.join(__dirname, 'fake-vscode.cjs')));
    const load = createRequire(path.join(second, 'dist', 'extension.js'));
    const vscode = load('vscode') as { __fake: Fake; __document(file: string, languageId: string, text: string): unknown };
    const broken = vscode.__fake;
    broken.documents.push(vscode.__document(consumer, 'typescript', CONSUMER));
    const ext = load('./extension.js') as Extension;
    const subs: { dispose(): unknown }[] = [];
    // vscode-languageclient 10 answers a failed start with `void this.stop()`, which rejects because
    // the client is not running, and rejects the pending initialize request: unhandled rejections
    // inside the library (VS Code's extension host logs them). Tolerate exactly those here.
    const LIBRARY_REJECTIONS = /^(Client is not running and can't be stopped|Pending response rejected since connection got disposed)/;
    const others: unknown[] = [];
    const previous = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const tolerate = (reason: unknown): void => {
      if (!(reason instanceof Error && LIBRARY_REJECTIONS.test(reason.message))) others.push(reason);
    };
    process.on('unhandledRejection', tolerate);
    try {
      await ext.activate({ subscriptions: subs, extensionPath: second, asAbsolutePath: (relative: string) => path.join(second, relative) });
      const item = broken.statusItems[0]!;
      expect(item.text).toMatch(/Idempotency: failed to start/);
      expect(item.severity).toBe(2);
      expect(broken.commands.has('idempotency.restartServer')).toBe(true);

      copyFileSync(path.join(dir, 'server.js'), path.join(second, 'dist/server.js'));
      await broken.commands.get('idempotency.restartServer')!();
      const deadline = Date.now() + 20_000;
      while (!/Idempotency: \d+ problems?$/.test(item.text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(item.text).toBe('$(check) Idempotency: 2 problems');
      expect(broken.messages.filter(([kind]) => kind === 'error').some(([, text]) => /failed to restart/.test(text))).toBe(false);
      expect(others).toEqual([]);
    } finally {
      await ext.deactivate();
      for (const subscription of subs) subscription.dispose();
      await new Promise((resolve) => setTimeout(resolve, 200));
      process.off('unhandledRejection', tolerate);
      for (const listener of previous) process.on('unhandledRejection', listener);
    }
  });
});
