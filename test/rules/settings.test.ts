/** settings.idempotency validation: every mistake is named, and ESLint reports it instead of linting wrongly. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/src/index';
import { parseSettings, SettingsError } from '../../rules/src/settings';

describe('parseSettings', () => {
  it('accepts a full, valid configuration', () => {
    const settings = parseSettings({
      consumers: [{ callee: 'bus.subscribe', handlerArg: 1, messageId: 'meta.id', ack: ['ack'] }],
      dedupFunctions: ['inbox.tryClaim'],
      idempotentWrites: ['repo.upsertOrder'],
      guard: { module: '@acme/idempotency', check: 'isProcessed', mark: 'markProcessed' },
      dedupTable: { table: 'inbox', column: 'message_id' },
      helperDepth: 2,
    });
    expect(settings.consumers[0]).toEqual({ callee: 'bus.subscribe', handlerArg: 1, messageId: 'meta.id', ack: ['ack'] });
    expect(settings.dedupTable).toEqual({ table: 'inbox', column: 'message_id' });
  });

  it('accepts the base-class and files forms of consumers', () => {
    const settings = parseSettings({
      consumers: [
        { extends: 'BaseTask', method: 'perform', messageArg: 1, ack: ['done'] },
        { files: 'src/jobs/**/*.ts', export: 'default' },
        { files: ['workers/*.js', 'jobs/*.{js,ts}'], export: 'handle', messageId: 'data.id' },
      ],
    });
    expect(settings.consumers).toEqual([
      { extends: 'BaseTask', method: 'perform', messageArg: 1, ack: ['done'] },
      { files: ['src/jobs/**/*.ts'], export: 'default' },
      { files: ['workers/*.js', 'jobs/*.{js,ts}'], export: 'handle', messageId: 'data.id' },
    ]);
  });

  it('uses defaults for missing settings', () => {
    expect(parseSettings(undefined)).toMatchObject({ consumers: [], helperDepth: 3, dedupTable: { table: 'processed_messages', column: 'id' } });
  });

  it.each([
    [{ consumer: [] }, 'unknown property "consumer"'],
    [{ consumers: {} }, 'settings.idempotency.consumers must be an array'],
    [{ consumers: [{ callee: 'bus.subscribe' }] }, 'settings.idempotency.consumers[0].handlerArg must be a non-negative integer'],
    [{ consumers: [{ callee: 'bus subscribe', handlerArg: 1 }] }, 'settings.idempotency.consumers[0].callee must be a dotted name'],
    [{ consumers: [{ callee: 'bus.subscribe', handlerArg: -1 }] }, 'handlerArg must be a non-negative integer'],
    [{ consumers: [{ callee: 'bus.subscribe', handlerArg: 1, handler: 'x' }] }, 'consumers[0] has an unknown property "handler"'],
    [{ dedupFunctions: 'isDuplicate' }, 'settings.idempotency.dedupFunctions must be an array of non-empty strings'],
    [{ guard: { module: 'x', check: 'a' } }, 'settings.idempotency.guard.mark must be a non-empty string'],
    [{ dedupTable: { table: 'x; drop table y', column: 'id' } }, 'must be plain SQL identifiers'],
    [{ helperDepth: 20 }, 'helperDepth must be an integer from 0 to 8'],
    [{ suggestions: 'no' }, 'settings.idempotency.suggestions must be true or false'],
    ['yes', 'settings.idempotency must be an object'],
    [{ consumers: [{ handlerArg: 1 }] }, 'consumers[0] must have exactly one of "callee", "extends" or "files"'],
    [{ consumers: [{ callee: 'bus.subscribe', handlerArg: 1, extends: 'BaseTask' }] }, 'got "callee" and "extends"'],
    [{ consumers: [{ extends: 'BaseTask' }] }, 'consumers[0].method must be a non-empty string'],
    [{ consumers: [{ extends: 'Base Task', method: 'perform' }] }, 'consumers[0].extends must be a class name'],
    [{ consumers: [{ extends: 'BaseTask', method: 'perform', handlerArg: 0 }] }, 'consumers[0] has an unknown property "handlerArg"'],
    [{ consumers: [{ extends: 'BaseTask', method: 'perform', messageArg: -1 }] }, 'consumers[0].messageArg must be a non-negative integer'],
    [{ consumers: [{ files: [], export: 'default' }] }, 'consumers[0].files must be a glob or a non-empty list of globs'],
    [{ consumers: [{ files: 'src/jobs/*.ts' }] }, 'consumers[0].export must be a non-empty string'],
  ])('rejects %j with a message naming the setting', (raw, message) => {
    expect(() => parseSettings(raw)).toThrow(SettingsError);
    expect(() => parseSettings(raw)).toThrow(message);
  });

  it('rule options override shared settings', () => {
    expect(parseSettings({ helperDepth: 1 }, { helperDepth: 4 }).helperDepth).toBe(4);
  });

  it('plugin.validateSettings returns the problems as messages', () => {
    expect(plugin.validateSettings({ helperDepth: 'deep' })).toEqual(['settings.idempotency.helperDepth must be an integer from 0 to 8, got "deep".']);
    expect(plugin.validateSettings({})).toEqual([]);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = plugin.validateSettings({ helperDepth: -1, dedupFunctions: [1], consumers: [{ callee: 'bus.subscribe' }], extra: true });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/unknown property "extra"/);
    expect(problems.join('\n')).toMatch(/helperDepth/);
    expect(problems.join('\n')).toMatch(/dedupFunctions/);
    expect(problems.join('\n')).toMatch(/consumers\[0\]\.handlerArg/);
  });
});

