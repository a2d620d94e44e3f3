/**
 * Regression tests for server bugs found by the protocol suite: warnings as notifications, one log
 * line per oversized file, BOM-shifted positions, workspace lint over freshly opened documents, no
 * workspace config for untitled or outside files, and progress on the client's token.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol/node';
import { lintText } from '../../engine/src/lint-file';
import { fileUri, FIXTURES, LspClient, requireBuiltServer } from './client';
import { applyWorkspaceEdit } from './helpers';

requireBuiltServer();

const KAFKA_FILE = path.join(FIXTURES, 'kafka-increment.ts');
const KAFKA = readFileSync(KAFKA_FILE, 'utf8');

describe('server regressions', () => {
  // 1. Invalid settings are shown with window/showMessageRequest (a request, via
  //    connection.window.showWarningMessage), not the window/showMessage notification.
  it('invalid settings warn with window/showMessage notifications', async () => {
    const client = await LspClient.start({ settings: { run: 'sometimes', helperDepth: 99, rules: { 'no-increment-write': 'loud' }, colour: 'blue' } });
    await client.settle();
    expect(client.shownMessages().map((m) => m.via)).toEqual(Array(4).fill('window/showMessage'));
    expect(await client.shutdown()).toBe(0);
  });

  // 2. Editing a document larger than 2 MB logs "Skipped …: larger than 2 MB (N bytes)" again on
  //    every edit: the logOnce key includes the skip reason, and the reason includes the byte count.
  it('a document larger than 2 MB is logged once, however often it is edited', async () => {
    const client = await LspClient.start();
    const file = path.join(FIXTURES, 'bad', 'huge-edited.ts');
    const uri = fileUri(file);
    const huge = `// ${'x'.repeat(2 * 1024 * 1024)}\n${KAFKA}`;
    const mark = await client.open(uri, huge);
    await client.waitForDiagnostics(uri);
    for (let version = 2; version <= 4; version++) await client.changeAndWait(uri, version, `${huge}${'\n'.repeat(version)}`);
    await client.settle();
    expect(client.logs(mark).filter((line) => line.includes(file))).toHaveLength(1);
    expect(await client.shutdown()).toBe(0);
  });

  // 3. A document whose text starts with a BOM (U+FEFF): ESLint's fix ranges are offsets into the
  //    text WITHOUT the BOM, the server converts them with the TextDocument that HAS it, so every
  //    suggestion edit lands one character early (`({ message })` becomes `({ messag, topic, … })`,
  //    the increment rewrite does not even parse: "',' expected").
  it('suggestion edits on a document with a BOM land where ESLint puts them', async () => {
    const client = await LspClient.start();
    const file = path.join(FIXTURES, 'actions', 'bom.ts');
    const uri = fileUri(file);
    const text = `\uFEFF${KAFKA}`;
    const published = await client.openAndWait(uri, text);
    const messages = lintText(text, file).messages;
    for (const diagnostic of published.diagnostics) {
      const message = messages.find((m) => m.ruleId === diagnostic.code)!;
      const actions = ((await client.codeActions(uri, [diagnostic])) ?? []) as CodeAction[];
      for (const suggestion of message.suggestions ?? []) {
        const action = actions.find((a) => a.title === suggestion.desc)!;
        const eslintResult = `\uFEFF${KAFKA.slice(0, suggestion.fix.range[0])}${suggestion.fix.text}${KAFKA.slice(suggestion.fix.range[1])}`;
        expect(applyWorkspaceEdit(text, uri, 1, action.edit!), suggestion.desc).toBe(eslintResult);
      }
    }
    expect(await client.shutdown()).toBe(0);
  });

  // 4. lintWorkspace snapshots the open documents when it starts; a document opened while it runs
  //    then gets the on-disk diagnostics published over its buffer's (versionless, after the
  //    buffer's version-1 publish), and they stay until the next edit.
  it('a document opened during lintWorkspace keeps the diagnostics of its buffer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idempotency-server-race-'));
    try {
      for (let i = 0; i < 300; i++) copyFileSync(KAFKA_FILE, path.join(dir, `c${String(i).padStart(3, '0')}.ts`));
      const last = path.join(dir, 'zzz.ts'); // discovered last (names are sorted)
      copyFileSync(KAFKA_FILE, last);
      const client = await LspClient.start({ workspaceFolders: [dir] });
      const mark = client.mark();
      const pending = client.request('idempotency/lintWorkspace');
      await client.waitForEvent('diagnostics', () => true, mark, 'the first workspace publish');
      await client.open(fileUri(last), '// nothing to report\n');
      await client.waitForDiagnostics(fileUri(last));
      await pending;
      await client.settle();
      const publishes = client.publishes(fileUri(last), mark);
      expect(publishes.at(-1)).toEqual({ uri: fileUri(last), version: 1, diagnostics: [] });
      expect(await client.shutdown()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // 5. In a trusted workspace an untitled document is linted as <os.tmpdir()>/idempotency-untitled/…,
  //    and the config lookup for it (no workspace folder: no stop) walks up from there: an
  //    eslint.config.* in the temp directory (world-writable /tmp) or any ancestor is EXECUTED.
  it('an untitled document never executes an eslint.config.* from outside the workspace', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'idempotency-server-tmpdir-'));
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'idempotency-server-ws-'));
    try {
      const marker = path.join(tmp, 'ran.marker');
      writeFileSync(path.join(tmp, 'eslint.config.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default [];\n`);
      mkdirSync(path.join(workspace, 'src'));
      const client = await LspClient.start({ workspaceFolders: [workspace], initializationOptions: { workspaceTrusted: true }, env: { TMPDIR: tmp } });
      await client.openAndWait('untitled:Untitled-1', KAFKA, { languageId: 'typescript' });
      await client.settle();
      expect(existsSync(marker), `${tmp}/eslint.config.mjs was executed`).toBe(false);
      expect(await client.shutdown()).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  // 6. idempotency/lintWorkspace with the client's workDoneToken (commit 8375ec1): the handler is
  //    registered with connection.onRequest(<string>, …), which passes only (params, token) — the
  //    third argument `workDone` is undefined, so `reporter` is undefined and the server falls back to
  //    creating its own progress (window/workDoneProgress/create + a new token); the client's token
  //    never gets $/progress.
  it("lintWorkspace reports progress on the client's workDoneToken", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'idempotency-server-token-'));
    try {
      copyFileSync(KAFKA_FILE, path.join(dir, 'a.ts'));
      copyFileSync(KAFKA_FILE, path.join(dir, 'b.ts'));
      const c = await LspClient.start({ workspaceFolders: [dir] });
      const mark = c.mark();
      const result = await c.request<{ files: number }>('idempotency/lintWorkspace', { workDoneToken: 'lint-workspace-1' });
      expect(result.files).toBe(2);
      await c.settle();
      expect(c.eventsOf('progressCreate', mark)).toEqual([]);
      const progress = c.eventsOf('progress', mark);
      expect(progress.map((e) => e.token)).toEqual(progress.map(() => 'lint-workspace-1'));
      expect(progress[0]?.value.kind).toBe('begin');
      expect(progress.at(-1)?.value.kind).toBe('end');
      expect(await c.shutdown()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
