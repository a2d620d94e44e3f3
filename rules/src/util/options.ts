/** Options shared by every rule: the `settings.idempotency` properties, overridable per rule. */
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';

type JSONSchema4 = JSONSchema.JSONSchema4;
import { analysisSession, type AnalysisSession } from '../analysis/file-analysis';
import { parseSettings, sharedSettingsSchema, type ConsumerSetting, type GuardSetting, type DedupTableSetting } from '../settings';

export interface SharedOptions {
  consumers?: ConsumerSetting[];
  dedupFunctions?: string[];
  idempotentWrites?: string[];
  guard?: GuardSetting;
  dedupTable?: DedupTableSetting;
  helperDepth?: number;
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

export function sessionFor(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  options: SharedOptions,
  ruleName: string,
): AnalysisSession {
  const raw = (context.settings as Record<string, unknown> | undefined)?.idempotency;
  const settings = parseSettings(raw, options as Record<string, unknown>);
  return analysisSession(context.sourceCode, settings, ruleName, context.filename);
}
