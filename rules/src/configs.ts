/** Flat configs. `recommended` holds the rules proven precise on real consumer code. */
import type { TSESLint } from '@typescript-eslint/utils';
import { RULES } from './rules/index';

export type PluginConfig = TSESLint.FlatConfig.Config;

export function buildConfigs(plugin: TSESLint.FlatConfig.Plugin): Record<'recommended' | 'all', PluginConfig> {
  const recommendedRules: TSESLint.FlatConfig.Rules = {};
  const allRules: TSESLint.FlatConfig.Rules = {};
  for (const [name, rule] of Object.entries(RULES)) {
    allRules[`idempotency/${name}`] = 'error';
    const docs = rule.meta.docs as { recommended?: boolean; recommendedSeverity?: 'warn' | 'error' } | undefined;
    if (docs?.recommended) recommendedRules[`idempotency/${name}`] = docs.recommendedSeverity ?? 'error';
  }
  return {
    recommended: { name: 'idempotency/recommended', plugins: { idempotency: plugin }, rules: recommendedRules },
    all: { name: 'idempotency/all', plugins: { idempotency: plugin }, rules: allRules },
  };
}
