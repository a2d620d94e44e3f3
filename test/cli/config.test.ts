/** --config: settings.idempotency (validated by the plugin) and severity overrides. */
import { describe, expect, it } from 'vitest';
import { FIXTURES, findings, parseJson, requireBuiltCli, runCli } from './helpers';

requireBuiltCli();

const ORDER_EVENTS = 'project/src/consumers/order-events.ts';

describe('--config', () => {
  it('consumers settings make an in-house bus handler a consumer', async () => {
    const without = await runCli(['-f', 'json', ORDER_EVENTS]);
    expect(without.code).toBe(0);
    expect(findings(parseJson(without.stdout), FIXTURES)).toEqual([]);

    const withConfig = await runCli(['-f', 'json', '--config', 'config/bus-consumers.json', ORDER_EVENTS]);
    expect(withConfig.code).toBe(1);
    const results = parseJson(withConfig.stdout);
    expect(findings(results, FIXTURES)).toEqual([
      `${ORDER_EVENTS}: idempotency/no-increment-write@6`,
      `${ORDER_EVENTS}: idempotency/require-dedup-check@5`,
    ]);
    expect(results[0]!.messages.find((m) => m.ruleId === 'idempotency/no-increment-write')!.message).toMatch(
      /`redis\.incrby\(\)` is a relative write in this bus\.subscribe handler/,
    );
  });

  it('accepts the rules with or without the idempotency/ prefix', async () => {
    const result = await runCli(['-f', 'json', '--config', 'config/warn-increments.json', 'project']);
    expect(result.code).toBe(0);
    const messages = parseJson(result.stdout).flatMap((r) => r.messages);
    expect(messages.map((m) => [m.ruleId, m.severity])).toEqual([['idempotency/no-increment-write', 1]]);
  });

  const invalid: [string, RegExp][] = [
    ['invalid-settings.json', /invalid settings in --config config\/invalid-settings\.json: settings\.idempotency\.consumers\[0\]\.handlerArg must be a non-negative integer/],
    ['unknown-setting.json', /settings\.idempotency has an unknown property "consumer"/],
    ['unknown-key.json', /--config config\/unknown-key\.json has an unknown key "setting" \(allowed: settings, rules\)/],
    ['not-json.json', /--config config\/not-json\.json is not valid JSON: /],
    ['unknown-rule.json', /names an unknown rule "no-incremental-write" \(known: .*no-increment-write/],
  ];
  for (const [file, message] of invalid) {
    it(`rejects ${file} with exit code 2 and a message naming the problem`, async () => {
      const result = await runCli(['--config', `config/${file}`, 'project']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});
