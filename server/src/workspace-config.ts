/**
 * The workspace's own ESLint flat config, for files it configures `idempotency/*` rules or
 * `settings.idempotency` in — so the editor reports what CI reports. Loading a config executes the
 * workspace's code: the server only does it when the client says the workspace is trusted and
 * `idempotency.workspaceConfig` is on. Only our rules' severities, options and settings are taken
 * from it; they run through the same embedded engine.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import type { EmbeddedConfigOptions, RuleSeverity } from '../../engine/src/config';

export const CONFIG_FILE_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const PREFIX = 'idempotency/';
const LOAD_TIMEOUT_MS = 10_000;

export interface WorkspaceConfig {
  file: string;
  options: EmbeddedConfigOptions;
}

/** The nearest eslint.config.* from `directory` up to (and including) `stopAt`, if any. */
export function findConfigFile(directory: string, stopAt: string | null): string | null {
  let current = path.resolve(directory);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(current);
    if (parent === current || (stopAt != null && current === path.resolve(stopAt))) return null;
    current = parent;
  }
}

function severityName(value: unknown): RuleSeverity | null {
  if (value === 0 || value === 'off') return 'off';
  if (value === 1 || value === 'warn') return 'warn';
  if (value === 2 || value === 'error') return 'error';
  return null;
}

/** Our rules' entries and settings from a computed config; null when it configures none of ours. */
export function optionsFromConfig(config: Linter.Config | undefined): EmbeddedConfigOptions | null {
  if (!config) return null;
  const rules: NonNullable<EmbeddedConfigOptions['rules']> = {};
  let configured = false;
  for (const [id, entry] of Object.entries(config.rules ?? {})) {
    if (!id.startsWith(PREFIX)) continue;
    const name = id.slice(PREFIX.length);
    if (!(name in plugin.rules)) continue;
    const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
    const level = severityName(severity);
    if (!level) continue;
    configured = true;
    rules[name] = options.length > 0 ? [level, ...options] : level;
  }
  const shared = (config.settings as Record<string, unknown> | undefined)?.idempotency as Record<string, unknown> | undefined;
  if (!configured && !shared) return null;
  // Rules the workspace config does not enable are off there, so they are off here too.
  for (const name of Object.keys(plugin.rules)) if (!(name in rules)) rules[name] = 'off';
  const options: EmbeddedConfigOptions = { rules, allRules: true };
  if (shared) options.settings = shared;
  return options;
}

export class WorkspaceConfigs {
  private readonly cache = new Map<string, Promise<WorkspaceConfig | null>>();
  private readonly reported = new Set<string>();

  constructor(private readonly log: (line: string) => void) {}

  invalidate(): void {
    this.cache.clear();
    this.reported.clear();
  }

  /** The workspace configuration for `file`, or null to use the embedded one. */
  resolve(file: string, folder: string): Promise<WorkspaceConfig | null> {
    const configFile = findConfigFile(path.dirname(file), folder);
    if (!configFile) return Promise.resolve(null);
    const key = `${configFile}\0${file}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.load(configFile, file);
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async load(configFile: string, file: string): Promise<WorkspaceConfig | null> {
    try {
      const eslint = new ESLint({ cwd: path.dirname(configFile), overrideConfigFile: configFile });
      const config = (await withTimeout(eslint.calculateConfigForFile(file), LOAD_TIMEOUT_MS)) as Linter.Config | undefined;
      const options = optionsFromConfig(config);
      this.reportOnce(
        configFile,
        options
          ? `Using ${configFile} for files it configures idempotency rules in (trusted workspace).`
          : `${configFile} does not configure idempotency rules; using the embedded recommended config.`,
      );
      return options ? { file: configFile, options } : null;
    } catch (error) {
      this.reportOnce(configFile, `Could not load ${configFile}: ${(error as Error).message.split('\n')[0]}; using the embedded recommended config.`);
      return null;
    }
  }

  private reportOnce(configFile: string, line: string): void {
    if (this.reported.has(configFile)) return;
    this.reported.add(configFile);
    this.log(line);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`loading timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
