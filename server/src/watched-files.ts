/**
 * The files whose changes on disk the server needs to hear about, and what a
 * `workspace/didChangeWatchedFiles` batch means: a workspace ESLint config (the configuration is read
 * again), or project files the model may have read (sources, package.json, tsconfig/jsconfig).
 */
import path from 'node:path';
import { FileChangeType, type FileEvent, type FileSystemWatcher } from 'vscode-languageserver/node';
import type { FileChange } from '../../rules/src/project/model';
import { filePathOf } from './open-buffers';
import { WATCHED_CONFIG_GLOB, WATCHED_PROJECT_GLOBS } from './protocol';
import { CONFIG_FILE_NAMES } from './workspace-config';

/** For `client/registerCapability` of `workspace/didChangeWatchedFiles` (the VS Code extension watches the same itself). */
export function watchers(): FileSystemWatcher[] {
  return [WATCHED_CONFIG_GLOB, ...WATCHED_PROJECT_GLOBS].map((globPattern) => ({ globPattern }));
}

const MODEL_FILE = /\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)$|(^|[\\/])(package\.json|[tj]sconfig[^\\/]*\.json)$/;

export interface WatchedChanges {
  /** A workspace ESLint config changed. */
  config: boolean;
  /** Project files and what changed about them. */
  files: Map<string, FileChange>;
}

/** Reads a notification's params defensively: a malformed batch is an empty one. */
export function classify(params: unknown): WatchedChanges {
  const result: WatchedChanges = { config: false, files: new Map() };
  const changes = (params as { changes?: unknown } | null)?.changes;
  if (!Array.isArray(changes)) return result;
  for (const change of changes as Partial<FileEvent>[]) {
    if (typeof change?.uri !== 'string') continue;
    const file = filePathOf(change.uri);
    if (!file) continue;
    if (CONFIG_FILE_NAMES.includes(path.basename(file))) {
      result.config = true;
      continue;
    }
    if (!MODEL_FILE.test(file)) continue;
    const layout = change.type === FileChangeType.Created || change.type === FileChangeType.Deleted;
    if (layout || !result.files.has(file)) result.files.set(file, layout ? 'layout' : 'content');
  }
  return result;
}
