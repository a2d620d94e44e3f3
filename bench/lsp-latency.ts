/**
 * Editor latency: our language server (dist/server.js --stdio) against vscode-eslint's server
 * (vscode-eslint-language-server from vscode-langservers-extracted) with ESLint running OUR plugin
 * (recommended) and the same parser, both driven over stdio by the same client code.
 *
 * - ours pushes diagnostics: an edit is timed from sending didChange to the
 *   textDocument/publishDiagnostics carrying that document version;
 * - vscode-eslint serves pull diagnostics: an edit is timed from sending didChange to the answer of
 *   the textDocument/diagnostic request sent right after it (what VS Code does on a change).
 * Both see the same edits in the same order, alternately (the order of the two servers rotates per
 * edit), with an idle gap after each so that neither server's burst throttling kicks in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { concatenatedFile, generateCorpus } from './corpus';
import { newLinter, parseOnly, recommended } from './configs';
import { median, now, percentile, rotate, round, sleep } from './stats';

const req = createRequire(__filename);

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string | number | { value: string | number };
  message: string;
}

export type ServerId = 'ours' | 'vscode-eslint';

interface ServerSpec {
  id: ServerId;
  label: string;
  args: string[];
  measuredAs: string;
}

function serverSpecs(root: string): ServerSpec[] {
  const vscodeEslint = path.join(path.dirname(req.resolve('vscode-langservers-extracted/package.json')), 'bin/vscode-eslint-language-server');
  return [
    {
      id: 'ours',
      label: `idempotency-language-server (dist/server.js)`,
      args: [path.join(root, 'dist/server.js'), '--stdio'],
      measuredAs: 'didChange sent -> textDocument/publishDiagnostics with that version received (push)',
    },
    {
      id: 'vscode-eslint',
      label: `vscode-eslint-language-server (vscode-langservers-extracted ${(req('vscode-langservers-extracted/package.json') as { version: string }).version})`,
      args: [vscodeEslint, '--stdio'],
      measuredAs: 'didChange sent, then textDocument/diagnostic request sent -> its answer received (pull, as VS Code does)',
    },
  ];
}

/** The settings object VS Code's ESLint extension sends for a workspace folder (what eslintServer reads). */
function vscodeEslintSettings(workspace: string): Record<string, unknown> {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    // With ESLint >= 10 this MUST be false: true makes the server import eslint/use-at-your-own-risk's
    // FlatESLint (gone in ESLint 10) and switch validation off silently. ESLint 10 is flat-only anyway.
    experimental: { useFlatConfig: false },
    codeAction: { disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' }, showDocumentation: { enable: true } },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workingDirectory: { mode: 'location' },
    workspaceFolder: { name: path.basename(workspace), uri: pathToFileURL(workspace).toString() },
  };
}

class LspClient {
  private readonly conn: MessageConnection;
  private readonly waiters: { uri: string; version: number | null; resolve: (d: Diagnostic[]) => void }[] = [];
  readonly log: string[] = [];
  readonly published = new Map<string, Diagnostic[]>();

  private constructor(
    readonly spec: ServerSpec,
    readonly proc: ChildProcess,
    readonly workspace: string,
  ) {
    this.conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    proc.stderr!.on('data', (chunk: Buffer) => this.remember(`stderr: ${chunk.toString()}`));
    this.conn.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.published.set(params.uri, params.diagnostics);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i]!;
        if (w.uri === params.uri && (w.version === null || w.version === params.version)) {
          this.waiters.splice(i, 1);
          w.resolve(params.diagnostics);
        }
      }
    });
    this.conn.onNotification('window/logMessage', (params: { message: string }) => this.remember(params.message));
    this.conn.onNotification((method: string) => {
      if (method !== '$/progress') this.remember(`notification ${method}`);
    });
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => (spec.id === 'ours' ? (item.section === 'idempotency' ? { run: 'onType' } : null) : vscodeEslintSettings(workspace))),
    );
    this.conn.onRequest((method: string) => {
      this.remember(`request ${method} (answered null)`);
      return null;
    });
    this.conn.listen();
  }

  private remember(line: string): void {
    this.log.push(line.trimEnd());
    if (this.log.length > 200) this.log.shift();
  }

  static async start(spec: ServerSpec, workspace: string): Promise<LspClient> {
    const proc = spawn(process.execPath, spec.args, { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(spec, proc, workspace);
    const uri = pathToFileURL(workspace).toString();
    await client.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(workspace) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: false },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        },
      },
      // Ours: a trusted workspace, so it reads the same eslint.config.mjs as vscode-eslint.
      initializationOptions: spec.id === 'ours' ? { workspaceTrusted: true } : {},
    });
    await client.conn.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, text: string): void {
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the pushed diagnostics for `uri` (at `version`, or any version with null). */
  waitPublished(uri: string, version: number | null): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const report = (await this.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items?: Diagnostic[] };
    return report.items ?? [];
  }

  /** Diagnostics after opening `uri` (version 1). */
  async diagnosticsAfterOpen(uri: string, text: string): Promise<Diagnostic[]> {
    if (this.spec.id === 'ours') {
      const pending = this.waitPublished(uri, 1);
      this.open(uri, text);
      return pending;
    }
    this.open(uri, text);
    return this.pull(uri);
  }

  /** Applies one edit and resolves with [ms to its diagnostics, the diagnostics]. */
  async timedEdit(uri: string, version: number, change: { range: Diagnostic['range']; text: string }): Promise<[number, Diagnostic[]]> {
    const start = now();
    if (this.spec.id === 'ours') {
      const pending = this.waitPublished(uri, version);
      void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const diagnostics = await pending;
      return [now() - start, diagnostics];
    }
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const diagnostics = await this.pull(uri);
    return [now() - start, diagnostics];
  }

  /** Resident set size of the server process (kB), and its peak. */
  memory(): { rssKb: number; hwmKb: number } {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), sleep(3000)]);
      void this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(3000)]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}

