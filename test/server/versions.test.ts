/**
 * Document versions: a burst of changes ends with diagnostics for the last version that match its
 * text (full and incremental changes), a publish never goes back to an older version, and closing
 * a document clears its diagnostics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Range } from 'vscode-languageserver-protocol/node';
import { lintText } from '../../engine/src/lint-file';
import { fileUri, FIXTURES, LspClient, requireBuiltServer } from './client';
import { applyTextEdits, comparable, expectedDiagnostic, sorted, type CliMessage } from './helpers';

requireBuiltServer();

const V1 = readFileSync(path.join(FIXTURES, 'kafka-increment.ts'), 'utf8');
/** No relative write any more. */
const V2 = V1.replace('rating_count = rating_count + 1', 'rating_count = $2');
/** A second relative write. */
const V3 = V1.replace(
  "      await pool.query('UPDATE products",
  "      await pool.query('UPDATE stats SET views = views + 1 WHERE id = $1', [productId]);\n      await pool.query('UPDATE products",
);
/** V1 two lines further down. */
const V4 = `// moved\n\n${V1}`;

/** What the server must publish for `text` (the shared engine, embedded config). */
function expectedFor(text: string, file: string) {
  const outcome = lintText(text, file);
  return sorted(outcome.messages.map((m) => expectedDiagnostic(m as CliMessage)));
}

describe('document versions', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(() => client?.kill());

  it('the four texts have different diagnostics', () => {
    const file = path.join(FIXTURES, 'kafka-increment.ts');
    const all = [V1, V2, V3, V4].map((t) => JSON.stringify(expectedFor(t, file)));
    expect(new Set(all).size).toBe(4);
  });

  it('a burst of full-text changes ends with the last version, matching its text', async () => {
    const file = path.join(FIXTURES, 'burst', 'full.ts');
    const uri = fileUri(file);
    await client.openAndWait(uri, V1);
    const mark = client.mark();
    await client.change(uri, 2, V2);
    await client.change(uri, 3, V3);
    await client.change(uri, 4, V4);
    const last = await client.waitForDiagnostics(uri, { version: 4, after: mark });
    expect(sorted(last.diagnostics.map(comparable))).toEqual(expectedFor(V4, file));

    await client.settle();
    const publishes = client.publishes(uri, mark);
    expect(publishes.at(-1)?.version).toBe(4);
    // Every publish in between is for a version that was sent, with that version's diagnostics.
    const texts: Record<number, string> = { 2: V2, 3: V3, 4: V4 };
    for (const p of publishes) expect(sorted(p.diagnostics.map(comparable)), `version ${p.version}`).toEqual(expectedFor(texts[p.version!]!, file));
    expect(client.versionRegressions).toEqual([]);
  });

  it('a burst of incremental changes is applied in order', async () => {
    const file = path.join(FIXTURES, 'burst', 'incremental.ts');
    const uri = fileUri(file);
    await client.openAndWait(uri, V1);
    const steps: { range: Range; text: string }[][] = [
      // v2: two lines at the top
      [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// a\n// b\n' }],
      // v3: remove the first of them, then rename `productId` on what is then line 11 (two edits, applied in order)
      [
        { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
        { range: { start: { line: 11, character: 12 }, end: { line: 11, character: 21 } }, text: 'product' },
      ],
      // v4: the increment becomes a plain assignment
      [{ range: { start: { line: 12, character: 59 }, end: { line: 12, character: 75 } }, text: "$2" }],
    ];
    let text = V1;
    const mark = client.mark();
    for (let i = 0; i < steps.length; i++) {
      for (const change of steps[i]!) text = applyTextEdits(text, [{ range: change.range, newText: change.text }]);
      await client.change(uri, i + 2, text, steps[i]);
    }
    expect(text).toContain("const product = String(message.key);");
    expect(text).toContain("'UPDATE products SET rating_count = $2 WHERE id = $1'");
    const last = await client.waitForDiagnostics(uri, { version: 4, after: mark });
    expect(sorted(last.diagnostics.map(comparable))).toEqual(expectedFor(text, file));
    await client.settle();
    expect(client.publishes(uri, mark).at(-1)?.version).toBe(4);
    expect(client.versionRegressions).toEqual([]);
  });

  it('twenty changes in a row: the last publish is the last version', async () => {
    const file = path.join(FIXTURES, 'burst', 'twenty.ts');
    const uri = fileUri(file);
    await client.openAndWait(uri, V1);
    const mark = client.mark();
    const texts = [V1, V2, V3, V4];
    for (let version = 2; version <= 21; version++) await client.change(uri, version, texts[version % 4]!);
    const last = await client.waitForDiagnostics(uri, { version: 21, after: mark });
    expect(sorted(last.diagnostics.map(comparable))).toEqual(expectedFor(texts[21 % 4]!, file));
    await client.settle();
    expect(client.publishes(uri, mark).at(-1)?.version).toBe(21);
    expect(client.versionRegressions).toEqual([]);
  });

  it('closing a document publishes empty diagnostics', async () => {
    for (const name of ['full.ts', 'incremental.ts', 'twenty.ts']) {
      const uri = fileUri(path.join(FIXTURES, 'burst', name));
      const mark = await client.close(uri);
      const cleared = await client.waitForDiagnostics(uri, { after: mark, version: null });
      expect(cleared.diagnostics).toEqual([]);
      await client.settle();
      // Nothing for the closed document after that.
      expect(client.publishes(uri, mark).map((p) => p.diagnostics.length)).toEqual([0]);
    }
  });

  it('a change and a close in quick succession: the last word is the empty publish', async () => {
    const uri = fileUri(path.join(FIXTURES, 'burst', 'closed-early.ts'));
    await client.openAndWait(uri, V1);
    const mark = client.mark();
    await client.change(uri, 2, V3);
    await client.close(uri);
    await client.waitForDiagnostics(uri, { after: mark, version: null });
    await client.settle();
    expect(client.publishes(uri, mark).at(-1)?.diagnostics).toEqual([]);
  });

  it('publishes versions in order and exits with code 0 on shutdown', async () => {
    expect(client.versionRegressions).toEqual([]);
    expect(await client.shutdown()).toBe(0);
  });
});
