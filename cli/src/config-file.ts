/**
 * `--config <file.json>`: `{ "settings": { ...settings.idempotency }, "rules": { "<rule>": "warn" } }`.
 * Anything unexpected is a usage error that names the offending key, so a typo never silently
 * turns the analysis off.
 */
import { readFileSync } from 'node:fs';
import plugin from 'eslint-plugin-idempotency';
import type { EmbeddedConfigOptions, RuleSeverity } from '../../engine/src/config';
import { UsageError } from './errors';

const TOP_LEVEL_KEYS = ['settings', 'rules'];
const SEVERITIES: Record<string, RuleSeverity> = { off: 'off', warn: 'warn', error: 'error', 0: 'off', 1: 'warn', 2: 'error' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `file` is read; `shown` (the path as the user wrote it) names it in messages. */
export function loadConfigFile(file: string, shown = file): EmbeddedConfigOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --config ${shown}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`--config ${shown} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, shown);
}

export function parseConfig(raw: unknown, file: string): EmbeddedConfigOptions {
  if (!isObject(raw)) throw new UsageError(`--config ${file} must hold a JSON object with "settings" and/or "rules"`);
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      throw new UsageError(`--config ${file} has an unknown key "${key}" (allowed: ${TOP_LEVEL_KEYS.join(', ')})`);
    }
  }
  const options: EmbeddedConfigOptions = {};
  if (raw.settings !== undefined) {
    const problems = plugin.validateSettings(raw.settings);
    if (problems.length > 0) throw new UsageError(`invalid settings in --config ${file}: ${problems.join(' ')}`);
    options.settings = raw.settings as Record<string, unknown>;
  }
  if (raw.rules !== undefined) options.rules = parseRules(raw.rules, file);
  return options;
}

function parseRules(raw: unknown, file: string): Record<string, RuleSeverity> {
  if (!isObject(raw)) throw new UsageError(`"rules" in --config ${file} must be an object like {"no-increment-write": "warn"}`);
  const rules: Record<string, RuleSeverity> = {};
  const known = Object.keys(plugin.rules);
  for (const [key, value] of Object.entries(raw)) {
    const name = key.startsWith('idempotency/') ? key.slice('idempotency/'.length) : key;
    if (!known.includes(name)) {
      throw new UsageError(`"rules" in --config ${file} names an unknown rule "${key}" (known: ${known.join(', ')})`);
    }
    const severity = typeof value === 'string' || typeof value === 'number' ? SEVERITIES[String(value)] : undefined;
    if (!severity) throw new UsageError(`rules.${key} in --config ${file} must be "off", "warn" or "error", got ${JSON.stringify(value)}`);
    rules[name] = severity;
  }
  return rules;
}
