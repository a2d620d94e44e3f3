/**
 * The VS Code extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) with the packaged
 * VSIX installed, driven through Debian's Chromium by playwright-core as a person would: open the
 * consumer file, see the squiggle and the Problems row (our message, source and rule code), apply the
 * quick fix with Ctrl+. and save it to disk, then "Idempotency: Lint Workspace" reports a file that
 * was never opened. The consumer inventory: the CodeLens above the handler (and its count of unguarded
 * effects dropping to none once the quick fix guards the write), and "Idempotency: Show Consumers"
 * listing both handlers in a quick pick and opening the chosen one at its line. Screenshots of every step go to test-artifacts/editors/vscode-*.png, the
 * extension's output channel and code-server's logs to test-artifacts/editors/vscode-logs/.
 * Needs code-server and chromium (run `bash .ci/install-editors.sh`) and the VSIX (`npm run package`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CHROMIUM_BIN,
  CODE_SERVER_BIN,
  CONSUMER_FILE,
  CONSUMER_SOURCE,
  INCREMENT_COLUMN,
  INCREMENT_LINE,
  REPO,
  RULE,
  SLOW,
  SOURCE,
  WORKER_FILE,
  WORKER_SOURCE,
  artifactsDir,
  assertParses,
  freePort,
  requireTool,
  sleep,
  tempDir,
  waitFor,
  writeWorkspace,
} from './helpers';

const CODE_SERVER_VERSION = '4.100.3';
const EXTENSION_ID = 'idempotency-lint.idempotency-lint';
/** Generous waits (the doc saw workbench 2–5 s, first squiggle 3–6 s); never asserted as timings. */
const WAIT = { start: 90_000 * SLOW, workbench: 60_000 * SLOW, squiggle: 60_000 * SLOW, ui: 20_000 * SLOW, disk: 20_000 * SLOW, lint: 60_000 * SLOW };

interface ProblemRow {
  level: string | null;
  text: string;
  message: string | null;
  source: string | null;
  code: string | null;
}

