/**
 * The language server with the project model on a large real repository (a corpus tree of
 * `npm run eval:real`, or `--server-tree PATH`): the keystroke lint (didChange → publish) of a
 * 3,000-line document with the model (`followImports`, the default) and without it, two servers
 * side by side and interleaved; and the background warm-up at start: its duration, the keystroke
 * lint while it runs, and the server's RSS once it is done.
 *
 * The document is one of the repository's own handler files (the one with the most relative imports
 * among files that mention a message library), opened under a name beside it that is not on disk,
 * with generated consumer code appended to reach 3,000 lines: its imports resolve as the original's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { concatenatedFile } from './corpus';
import { median, now, percentile, round, sleep } from './stats';

export interface ServerModelResult {
  tree: string;
  sourceFiles: number;
  document: { basedOn: string; lines: number; relativeImports: number };
  edits: number;
  keystroke: {
    withModel: { p50: number; p95: number };
    withoutModel: { p50: number; p95: number };
    /** p95 with the model / p95 without. */
    p95Ratio: number;
  };
  warmup: {
    /** From `initialized` to the warm-up progress's end. */
    ms: number;
    /** The server's own account ("Project model warmed with …"). */
    log: string | null;
    rssMbAfter: number;
    hwmMbAfter: number;
    /** Keystroke lints answered while the warm-up ran. */
    duringWarmup: { edits: number; p50: number | null; p95: number | null };
  };
}

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const LIBRARY_HINT = /from '(bullmq|bull|kafkajs|amqplib|amqp-connection-manager|sqs-consumer|@aws-sdk\/client-sqs|@google-cloud\/pubsub|nats|@azure\/service-bus|@nestjs\/microservices|@nestjs\/bull|@nestjs\/bullmq|@golevelup\/nestjs-rabbitmq)'|@(RabbitSubscribe|EventPattern|Process)\(|new Worker\(|\.consume\(|\.run\(\{\s*each(Message|Batch)/;
/** Imports of project files: relative, or through a `paths` alias (`@modules/…`, `@/…`, `src/…`). */
const RELATIVE_IMPORT = /from '(\.\.?\/|@\/|~\/|src\/|@(modules|infra|shared|core|src|app|libs?)\/)/g;
const WARMUP_TITLE = 'Idempotency: reading the project';

interface Diagnostic {
  code?: string | number;
}

class Server {
  private readonly conn: MessageConnection;
  private readonly waiters: { uri: string; version: number; resolve: () => void }[] = [];
  readonly logs: string[] = [];
  private warmupToken: string | number | null = null;
  warmupEnded = false;
  private warmupWaiter: (() => void) | null = null;

  private constructor(
    readonly proc: ChildProcess,
    private readonly settings: Record<string, unknown>,
  ) {
    this.conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i]!;
        if (w.uri === params.uri && w.version === params.version) {
          this.waiters.splice(i, 1);
          w.resolve();
        }
      }
    });
    this.conn.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      if (this.logs.length > 500) this.logs.shift();
    });
    this.conn.onNotification('$/progress', (params: { token: string | number; value: { kind: string; title?: string } }) => {
      if (params.value.kind === 'begin' && params.value.title === WARMUP_TITLE) this.warmupToken = params.token;
      if (params.value.kind === 'end' && params.token === this.warmupToken) {
        this.warmupEnded = true;
        this.warmupWaiter?.();
      }
    });
    this.conn.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((item) => (item.section === 'idempotency' ? this.settings : null)));
    this.conn.onRequest(() => null);
    proc.stderr!.resume();
    this.conn.listen();
  }

  static async start(root: string, folder: string, settings: Record<string, unknown>): Promise<{ server: Server; initializedAt: number }> {
    const proc = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const server = new Server(proc, settings);
    const uri = pathToFileURL(folder).toString();
    await server.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: {
        workspace: { configuration: true },
        window: { workDoneProgress: true },
        textDocument: { synchronization: { didSave: true }, publishDiagnostics: { versionSupport: true } },
      },
    });
    const initializedAt = now();
    await server.conn.sendNotification('initialized', {});
    return { server, initializedAt };
  }

  async open(uri: string, text: string): Promise<void> {
    const published = this.published(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await published;
  }

  /** ms from didChange to the publish of that version. */
  async timedEdit(uri: string, version: number, change: { range: unknown; text: string }): Promise<number> {
    const start = now();
    const published = this.published(uri, version);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await published;
    return now() - start;
  }

  warmupDone(): Promise<void> {
    if (this.warmupEnded) return Promise.resolve();
    return new Promise((resolve) => (this.warmupWaiter = resolve));
  }

  memoryMb(): { rss: number; hwm: number } {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
    return { rss: Math.round(field('VmRSS')), hwm: Math.round(field('VmHWM')) };
  }

  private published(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.proc.exitCode !== null ? resolve() : this.proc.once('exit', () => resolve())));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), sleep(5000)]);
      void this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(5000)]);
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}

