/**
 * Workspace features: `idempotency/lintWorkspace` (files from disk, node_modules skipped, progress,
 * open documents keep their buffer's diagnostics, folders added later), and the workspace's own
 * eslint.config.* — used only when the client says the workspace is trusted (and
 * idempotency.workspaceConfig is on), never even loaded otherwise.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FULL_CAPABILITIES, fileUri, FIXTURES, LspClient, requireBuiltServer, ROOT, type StartOptions } from './client';
import { cliReport, comparable, expectedDiagnostic, sorted, useTempDir } from './helpers';

requireBuiltServer();

const KAFKA = path.join(FIXTURES, 'kafka-increment.ts');
const AMQP = path.join(FIXTURES, 'amqp-ack-first.js');
const GENERIC = path.join(FIXTURES, 'generic-bus.ts');
const ERROR_SEVERITY = 1;
const WARNING_SEVERITY = 2;

function place(source: string, target: string): string {
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(source, target);
  return target;
}

const severities = (diagnostics: { code?: string | number; severity?: number }[]) =>
  diagnostics.map((d) => [d.code, d.severity] as const).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('idempotency/lintWorkspace', () => {
  const tempDir = useTempDir('idempotency-server-workspace-');
  let folder: string;
  let orders: string;
  let shipments: string;
  let vendored: string;
  let client: LspClient | undefined;

  beforeAll(() => {
    folder = path.join(tempDir(), 'app');
    orders = place(KAFKA, path.join(folder, 'src', 'orders.ts'));
    shipments = place(AMQP, path.join(folder, 'src', 'shipments.js'));
    // Linted, this would be reported: it must be skipped.
    vendored = place(KAFKA, path.join(folder, 'node_modules', 'some-lib', 'consumer.ts'));
  });
  afterEach(() => {
    client?.kill();
    client = undefined;
  });

  async function start(options: StartOptions = {}): Promise<LspClient> {
    client = await LspClient.start({ workspaceFolders: [folder], ...options });
    return client;
  }

  it('lints every file from disk, skips node_modules, publishes what the CLI reports, with progress', async () => {
    const c = await start();
    const expected = await cliReport([orders, shipments]);
    const mark = c.mark();
    const result = await c.request('idempotency/lintWorkspace');
    const problems = [...expected.values()].reduce((n, messages) => n + messages.length, 0);
    expect(problems).toBeGreaterThan(0);
    expect(result).toEqual({ files: 2, problems, skipped: 0 });

    for (const file of [orders, shipments]) {
      const published = await c.waitForDiagnostics(fileUri(file), { after: mark, version: null });
      expect(sorted(published.diagnostics.map(comparable))).toEqual(sorted(expected.get(file)!.map(expectedDiagnostic)));
    }
    await c.settle();
    expect(c.publishes(fileUri(vendored))).toEqual([]);
    expect(c.eventsOf('diagnostics', mark).map((e) => e.params.uri).sort()).toEqual([fileUri(orders), fileUri(shipments)].sort());

    // Progress: created by the server, then begin … end on that token.
    const created = c.eventsOf('progressCreate', mark);
    expect(created).toHaveLength(1);
    const progress = c.eventsOf('progress', mark).filter((e) => e.token === created[0]!.token);
    expect(progress[0]?.value).toMatchObject({ kind: 'begin', title: expect.any(String) });
    expect(progress.at(-1)?.value).toMatchObject({ kind: 'end' });
    expect(progress.slice(1, -1).every((e) => e.value.kind === 'report')).toBe(true);

    expect(c.statuses().at(-1)?.problems).toBe(problems);
    expect(await c.shutdown()).toBe(0);
  });

  it('without workDoneProgress support: the same result, no progress', async () => {
    const c = await start({ capabilities: { ...FULL_CAPABILITIES, window: { ...FULL_CAPABILITIES.window, workDoneProgress: false } } });
    const result = await c.request<{ files: number }>('idempotency/lintWorkspace');
    expect(result.files).toBe(2);
    expect(c.eventsOf('progressCreate')).toEqual([]);
    expect(c.eventsOf('progress')).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });

  it('a client that sends only rootUri: that folder is the workspace', async () => {
    const c = await start({ rootUriOnly: true });
    expect(await c.request('idempotency/lintWorkspace')).toMatchObject({ files: 2, skipped: 0 });
    expect(await c.shutdown()).toBe(0);
  });

  it('the server command does the same', async () => {
    const c = await start();
    const direct = await c.request('idempotency/lintWorkspace');
    expect(await c.executeCommand('idempotency.lintWorkspace.server')).toEqual(direct);
    expect(await c.shutdown()).toBe(0);
  });

  it('open documents keep the diagnostics of their buffer', async () => {
    const c = await start();
    const ordersUri = fileUri(orders);
    // The buffer no longer increments: one problem fewer than on disk.
    const text = readFileSync(orders, 'utf8').replace('rating_count = rating_count + 1', 'rating_count = $2');
    const open = await c.openAndWait(ordersUri, text);
    const shipmentsProblems = (await cliReport([shipments])).get(shipments)!.length;
    const mark = c.mark();
    const result = await c.request('idempotency/lintWorkspace');
    expect(result).toEqual({ files: 2, problems: open.diagnostics.length + shipmentsProblems, skipped: 0 });
    await c.settle();
    expect(c.publishes(ordersUri, mark)).toEqual([]);
    expect(c.publishes(fileUri(shipments), mark)).toHaveLength(1);
    expect(await c.shutdown()).toBe(0);
  });

  it('folders added later are linted too; unparsable and binary files count as skipped', async () => {
    const c = await start();
    const other = path.join(tempDir(), 'other');
    const broken = place(path.join(FIXTURES, 'syntax-error.ts'), path.join(other, 'broken.ts'));
    const binary = path.join(other, 'blob.js');
    writeFileSync(binary, Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0xff, 0x00]));
    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(other), name: 'other' }], removed: [] } });
    const mark = c.mark();
    const result = await c.request<{ files: number; problems: number; skipped: number }>('idempotency/lintWorkspace');
    expect(result.files).toBe(4);
    expect(result.skipped).toBe(2);
    for (const file of [broken, binary]) expect((await c.waitForDiagnostics(fileUri(file), { after: mark, version: null })).diagnostics).toEqual([]);

    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: fileUri(folder), name: 'app' }] } });
    expect(await c.request('idempotency/lintWorkspace')).toEqual({ files: 2, problems: 0, skipped: 2 });
    expect(await c.shutdown()).toBe(0);
  });
});

describe('workspace eslint.config.mjs', () => {
  const tempDir = useTempDir('idempotency-server-config-');
  let folder: string;
  let marker: string;
  let generic: string;
  let kafka: string;
  let client: LspClient | undefined;

  beforeAll(() => {
    folder = path.join(tempDir(), 'trusted-or-not');
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(FIXTURES, 'workspace-config', 'eslint.config.mjs'), path.join(folder, 'eslint.config.mjs'));
    // The config imports eslint-plugin-idempotency: resolvable through a link to the repository's installation.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    marker = path.join(folder, 'config-loaded.marker');
    generic = place(GENERIC, path.join(folder, 'src', 'generic-bus.ts'));
    kafka = place(KAFKA, path.join(folder, 'src', 'kafka-increment.ts'));
  });
  afterEach(() => {
    client?.kill();
    client = undefined;
    rmSync(marker, { force: true });
  });
  afterAll(() => rmSync(marker, { force: true }));

  async function lintBoth(options: StartOptions) {
    client = await LspClient.start({ workspaceFolders: [folder], ...options });
    const genericDiagnostics = (await client.openAndWait(fileUri(generic), readFileSync(generic, 'utf8'))).diagnostics;
    const kafkaDiagnostics = (await client.openAndWait(fileUri(kafka), readFileSync(kafka, 'utf8'))).diagnostics;
    return { client, generic: genericDiagnostics, kafka: kafkaDiagnostics };
  }

  it('untrusted workspace: the embedded config, and the config file is never executed', async () => {
    const run = await lintBoth({ initializationOptions: { workspaceTrusted: false } });
    expect(run.generic).toEqual([]);
    expect(severities(run.kafka)).toEqual([
      ['idempotency/no-increment-write', ERROR_SEVERITY],
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    // Lints eslint.config.mjs as a file (it is JavaScript) without running it.
    expect(await run.client.request('idempotency/lintWorkspace')).toMatchObject({ files: 3 });
    await run.client.settle();
    expect(existsSync(marker), 'the untrusted config ran').toBe(false);
    expect(run.client.logs().filter((line) => line.includes('eslint.config.mjs'))).toEqual([]);
    expect(await run.client.shutdown()).toBe(0);
  });

  it('no initializationOptions at all: untrusted', async () => {
    const run = await lintBoth({});
    expect(run.generic).toEqual([]);
    await run.client.settle();
    expect(existsSync(marker)).toBe(false);
    expect(await run.client.shutdown()).toBe(0);
  });

  it('trusted workspace with workspaceConfig: false: the embedded config, not executed', async () => {
    const run = await lintBoth({ initializationOptions: { workspaceTrusted: true }, settings: { workspaceConfig: false } });
    expect(run.generic).toEqual([]);
    expect(severities(run.kafka).map(([, severity]) => severity)).toEqual([ERROR_SEVERITY, ERROR_SEVERITY]);
    await run.client.settle();
    expect(existsSync(marker)).toBe(false);
    expect(await run.client.shutdown()).toBe(0);
  });

  it('trusted workspace: the workspace config (its consumers setting, its severities)', async () => {
    const run = await lintBoth({ initializationOptions: { workspaceTrusted: true } });
    expect(existsSync(marker), 'the trusted config was loaded').toBe(true);
    expect(severities(run.generic)).toEqual([
      ['idempotency/no-increment-write', WARNING_SEVERITY],
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    expect(severities(run.kafka)).toEqual([
      ['idempotency/no-increment-write', WARNING_SEVERITY],
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    expect(run.client.statuses().at(-1)?.message).toContain('eslint.config.mjs');

    // Editor severities still apply on top of it.
    const mark = await run.client.changeSettings({ rules: { 'no-increment-write': 'off' } });
    expect(severities((await run.client.waitForDiagnostics(fileUri(generic), { after: mark })).diagnostics)).toEqual([
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    expect(await run.client.shutdown()).toBe(0);
  });

  it('trusted workspace: lintWorkspace uses the workspace config for unopened files', async () => {
    client = await LspClient.start({ workspaceFolders: [folder], initializationOptions: { workspaceTrusted: true } });
    const mark = client.mark();
    expect(await client.request('idempotency/lintWorkspace')).toEqual({ files: 3, problems: 4, skipped: 0 });
    const published = await client.waitForDiagnostics(fileUri(generic), { after: mark, version: null });
    expect(severities(published.diagnostics)).toEqual([
      ['idempotency/no-increment-write', WARNING_SEVERITY],
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    expect(await client.shutdown()).toBe(0);
  });

  it('trusted workspace: an edited config is used after workspace/didChangeWatchedFiles', async () => {
    const config = path.join(folder, 'eslint.config.mjs');
    const original = readFileSync(config, 'utf8');
    try {
      const run = await lintBoth({ initializationOptions: { workspaceTrusted: true } });
      expect(severities(run.kafka)).toContainEqual(['idempotency/no-increment-write', WARNING_SEVERITY]);
      writeFileSync(config, original.replace("'idempotency/no-increment-write': 'warn'", "'idempotency/no-increment-write': 'error'"));
      const mark = run.client.mark();
      await run.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(config), type: 2 /* Changed */ }] });
      const published = await run.client.waitForDiagnostics(fileUri(kafka), { after: mark });
      expect(severities(published.diagnostics)).toEqual([
        ['idempotency/no-increment-write', ERROR_SEVERITY],
        ['idempotency/require-dedup-check', ERROR_SEVERITY],
      ]);
      expect(await run.client.shutdown()).toBe(0);
    } finally {
      writeFileSync(config, original);
    }
  });
});