/** The VSIX to install: $IDEMPOTENCY_VSIX, else idempotency-lint-<version>.vsix, packaged when missing or older than the bundles. */
function vsixPath(): { file: string; packaged: boolean } {
  if (process.env.IDEMPOTENCY_VSIX) {
    if (!existsSync(process.env.IDEMPOTENCY_VSIX)) throw new Error(`IDEMPOTENCY_VSIX=${process.env.IDEMPOTENCY_VSIX} does not exist`);
    return { file: process.env.IDEMPOTENCY_VSIX, packaged: false };
  }
  const { name, version } = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = path.join(REPO, `${name}-${version}.vsix`);
  const bundles = ['dist/server.js', 'dist/extension.js'].map((f) => path.join(REPO, f));
  const stale = !existsSync(file) || bundles.some((b) => !existsSync(b) || statSync(b).mtimeMs > statSync(file).mtimeMs);
  if (!stale) return { file, packaged: false };
  const run = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8', timeout: 10 * 60_000 });
  if (run.status !== 0 || !existsSync(file)) {
    throw new Error(`\`npm run package\` failed (exit ${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  }
  return { file, packaged: true };
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid) return;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  killGroup(child, 'SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  killGroup(child, 'SIGKILL'); // stragglers of the group (extension host, language server)
}

/** Every file under `dir` whose path matches `pattern`. */
function findFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, pattern));
    else if (pattern.test(full)) out.push(full);
  }
  return out;
}

async function problemRows(page: Page): Promise<ProblemRow[]> {
  return page.$$eval('.markers-panel .monaco-list-row', (rows) =>
    rows.map((row) => ({
      level: row.getAttribute('aria-level'),
      text: (row.textContent ?? '').trim(),
      message: row.querySelector('.marker-message')?.textContent?.trim() ?? null,
      source: row.querySelector('.marker-source')?.textContent?.trim() ?? null,
      code: row.querySelector('.marker-code')?.textContent?.trim() ?? null,
    })),
  );
}

/** Marker rows grouped under the file row (aria-level 1) they follow. */
function problemsByFile(rows: ProblemRow[]): Map<string, ProblemRow[]> {
  const byFile = new Map<string, ProblemRow[]>();
  let current = '';
  for (const row of rows) {
    if (row.level === '1') {
      current = row.text;
      byFile.set(current, []);
    } else {
      byFile.get(current)?.push(row);
    }
  }
  return byFile;
}

const isOurs = (row: ProblemRow, rule: string) => (row.source ?? '').includes(SOURCE) && (row.code ?? '').includes(rule);

/** The CodeLens the server shows above each handler of the workspace (see server/src/consumer-text.ts). */
const CONSUMER_KEY = 'key `${topic}:${partition}:${message.offset}`';
const CONSUMER_LENS = `kafkajs eachMessage handler · ${CONSUMER_KEY} · 1 unguarded effect`;
const GUARDED_CONSUMER_LENS = `kafkajs eachMessage handler · ${CONSUMER_KEY} · no unguarded effects`;
const WORKER_LENS = 'AMQP consume callback · key msg.properties.messageId · 1 unguarded effect';

/** 1-based line and column of the worker's handler (the `async (msg) =>` it registers). */
const WORKER_HANDLER_LINE = WORKER_SOURCE.split('\n').findIndex((line) => line.includes("channel.consume('loyalty.earned'")) + 1;
const WORKER_HANDLER_COLUMN = WORKER_SOURCE.split('\n')[WORKER_HANDLER_LINE - 1]!.indexOf('async (msg)') + 1;

/** The text of every CodeLens shown (VS Code renders each as a `.codelens-decoration`). */
async function lensTexts(page: Page): Promise<string[]> {
  return (await page.locator('.monaco-editor .codelens-decoration').allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
}

describe('VS Code (code-server 4.100.3) with the packaged extension', () => {
  it('shows squiggles and Problems, applies the quick fix, lints the workspace and shows the consumer inventory', async () => {
    const codeServerVersion = requireTool('code-server', CODE_SERVER_BIN, ['--version'], new RegExp(`^${CODE_SERVER_VERSION.replace(/\./g, '\\.')} \\S+ with Code \\S+`, 'm'));
    requireTool('Chromium', CHROMIUM_BIN, ['--version'], /Chromium \d+/);
    const artifacts = artifactsDir();
    for (const old of readdirSync(artifacts).filter((f) => f.startsWith('vscode-'))) rmSync(path.join(artifacts, old), { recursive: true, force: true });
    const logsOut = path.join(artifacts, 'vscode-logs');
    mkdirSync(logsOut, { recursive: true });

    const t0 = Date.now();
    const timings: string[] = [];
    const mark = (what: string) => timings.push(`${String(((Date.now() - t0) / 1000).toFixed(1)).padStart(6)} s  ${what}`);
    const screenshots: string[] = [];
    let page: Page | undefined;
    const shot = async (name: string) => {
      if (!page) return;
      const file = `vscode-${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path: path.join(artifacts, file) }).catch(() => undefined);
      screenshots.push(file);
    };

    const { file: vsix, packaged } = vsixPath();
    mark(`${packaged ? 'packaged' : 'using'} ${path.relative(REPO, vsix)}`);

    const work = tempDir('vscode');
    const root = path.join(work, 'workspace');
    const { consumer, worker } = writeWorkspace(root);
    const userData = path.join(work, 'user-data');
    const extensions = path.join(work, 'extensions');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(work, 'xdg-config'),
      XDG_DATA_HOME: path.join(work, 'xdg-data'),
      XDG_CACHE_HOME: path.join(work, 'xdg-cache'),
      TMPDIR: path.join(work, 'tmp'),
    };
    for (const dir of [userData, extensions, env.XDG_CONFIG_HOME!, env.XDG_DATA_HOME!, env.XDG_CACHE_HOME!, env.TMPDIR!]) mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      `${JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'extensions.autoUpdate': false,
          'extensions.autoCheckUpdates': false,
          'security.workspace.trust.enabled': false,
          'chat.disableAIFeatures': true,
          'typescript.validate.enable': false,
          'javascript.validate.enable': false,
          'workbench.tips.enabled': false,
          'git.enabled': false,
          // IDEMPOTENCY_TRACE=messages|verbose traces the LSP traffic into the "Idempotency" output log.
          ...(process.env.IDEMPOTENCY_TRACE ? { 'idempotency.trace.server': process.env.IDEMPOTENCY_TRACE } : {}),
        },
        null,
        2,
      )}\n`,
    );

    const install = spawnSync(CODE_SERVER_BIN, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    writeFileSync(path.join(logsOut, 'install-extension.log'), `${install.stdout}\n${install.stderr}`);
    expect(install.status, `code-server --install-extension failed:\n${install.stdout}\n${install.stderr}`).toBe(0);
    expect(readdirSync(extensions).some((d) => d.startsWith(EXTENSION_ID)), `installed: ${readdirSync(extensions).join(', ')}`).toBe(true);
    mark('extension installed');

    const port = await freePort();
    const serverLog = path.join(logsOut, 'code-server.log');
    const logFd = openSync(serverLog, 'w');
    let codeServer: ChildProcess | undefined;
    let context: BrowserContext | undefined;
    const consoleErrors: string[] = [];
    let notifications: string[] = [];
    try {
      // detached: its own session and process group (setsid), killed as a group at the end.
      codeServer = spawn(
        CODE_SERVER_BIN,
        [
          '--bind-addr', `127.0.0.1:${port}`,
          '--auth', 'none',
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          '--user-data-dir', userData,
          '--extensions-dir', extensions,
          '--ignore-last-opened',
          // IDEMPOTENCY_LOG_LEVEL=trace (with IDEMPOTENCY_TRACE=messages) writes the LSP trace to the output log.
          ...(process.env.IDEMPOTENCY_LOG_LEVEL ? ['--log', process.env.IDEMPOTENCY_LOG_LEVEL] : []),
          root,
        ],
        { env, detached: true, stdio: ['ignore', logFd, logFd] },
      );
      await waitFor(
        `code-server on 127.0.0.1:${port}/healthz (log: ${serverLog})`,
        async () => {
          if (codeServer!.exitCode !== null) throw new Error(`code-server exited with ${codeServer!.exitCode}:\n${readFileSync(serverLog, 'utf8')}`);
          return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        },
        WAIT.start,
        200,
      );
      mark(`code-server ${codeServerVersion} listening on 127.0.0.1:${port}`);

      context = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
        executablePath: CHROMIUM_BIN,
        headless: true,
        viewport: { width: 1600, height: 1000 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
      mark('browser started');

      // 1. The workbench with the workspace folder.
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(root)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: WAIT.workbench });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: WAIT.workbench }).catch(() => undefined);
      mark('workbench loaded');
      await shot('workbench');

      // 2. Open the consumer file with Ctrl+P and wait for our squiggle.
      await page.keyboard.press('Control+P');
      const quickInput = page.locator('.quick-input-widget input');
      await quickInput.waitFor({ state: 'visible', timeout: WAIT.ui });
      await quickInput.fill(path.basename(CONSUMER_FILE));
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(CONSUMER_FILE) }).first().waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: 'eachMessage' }).first().waitFor({ timeout: WAIT.ui });
      mark(`opened ${CONSUMER_FILE}`);
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: WAIT.squiggle });
      mark('first squiggle');
      await shot('squiggles');

      // 2b. The CodeLens: the handler's kind, key and unguarded effects, between the line that
      // registers it and the handler's own line.
      await waitFor(`the CodeLens "${CONSUMER_LENS}"`, async () => (await lensTexts(page!)).includes(CONSUMER_LENS), WAIT.squiggle);
      const lensBox = await page.locator('.monaco-editor .codelens-decoration', { hasText: 'kafkajs eachMessage handler' }).first().boundingBox();
      const registrationBox = await page.locator('.monaco-editor .view-line', { hasText: 'await consumer.run({' }).first().boundingBox();
      const handlerBox = await page.locator('.monaco-editor .view-line', { hasText: 'eachMessage: async' }).first().boundingBox();
      expect(lensBox && registrationBox && handlerBox, 'the lens and the lines around it are laid out').toBeTruthy();
      expect(lensBox!.y).toBeGreaterThanOrEqual(registrationBox!.y + registrationBox!.height - 1);
      expect(lensBox!.y + lensBox!.height).toBeLessThanOrEqual(handlerBox!.y + 1);
      mark('CodeLens above the handler');
      await shot('codelens');

      // 3. The Problems panel: our message, source and rule code.
      await page.keyboard.press('Control+Shift+M');
      await page.waitForSelector('.markers-panel', { timeout: WAIT.ui });
      const rows = await waitFor(
        'a Problems row with source "idempotency" and code no-increment-write',
        async () => {
          const current = await problemRows(page!);
          return current.some((row) => isOurs(row, RULE)) ? current : undefined;
        },
        WAIT.ui,
      );
      writeFileSync(path.join(logsOut, 'problems-before.json'), `${JSON.stringify(rows, null, 2)}\n`);
      const increment = rows.find((row) => isOurs(row, RULE))!;
      expect(increment.message).toMatch(/relative write in this kafkajs eachMessage handler/);
      expect(increment.source).toContain(SOURCE);
      expect(increment.code).toContain(`idempotency/${RULE}`);
      expect(increment.text).toContain(`[Ln ${INCREMENT_LINE}, Col ${INCREMENT_COLUMN}]`);
      expect(rows.some((row) => isOurs(row, 'require-dedup-check'))).toBe(true);
      mark('Problems panel rows');
      await shot('problems');

      // 4. Cursor on the reported expression (Ctrl+G line:column), Ctrl+. and our quick fix.
      await page.keyboard.press('Control+1'); // focus the editor again
      await page.keyboard.press('Control+G');
      await quickInput.waitFor({ state: 'visible', timeout: WAIT.ui });
      await quickInput.fill(`:${INCREMENT_LINE}:${INCREMENT_COLUMN + 2}`);
      await page.keyboard.press('Enter');
      await sleep(300);
      const actionRows = page.locator('.action-widget .monaco-list-row');
      // Ctrl+. is sometimes swallowed while the Go to Line input is still closing: press it again.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await actionRows.first().waitFor({ timeout: WAIT.ui / 3 });
          break;
        } catch (error) {
          if (attempt === 3) throw error;
          await page.keyboard.press('Escape');
        }
      }
      await sleep(300); // the menu fills in as providers answer
      const menu = (await actionRows.allTextContents()).map((t) => t.trim());
      writeFileSync(path.join(logsOut, 'quick-fix-menu.json'), `${JSON.stringify(menu, null, 2)}\n`);
      await shot('quick-fix-menu');
      const target = /processed_messages/;
      expect(menu.some((t) => target.test(t)), `quick fix menu: ${JSON.stringify(menu)}`).toBe(true);
      let chosen: string | undefined;
      for (let i = 0; i < 30 && chosen === undefined; i++) {
        const focused = ((await page.locator('.action-widget .monaco-list-row.focused').first().textContent({ timeout: 2_000 }).catch(() => null)) ?? '').trim();
        if (target.test(focused)) chosen = focused;
        else {
          await page.keyboard.press('ArrowDown');
          await sleep(80);
        }
      }
      expect(chosen, `could not focus a quick fix matching ${target} in ${JSON.stringify(menu)}`).toBeDefined();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-lines', { hasText: 'processed_messages' }).first().waitFor({ timeout: WAIT.ui });
      mark(`applied quick fix "${chosen}"`);
      await page.keyboard.press('Control+S');
      const saved = await waitFor('the file on disk to change', () => {
        const text = readFileSync(consumer, 'utf8');
        return text !== CONSUMER_SOURCE ? text : undefined;
      }, WAIT.disk);
      writeFileSync(path.join(logsOut, 'stock-consumer.after.ts'), saved);
      expect(saved).toMatch(/INSERT INTO processed_messages/);
      expect(saved).toContain('message.offset');
      assertParses(saved, consumer);
      mark('saved to disk');
      // The server re-lints the edited document: the rule no longer reports it, and the lens counts no unguarded effect.
      await waitFor('no-increment-write to leave the Problems panel', async () => !(await problemRows(page!)).some((row) => isOurs(row, RULE)), WAIT.ui);
      await waitFor(`the CodeLens "${GUARDED_CONSUMER_LENS}"`, async () => (await lensTexts(page!)).includes(GUARDED_CONSUMER_LENS), WAIT.ui);
      await shot('quick-fix-applied');

      // 5. Idempotency: Lint Workspace, from the command palette: the worker that was never opened.
      expect(readFileSync(worker, 'utf8')).toContain('points + $1');
      await page.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible', timeout: WAIT.ui });
      await quickInput.pressSequentially('Idempotency: Lint Workspace');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Idempotency: Lint Workspace' }).first().waitFor({ timeout: WAIT.ui });
      await shot('command-palette');
      await page.keyboard.press('Enter');
      if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
      const workerName = path.basename(WORKER_FILE);
      const afterLint = await waitFor(
        `a Problems row for ${WORKER_FILE} (never opened)`,
        async () => {
          const current = await problemRows(page!);
          const byFile = problemsByFile(current);
          const entry = [...byFile.entries()].find(([file]) => file.includes(workerName));
          return entry && entry[1].some((row) => isOurs(row, RULE)) ? current : undefined;
        },
        WAIT.lint,
      );
      writeFileSync(path.join(logsOut, 'problems-after-lint-workspace.json'), `${JSON.stringify(afterLint, null, 2)}\n`);
      const workerRows = [...problemsByFile(afterLint).entries()].find(([file]) => file.includes(workerName))![1];
      expect(workerRows.find((row) => isOurs(row, RULE))!.message).toMatch(/relative write in this AMQP consume callback/);
      expect(workerRows.some((row) => isOurs(row, 'require-dedup-check'))).toBe(true);
      mark('Lint Workspace reported the unopened worker');
      await shot('lint-workspace');
      const toasts = page.locator('.notifications-toasts .notification-list-item-message');
      await page.locator('.notifications-toasts .notification-list-item-message', { hasText: /linted \d+ files?/ }).first().waitFor({ timeout: WAIT.ui });
      notifications = (await toasts.allTextContents()).map((t) => t.trim());
      expect(notifications.some((t) => /^Idempotency: linted [2-9]\d* files: [1-9]\d* problems?, 0 skipped\.$/.test(t)), JSON.stringify(notifications)).toBe(true);
      // The progress notification closes once the request has answered.
      await waitFor(
        'the "linting the workspace" progress notification to close',
        async () => !(await toasts.allTextContents()).some((t) => t.includes('linting the workspace')),
        WAIT.ui,
      );
      await shot('lint-workspace-done');

      // 6. Idempotency: Show Consumers: both handlers of the workspace, the unopened worker's too;
      // choosing the worker opens it at its handler, with its own lens.
      await page.keyboard.press('Escape'); // close notifications' focus, if any
      await page.keyboard.press('Control+1');
      await page.keyboard.press('F1');
      await quickInput.waitFor({ state: 'visible', timeout: WAIT.ui });
      await quickInput.pressSequentially('Idempotency: Show Consumers');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Idempotency: Show Consumers' }).first().waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      const workerRowLabel = `${WORKER_FILE}:${WORKER_HANDLER_LINE}`;
      const consumerRowLabel = `${CONSUMER_FILE}:${saved.split('\n').findIndex((line) => line.includes('eachMessage:')) + 1}`;
      const pickRows = page.locator('.quick-input-list .monaco-list-row');
      const listed = await waitFor(
        `the quick pick to list ${consumerRowLabel} and ${workerRowLabel}`,
        async () => {
          const texts = (await pickRows.allTextContents()).map((t) => t.replace(/\u00a0/g, ' ').trim());
          return texts.some((t) => t.includes(workerRowLabel)) && texts.some((t) => t.includes(consumerRowLabel)) ? texts : undefined;
        },
        WAIT.lint,
      );
      writeFileSync(path.join(logsOut, 'show-consumers.json'), `${JSON.stringify(listed, null, 2)}\n`);
      expect(listed).toHaveLength(2);
      expect(listed.find((t) => t.includes(consumerRowLabel))).toContain(`kafkajs eachMessage handler · ${CONSUMER_KEY}`);
      expect(listed.find((t) => t.includes(workerRowLabel))).toContain('AMQP consume callback · key msg.properties.messageId');
      expect(listed.find((t) => t.includes(workerRowLabel))).toContain('1 unguarded effect · registered at line');
      expect(await page.locator('.quick-input-widget .quick-input-title').textContent()).toContain('Idempotency: Message Handlers');
      mark('Show Consumers listed both handlers');
      await shot('show-consumers');
      await quickInput.fill('points-worker');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: workerRowLabel }).first().waitFor({ timeout: WAIT.ui });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: path.basename(WORKER_FILE) }).first().waitFor({ timeout: WAIT.ui });
      const cursor = page.locator('[id="status.editor.selection"]');
      await waitFor(
        `the cursor at Ln ${WORKER_HANDLER_LINE}, Col ${WORKER_HANDLER_COLUMN}`,
        async () => ((await cursor.textContent().catch(() => null)) ?? '').includes(`Ln ${WORKER_HANDLER_LINE}, Col ${WORKER_HANDLER_COLUMN}`),
        WAIT.ui,
      );
      await waitFor(`the worker's CodeLens "${WORKER_LENS}"`, async () => (await lensTexts(page!)).includes(WORKER_LENS), WAIT.squiggle);
      mark(`Show Consumers opened ${WORKER_FILE} at line ${WORKER_HANDLER_LINE}`);
      await shot('show-consumers-jumped');
    } catch (error) {
      await shot('failure');
      throw error;
    } finally {
      await context?.close().catch(() => undefined);
      await stopGroup(codeServer);
      // The extension's output channel ("Idempotency", a log channel) and the extension host logs.
      for (const file of findFiles(path.join(userData, 'logs'), /(idempotency|exthost|remoteagent|remoteExtHost)[^/]*\.log$/i)) {
        const relative = path.relative(path.join(userData, 'logs'), file).replace(/[/\\]/g, '__');
        cpSync(file, path.join(logsOut, relative));
      }
      writeFileSync(path.join(logsOut, 'browser-console-errors.log'), `${consoleErrors.join('\n')}\n`);
      console.log(
        [
          `VS Code ${codeServerVersion}, ${path.basename(vsix)}`,
          ...timings,
          `  notifications: ${notifications.length > 0 ? notifications.join(' | ') : '(none)'}`,
          `  screenshots (test-artifacts/editors/): ${screenshots.join(', ')}`,
          `  logs: test-artifacts/editors/vscode-logs/ (${readdirSync(logsOut).join(', ')})`,
        ].join('\n'),
      );
    }
  });
});
