/**
 * The lint configurations the bench compares, each built ONCE as a normalized FlatConfigArray (as
 * the ESLint CLI does: `Linter.verify` re-normalizes a plain array on every call) and run by one
 * reused Linter instance.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { embeddedConfig, LINTED_GLOB } from '../engine/src/config';
import { LintEngine } from '../engine/src/lint-file';

const req = createRequire(__filename);

// The BUILT plugin (rules/dist), as ESLint users get it.
export const plugin = req('eslint-plugin-idempotency') as {
  meta: { name: string; version: string };
  rules: Record<string, unknown>;
  configs: Record<'recommended' | 'all', Linter.Config>;
};
export const pluginPath = req.resolve('eslint-plugin-idempotency');

/** FlatConfigArray is not exported; the Linter accepts any array with getConfig() (ESLint's own test). */
interface ConfigArray extends Array<Linter.Config> {
  normalizeSync(): void;
  getConfig(filename: string): unknown;
}
const eslintDir = path.dirname(req.resolve('eslint/package.json'));
const { FlatConfigArray } = req(path.join(eslintDir, 'lib/config/flat-config-array.js')) as {
  FlatConfigArray: new (configs: Linter.Config[], options: { basePath: string }) => ConfigArray;
};
export const eslintVersion = (req('eslint/package.json') as { version: string }).version;
export const parserVersion = (req('@typescript-eslint/parser/package.json') as { version: string }).version;

/** Linted file names are absolute under this directory (need not exist). */
export const VIRTUAL_ROOT = '/idempotency-bench';
const BASE = '/';

export function newLinter(): Linter {
  return new Linter({ configType: 'flat', cwd: BASE });
}

/** Normalized once; pass it to every verify. */
export function buildConfigArray(configs: Linter.Config[]): Linter.Config[] {
  const array = new FlatConfigArray(configs, { basePath: BASE });
  array.normalizeSync();
  return array;
}

const parse: Linter.Config = {
  name: 'bench/parse',
  files: [LINTED_GLOB],
  languageOptions: { parser: tsParser as unknown as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
  linterOptions: { reportUnusedDisableDirectives: 'off' },
};

/** A rule listening to every Identifier and doing nothing: ESLint's own traversal and dispatch cost. */
const floorPlugin = {
  meta: { name: 'bench-floor', version: '0.0.0' },
  rules: {
    noop: {
      meta: { type: 'problem' as const, schema: [] },
      create() {
        return { Identifier() {} };
      },
    },
  },
};

export interface ConfigCase {
  id: string;
  label: string;
  config: Linter.Config[];
  /** Lints through something other than the shared Linter (the engine's own Linter). */
  lint?: (text: string, filename: string) => Linter.LintMessage[];
}

export interface PeerPlugins {
  sonar?: { version: string; config: Linter.Config };
  security?: { version: string; config: Linter.Config };
  /** Why a plugin could not be used. */
  problems: string[];
}

export function loadPeerPlugins(): PeerPlugins {
  const out: PeerPlugins = { problems: [] };
  try {
    const sonar = req('eslint-plugin-sonarjs') as { configs: Record<string, Linter.Config> };
    out.sonar = { version: (req('eslint-plugin-sonarjs/package.json') as { version: string }).version, config: sonar.configs.recommended! };
  } catch (error) {
    out.problems.push(`eslint-plugin-sonarjs: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const security = req('eslint-plugin-security') as { configs: Record<string, Linter.Config> };
    out.security = { version: (req('eslint-plugin-security/package.json') as { version: string }).version, config: security.configs.recommended! };
  } catch (error) {
    out.problems.push(`eslint-plugin-security: ${(error as Error).message.split('\n')[0]}`);
  }
  return out;
}

export const RULE_NAMES = (): string[] => Object.keys(plugin.rules);

/** Configuration (a): the typescript-eslint parser and no rules. */
export const parseOnly = (): ConfigCase => ({ id: 'a', label: 'parse only (typescript-eslint parser, no rules)', config: buildConfigArray([parse]) });
/** (f): one no-op Identifier rule. */
export const floor = (): ConfigCase => ({
  id: 'f',
  label: 'floor: one no-op Identifier rule',
  config: buildConfigArray([parse, { plugins: { bench: floorPlugin as unknown as NonNullable<Linter.Config['plugins']>[string] }, rules: { 'bench/noop': 'error' } }]),
});
/** (b): the embedded config (engine/src/config.ts) = the plugin's recommended rules + the parser. */
export const recommended = (): ConfigCase => ({ id: 'b', label: 'idempotency recommended (embedded config)', config: buildConfigArray(embeddedConfig()) });
/** (c): every rule of ours. */
export const allRules = (): ConfigCase => ({ id: 'c', label: 'idempotency all rules', config: buildConfigArray(embeddedConfig({ allRules: true })) });
/** One of our rules alone. */
export const singleRule = (name: string): ConfigCase => ({
  id: `rule:${name}`,
  label: `idempotency/${name} alone`,
  config: buildConfigArray([parse, { plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] }, rules: { [`idempotency/${name}`]: 'error' } }]),
});
export const sonar = (p: NonNullable<PeerPlugins['sonar']>): ConfigCase => ({
  id: 'd',
  label: `eslint-plugin-sonarjs ${p.version} recommended`,
  config: buildConfigArray([parse, p.config]),
});
export const security = (p: NonNullable<PeerPlugins['security']>): ConfigCase => ({
  id: 'e',
  label: `eslint-plugin-security ${p.version} recommended`,
  config: buildConfigArray([parse, p.config]),
});

/** The file name a corpus file is linted as. */
export function virtualPath(name: string): string {
  return path.posix.join(VIRTUAL_ROOT, name);
}

/**
 * (g): the engine as the CLI and the language server call it (LintEngine.lintText: the embedded
 * config passed as a plain array, so ESLint re-normalizes it on every verify; rule filter; crash
 * handling). Shows what the product pays on top of (b).
 */
export const engine = (): ConfigCase => {
  const lintEngine = new LintEngine(embeddedConfig());
  return {
    id: 'g',
    label: 'engine LintEngine.lintText (the CLI/server path)',
    config: [],
    lint: (text, filename) => lintEngine.lintText(text, filename).messages,
  };
};
