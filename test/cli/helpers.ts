/**
 * Runs the built command line (`node bin/idempotency-lint.js`) as a child process, on copies of the
 * fixtures in a temporary directory: nothing is ever written into the repository.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/idempotency-lint.js');
export const BUILT_CLI = path.join(ROOT, 'dist/cli.js');
export const FIXTURES = path.join(ROOT, 'test/fixtures/cli');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Call at the top of every CLI test file. */
export function requireBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(BUILT_CLI)) {
      throw new Error(`${BUILT_CLI} is missing: the CLI tests run the built command line. Run \`npm run build\` first.`);
    }
  });
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? FIXTURES,
      // A pipe is not a TTY, so no colour anyway; NO_COLOR makes sure.
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temporary directory, removed after the test file. */
export function useTempDir(prefix = 'idempotency-lint-cli-'): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Copies test/fixtures/cli/<name> into `into` and returns the copy's path. */
export function copyFixture(name: string, into: string): string {
  const target = path.join(into, name);
  cpSync(path.join(FIXTURES, name), target, { recursive: true });
  return target;
}

/** Directories a walk must skip, each holding a consumer that would be reported if linted. */
export const SKIPPED_DIRECTORIES = ['node_modules/legacy-consumer', 'dist', 'build', '.git/hooks'];

/** Plants the vendored consumer into node_modules/, dist/, build/ and .git/ under `dir`. */
export function plantSkippedDirectories(dir: string): string[] {
  return SKIPPED_DIRECTORIES.map((sub) => {
    mkdirSync(path.join(dir, sub), { recursive: true });
    const file = path.join(dir, sub, 'index.js');
    cpSync(path.join(FIXTURES, 'vendored-consumer.js'), file);
    return file;
  });
}

export interface JsonMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: unknown;
  suggestions?: { desc: string }[];
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

export function parseJson(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

/** `relative/path: ruleId@line` for every message, sorted: compact to compare. */
export function findings(results: readonly JsonResult[], base: string): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath).split(path.sep).join('/')}: ${m.ruleId}@${m.line}`))
    .sort();
}
