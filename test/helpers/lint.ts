import { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import { embeddedConfig, type EmbeddedConfigOptions } from '../../engine/src/config';

const linters = new Map<string, { linter: Linter; config: Linter.Config[] }>();

/** Lints text the way the CLI does (embedded config, typescript-eslint parser). */
export function lint(text: string, filename: string, options: EmbeddedConfigOptions = {}): Linter.LintMessage[] {
  const key = JSON.stringify(options);
  let entry = linters.get(key);
  if (!entry) {
    // cwd at the filesystem root: the config's glob then matches files anywhere (../shared too).
    entry = { linter: new Linter({ configType: 'flat', cwd: '/' }), config: embeddedConfig(options) };
    linters.set(key, entry);
  }
  return entry.linter.verify(text, entry.config, { filename });
}

/** Rule id → the hazard category its findings belong to, from the rules' own metadata. */
export const CATEGORY_OF_RULE: Record<string, string> = Object.fromEntries(
  Object.entries(plugin.rules).map(([name, rule]) => [`idempotency/${name}`, (rule.meta.docs as { category: string }).category]),
);
