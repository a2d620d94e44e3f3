/** Exit codes and usage errors: 0 clean, 1 findings, 2 usage / configuration / I/O problems. */
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from './helpers';

requireBuiltCli();

describe('exit codes', () => {
  it('is 0 with no findings and prints nothing', async () => {
    const result = await runCli(['project/src/lib', 'project/src/consumers/payments-consumer.ts']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('is 1 when there are errors', async () => {
    const result = await runCli(['project/src/consumers/inventory-consumer.ts']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('idempotency/no-increment-write');
  });

  it('is 0 for warnings alone, 1 once --max-warnings is exceeded', async () => {
    const args = ['--config', 'config/warn-increments.json', 'project/src/consumers/inventory-consumer.ts'];
    const warned = await runCli(args);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/20:45\s+warning\s+.*idempotency\/no-increment-write/);
    expect((await runCli([...args, '--max-warnings', '1'])).code).toBe(0);
    const exceeded = await runCli([...args, '--max-warnings', '0']);
    expect(exceeded.code).toBe(1);
    expect(exceeded.stderr).toContain('too many warnings (1, maximum 0)');
  });

  it('--quiet shows errors only', async () => {
    const quiet = await runCli(['--quiet', '--config', 'config/warn-increments.json', 'project/src/consumers/inventory-consumer.ts']);
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    const errors = await runCli(['--quiet', 'project/src/consumers/inventory-consumer.ts']);
    expect(errors.code).toBe(1);
    expect(errors.stdout).toContain('idempotency/no-increment-write');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: idempotency-lint \[options\] \[paths\.\.\.\]/);
    for (const option of ['--format', '--output-file', '--config', '--fix', '--quiet', '--max-warnings', '--version']) {
      expect(help.stdout).toContain(option);
    }
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^idempotency-lint \d+\.\d+\.\d+ \(eslint-plugin-idempotency \d+\.\d+\.\d+, ESLint \d+\.\d+\.\d+\)\n$/);
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown option', ['--nope', 'project'], /unknown option '--nope'/],
    ['an unknown short option', ['-x', 'project'], /unknown option '-x'/],
    ['an unknown format', ['--format', 'checkstyle', 'project'], /unknown format 'checkstyle' \(expected stylish, json, sarif\)/],
    ['a missing option value', ['project', '--format'], /option --format needs a value/],
    ['a bad --max-warnings', ['--max-warnings', 'many', 'project'], /--max-warnings needs a non-negative integer/],
    ['a value on a flag', ['--fix=yes', 'project'], /option --fix does not take a value/],
    ['a path that does not exist', ['project', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['a missing --config file', ['--config', 'config/nope.json', 'project'], /cannot read --config config\/nope\.json/],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`is 2 with one clear line for ${what}`, async () => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/^idempotency-lint: [^\n]+\n$/);
    });
  }
});