describe('invalid settings through ESLint', () => {
  it('fails the lint run with the setting named, instead of silently ignoring it', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as unknown as Linter.Parser },
        plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: { 'idempotency/require-dedup-check': 'error' },
        settings: { idempotency: { consumers: [{ callee: 'bus.subscribe', handlerArg: '1' }] } },
      },
    ];
    expect(() => linter.verify('bus.subscribe("x", async () => {});', config, { filename: 'a.ts' })).toThrow(
      /settings\.idempotency\.consumers\[0\]\.handlerArg must be a non-negative integer/,
    );
  });

  it('rejects unknown rule options through the JSON schema', () => {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as unknown as Linter.Parser },
        plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: { 'idempotency/no-increment-write': ['error', { reportReadModifyWrites: false }] },
      },
    ];
    expect(() => linter.verify('const x = 1;', config, { filename: 'a.ts' })).toThrow(/reportReadModifyWrites/);
  });
});

describe('settings.idempotency.suggestions', () => {
  // Every example file with findings: the same findings either way, suggestions only when on.
  const dir = path.resolve(__dirname, '../../examples/kafkajs');
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));

  function lint(text: string, filename: string, suggestions: boolean | undefined): Linter.LintMessage[] {
    const linter = new Linter({ configType: 'flat' });
    const config: Linter.Config[] = [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as unknown as Linter.Parser },
        plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: plugin.configs.recommended.rules as Linter.RulesRecord,
        settings: suggestions === undefined ? {} : { idempotency: { suggestions } },
      },
    ];
    return linter.verify(text, config, { filename });
  }

  it('false keeps every finding and drops only the suggestions', () => {
    let withSuggestions = 0;
    for (const name of files) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const on = lint(text, path.join(dir, name), undefined);
      const off = lint(text, path.join(dir, name), false);
      expect(off.map(({ suggestions: _, ...rest }) => rest)).toEqual(on.map(({ suggestions: _, ...rest }) => rest));
      expect(off.every((m) => m.suggestions === undefined || m.suggestions.length === 0)).toBe(true);
      withSuggestions += on.filter((m) => (m.suggestions?.length ?? 0) > 0).length;
    }
    expect(withSuggestions).toBeGreaterThan(5);
  });
});

