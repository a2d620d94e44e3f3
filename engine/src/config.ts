/**
 * The embedded configuration the CLI and the language server use when a project has none of its own:
 * the recommended rules with the typescript-eslint parser for every JS/TS flavour. Building it
 * executes no workspace code.
 */
import type { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from 'eslint-plugin-idempotency';

export const LINTED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
export const LINTED_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

export type RuleSeverity = 'off' | 'warn' | 'error';

export interface EmbeddedConfigOptions {
  /** `settings.idempotency` (consumers, dedupFunctions, idempotentWrites, guard, …). */
  settings?: Record<string, unknown>;
  /**
   * Severity overrides by rule name without the prefix (`{ "no-increment-write": "warn" }`), or a
   * full entry with options (`["error", { "reportReadModifyWrite": false }]`).
   */
  rules?: Record<string, RuleSeverity | [RuleSeverity, ...unknown[]]>;
  /** Use every rule rather than the recommended set. */
  allRules?: boolean;
}

/**
 * `parser` replaces @typescript-eslint/parser with one that parses the same way (the language
 * server's incremental parser).
 */
export function embeddedConfig(options: EmbeddedConfigOptions = {}, parser: object = tsParser): Linter.Config[] {
  const base = options.allRules ? plugin.configs.all : plugin.configs.recommended;
  const rules: Linter.RulesRecord = { ...(base.rules as Linter.RulesRecord) };
  for (const [name, entry] of Object.entries(options.rules ?? {})) rules[`idempotency/${name}`] = entry as Linter.RuleEntry;
  return [
    {
      name: 'idempotency/embedded',
      files: [LINTED_GLOB],
      languageOptions: {
        parser: parser as Linter.Parser,
        ecmaVersion: 'latest',
        sourceType: 'module',
      },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules,
      settings: options.settings ? { idempotency: options.settings } : {},
    },
    {
      files: ['**/*.cjs'],
      languageOptions: { sourceType: 'commonjs' },
    },
  ];
}
