/**
 * The "idempotency" settings section: invalid values warn once each (naming the setting) and fall
 * back to the defaults; workspace/didChangeConfiguration re-publishes the open documents; the
 * shared settings (consumers) reach the rules; run "onSave" lints on open and save only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_CAPABILITIES, fileUri, FIXTURES, LspClient, requireBuiltServer } from './client';

requireBuiltServer();

const KAFKA_FILE = path.join(FIXTURES, 'kafka-increment.ts');
const KAFKA = readFileSync(KAFKA_FILE, 'utf8');
const GENERIC_FILE = path.join(FIXTURES, 'generic-bus.ts');
const GENERIC = readFileSync(GENERIC_FILE, 'utf8');
const BUS_CONSUMERS = [{ callee: 'bus.subscribe', handlerArg: 1 }];

const WARNING = 2;
const ERROR_SEVERITY = 1;
const WARNING_SEVERITY = 2;

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

describe('invalid settings', () => {
  const INVALID = { run: 'sometimes', helperDepth: 99, rules: { 'no-increment-write': 'loud' }, colour: 'blue' };
  /** What each warning must name. */
  const NAMES = ['run', 'helperDepth', 'no-increment-write', 'colour'];
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({ settings: INVALID });
  });
  afterAll(() => client?.kill());

  it('warn once per invalid setting, naming it', async () => {
    // The warnings are sent while the settings load, before `start` returns; a settle catches stragglers.
    await client.settle();
    const warnings = client.shownMessages();
    expect(warnings.map((w) => w.type)).toEqual(warnings.map(() => WARNING));
    expect(warnings).toHaveLength(NAMES.length);
    for (const name of NAMES) {
      expect(warnings.filter((w) => w.message.includes(name)), `one warning names ${name}`).toHaveLength(1);
    }
  });

  it('use the defaults for them: diagnostics still appear, with the default severities', async () => {
    const uri = fileUri(KAFKA_FILE);
    const mark = await client.open(uri, KAFKA);
    const published = await client.waitForDiagnostics(uri);
    expect(codes(published.diagnostics)).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    expect(published.diagnostics.map((d) => d.severity)).toEqual([ERROR_SEVERITY, ERROR_SEVERITY]);
    expect(await client.waitForStatusAfterPublish(uri, mark)).toMatchObject({ state: 'warning', problems: 2 });
  });

  it('do not warn again when the same settings are sent again', async () => {
    const mark = await client.changeSettings(INVALID);
    await client.waitForDiagnostics(fileUri(KAFKA_FILE), { after: mark });
    await client.settle();
    expect(client.shownMessages(mark)).toEqual([]);
  });

  it('valid settings clear the warning state', async () => {
    const mark = await client.changeSettings({});
    await client.waitForDiagnostics(fileUri(KAFKA_FILE), { after: mark });
    await client.waitForEvent('status', (e) => e.params.state === 'ok', mark, 'an ok status');
    expect(client.shownMessages(mark)).toEqual([]);
  });

  it('exits with code 0 on shutdown', async () => {
    expect(await client.shutdown()).toBe(0);
  });
});

describe('workspace/didChangeConfiguration', () => {
  let client: LspClient;
  const kafka = fileUri(KAFKA_FILE);
  const generic = fileUri(GENERIC_FILE);
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  it('re-publishes the open documents with the new rule severities', async () => {
    expect(codes((await client.openAndWait(kafka, KAFKA)).diagnostics)).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);

    let mark = await client.changeSettings({ rules: { 'no-increment-write': 'off' } });
    expect(codes((await client.waitForDiagnostics(kafka, { after: mark })).diagnostics)).toEqual(['idempotency/require-dedup-check']);

    mark = await client.changeSettings({ rules: { 'no-increment-write': 'warn', 'require-dedup-check': 'default' } });
    const warned = await client.waitForDiagnostics(kafka, { after: mark });
    expect(warned.diagnostics.map((d) => [d.code, d.severity]).sort()).toEqual([
      ['idempotency/no-increment-write', WARNING_SEVERITY],
      ['idempotency/require-dedup-check', ERROR_SEVERITY],
    ]);
    expect(client.shownMessages(mark)).toEqual([]);
  });

  it('enable: false clears the diagnostics, enable: true brings them back', async () => {
    let mark = await client.changeSettings({ enable: false });
    expect((await client.waitForDiagnostics(kafka, { after: mark })).diagnostics).toEqual([]);
    expect(await client.waitForStatusAfterPublish(kafka, mark)).toMatchObject({ problems: 0, message: expect.stringMatching(/disabled/i) });

    mark = await client.changeSettings({ enable: true });
    expect(codes((await client.waitForDiagnostics(kafka, { after: mark })).diagnostics)).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
  });

  it('consumers make a generic bus handler reported', async () => {
    expect((await client.openAndWait(generic, GENERIC)).diagnostics).toEqual([]);
    const mark = await client.changeSettings({ consumers: BUS_CONSUMERS });
    const published = await client.waitForDiagnostics(generic, { after: mark });
    expect(codes(published.diagnostics)).toEqual(['idempotency/no-increment-write', 'idempotency/require-dedup-check']);
    expect(published.diagnostics.find((d) => d.code === 'idempotency/no-increment-write')?.range.start.line).toBe(6);
  });

  it('run "onSave": changes are not linted until the document is saved', async () => {
    const mark = await client.changeSettings({ consumers: BUS_CONSUMERS, run: 'onSave' });
    await client.waitForDiagnostics(generic, { after: mark });
    const withoutIncrement = GENERIC.replace('await redis.incr(`reads:${event.articleId}`);', 'await redis.set(`read:${event.id}`, event.articleId);');
    const changeMark = await client.change(generic, 2, withoutIncrement);
    await client.settle();
    expect(client.publishes(generic, changeMark)).toEqual([]);

    const saveMark = await client.save(generic);
    const saved = await client.waitForDiagnostics(generic, { after: saveMark, version: 2 });
    expect(codes(saved.diagnostics)).not.toContain('idempotency/no-increment-write');
  });

  it('run "onType" again: changes are linted', async () => {
    await client.changeSettings({ consumers: BUS_CONSUMERS, run: 'onType' });
    const published = await client.changeAndWait(generic, 3, GENERIC);
    expect(codes(published.diagnostics)).toContain('idempotency/no-increment-write');
  });

  it('exits with code 0 on shutdown', async () => {
    expect(client.versionRegressions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});

describe('settings pushed by a client without workspace/configuration', () => {
  let client: LspClient;
  const kafka = fileUri(KAFKA_FILE);
  beforeAll(async () => {
    client = await LspClient.start({ capabilities: { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, configuration: false } } });
  });
  afterAll(() => client?.kill());

  it('reads them from the notification', async () => {
    expect(client.eventsOf('configuration')).toEqual([]);
    await client.openAndWait(kafka, KAFKA);
    const mark = await client.changeSettings({ rules: { 'require-dedup-check': 'off' } });
    expect(codes((await client.waitForDiagnostics(kafka, { after: mark })).diagnostics)).toEqual(['idempotency/no-increment-write']);
    expect(client.eventsOf('configuration')).toEqual([]);
  });

  it('exits with code 0 on shutdown', async () => {
    expect(await client.shutdown()).toBe(0);
  });
});