/** The largest corpus tree, or the given folder. */
function chooseTree(root: string, given: string | null): string | null {
  if (given) return path.resolve(given);
  const trees = [path.join(root, '.cache/real-corpus/trees'), path.resolve(root, '../main/.cache/real-corpus/trees')];
  for (const dir of trees) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => !n.endsWith('.json') && statSync(path.join(dir, n)).isDirectory());
    } catch {
      continue;
    }
    const sized = names.map((n) => ({ dir: path.join(dir, n), files: sourceFiles(path.join(dir, n)).length })).sort((a, b) => b.files - a.files);
    if (sized[0]) return sized[0].dir;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The handler file with the most relative imports, and the 3,000-line document built on it. */
function benchDocument(files: readonly string[], seed: number): { basedOn: string; path: string; text: string; lines: number; relativeImports: number } {
  let best: { file: string; text: string; imports: number } | null = null;
  for (const file of files) {
    let text: string;
    try {
      if (statSync(file).size > 200_000) continue;
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!LIBRARY_HINT.test(text)) continue;
    const imports = text.match(RELATIVE_IMPORT)?.length ?? 0;
    if (!best || imports > best.imports) best = { file, text, imports };
  }
  if (!best) throw new Error('no handler file in the tree');
  const own = best.text.split('\n').length;
  const filler = concatenatedFile(seed, Math.max(500, 3000 - own), 20_000);
  const text = `${best.text}\n${filler.text}`;
  const ext = path.extname(best.file) === '.js' ? '.js' : '.ts';
  return { basedOn: best.file, path: path.join(path.dirname(best.file), `__idempotency_bench_3000${ext}`), text, lines: text.split('\n').length, relativeImports: best.imports };
}

/** Typing a statement after a handler's `const evt = …` and removing it, at sites spread over the file. */
function edits(text: string, count: number): { range: unknown; text: string }[] {
  const lines = text.split('\n');
  const sites: { line: number; indent: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^(\s+)const evt = /.exec(l);
    if (m) sites.push({ line: i, indent: m[1]! });
  });
  if (sites.length === 0) throw new Error('no edit sites in the document');
  const out: { range: unknown; text: string }[] = [];
  for (let k = 0; k < count; k++) {
    const site = sites[(Math.floor(k / 2) * 7) % sites.length]!;
    const at = site.line + 1;
    out.push(
      k % 2 === 0
        ? { range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, text: `${site.indent}console.debug('trace ${k}', evt);\n` }
        : { range: { start: { line: at, character: 0 }, end: { line: at + 1, character: 0 } }, text: '' },
    );
  }
  return out;
}

function stats(samples: readonly number[]): { p50: number; p95: number } {
  return { p50: round(median(samples), 1), p95: round(percentile(samples, 95), 1) };
}

