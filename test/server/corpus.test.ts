/**
 * Every example file (examples/ and ../shared/examples/) opened in the language server:
 * - the published diagnostics equal what the built CLI reports for the same file (rule, range,
 *   severity, message), with source, code, codeDescription and the opened version;
 * - every diagnostic's code actions: fixes and suggestions as quick fixes (the first preferred) with
 *   a versioned WorkspaceEdit, "Disable <rule> for this line", "Show documentation for <rule>";
 *   each edit applied to the text and sent as a change parses and removes the diagnostic, and the
 *   documentation command makes the server ask the client to show the rule's page;
 * - `context.only` filters the kinds.
 * Generic files get the `consumers` settings from labels.json through the editor settings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Command, Diagnostic } from 'vscode-languageserver-protocol/node';
import { readLabels, REPO_ROOT, SHARED_EXAMPLES } from '../helpers/labels';
import { fileUri, LspClient, requireBuiltServer } from './client';
import { applyWorkspaceEdit, cliReport, comparable, expectedDiagnostic, parseError, sorted, type CliMessage, type ComparableDiagnostic } from './helpers';

requireBuiltServer();

interface Group {
  /** settings.idempotency.consumers for these files, or none. */
  consumers: unknown;
  files: string[];
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = path.join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(entry)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Files grouped by the consumers setting labels.json gives them (files without one first). */
function groups(dir: string): Group[] {
  const consumersOf = new Map(readLabels(dir).map((l) => [path.join(dir, l.path), l.consumers]));
  const byKey = new Map<string, Group>([['', { consumers: undefined, files: [] }]]);
  for (const file of sourceFiles(dir)) {
    const consumers = consumersOf.get(file);
    const key = consumers ? JSON.stringify(consumers) : '';
    if (!byKey.has(key)) byKey.set(key, { consumers, files: [] });
    byKey.get(key)!.files.push(file);
  }
  return [...byKey.values()].filter((g) => g.files.length > 0);
}

const isCodeAction = (action: CodeAction | Command): action is CodeAction => typeof (action as Command).command !== 'string';
const same = (a: ComparableDiagnostic, b: ComparableDiagnostic) => a.code === b.code && a.message === b.message;
const countLike = (list: Diagnostic[], target: ComparableDiagnostic) => list.filter((d) => same(comparable(d), target)).length;

const totals = { files: 0, diagnostics: 0, codeActionRequests: 0, editsApplied: 0, suggestionsApplied: 0, disablesApplied: 0, docsShown: 0 };

