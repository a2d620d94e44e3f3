/**
 * Neovim 0.7's built-in LSP client (a second, independent LSP client) against the language server:
 * diagnostics with our source and rule code, the quick fix from textDocument/codeAction applied with
 * vim.lsp.util.apply_workspace_edit and written to disk, and the file re-linted clean of that rule.
 * Needs `nvim` (run `bash .ci/install-editors.sh`) and a built server (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONSUMER_SOURCE,
  INCREMENT_COLUMN,
  INCREMENT_LINE,
  NVIM_BIN,
  RULE,
  SLOW,
  SOURCE,
  artifactsDir,
  assertParses,
  requireServer,
  requireTool,
  tempDir,
  writeWorkspace,
} from './helpers';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  message: string;
  source?: string;
  code?: string | number;
  severity: number;
}
interface NvimResult {
  ok: boolean;
  error?: string;
  nvim: string;
  ms: number;
  steps: { name: string; ms: number; data?: unknown }[];
  diagnostics?: NvimDiagnostic[];
  diagnostics_after?: NvimDiagnostic[];
  actions?: { title: string; kind?: string; isPreferred?: boolean; has_edit: boolean }[];
  applied?: string;
  messages: { kind: string; type: number; message: string }[];
  server_exit?: { code: number; signal: number };
}

const SCRIPT = path.join(__dirname, 'neovim', 'lsp-quickfix.lua');

describe('Neovim 0.7 built-in LSP client', () => {
  it('shows our diagnostics and applies the quick fix to the file on disk', () => {
    const version = requireTool('Neovim', NVIM_BIN, ['--version'], /NVIM v\d+\.\d+\.\d+/);
    const server = requireServer();
    const artifacts = artifactsDir();
    const work = tempDir('nvim');
    const root = path.join(work, 'workspace');
    const { consumer } = writeWorkspace(root);
    const xdg = path.join(work, 'xdg');
    const timeoutMs = 20_000 * SLOW;

    const run = spawnSync(NVIM_BIN, ['--headless', '-n', '-i', 'NONE', '-u', SCRIPT], {
      cwd: root,
      encoding: 'utf8',
      timeout: timeoutMs * 2 + 30_000,
      killSignal: 'SIGKILL',
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(xdg, 'config'),
        XDG_DATA_HOME: path.join(xdg, 'data'),
        XDG_CACHE_HOME: path.join(xdg, 'cache'),
        XDG_STATE_HOME: path.join(xdg, 'state'),
        IDEM_FILE: consumer,
        IDEM_ROOT: root,
        IDEM_SERVER: server,
        IDEM_LINE: String(INCREMENT_LINE),
        IDEM_CODE: RULE,
        IDEM_TIMEOUT_MS: String(timeoutMs),
      },
    });
    // Neovim's LSP log holds the server's stderr (logged as errors): keep it with the artefacts.
    const lspLog = path.join(xdg, 'cache', 'nvim', 'lsp.log');
    if (existsSync(lspLog)) copyFileSync(lspLog, path.join(artifacts, 'neovim-lsp.log'));
    const line = (run.stdout ?? '').split('\n').find((l) => l.startsWith('IDEM_RESULT '));
    const context = `nvim exit ${run.status ?? run.signal}${run.error ? ` (${run.error.message})` : ''}\nstdout: ${(run.stdout ?? '').slice(0, 4000)}\nstderr: ${(run.stderr ?? '').slice(0, 4000)}\nlsp.log: ${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-4000) : '(none)'}`;
    if (!line) throw new Error(`Neovim printed no result\n${context}`);
    const result = JSON.parse(line.slice('IDEM_RESULT '.length)) as NvimResult;
    writeFileSync(path.join(artifacts, 'neovim-result.json'), `${JSON.stringify(result, null, 2)}\n`);
    const after = readFileSync(consumer, 'utf8');
    writeFileSync(path.join(artifacts, 'neovim-stock-consumer.after.ts'), after);

    console.log(
      [
        `Neovim ${version}: ${result.ok ? 'ok' : `FAILED: ${result.error}`} in ${result.ms} ms`,
        ...result.steps.map((s) => `  ${String(s.ms).padStart(5)} ms  ${s.name}`),
        `  diagnostics: ${(result.diagnostics ?? []).map((d) => `${d.lnum + 1}:${d.col + 1} ${d.source} ${d.code}`).join('; ')}`,
        `  code actions: ${(result.actions ?? []).map((a) => `${a.isPreferred ? '*' : ''}${a.title} [${a.kind}]`).join(' | ')}`,
        `  applied: ${result.applied ?? '(none)'}`,
        `  artefacts: test-artifacts/editors/neovim-result.json, neovim-stock-consumer.after.ts${existsSync(lspLog) ? ', neovim-lsp.log' : ''}`,
      ].join('\n'),
    );

    expect(result.ok, `${result.error}\n${context}`).toBe(true);
    expect(run.status, context).toBe(0);

    const reported = (result.diagnostics ?? []).find((d) => d.lnum === INCREMENT_LINE - 1 && d.col === INCREMENT_COLUMN - 1 && String(d.code).includes(RULE));
    expect(reported, JSON.stringify(result.diagnostics)).toBeDefined();
    expect(reported!.source).toBe(SOURCE);
    expect(reported!.code).toBe(`idempotency/${RULE}`);
    expect(reported!.message).toMatch(/relative write/);
    expect(reported!.severity).toBe(1); // vim.diagnostic.severity.ERROR: the recommended config's severity

    expect(result.applied, JSON.stringify(result.actions)).toBeTruthy();
    expect(after).not.toBe(CONSUMER_SOURCE);
    expect(after).toMatch(/processed_messages/);
    expect(after).toContain('message.offset');
    assertParses(after, consumer);

    const remaining = (result.diagnostics_after ?? []).filter((d) => String(d.code).includes(RULE));
    expect(remaining, 'no-increment-write still reported after the quick fix').toEqual([]);
  });
});