export async function measureServerModel(options: { root: string; tree: string | null; seed: number; edits: number; idleGapMs: number; log: (line: string) => void }): Promise<ServerModelResult | null> {
  const { log } = options;
  const tree = chooseTree(options.root, options.tree);
  if (!tree) {
    log('server model: no corpus trees (run `npm run eval:real` or pass --server-tree PATH); skipped');
    return null;
  }
  const files = sourceFiles(tree);
  const doc = benchDocument(files, options.seed);
  const uri = pathToFileURL(doc.path).toString();
  log(`  ${tree}: ${files.length} source files; document: ${doc.lines} lines on ${path.relative(tree, doc.basedOn)} (${doc.relativeImports} relative imports)`);
  const script = edits(doc.text, options.edits + 4);

  // Keystrokes, with and without the model, interleaved; no warm-up in either.
  const on = (await Server.start(options.root, tree, { warmup: false })).server;
  const off = (await Server.start(options.root, tree, { warmup: false, followImports: false })).server;
  const samples = { on: [] as number[], off: [] as number[] };
  try {
    await on.open(uri, doc.text);
    await off.open(uri, doc.text);
    for (let k = 0; k < script.length; k++) {
      const version = k + 2;
      const order = k % 2 === 0 ? ([['on', on], ['off', off]] as const) : ([['off', off], ['on', on]] as const);
      for (const [name, server] of order) {
        const ms = await server.timedEdit(uri, version, script[k]!);
        if (k >= 4) samples[name].push(ms);
        await sleep(options.idleGapMs);
      }
    }
  } finally {
    await on.stop();
    await off.stop();
  }
  const withModel = stats(samples.on);
  const withoutModel = stats(samples.off);
  log(`  keystroke (${samples.on.length} edits): with the model p50 ${withModel.p50} / p95 ${withModel.p95} ms; without p50 ${withoutModel.p50} / p95 ${withoutModel.p95} ms`);

  // The warm-up: its duration, keystrokes while it runs, RSS after.
  const { server, initializedAt } = await Server.start(options.root, tree, {});
  const during: number[] = [];
  let warmupMs = 0;
  let memory = { rss: Number.NaN, hwm: Number.NaN };
  try {
    const done = server.warmupDone().then(() => {
      warmupMs = now() - initializedAt;
    });
    await server.open(uri, doc.text);
    for (let k = 0; k < script.length && !server.warmupEnded; k++) {
      const ms = await server.timedEdit(uri, k + 2, script[k]!);
      if (!server.warmupEnded) during.push(ms);
      await sleep(options.idleGapMs * 5);
    }
    await done;
    await sleep(1000);
    memory = server.memoryMb();
  } finally {
    await server.stop();
  }
  const line = server.logs.find((l) => l.startsWith('Project model warmed')) ?? null;
  const duringStats = during.length > 0 ? stats(during) : null;
  log(`  warm-up: ${round(warmupMs / 1000, 1)} s; ${line ?? '(no log line)'}; RSS after ${memory.rss} MiB (peak ${memory.hwm} MiB)`);
  log(`  keystrokes during the warm-up (${during.length}): ${duringStats ? `p50 ${duringStats.p50} / p95 ${duringStats.p95} ms` : 'none'}`);
  return {
    tree: path.basename(tree).replace('+', '/'),
    sourceFiles: files.length,
    document: { basedOn: path.relative(tree, doc.basedOn), lines: doc.lines, relativeImports: doc.relativeImports },
    edits: samples.on.length,
    keystroke: { withModel, withoutModel, p95Ratio: round(withModel.p95 / withoutModel.p95, 2) },
    warmup: {
      ms: Math.round(warmupMs),
      log: line,
      rssMbAfter: memory.rss,
      hwmMbAfter: memory.hwm,
      duringWarmup: { edits: during.length, p50: duringStats?.p50 ?? null, p95: duringStats?.p95 ?? null },
    },
  };
}
