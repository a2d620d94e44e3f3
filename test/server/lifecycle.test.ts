/**
 * The language server's lifecycle over stdio: what `initialize` announces, the status notification's
 * problem count, and `shutdown`/`exit` ending the process with code 0 (and nothing else ending it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUri, FIXTURES, LspClient, requireBuiltServer, ROOT } from './client';

requireBuiltServer();

const pluginVersion = (JSON.parse(readFileSync(path.join(ROOT, 'rules/package.json'), 'utf8')) as { version: string }).version;
const KAFKA = readFileSync(path.join(FIXTURES, 'kafka-increment.ts'), 'utf8');
const AMQP = readFileSync(path.join(FIXTURES, 'amqp-ack-first.js'), 'utf8');

describe('initialize', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  it('announces incremental sync, the code action kinds and the commands', () => {
    const { capabilities } = client.initializeResult;
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 /* Incremental */ });
    expect(capabilities.codeActionProvider).toMatchObject({ codeActionKinds: expect.arrayContaining(['quickfix', 'source.fixAll.idempotency']) });
    expect(capabilities.executeCommandProvider?.commands).toEqual(expect.arrayContaining(['idempotency.showDocumentation']));
  });

  it('names itself with the plugin version', () => {
    expect(client.initializeResult.serverInfo).toEqual({ name: 'idempotency-language-server', version: pluginVersion });
  });

  it('asks for the "idempotency" settings section and registers for configuration changes', () => {
    expect(client.eventsOf('configuration').flatMap((e) => e.items)).toContainEqual(expect.objectContaining({ section: 'idempotency' }));
    expect(client.eventsOf('register').flatMap((e) => e.methods)).toContain('workspace/didChangeConfiguration');
  });

  it('exits with code 0 on shutdown + exit, and not before', async () => {
    expect(client.exitedEarly).toBeNull();
    expect(await client.shutdown()).toBe(0);
  });
});

describe('status notifications', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  it('carry the number of problems published across the open documents', async () => {
    const kafka = fileUri(path.join(FIXTURES, 'kafka-increment.ts'));
    const amqp = fileUri(path.join(FIXTURES, 'amqp-ack-first.js'));

    let mark = await client.open(kafka, KAFKA);
    const kafkaDiagnostics = (await client.waitForDiagnostics(kafka)).diagnostics.length;
    expect(kafkaDiagnostics).toBeGreaterThan(0);
    expect(await client.waitForStatusAfterPublish(kafka, mark)).toMatchObject({ state: 'ok', problems: kafkaDiagnostics, message: expect.any(String) });

    mark = await client.open(amqp, AMQP);
    const amqpDiagnostics = (await client.waitForDiagnostics(amqp)).diagnostics.length;
    expect(amqpDiagnostics).toBeGreaterThan(0);
    expect((await client.waitForStatusAfterPublish(amqp, mark)).problems).toBe(kafkaDiagnostics + amqpDiagnostics);

    mark = await client.close(kafka);
    expect((await client.waitForStatusAfterPublish(kafka, mark)).problems).toBe(amqpDiagnostics);

    mark = await client.close(amqp);
    expect((await client.waitForStatusAfterPublish(amqp, mark)).problems).toBe(0);
  });

  it('exits with code 0 on shutdown + exit, and not before', async () => {
    expect(client.versionRegressions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});

describe('shutdown', () => {
  it('exit without shutdown still ends the server (code 1, as LSP specifies)', async () => {
    const client = await LspClient.start();
    // Not through client.shutdown(): `exit` alone.
    const exited = client.waitFor(() => (client.exitedEarly ? client.exitedEarly : undefined), 'the server to exit');
    await client.notify('exit');
    expect(await exited).toMatch(/^code 1,/);
    client.kill();
  });
});
