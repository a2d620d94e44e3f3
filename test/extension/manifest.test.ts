/**
 * The VS Code extension manifest (the root package.json) against the code it describes: the
 * commands the client registers, the languages it activates on, every setting the server reads
 * (ClientSettings in server/src/protocol.ts) and the shared settings' JSON schema in rules/src.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { COMMANDS as SERVER_COMMANDS, SETTINGS_SECTION } from '../../server/src/protocol';
import { sharedSettingsSchema, DEFAULT_SETTINGS } from '../../rules/src/settings';
import { REPO_ROOT } from '../helpers/labels';

interface Setting {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  properties?: Record<string, Setting>;
  additionalProperties?: Setting | boolean;
  scope?: string;
  [key: string]: unknown;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces: boolean | { supported: boolean };
  };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { title: string; properties: Record<string, Setting> };
  };
};
const properties = manifest.contributes.configuration.properties;
const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'];

function clientSources(dir = path.join(REPO_ROOT, 'client/src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return clientSources(full);
      return entry.name.endsWith('.ts') ? readFileSync(full, 'utf8') : '';
    })
    .join('\n');
}

/** Command ids passed literally to registerCommand in client/src. */
function registeredCommands(): string[] {
  return [...clientSources().matchAll(/registerCommand\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** Property names of `interface ClientSettings` in server/src/protocol.ts. */
function clientSettingKeys(): string[] {
  const file = path.join(REPO_ROOT, 'server/src/protocol.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const keys: string[] = [];
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'ClientSettings') {
      for (const member of node.members) if (member.name) keys.push(member.name.getText(source));
    }
  });
  return keys;
}

/** `^1.91.0` → [1, 91, 0]; VS Code engines are caret ranges. */
function caret(range: string): [number, number, number] {
  const match = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!match) throw new Error(`expected a caret range like ^1.91.0, got ${range}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function describedIn(setting: Setting): string {
  return setting.markdownDescription ?? setting.description ?? '';
}

describe('contributes.commands', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('contributes the four commands, in the Idempotency category, with titles', () => {
    expect(contributed.sort()).toEqual(['idempotency.lintWorkspace', 'idempotency.restartServer', 'idempotency.showConsumers', 'idempotency.showOutput']);
    for (const command of manifest.contributes.commands) {
      expect(command.category).toBe('Idempotency');
      expect(command.title.length).toBeGreaterThan(0);
    }
    const titles = Object.fromEntries(manifest.contributes.commands.map((c) => [c.command, `${c.category}: ${c.title}`]));
    expect(titles).toEqual({
      'idempotency.restartServer': 'Idempotency: Restart Server',
      'idempotency.lintWorkspace': 'Idempotency: Lint Workspace',
      'idempotency.showConsumers': 'Idempotency: Show Consumers',
      'idempotency.showOutput': 'Idempotency: Show Output',
    });
  });

  it('every contributed command is registered by the client, and nothing else is', () => {
    const registered = registeredCommands();
    for (const command of contributed) expect(registered, command).toContain(command);
    expect(registered.sort()).toEqual([...contributed].sort());
  });

  it('the client registers none of the server commands (vscode-languageclient does, from executeCommandProvider)', () => {
    const registered = registeredCommands();
    for (const command of Object.values(SERVER_COMMANDS)) {
      expect(registered).not.toContain(command);
      expect(contributed).not.toContain(command);
    }
  });
});

describe('activation', () => {
  it('activates on the four JS/TS languages and on the commands', () => {
    for (const language of LANGUAGES) expect(manifest.activationEvents).toContain(`onLanguage:${language}`);
    for (const { command } of manifest.contributes.commands) expect(manifest.activationEvents).toContain(`onCommand:${command}`);
    expect(manifest.activationEvents).not.toContain('*');
  });

  it('main is the extension bundle that scripts/build.mjs writes', () => {
    expect(manifest.main.replace(/^\.\//, '')).toBe('dist/extension.js');
    const build = readFileSync(path.join(REPO_ROOT, 'scripts/build.mjs'), 'utf8');
    expect(build).toContain("outfile: 'dist/extension.js'");
    expect(build).toContain("outfile: 'dist/server.js'");
    expect(clientSources()).toContain("asAbsolutePath('dist/server.js')");
  });

  it('engines.vscode satisfies vscode-languageclient', () => {
    const languageClient = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8')) as {
      engines: { vscode: string };
    };
    // ^a.b.c lies within ^x.y.z when the majors match and a.b.c >= x.y.z.
    const ours = caret(manifest.engines.vscode);
    const theirs = caret(languageClient.engines.vscode);
    expect(ours[0], `${manifest.engines.vscode} within ${languageClient.engines.vscode}`).toBe(theirs[0]);
    expect(compare(ours, theirs), `${manifest.engines.vscode} within ${languageClient.engines.vscode}`).toBeGreaterThanOrEqual(0);
    // and the API typings are not newer than the oldest VS Code we claim to run on
    const types = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/@types/vscode/package.json'), 'utf8')) as { version: string };
    expect(compare(types.version.split('.').map(Number), ours)).toBeLessThanOrEqual(0);
  });
});

describe('contributes.configuration', () => {
  it('documents every setting the server reads, with a type, a default and a description', () => {
    const keys = clientSettingKeys();
    expect(keys.length).toBeGreaterThanOrEqual(10);
    for (const key of keys) {
      const setting = properties[`${SETTINGS_SECTION}.${key}`];
      expect(setting, `${SETTINGS_SECTION}.${key}`).toBeDefined();
      expect(setting!.type, key).toBeDefined();
      expect('default' in setting!, `${key} has a default`).toBe(true);
      expect(describedIn(setting!).length, `${key} has a description`).toBeGreaterThan(20);
    }
  });

  it('contributes no setting the server does not read, except trace.server (read by vscode-languageclient)', () => {
    const known = new Set([...clientSettingKeys(), 'trace.server'].map((k) => `${SETTINGS_SECTION}.${k}`));
    expect(Object.keys(properties).filter((k) => !known.has(k))).toEqual([]);
    const trace = properties['idempotency.trace.server']!;
    expect(trace.enum).toEqual(['off', 'messages', 'verbose']);
    expect(trace.default).toBe('off');
    // The client id is the section, so the library reads `idempotency.trace.server`.
    expect(clientSources()).toMatch(/new LanguageClient\(\s*SETTINGS_SECTION/);
  });

  it('every enum has one description per value, and every default is allowed', () => {
    const check = (name: string, setting: Setting): void => {
      if (setting.enum) {
        expect(setting.enumDescriptions?.length, `${name} enumDescriptions`).toBe(setting.enum.length);
        if ('default' in setting) expect(setting.enum, `${name} default`).toContain(setting.default);
      }
      for (const [key, child] of Object.entries(setting.properties ?? {})) check(`${name}.${key}`, child);
      if (typeof setting.additionalProperties === 'object') check(`${name}[*]`, setting.additionalProperties);
    };
    for (const [name, setting] of Object.entries(properties)) check(name, setting);
  });

  it('the basic settings have the documented defaults and values', () => {
    expect(properties['idempotency.enable']).toMatchObject({ type: 'boolean', default: true });
    expect(properties['idempotency.run']).toMatchObject({ type: 'string', enum: ['onType', 'onSave'], default: 'onType' });
    expect(properties['idempotency.workspaceConfig']).toMatchObject({ type: 'boolean', default: true });
    expect(properties['idempotency.codeLens']).toMatchObject({ type: 'boolean', default: true, scope: 'resource' });
    expect(describedIn(properties['idempotency.codeLens']!)).toMatch(/Show Consumers/);
    expect(describedIn(properties['idempotency.workspaceConfig']!)).toMatch(/trusted workspaces/);
    expect(describedIn(properties['idempotency.workspaceConfig']!)).toMatch(/eslint\.config/);
  });

  it('idempotency.rules takes off/warn/error/default for each rule and any other name', () => {
    const rules = properties['idempotency.rules']!;
    expect(rules.type).toBe('object');
    expect(rules.default).toEqual({});
    const severities = ['default', 'off', 'warn', 'error'];
    expect(Object.keys(rules.properties ?? {}).sort()).toEqual(['no-ack-after-failure', 'no-ack-before-process', 'no-increment-write', 'require-dedup-check']);
    for (const rule of Object.values(rules.properties ?? {})) {
      expect([...(rule.enum ?? [])].sort()).toEqual([...severities].sort());
      expect(describedIn(rule).length).toBeGreaterThan(0);
    }
    expect((rules.additionalProperties as Setting).enum?.slice().sort()).toEqual([...severities].sort());
  });

  it('the shared settings mirror sharedSettingsSchema (rules/src/settings.ts), descriptions included', () => {
    for (const [key, schema] of Object.entries(sharedSettingsSchema)) {
      // The server manages `suggestions` itself: off while typing, on when quick fixes are asked for.
      if (key === 'suggestions') {
        expect(properties[`idempotency.${key}`]).toBeUndefined();
        continue;
      }
      const setting = properties[`idempotency.${key}`];
      expect(setting, key).toBeDefined();
      const { default: def, markdownDescription, scope, type, ...rest } = setting!;
      const { type: schemaType, ...schemaRest } = schema as { type: string };
      expect(rest, key).toEqual(schemaRest);
      // guard is null when unset; every other type is the schema's.
      expect(type, key).toEqual(key === 'guard' ? [schemaType, 'null'] : schemaType);
      expect(def, key).toEqual((DEFAULT_SETTINGS as unknown as Record<string, unknown>)[key]);
      expect(markdownDescription, key).toContain(schema.description);
      expect(scope, key).toBe('resource');
    }
  });
});

describe('capabilities', () => {
  it('supports untrusted workspaces in a limited way: the workspace ESLint config is restricted', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    expect(untrusted.supported).toBe('limited');
    expect(untrusted.description?.length).toBeGreaterThan(20);
    expect(untrusted.restrictedConfigurations).toContain('idempotency.workspaceConfig');
    const virtual = manifest.capabilities.virtualWorkspaces;
    expect(typeof virtual === 'boolean' ? virtual : virtual.supported).toBe(false);
  });

  it('the client tells the server whether the workspace is trusted, and restarts when it becomes trusted', () => {
    const source = clientSources();
    expect(source).toMatch(/workspaceTrusted:\s*vscode\.workspace\.isTrusted/);
    expect(source).toContain('onDidGrantWorkspaceTrust');
  });
});
