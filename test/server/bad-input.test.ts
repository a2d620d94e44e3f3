/**
 * Bad input never takes the server down: syntax errors, binary and random text, huge documents,
 * requests for documents it does not know, bogus commands, malformed params, unknown methods and
 * malformed JSON-RPC frames are answered or ignored, and the server keeps answering. Untitled
 * documents are linted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { fileUri, FIXTURES, LspClient, requireBuiltServer } from './client';
import { applyWorkspaceEdit } from './helpers';

requireBuiltServer();

const KAFKA = readFileSync(path.join(FIXTURES, 'kafka-increment.ts'), 'utf8');
const SYNTAX_ERROR_FILE = path.join(FIXTURES, 'syntax-error.ts');
const SYNTAX_ERROR = readFileSync(SYNTAX_ERROR_FILE, 'utf8');
const ZERO_RANGE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const KAFKA_CODES = ['idempotency/no-increment-write', 'idempotency/require-dedup-check'];

/** Deterministic pseudo-random bytes (mulberry32). */
function randomBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

const codes = (diagnostics: { code?: string | number }[]) => diagnostics.map((d) => d.code).sort();

describe('bad input', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  /** Log lines that mention `file`, after `mark`. */
  const logsAbout = (file: string, mark: number) => client.logs(mark).filter((line) => line.includes(file));

  it('a syntax error: no diagnostics for that version and exactly one log line', async () => {
    const uri = fileUri(SYNTAX_ERROR_FILE);
    const mark = await client.open(uri, SYNTAX_ERROR);
    expect((await client.waitForDiagnostics(uri)).diagnostics).toEqual([]);
    // Linting the same version again (a settings change) does not log again.
    const settingsMark = await client.changeSettings({});
    await client.waitForDiagnostics(uri, { after: settingsMark, version: 1 });
    await client.settle();
    expect(logsAbout(SYNTAX_ERROR_FILE, mark)).toHaveLength(1);
  });

  it('a document that stops parsing loses its diagnostics for that version; fixed, they return', async () => {
    const file = path.join(FIXTURES, 'bad', 'breaks.ts');
    const uri = fileUri(file);
    expect(codes((await client.openAndWait(uri, KAFKA)).diagnostics)).toEqual(KAFKA_CODES);
    const mark = client.mark();
    expect((await client.changeAndWait(uri, 2, KAFKA.replace('String(message.key)', 'String(message.key'))).diagnostics).toEqual([]);
    await client.settle();
    expect(logsAbout(file, mark)).toHaveLength(1);
    expect(codes((await client.changeAndWait(uri, 3, KAFKA)).diagnostics)).toEqual(KAFKA_CODES);
  });

  it('binary content with NUL bytes: no crash, no diagnostics', async () => {
    const uri = fileUri(path.join(FIXTURES, 'bad', 'binary.ts'));
    const bytes = randomBytes(1, 4096);
    bytes[10] = 0;
    const published = await client.openAndWait(uri, bytes.toString('latin1'));
    expect(published.diagnostics).toEqual([]);
    expect((await client.changeAndWait(uri, 2, `${KAFKA}\0`)).diagnostics).toEqual([]);
  });

  it('random text without NUL bytes: no crash, no diagnostics', async () => {
    for (const [i, encoding] of (['utf8', 'latin1'] as const).entries()) {
      const uri = fileUri(path.join(FIXTURES, 'bad', `random-${encoding}.js`));
      const text = Buffer.from(randomBytes(100 + i, 20_000).map((b) => (b === 0 ? 1 : b))).toString(encoding);
      expect((await client.openAndWait(uri, text)).diagnostics).toEqual([]);
    }
  });

  it('a document larger than 2 MB: skipped with one log line and no diagnostics', async () => {
    const file = path.join(FIXTURES, 'bad', 'huge.ts');
    const uri = fileUri(file);
    // Consumer code all the way: linted, it would have thousands of diagnostics.
    const block = KAFKA.replaceAll(/^import .*$/gm, '');
    const huge = `import { Kafka } from 'kafkajs';\nimport { Pool } from 'pg';\n${block.repeat(Math.ceil((2 * 1024 * 1024) / block.length) + 1)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(2 * 1024 * 1024);
    const mark = await client.open(uri, huge);
    expect((await client.waitForDiagnostics(uri)).diagnostics).toEqual([]);
    // Linted again at the same size (a settings change): no new log line.
    const settingsMark = await client.changeSettings({});
    expect((await client.waitForDiagnostics(uri, { after: settingsMark, version: 1 })).diagnostics).toEqual([]);
    await client.settle();
    expect(logsAbout(file, mark)).toHaveLength(1);
    // Small again: linted.
    expect(codes((await client.changeAndWait(uri, 2, KAFKA)).diagnostics)).toEqual(KAFKA_CODES);
  });

  it('requests about unknown documents, bogus commands and malformed params are answered', async () => {
    const unopened = fileUri(path.join(FIXTURES, 'bad', 'never-opened.ts'));
    expect(await client.codeActions(unopened, [], { range: ZERO_RANGE })).toEqual([]);
    expect(
      await client.codeActions(unopened, [{ range: ZERO_RANGE, message: 'x', source: 'idempotency', code: 'idempotency/no-increment-write' }]),
    ).toEqual([]);

    const answered = async (method: string, params: unknown) => {
      try {
        return { result: await client.request(method, params) };
      } catch (error) {
        // A JSON-RPC error is an answer too; a dead server is not (client.request says so).
        if (/server exited|no answer/.test((error as Error).message)) throw error;
        return { error: (error as Error).message };
      }
    };
    for (const [method, params] of [
      ['workspace/executeCommand', { command: 'idempotency.noSuchCommand', arguments: [] }],
      ['workspace/executeCommand', { command: 'idempotency.showDocumentation' }],
      ['workspace/executeCommand', { command: 'idempotency.showDocumentation', arguments: [42, { url: 'x' }] }],
      ['workspace/executeCommand', {}],
      ['textDocument/codeAction', {}],
      ['textDocument/codeAction', { textDocument: { uri: unopened } }],
      ['textDocument/codeAction', { textDocument: { uri: 42 }, range: 'everything', context: { diagnostics: 'all' } }],
      ['textDocument/codeAction', null],
      ['textDocument/codeAction', [1, 2, 3]],
      ['idempotency/lintWorkspace', { unexpected: true }],
      ['idempotency/noSuchRequest', {}],
      ['textDocument/hover', { textDocument: { uri: unopened }, position: { line: 0, character: 0 } }],
    ] as const) {
      const answer = await answered(method, params);
      expect(answer, `${method} ${JSON.stringify(params)}`).toBeDefined();
    }
    expect(await client.request('idempotency/lintWorkspace')).toEqual({ files: 0, problems: 0, skipped: 0 });
  });

  it('malformed notifications are ignored', async () => {
    await client.notify('textDocument/didOpen', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: 42, text: null } });
    await client.notify('textDocument/didChange', { textDocument: { uri: fileUri(path.join(FIXTURES, 'bad', 'never-opened.ts')), version: 2 }, contentChanges: [{ text: 'x' }] });
    await client.notify('textDocument/didChange', {});
    await client.notify('textDocument/didSave', {});
    await client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.ts' } });
    await client.notify('workspace/didChangeConfiguration', null);
    await client.notify('workspace/didChangeWatchedFiles', { changes: 'none' });
    await client.notify('idempotency/noSuchNotification', { x: 1 });
    await client.settle();
    expect(client.exitedEarly).toBeNull();
  });

  it('malformed JSON-RPC frames do not take the server down', async () => {
    const frame = (body: Buffer | string) => Buffer.concat([Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`), Buffer.from(body)]);
    await client.writeRaw(frame('{{{ not json'));
    await client.writeRaw(frame(randomBytes(7, 256)));
    await client.writeRaw(frame(JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 42 })));
    await client.writeRaw(frame(JSON.stringify({ hello: 'world' })));
    await client.settle();
    expect(client.exitedEarly).toBeNull();
  });

  it('untitled documents are linted, and their quick fixes apply', async () => {
    const uri = 'untitled:Untitled-1';
    const published = await client.openAndWait(uri, KAFKA, { languageId: 'typescript' });
    expect(codes(published.diagnostics)).toEqual(KAFKA_CODES);
    const diagnostic = published.diagnostics.find((d) => d.code === 'idempotency/no-increment-write')!;
    const actions = ((await client.codeActions(uri, [diagnostic])) ?? []) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable idempotency/no-increment-write for this line')!;
    const changed = applyWorkspaceEdit(KAFKA, uri, 1, disable.edit!);
    expect(codes((await client.changeAndWait(uri, 2, changed)).diagnostics)).toEqual(['idempotency/require-dedup-check']);

    const js = await client.openAndWait('untitled:Untitled-2', readFileSync(path.join(FIXTURES, 'amqp-ack-first.js'), 'utf8'), { languageId: 'javascript' });
    expect(js.diagnostics.length).toBeGreaterThan(0);
  });

  it('documents in other languages are not linted', async () => {
    const published = await client.openAndWait(fileUri(path.join(FIXTURES, 'bad', 'notes.md')), KAFKA, { languageId: 'markdown' });
    expect(published.diagnostics).toEqual([]);
  });

  it('still answers afterwards: a final request on an open document', async () => {
    const uri = fileUri(path.join(FIXTURES, 'bad', 'final.ts'));
    const published = await client.openAndWait(uri, KAFKA);
    expect(codes(published.diagnostics)).toEqual(KAFKA_CODES);
    const actions = (await client.codeActions(uri, [published.diagnostics[0]!])) ?? [];
    expect(actions.length).toBeGreaterThanOrEqual(2);
  });

  it('never exited on its own, and exits with code 0 on shutdown', async () => {
    expect(client.exitedEarly).toBeNull();
    expect(client.versionRegressions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});