/** "rule@line" keys of diagnostics, sorted (vscode-eslint may send the code as { value, target }). */
function diagnosticKeys(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map((d) => `${typeof d.code === 'object' && d.code !== null ? d.code.value : String(d.code)}@${d.range.start.line + 1}`)
    .sort();
}

// ------------------------------------------------------------------ workspace

export interface Workspace {
  dir: string;
  files: Map<number, { path: string; uri: string; text: string; lines: number }>;
  manyFiles: { uri: string; text: string }[];
}

export function createWorkspace(root: string, seed: number, sizes: readonly number[], manyFiles: number): Workspace {
  const dir = path.join(os.tmpdir(), `idempotency-bench-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src/many'), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-workspace', private: true, type: 'module' }, null, 2));
  writeFileSync(
    path.join(dir, 'eslint.config.mjs'),
    [
      "import idempotency from 'eslint-plugin-idempotency';",
      "import tsParser from '@typescript-eslint/parser';",
      '',
      'export default [',
      "  { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' } },",
      '  idempotency.configs.recommended,',
      '];',
      '',
    ].join('\n'),
  );
  const files = new Map<number, { path: string; uri: string; text: string; lines: number }>();
  sizes.forEach((size, k) => {
    const big = concatenatedFile(seed, size, 10_000 + k * 1_000);
    const file = path.join(dir, `src/consumers-${size}.ts`);
    writeFileSync(file, big.text);
    files.set(size, { path: file, uri: pathToFileURL(file).toString(), text: big.text, lines: big.lines });
  });
  const many = generateCorpus(seed + 1, manyFiles).map((f, i) => {
    const file = path.join(dir, 'src/many', `${String(i).padStart(4, '0')}-${path.basename(f.name)}`);
    writeFileSync(file, f.text);
    return { uri: pathToFileURL(file).toString(), text: f.text };
  });
  return { dir, files, manyFiles: many };
}

// ------------------------------------------------------------------ edits

interface Edit {
  range: Diagnostic['range'];
  text: string;
}

/**
 * Small edits inside handlers: alternately add a line after a handler's `const evt = ...` and remove
 * it again (typing a statement, then undoing it), at sites spread over the file.
 */
function editsFor(text: string, count: number): Edit[] {
  const lines = text.split('\n');
  const sites: { line: number; indent: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^(\s+)const evt = /.exec(l);
    if (m) sites.push({ line: i, indent: m[1]! });
  });
  if (sites.length === 0) throw new Error('no handler sites to edit');
  const edits: Edit[] = [];
  for (let k = 0; k < count; k++) {
    const site = sites[Math.floor(k / 2) * 7 % sites.length]!;
    const at = site.line + 1;
    edits.push(
      k % 2 === 0
        ? { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: `${site.indent}console.debug('trace ${k}', evt);\n` }
        : { range: { start: { line: at, character: 0 }, end: { line: at + 1, character: 0 } }, text: '' },
    );
  }
  return edits;
}

// ------------------------------------------------------------------ measurements

export interface SizeResult {
  lines: number;
  edits: number;
  /** ms from the edit to its diagnostics, per server. */
  servers: Record<ServerId, { p50: number; p95: number; mean: number; samples: number[] }>;
  /** In this process: the bare parse (Linter, parser, no rules) and our recommended config on the same file. */
  parseMs: number;
  recommendedInProcessMs: number;
  /** Diagnostics both servers reported on open (they must be equal). */
  diagnostics: number;
}

export interface LspResult {
  measuredAs: Record<ServerId, string>;
  servers: Record<ServerId, string>;
  idleGapMs: number;
  sizes: SizeResult[];
  startToFirstDiagnosticsMs: Record<ServerId, { median: number; samples: number[]; fileLines: number }>;
  memoryAfterManyFiles: Record<ServerId, { files: number; rssMb: number; peakRssMb: number; lintAllMs: number }>;
}

export interface LspOptions {
  root: string;
  seed: number;
  sizes: number[];
  edits: number;
  warmupEdits: number;
  startRuns: number;
  manyFiles: number;
  parseRuns: number;
  idleGapMs: number;
  log: (line: string) => void;
}

function mb(kb: number): number {
  return round(kb / 1024, 1);
}

/** Compares both servers' diagnostics; throws (loudly) when they differ or are empty. */
function assertSameDiagnostics(what: string, ours: Diagnostic[], theirs: Diagnostic[], clients: LspClient[]): number {
  const a = diagnosticKeys(ours);
  const b = diagnosticKeys(theirs);
  if (a.length > 0 && a.join() === b.join()) return a.length;
  const onlyOurs = a.filter((k) => !b.includes(k));
  const onlyTheirs = b.filter((k) => !a.includes(k));
  const logs = clients.map((c) => `--- ${c.spec.id} log (last lines):\n${c.log.slice(-15).join('\n')}`).join('\n');
  throw new Error(
    `LSP bench: the servers disagree on ${what} (ours ${a.length}, vscode-eslint ${b.length} diagnostics).\n` +
      `only ours: ${onlyOurs.join(', ') || '-'}\nonly vscode-eslint: ${onlyTheirs.join(', ') || '-'}\n${logs}`,
  );
}

export async function measureLsp(options: LspOptions): Promise<LspResult> {
  const { log } = options;
  const specs = serverSpecs(options.root);
  const ws = createWorkspace(options.root, options.seed, options.sizes, options.manyFiles);
  log(`  workspace ${ws.dir}: ${options.sizes.map((s) => `${ws.files.get(s)!.lines} lines`).join(', ')}; ${ws.manyFiles.length} more files`);
  try {
    // ---- start -> first diagnostics, on the middle-size file: the long-lived servers' own start
    // (one sample each), plus `startRuns` fresh processes per server, alternating.
    const startSize = options.sizes[Math.min(1, options.sizes.length - 1)]!;
    const startFile = ws.files.get(startSize)!;
    const startSamples: Record<ServerId, number[]> = { ours: [], 'vscode-eslint': [] };
    const timedStart = async (spec: ServerSpec): Promise<LspClient> => {
      const t0 = now();
      const client = await LspClient.start(spec, ws.dir);
      const diagnostics = await client.diagnosticsAfterOpen(startFile.uri, startFile.text);
      const ms = now() - t0;
      client.close(startFile.uri);
      if (diagnostics.length === 0) throw new Error(`LSP bench: ${spec.id} reported no diagnostics on start.\n${client.log.slice(-15).join('\n')}`);
      startSamples[spec.id].push(round(ms, 1));
      return client;
    };
    for (let run = 0; run < options.startRuns; run++) {
      for (const spec of rotate(specs, run)) await (await timedStart(spec)).stop();
    }

    // ---- edit latency, one long-lived process per server.
    const clients: LspClient[] = [];
    for (const spec of specs) clients.push(await timedStart(spec));
    log(`  start -> first diagnostics (${startFile.lines} lines, ${startSamples.ours.length} runs): ours ${median(startSamples.ours).toFixed(0)} ms, vscode-eslint ${median(startSamples['vscode-eslint']).toFixed(0)} ms`);
    const [ours, theirs] = clients as [LspClient, LspClient];
    const linter = newLinter();
    const parseCase = parseOnly();
    const recCase = recommended();
    const sizes: SizeResult[] = [];
    const memory = {} as LspResult['memoryAfterManyFiles'];
    try {
      for (const size of options.sizes) {
        const file = ws.files.get(size)!;
        const [d1, d2] = await Promise.all([ours.diagnosticsAfterOpen(file.uri, file.text), theirs.diagnosticsAfterOpen(file.uri, file.text)]);
        const count = assertSameDiagnostics(`${file.lines}-line file on open`, d1, d2, clients);
        const edits = editsFor(file.text, options.warmupEdits + options.edits);
        const samples: Record<ServerId, number[]> = { ours: [], 'vscode-eslint': [] };
        for (let k = 0; k < edits.length; k++) {
          for (const client of rotate(clients, k)) {
            const [ms, diagnostics] = await client.timedEdit(file.uri, k + 2, edits[k]!);
            if (diagnostics.length === 0) throw new Error(`LSP bench: ${client.spec.id} lost its diagnostics after edit ${k}.\n${client.log.slice(-15).join('\n')}`);
            if (k >= options.warmupEdits) samples[client.spec.id].push(round(ms, 2));
            await sleep(options.idleGapMs);
          }
        }
        // Same diagnostics after the edits too (the last edit restores the text when the count is even).
        const afterOurs = ours.published.get(file.uri) ?? [];
        const afterTheirs = await theirs.pull(file.uri);
        assertSameDiagnostics(`${file.lines}-line file after ${edits.length} edits`, afterOurs, afterTheirs, clients);
        ours.close(file.uri);
        theirs.close(file.uri);
        // The bare parse and the in-process lint of the same text, interleaved.
        const parseSamples: number[] = [];
        const recSamples: number[] = [];
        const filename = file.path;
        for (let r = 0; r < options.parseRuns + 2; r++) {
          for (const [c, into] of rotate([[parseCase, parseSamples], [recCase, recSamples]] as const, r)) {
            const t = now();
            linter.verify(file.text, c.config, { filename });
            if (r >= 2) into.push(now() - t);
          }
        }
        const summary = (xs: number[]) => ({ p50: round(percentile(xs, 50), 2), p95: round(percentile(xs, 95), 2), mean: round(xs.reduce((a, b) => a + b, 0) / xs.length, 2), samples: xs });
        const result: SizeResult = {
          lines: file.lines,
          edits: options.edits,
          servers: { ours: summary(samples.ours), 'vscode-eslint': summary(samples['vscode-eslint']) },
          parseMs: round(median(parseSamples), 2),
          recommendedInProcessMs: round(median(recSamples), 2),
          diagnostics: count,
        };
        sizes.push(result);
        log(
          `  ${String(file.lines).padStart(6)} lines, ${count} diagnostics: ours p50 ${result.servers.ours.p50} / p95 ${result.servers.ours.p95} ms; ` +
            `vscode-eslint p50 ${result.servers['vscode-eslint'].p50} / p95 ${result.servers['vscode-eslint'].p95} ms; parse ${result.parseMs} ms`,
        );
      }
      // ---- memory: the same processes, after opening (and linting) many more files.
      for (const client of clients) {
        const t0 = now();
        if (client.spec.id === 'ours') {
          const pending = ws.manyFiles.map((f) => client.waitPublished(f.uri, 1));
          for (const f of ws.manyFiles) client.open(f.uri, f.text);
          await Promise.all(pending);
        } else {
          for (const f of ws.manyFiles) client.open(f.uri, f.text);
          for (const f of ws.manyFiles) await client.pull(f.uri);
        }
        const lintAllMs = now() - t0;
        await sleep(1000);
        const m = client.memory();
        memory[client.spec.id] = { files: ws.manyFiles.length, rssMb: mb(m.rssKb), peakRssMb: mb(m.hwmKb), lintAllMs: round(lintAllMs, 0) };
        log(`  ${client.spec.id}: ${ws.manyFiles.length} more files opened and linted in ${lintAllMs.toFixed(0)} ms; RSS ${mb(m.rssKb)} MB (peak ${mb(m.hwmKb)} MB)`);
      }
    } finally {
      for (const c of clients) await c.stop();
    }

    return {
      measuredAs: { ours: specs[0]!.measuredAs, 'vscode-eslint': specs[1]!.measuredAs },
      servers: { ours: specs[0]!.label, 'vscode-eslint': specs[1]!.label },
      idleGapMs: options.idleGapMs,
      sizes,
      startToFirstDiagnosticsMs: {
        ours: { median: round(median(startSamples.ours), 1), samples: startSamples.ours, fileLines: startFile.lines },
        'vscode-eslint': { median: round(median(startSamples['vscode-eslint']), 1), samples: startSamples['vscode-eslint'], fileLines: startFile.lines },
      },
      memoryAfterManyFiles: memory,
    };
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
}

