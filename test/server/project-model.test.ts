/**
 * The project model in the language server: warmed in the background at start (with progress,
 * cancellable, never in the way of a lint), reading open buffers instead of the disk, told about
 * files changed on disk, and re-linting the open documents whose diagnostics depend on a file that
 * changed elsewhere.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../helpers/temp-tree';
import { FULL_CAPABILITIES, fileUri, LspClient, requireBuiltServer, WARMUP_TITLE, type StartOptions } from './client';

requireBuiltServer();

const WORKER = `import { Pool } from 'pg';

const db = new Pool();

export async function processOrder(job: { data: { amount: number; account: string } }) {
  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [job.data.amount, job.data.account]);
}
`;
/** The same handler with an absolute write: nothing to report. */
const WORKER_IDEMPOTENT = WORKER.replace('balance = balance + $1', 'balance = $1');
/** Does not parse. */
const WORKER_BROKEN = `import { Pool } from 'pg';
export async function processOrder(job {
  await db.query('UPDATE accounts SET balance = balance + $1
`;

const QUEUE = `import { Worker } from 'bullmq';
import { processOrder } from './worker';

export const orders = new Worker('orders', processOrder);
`;

const LIB = `import { Worker } from 'bullmq';

export function registerWorker(name: string, processor: (job: { data: { amount: number; account: string } }) => Promise<void>) {
  return new Worker(name, processor);
}
`;
/** The wrapper no longer registers anything. */
const LIB_UNREGISTERED = LIB.replace('return new Worker(name, processor);', 'return processor;');

const JOBS = `import { Pool } from 'pg';
import { registerWorker } from './lib';

const db = new Pool();

registerWorker('orders', async (job) => {
  await db.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [job.data.amount, job.data.account]);
});
`;

const INCREMENT = 'idempotency/no-increment-write';

function codes(params: PublishDiagnosticsParams): string[] {
  return params.diagnostics.map((d) => String(d.code)).sort();
}

function project(files: Record<string, string>): string {
  return tempTree({ 'package.json': '{ "name": "shop", "private": true }\n', ...files }, 'idem-server-model-');
}

