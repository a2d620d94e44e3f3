/**
 * The `idempotency.*` editor settings: read, validated and defaulted. An invalid value produces one
 * warning naming the setting, and the default is used for it; the other settings still apply.
 */
import plugin from 'eslint-plugin-idempotency';
import type { EmbeddedConfigOptions, RuleSeverity } from '../../engine/src/config';
import type { ClientSettings, RunMode, SeverityOverride } from './protocol';

export interface ServerSettings {
  enable: boolean;
  run: RunMode;
  workspaceConfig: boolean;
  /** Show a CodeLens above each message handler. */
  codeLens: boolean;
  /** Read the workspace in the background at start (the project model's warm-up). */
  warmup: boolean;
  /** Severity overrides by rule name (without the prefix); `default` entries are dropped. */
  rules: Record<string, RuleSeverity>;
  /** settings.idempotency as ESLint shared settings (only valid properties). */
  shared: Record<string, unknown>;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  workspaceConfig: true,
  codeLens: true,
  warmup: true,
  rules: {},
  shared: {},
};

const SHARED_KEYS = ['consumers', 'dedupFunctions', 'idempotentWrites', 'guard', 'dedupTable', 'helperDepth', 'followImports'] as const;
const SEVERITIES: readonly SeverityOverride[] = ['off', 'warn', 'error', 'default'];
/** Keys VS Code adds to every configuration section, and keys of our own client. */
const IGNORED_KEYS = new Set(['trace']);

export interface ParsedSettings {
  settings: ServerSettings;
  /** One message per invalid setting, naming it. */
  warnings: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseClientSettings(raw: unknown): ParsedSettings {
  const warnings: string[] = [];
  const settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, rules: {}, shared: {} };
  if (raw === undefined || raw === null) return { settings, warnings };
  if (!isObject(raw)) return { settings, warnings: [`"idempotency" settings must be an object; using the defaults.`] };
  const input = raw as ClientSettings & Record<string, unknown>;
  if (input.enable !== undefined) {
    if (typeof input.enable === 'boolean') settings.enable = input.enable;
    else warnings.push(`idempotency.enable must be true or false (got ${JSON.stringify(input.enable)}); using true.`);
  }
  if (input.run !== undefined) {
    if (input.run === 'onType' || input.run === 'onSave') settings.run = input.run;
    else warnings.push(`idempotency.run must be "onType" or "onSave" (got ${JSON.stringify(input.run)}); using "onType".`);
  }
  if (input.workspaceConfig !== undefined) {
    if (typeof input.workspaceConfig === 'boolean') settings.workspaceConfig = input.workspaceConfig;
    else warnings.push(`idempotency.workspaceConfig must be true or false (got ${JSON.stringify(input.workspaceConfig)}); using true.`);
  }
  if (input.codeLens !== undefined) {
    if (typeof input.codeLens === 'boolean') settings.codeLens = input.codeLens;
    else warnings.push(`idempotency.codeLens must be true or false (got ${JSON.stringify(input.codeLens)}); using true.`);
  }
  if (input.warmup !== undefined) {
    if (typeof input.warmup === 'boolean') settings.warmup = input.warmup;
    else warnings.push(`idempotency.warmup must be true or false (got ${JSON.stringify(input.warmup)}); using true.`);
  }
  if (input.rules !== undefined) {
    if (!isObject(input.rules)) {
      warnings.push(`idempotency.rules must be an object like { "no-increment-write": "warn" }; ignoring it.`);
    } else {
      for (const [name, value] of Object.entries(input.rules)) {
        if (!(name in plugin.rules)) {
          warnings.push(`idempotency.rules has an unknown rule "${name}" (rules: ${Object.keys(plugin.rules).join(', ')}); ignoring it.`);
        } else if (!SEVERITIES.includes(value as SeverityOverride)) {
          warnings.push(`idempotency.rules["${name}"] must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(value)}); using its default.`);
        } else if (value !== 'default') {
          settings.rules[name] = value as RuleSeverity;
        }
      }
    }
  }
  // Shared settings: validate each property on its own so one mistake does not drop the others.
  for (const key of SHARED_KEYS) {
    if (input[key] === undefined || input[key] === null) continue;
    const problems = plugin.validateSettings({ [key]: input[key] });
    if (problems.length > 0) warnings.push(...problems.map((p) => `${p} Ignoring idempotency.${key}.`));
    else settings.shared[key] = input[key];
  }
  for (const key of Object.keys(input)) {
    const known = ['enable', 'run', 'workspaceConfig', 'codeLens', 'warmup', 'rules', ...SHARED_KEYS].includes(key) || IGNORED_KEYS.has(key);
    if (!known) warnings.push(`idempotency.${key} is not a setting of this server; ignoring it.`);
  }
  return { settings, warnings };
}

/** The embedded-config options these settings ask for. */
export function embeddedOptions(settings: ServerSettings): EmbeddedConfigOptions {
  const options: EmbeddedConfigOptions = {};
  if (Object.keys(settings.shared).length > 0) options.settings = settings.shared;
  if (Object.keys(settings.rules).length > 0) options.rules = settings.rules;
  return options;
}
