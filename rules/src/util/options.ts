/** Options shared by every rule: the `settings.idempotency` properties, overridable per rule. */
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';

type JSONSchema4 = JSONSchema.JSONSchema4;
import { analysisSession, type AnalysisSession } from '../analysis/file-analysis';
import { parseSettings, settingsKey, sharedSettingsSchema, type ConsumerSetting, type DedupTableSetting, type GuardSetting, type IdempotencySettings } from '../settings';

export interface SharedOptions {
  consumers?: ConsumerSetting[];
  dedupFunctions?: string[];
  idempotentWrites?: string[];
  guard?: GuardSetting;
  dedupTable?: DedupTableSetting;
  helperDepth?: number;
  followImports?: boolean;
}

/** One options object: the rule's own properties plus the shared ones, all described. */
export function optionsSchema(specific: Record<string, JSONSchema4>): JSONSchema4[] {
  return [
    {
      type: 'object',
      additionalProperties: false,
      properties: { ...specific, ...(sharedSettingsSchema as unknown as Record<string, JSONSchema4>) },
    },
  ];
}

const NO_SETTINGS = {};
const NO_OPTIONS = {};
/** ESLint reuses one settings object (and options array) for all files a config applies to: parse once. */
const parsed = new WeakMap<object, WeakMap<object, ParsedSettings>>();
const byText = new Map<string, ParsedSettings>();

interface ParsedSettings {
  settings: IdempotencySettings;
  key: string;
}

function parsedSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, options: SharedOptions | undefined): ParsedSettings {
  const settingsObject = (context.settings as object | undefined) ?? NO_SETTINGS;
  const optionsObject = (options as object | undefined) ?? NO_OPTIONS;
  let byOptions = parsed.get(settingsObject);
  if (!byOptions) {
    byOptions = new WeakMap();
    parsed.set(settingsObject, byOptions);
  }
  let result = byOptions.get(optionsObject);
  if (!result) {
    // Options arrays are new for every file: fall back to a key of their content.
    const raw = (context.settings as Record<string, unknown> | undefined)?.idempotency;
    const textKey = `${JSON.stringify(raw ?? null)}\0${JSON.stringify(options ?? null)}`;
    result = byText.get(textKey);
    if (!result) {
      const settings = parseSettings(raw, options as Record<string, unknown> | undefined);
      result = { settings, key: settingsKey(settings) };
      if (byText.size > 64) byText.clear();
      byText.set(textKey, result);
    }
    byOptions.set(optionsObject, result);
  }
  return result;
}

export function sessionFor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: SharedOptions | undefined,
  ruleName: string,
): AnalysisSession {
  const { settings, key } = parsedSettings(context, options);
  return analysisSession(context.sourceCode, settings, key, ruleName, context.filename);
}