describe('the project model in the server', () => {
  let client: LspClient | undefined;
  afterEach(() => {
    client?.kill();
    client = undefined;
  });

  async function start(folder: string, options: StartOptions = {}): Promise<LspClient> {
    client = await LspClient.start({ workspaceFolders: [folder], ...options });
    return client;
  }

  /** The next publish for `uri` after `mark` (a re-lint of a document nobody changed keeps its version). */
  function nextPublish(c: LspClient, uri: string, mark: number): Promise<PublishDiagnosticsParams> {
    return c.waitForDiagnostics(uri, { after: mark, version: null });
  }

  it('reads the project in the background at start, with progress from begin to end and a log line', async () => {
    const folder = project({ 'src/worker.ts': WORKER, 'src/queue.ts': QUEUE });
    const c = await start(folder);
    const created = c.eventsOf('progressCreate');
    expect(created).toHaveLength(1);
    const progress = c.eventsOf('progress').filter((e) => e.token === created[0]!.token);
    expect(progress[0]?.value).toMatchObject({ kind: 'begin', title: WARMUP_TITLE });
    expect(progress.at(-1)?.value.kind).toBe('end');
    expect(progress.slice(1, -1).every((e) => e.value.kind === 'report')).toBe(true);
    await c.waitFor(() => c.logs().find((line) => /^Project model warmed with 2 of 2 workspace files/.test(line)), 'the warm-up log line');
    expect(await c.shutdown()).toBe(0);
  });

  it('warms without progress for a client that shows none, and not at all with warmup: false', async () => {
    const folder = project({ 'src/worker.ts': WORKER, 'src/queue.ts': QUEUE });
    const quiet = await start(folder, { capabilities: { ...FULL_CAPABILITIES, window: { ...FULL_CAPABILITIES.window, workDoneProgress: false } } });
    await quiet.waitFor(() => quiet.logs().find((line) => line.startsWith('Project model warmed with 2 of 2')), 'the warm-up log line');
    expect(quiet.eventsOf('progressCreate')).toEqual([]);
    expect(await quiet.shutdown()).toBe(0);

    const off = await start(folder, { settings: { warmup: false } });
    await off.openAndWait(fileUri(path.join(folder, 'src/queue.ts')), QUEUE);
    await off.settle();
    expect(off.eventsOf('progressCreate')).toEqual([]);
    expect(off.logs().filter((line) => line.startsWith('Project model warmed'))).toEqual([]);
    expect(await off.shutdown()).toBe(0);
  });

  it('keeps answering during the warm-up, which the editor can cancel', async () => {
    // Enough handler files that the warm-up is still running when the document is opened.
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`src/jobs/job${i}.ts`] = JOBS.replace(`'orders'`, `'orders-${i}'`);
    const folder = project({ ...files, 'src/lib.ts': LIB, 'src/worker.ts': WORKER });
    const c = await start(folder, { awaitWarmup: false });
    const begin = await c.warmupBegin();
    const queue = fileUri(path.join(folder, 'src/queue.ts'));
    const opened = await c.open(queue, QUEUE);
    const published = await c.waitForEvent('diagnostics', (e) => e.params.uri === queue, opened, 'the diagnostics of the document opened during the warm-up');
    expect(codes(published.params)).toContain(INCREMENT);
    // Answered before the warm-up ended: a lint never waits for the whole warm-up.
    expect(c.eventsOf('progress', begin.seq).filter((e) => e.token === begin.token && e.value.kind === 'end')).toEqual([]);

    await c.notify('window/workDoneProgress/cancel', { token: begin.token });
    await c.waitForEvent('progress', (e) => e.token === begin.token && e.value.kind === 'end', begin.seq, 'the cancelled warm-up to end');
    await c.waitFor(() => c.logs().find((line) => line.startsWith('Project model warmed') && line.endsWith('(cancelled).')), 'the cancelled warm-up log line');
    expect(await c.shutdown()).toBe(0);
  });

  it("an edit of one open buffer re-lints the open document that registers its handler (the handler's effect)", async () => {
    const folder = project({ 'src/worker.ts': WORKER, 'src/queue.ts': QUEUE });
    const c = await start(folder);
    const worker = fileUri(path.join(folder, 'src/worker.ts'));
    const queue = fileUri(path.join(folder, 'src/queue.ts'));
    expect(codes(await c.openAndWait(queue, QUEUE))).toContain(INCREMENT);
    await c.openAndWait(worker, WORKER);

    // Unsaved: the disk still has the increment; queue.ts is not touched.
    let mark = await c.change(worker, 2, WORKER_IDEMPOTENT);
    let published = await nextPublish(c, queue, mark);
    expect(published.version).toBe(1);
    expect(codes(published)).not.toContain(INCREMENT);

    mark = await c.change(worker, 3, WORKER);
    published = await nextPublish(c, queue, mark);
    expect(published.version).toBe(1);
    expect(codes(published)).toContain(INCREMENT);

    // Closing the buffer with the idempotent text unsaved: the model reads the disk again.
    mark = await c.change(worker, 4, WORKER_IDEMPOTENT);
    expect(codes(await nextPublish(c, queue, mark))).not.toContain(INCREMENT);
    mark = await c.close(worker);
    expect(codes(await nextPublish(c, queue, mark))).toContain(INCREMENT);
    expect(c.versionRegressions).toEqual([]);
    expect(await c.shutdown()).toBe(0);
  });

  it('an edit of a registration in one open buffer re-lints the open document whose handler it registers', async () => {
    const folder = project({ 'src/lib.ts': LIB, 'src/jobs.ts': JOBS });
    const c = await start(folder);
    const lib = fileUri(path.join(folder, 'src/lib.ts'));
    const jobs = fileUri(path.join(folder, 'src/jobs.ts'));
    await c.openAndWait(lib, LIB);
    expect(codes(await c.openAndWait(jobs, JOBS))).toContain(INCREMENT);

    let mark = await c.change(lib, 2, LIB_UNREGISTERED);
    let published = await nextPublish(c, jobs, mark);
    expect(published.version).toBe(1);
    expect(published.diagnostics).toEqual([]);

    mark = await c.change(lib, 3, LIB);
    published = await nextPublish(c, jobs, mark);
    expect(published.version).toBe(1);
    expect(codes(published)).toContain(INCREMENT);
    expect(await c.shutdown()).toBe(0);
  });

  it('a change on disk reported by workspace/didChangeWatchedFiles re-lints the documents that read the file', async () => {
    const folder = project({ 'src/worker.ts': WORKER, 'src/queue.ts': QUEUE, 'src/other.ts': 'export const x = 1;\n' });
    const c = await start(folder);
    const queue = fileUri(path.join(folder, 'src/queue.ts'));
    const workerFile = path.join(folder, 'src/worker.ts');
    expect(codes(await c.openAndWait(queue, QUEUE))).toContain(INCREMENT);

    // A file queue.ts never read: nothing to do.
    let mark = c.mark();
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(folder, 'src/other.ts')), type: 2 }] });
    await c.settle();
    expect(c.publishes(queue, mark)).toEqual([]);

    writeFileSync(workerFile, WORKER_IDEMPOTENT);
    mark = c.mark();
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(workerFile), type: 2 }] });
    expect(codes(await nextPublish(c, queue, mark))).not.toContain(INCREMENT);

    writeFileSync(workerFile, WORKER);
    mark = c.mark();
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(workerFile), type: 2 }] });
    expect(codes(await nextPublish(c, queue, mark))).toContain(INCREMENT);
    expect(await c.shutdown()).toBe(0);
  });

  it('asks a client that supports it to watch the project files, unless the client says it watches them', async () => {
    const folder = project({ 'src/worker.ts': WORKER });
    const capabilities = { ...FULL_CAPABILITIES, workspace: { ...FULL_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
    const asks = await start(folder, { capabilities });
    await asks.waitForEvent('register', (e) => e.methods.includes('workspace/didChangeWatchedFiles'), 0, 'the watched-files registration');
    expect(await asks.shutdown()).toBe(0);

    const watching = await start(folder, { capabilities, initializationOptions: { watchesProjectFiles: true } });
    await watching.settle();
    expect(watching.eventsOf('register').flatMap((e) => e.methods)).not.toContain('workspace/didChangeWatchedFiles');
    expect(await watching.shutdown()).toBe(0);
  });

  it('a dependency that stops parsing costs its findings, never the server; fixed, they return', async () => {
    const folder = project({ 'src/worker.ts': WORKER, 'src/queue.ts': QUEUE });
    const c = await start(folder);
    const worker = fileUri(path.join(folder, 'src/worker.ts'));
    const queue = fileUri(path.join(folder, 'src/queue.ts'));
    expect(codes(await c.openAndWait(queue, QUEUE))).toContain(INCREMENT);
    await c.openAndWait(worker, WORKER);

    let mark = await c.change(worker, 2, WORKER_BROKEN);
    expect(codes(await nextPublish(c, queue, mark))).not.toContain(INCREMENT);
    // Binary garbage on disk, reported as changed, for a file the model read: still answering.
    writeFileSync(path.join(folder, 'src/garbage.ts'), Buffer.from([0, 159, 146, 150, 0, 255]));
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(folder, 'src/garbage.ts')), type: 1 }, { uri: 'not a uri', type: 9 }] });

    mark = await c.change(worker, 3, WORKER);
    expect(codes(await nextPublish(c, queue, mark))).toContain(INCREMENT);
    expect(c.exitedEarly).toBeNull();
    expect(await c.shutdown()).toBe(0);
  });
});
