/**
 * The background warm-up at start: takes the consumer inventory of every workspace file from disk,
 * so what the project model caches across files (parsed modules a handler calls into, module
 * resolution and workspace packages, the producer index, the analysis' per-project answers) and the
 * code itself (loaded, compiled by V8) are ready before the first edits. It runs in short turns,
 * waits whenever a lint is scheduled, and stops at a file or time cap, when cancelled from the
 * editor's progress, or when the server shuts down.
 */
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';

export interface WarmupLimits {
  /**
   * Files looked at, at most. The largest repositories we measured (bench: server section) have
   * about 5,000 source files; the model caches about a hundred parsed modules, so past that count a
   * warm-up mostly replaces what it cached with what it parses next.
   */
  maxFiles: number;
  /** Milliseconds of its own work, at most (time spent waiting for lints is not counted). */
  maxWorkMs: number;
  /** Milliseconds of work between two yields to the event loop. */
  turnMs: number;
}

export const WARMUP_LIMITS: WarmupLimits = { maxFiles: 5_000, maxWorkMs: 120_000, turnMs: 20 };

export interface WarmupHost {
  /** The workspace files to warm with (as "Lint Workspace" lists them). */
  files(): string[];
  /** Takes one file's inventory from disk (open documents are skipped: their lints keep them warm). */
  warm(file: string): Promise<void>;
  /** Whether a lint is scheduled or running now. */
  linting(): boolean;
  /** Resolves once no lint is scheduled or running, and the editor has been quiet for a moment. */
  lintsIdle(): Promise<void>;
  /** A progress reporter when the client shows progress, else null. */
  progress(): Promise<(WorkDoneProgressReporter & { readonly token?: CancellationToken }) | null>;
}

export type WarmupEnd = 'done' | 'cancelled' | 'file cap' | 'time cap';

export interface WarmupOutcome {
  /** Files the workspace has. */
  files: number;
  /** Files warmed. */
  warmed: number;
  /** Milliseconds of work. */
  workMs: number;
  /** Milliseconds from start to end, waits included. */
  elapsedMs: number;
  end: WarmupEnd;
}

export async function warmUp(host: WarmupHost, stop: CancellationToken, limits: WarmupLimits = WARMUP_LIMITS): Promise<WarmupOutcome> {
  const started = Date.now();
  const progress = await host.progress();
  const cancelled = (): boolean => stop.isCancellationRequested || progress?.token?.isCancellationRequested === true;
  progress?.begin('Idempotency: reading the project', 0, 'listing files', true);
  let workMs = 0;
  let warmed = 0;
  let end: WarmupEnd = 'done';
  let files: string[] = [];
  try {
    const listing = Date.now();
    files = host.files();
    workMs += Date.now() - listing;
    const planned = Math.min(files.length, limits.maxFiles);
    let turnStart = Date.now();
    for (let i = 0; i < planned; i++) {
      // A lint waiting, or the turn used up: yield, then let every scheduled lint go first.
      if (host.linting() || Date.now() - turnStart >= limits.turnMs) {
        workMs += Date.now() - turnStart;
        progress?.report(Math.round((i / planned) * 100), `${i} / ${planned} files`);
        await new Promise((resolve) => setImmediate(resolve));
        await host.lintsIdle();
        turnStart = Date.now();
      }
      if (cancelled()) {
        end = 'cancelled';
        break;
      }
      if (workMs + (Date.now() - turnStart) >= limits.maxWorkMs) {
        end = 'time cap';
        break;
      }
      await host.warm(files[i]!);
      warmed++;
    }
    workMs += Date.now() - turnStart;
    if (end === 'done' && files.length > limits.maxFiles) end = 'file cap';
  } finally {
    progress?.done();
  }
  return { files: files.length, warmed, workMs, elapsedMs: Date.now() - started, end };
}

/** One log line: what was warmed and why it stopped. */
export function describeWarmup(outcome: WarmupOutcome, limits: WarmupLimits = WARMUP_LIMITS): string {
  const why =
    outcome.end === 'done' ? '' :
    outcome.end === 'cancelled' ? ' (cancelled)' :
    outcome.end === 'file cap' ? ` (stopped at the cap of ${limits.maxFiles} files; the others are read when a lint needs them)` :
    ` (stopped at the cap of ${limits.maxWorkMs / 1000} s of work; the others are read when a lint needs them)`;
  return `Project model warmed with ${outcome.warmed} of ${outcome.files} workspace files in ${(outcome.workMs / 1000).toFixed(1)} s of work (${(outcome.elapsedMs / 1000).toFixed(1)} s in all)${why}.`;
}
