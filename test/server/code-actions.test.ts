/**
 * Code actions beyond the example corpus: CRLF line endings and astral-plane characters (UTF-16
 * positions), merging "Disable for this line" into an existing eslint-disable-next-line comment,
 * what is offered without diagnostics or for other sources, and the documentation command for a
 * client that cannot show documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { lintText } from '../../engine/src/lint-file';
import { FULL_CAPABILITIES, fileUri, FIXTURES, LspClient, requireBuiltServer } from './client';
import { applyWorkspaceEdit, comparable, expectedDiagnostic, parseError, sorted, type CliMessage } from './helpers';

requireBuiltServer();

const KAFKA = readFileSync(path.join(FIXTURES, 'kafka-increment.ts'), 'utf8');
const INCREMENT_LINE = "      await pool.query('UPDATE products SET rating_count = rating_count + 1 WHERE id = $1', [productId]);";

function expectedFor(text: string, file: string) {
  return sorted(lintText(text, file).messages.map((m) => expectedDiagnostic(m as CliMessage)));
}

const sameAs = (target: Diagnostic) => (d: Diagnostic) => d.code === target.code && d.message === target.message;

describe('code actions', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  /** Opens `text`, checks the diagnostics against the engine, applies every edit action of every diagnostic. */
  async function everyEditWorks(name: string, text: string): Promise<number> {
    const file = path.join(FIXTURES, 'actions', name);
    const uri = fileUri(file);
    const published = await client.openAndWait(uri, text);
    expect(sorted(published.diagnostics.map(comparable))).toEqual(expectedFor(text, file));
    expect(published.diagnostics.length).toBeGreaterThan(0);
    let version = 1;
    let applied = 0;
    for (const diagnostic of published.diagnostics) {
      const titles = (((await client.codeActions(uri, [diagnostic])) ?? []) as CodeAction[]).filter((a) => a.edit).map((a) => a.title);
      for (const title of titles) {
        const action = (((await client.codeActions(uri, [diagnostic])) ?? []) as CodeAction[]).find((a) => a.title === title)!;
        const changed = applyWorkspaceEdit(text, uri, version, action.edit!);
        expect(parseError(changed, file), title).toBeNull();
        const after = await client.changeAndWait(uri, ++version, changed);
        expect(after.diagnostics.filter(sameAs(diagnostic)).length, title).toBeLessThan(published.diagnostics.filter(sameAs(diagnostic)).length);
        await client.changeAndWait(uri, ++version, text);
        applied++;
      }
    }
    await client.close(uri);
    return applied;
  }

  it('CRLF line endings: same positions as ESLint, and every edit applies', async () => {
    expect(await everyEditWorks('crlf.ts', KAFKA.replaceAll('\n', '\r\n'))).toBeGreaterThanOrEqual(4);
  });

  it('astral-plane characters before a diagnostic: UTF-16 positions, and every edit applies', async () => {
    const text = KAFKA.replace(INCREMENT_LINE, `      const tag = '🚀𝒳'; /* 😀 */ ${INCREMENT_LINE.trim()}`);
    expect(text).not.toBe(KAFKA);
    expect(await everyEditWorks('astral.ts', text)).toBeGreaterThanOrEqual(4);
  });

  it('"Disable for this line" joins an existing eslint-disable-next-line comment', async () => {
    const file = path.join(FIXTURES, 'actions', 'merge.ts');
    const uri = fileUri(file);
    const text = KAFKA.replace(INCREMENT_LINE, `      // eslint-disable-next-line no-console -- noisy\n${INCREMENT_LINE}`);
    const published = await client.openAndWait(uri, text);
    const diagnostic = published.diagnostics.find((d) => d.code === 'idempotency/no-increment-write')!;
    const actions = ((await client.codeActions(uri, [diagnostic])) ?? []) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable idempotency/no-increment-write for this line')!;
    const changed = applyWorkspaceEdit(text, uri, 1, disable.edit!);
    expect(changed).toContain('      // eslint-disable-next-line no-console, idempotency/no-increment-write -- noisy\n' + INCREMENT_LINE);
    expect(changed.split('\n')).toHaveLength(text.split('\n').length);
    const after = await client.changeAndWait(uri, 2, changed);
    expect(after.diagnostics.map((d) => d.code)).toEqual(['idempotency/require-dedup-check']);
    await client.close(uri);
  });

  it('nothing without diagnostics, nothing for other sources', async () => {
    const uri = fileUri(path.join(FIXTURES, 'actions', 'quiet.ts'));
    const published = await client.openAndWait(uri, KAFKA);
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    expect(await client.codeActions(uri, [], { range })).toEqual([]);
    const foreign = published.diagnostics.map((d) => ({ ...d, source: 'eslint' }));
    expect(await client.codeActions(uri, foreign, { range })).toEqual([]);
    // A diagnostic the server did not publish (moved by the client) gets no actions either.
    const moved = { ...published.diagnostics[0]!, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } };
    expect(await client.codeActions(uri, [moved])).toEqual([]);
    // No autofixes in this file: the fix-all action is not offered even when asked for.
    expect(await client.codeActions(uri, published.diagnostics, { range, only: ['source.fixAll.idempotency'] })).toEqual([]);
    expect(await client.codeActions(uri, published.diagnostics, { range, only: ['source'] })).toEqual([]);
    await client.close(uri);
  });

  it('publishes versions in order and exits with code 0 on shutdown', async () => {
    expect(client.versionRegressions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});

describe('the documentation command without window/showDocument support', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({ capabilities: { ...FULL_CAPABILITIES, window: { ...FULL_CAPABILITIES.window, showDocument: undefined } } });
  });
  afterAll(() => client?.kill());

  it('is answered, logs the URL and sends no window/showDocument', async () => {
    const uri = fileUri(path.join(FIXTURES, 'actions', 'docs.ts'));
    const published = await client.openAndWait(uri, KAFKA);
    const actions = ((await client.codeActions(uri, [published.diagnostics[0]!])) ?? []) as CodeAction[];
    const docs = actions.find((a) => a.command?.command === 'idempotency.showDocumentation')!;
    const url = docs.command!.arguments![0] as string;
    const mark = client.mark();
    await client.executeCommand(docs.command!.command, docs.command!.arguments);
    await client.waitForEvent('log', (e) => e.params.message.includes(url), mark, 'a log line with the documentation URL');
    expect(client.eventsOf('showDocument')).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});
