/**
 * eslint-plugin-idempotency: catches non-idempotent message consumers (increment writes, missing
 * dedup checks, ack before process). `require()` and `import` both give this object.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { buildConfigs, type PluginConfig } from './configs';
import { consumersOf, unresolvedOf, type ConsumerEntry, type UnresolvedEntry } from './inventory';
import { RULES } from './rules/index';
import { parseSettings, SettingsError } from './settings';

// Read at runtime so the published metadata always matches package.json.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../package.json') as { name: string; version: string };

interface IdempotencyPlugin {
  meta: { name: string; version: string };
  rules: typeof RULES;
  configs: Record<'recommended' | 'all', PluginConfig>;
  /** Validates `settings.idempotency` and returns a message per problem (for editors and CLIs). */
  validateSettings(raw: unknown): string[];
  /**
   * The message handlers the rules found in a file, read after linting it (`linter.getSourceCode()`):
   * the consumer inventory of `idempotency-lint --list-consumers`.
   */
  consumersOf(sourceCode: Readonly<TSESLint.SourceCode>): ConsumerEntry[];
  /** Registrations found in the file whose handler could not be resolved, with the reason and a setting that would resolve it. */
  unresolvedOf(sourceCode: Readonly<TSESLint.SourceCode>): UnresolvedEntry[];
}

const plugin: IdempotencyPlugin = {
  meta: { name: pkg.name, version: pkg.version },
  rules: RULES,
  configs: {} as IdempotencyPlugin['configs'],
  validateSettings(raw) {
    try {
      parseSettings(raw);
      return [];
    } catch (error) {
      if (error instanceof SettingsError) return [...error.problems];
      throw error;
    }
  },
  consumersOf,
  unresolvedOf,
};
plugin.configs = buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin);

export = plugin;