for (const corpus of [
  { name: 'examples', dir: path.join(REPO_ROOT, 'examples') },
  { name: 'shared examples', dir: SHARED_EXAMPLES },
]) {
  describe(`language server on ${corpus.name}`, () => {
    const fileGroups = groups(corpus.dir);
    const reports = new Map<string, CliMessage[]>();
    let client: LspClient;

    beforeAll(async () => {
      client = await LspClient.start();
      for (const group of fileGroups) {
        const report = await cliReport(group.files, group.consumers ? { consumers: group.consumers } : undefined);
        for (const [file, messages] of report) reports.set(file, messages);
      }
    });
    afterAll(() => client?.kill());

    it('has files to check', () => {
      expect(fileGroups.flatMap((g) => g.files).length).toBeGreaterThanOrEqual(30);
    });

    for (const group of fileGroups) {
      describe(group.consumers ? `consumers ${JSON.stringify(group.consumers)}` : 'no consumers setting', () => {
        beforeAll(async () => {
          await client.changeSettings(group.consumers ? { consumers: group.consumers } : {});
        });

        for (const file of group.files) {
          it(path.relative(corpus.dir, file), async () => {
            const uri = fileUri(file);
            const text = readFileSync(file, 'utf8');
            const cliMessages = reports.get(file);
            expect(cliMessages, `the CLI reported nothing for ${file}`).toBeDefined();
            expect(cliMessages!.filter((m) => m.fatal)).toEqual([]);

            // ---- diagnostics equal the CLI's report
            const published = await client.openAndWait(uri, text);
            totals.files++;
            totals.diagnostics += published.diagnostics.length;
            expect(published.version).toBe(1);
            expect(sorted(published.diagnostics.map(comparable))).toEqual(sorted(cliMessages!.map(expectedDiagnostic)));
            for (const d of published.diagnostics) {
              const rule = String(d.code).replace(/^idempotency\//, '');
              expect(d.source).toBe('idempotency');
              expect(d.code).toMatch(/^idempotency\/[a-z-]+$/);
              expect(d.codeDescription?.href).toMatch(new RegExp(`rules/docs/${rule}\\.md$`));
            }

            // ---- code actions for every diagnostic
            let version = 1;
            const original = published.diagnostics;
            for (const diagnostic of original) {
              const ruleId = String(diagnostic.code);
              const cli = cliMessages!.find((m) => {
                const e = expectedDiagnostic(m);
                return same(e, comparable(diagnostic)) && JSON.stringify(e.range) === JSON.stringify(diagnostic.range);
              })!;
              const fixTitles = [...(cli.fix ? ['(fix)'] : []), ...(cli.suggestions ?? []).map((s) => s.desc)];

              const actions = (await client.codeActions(uri, [diagnostic])) ?? [];
              totals.codeActionRequests++;
              expect(actions.every(isCodeAction), 'code actions are CodeAction literals').toBe(true);
              const list = actions.filter(isCodeAction);
              expect(list.every((a) => a.kind === 'quickfix')).toBe(true);

              const fixes = list.slice(0, fixTitles.length);
              const rest = list.slice(fixTitles.length);
              expect(rest.map((a) => a.title)).toEqual([`Disable ${ruleId} for this line`, `Show documentation for ${ruleId}`]);
              if (cli.suggestions?.length && !cli.fix) expect(fixes.map((a) => a.title)).toEqual(cli.suggestions.map((s) => s.desc));
              // The first fix or suggestion is preferred; nothing else is (disabling does not fix anything).
              expect(list.map((a) => a.isPreferred === true)).toEqual(list.map((_, i) => i === 0 && fixTitles.length > 0));
              for (const action of list) expect(action.diagnostics).toContainEqual(diagnostic);

              // Kinds filter.
              const onlyFixAll = (await client.codeActions(uri, [diagnostic], { only: ['source.fixAll.idempotency'] })) ?? [];
              expect(onlyFixAll.filter((a) => !isCodeAction(a) || a.kind !== 'source.fixAll.idempotency')).toEqual([]);
              const onlyQuickFix = (await client.codeActions(uri, [diagnostic], { only: ['quickfix'] })) ?? [];
              expect(onlyQuickFix.filter((a) => !isCodeAction(a) || a.kind !== 'quickfix')).toEqual([]);
              expect(onlyQuickFix.length).toBe(list.length);

              // Show documentation: a command the server executes by asking the client to show the page.
              const docs = rest[1]!;
              expect(docs.edit).toBeUndefined();
              expect(docs.command).toEqual({ title: `Show documentation for ${ruleId}`, command: 'idempotency.showDocumentation', arguments: [diagnostic.codeDescription!.href] });
              const mark = client.mark();
              await client.executeCommand(docs.command!.command, docs.command!.arguments);
              const shown = await client.waitForEvent('showDocument', () => true, mark, 'window/showDocument');
              expect(shown.params).toMatchObject({ uri: diagnostic.codeDescription!.href, external: true });
              totals.docsShown++;

              // Every edit: applied, sent as the next version, parses, and the diagnostic is gone.
              // Actions are asked for again before each edit: an edit is for the version it was offered at.
              const target = comparable(diagnostic);
              const editTitles = [...fixes, rest[0]!].map((a) => a.title);
              for (const title of editTitles) {
                const current = ((await client.codeActions(uri, [diagnostic])) ?? []).filter(isCodeAction);
                totals.codeActionRequests++;
                expect(current.map((a) => a.title)).toEqual(list.map((a) => a.title));
                const action = current.find((a) => a.title === title)!;
                const isDisable = title === rest[0]!.title;
                expect(action.edit, `${action.title} has an edit`).toBeDefined();
                const changed = applyWorkspaceEdit(text, uri, version, action.edit!);
                expect(parseError(changed, file), `${action.title} leaves code that parses`).toBeNull();
                if (isDisable) {
                  const line = diagnostic.range.start.line;
                  const lines = changed.split(/\r?\n/);
                  expect(lines[line]!.trim()).toBe(`// eslint-disable-next-line ${ruleId}`);
                  expect(lines[line + 1]).toBe(text.split(/\r?\n/)[line]);
                }
                const after = await client.changeAndWait(uri, ++version, changed);
                expect(after.version).toBe(version);
                expect(countLike(after.diagnostics, target), `after "${action.title}" the diagnostic is gone`).toBeLessThan(countLike(original, target));
                totals.editsApplied++;
                if (isDisable) totals.disablesApplied++;
                else totals.suggestionsApplied++;

                const restored = await client.changeAndWait(uri, ++version, text);
                expect(sorted(restored.diagnostics.map(comparable))).toEqual(sorted(original.map(comparable)));
              }
            }

            const closeMark = await client.close(uri);
            const closed = await client.waitForDiagnostics(uri, { after: closeMark, version: null });
            expect(closed.diagnostics).toEqual([]);
          });
        }
      });
    }

    it('publishes versions in order and exits with code 0 on shutdown', async () => {
      expect(client.versionRegressions).toEqual([]);
      expect(client.eventsOf('otherRequest')).toEqual([]);
      expect(await client.shutdown()).toBe(0);
      console.info(`[server corpus] after ${corpus.name}: ${JSON.stringify(totals)}`);
    });
  });
}
