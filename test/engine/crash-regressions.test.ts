/**
 * Inputs that once made a rule throw (found by the crash sweep over real repositories and by
 * `npm run fuzz`), reduced to snippets of our own. Every rule, with and without an in-house consumer
 * configured, must lint them without an exception. In ESLint a throwing rule aborts the whole run.
 */
import { describe, expect, it } from 'vitest';
import { embeddedConfig } from '../../engine/src/config';
import { LintEngine } from '../../engine/src/lint-file';

const engines = [
  new LintEngine(embeddedConfig({ allRules: true })),
  new LintEngine(embeddedConfig({ allRules: true, settings: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }] } })),
];

const CASES: { name: string; file: string; code: string; findings?: number }[] = [
  {
    // The Lambda module followed the first declaration of `parse`: a bodyless overload signature.
    name: 'an exported function with overload signatures in a file mentioning Records',
    file: 'overload.ts',
    code: `// Records
function parse(event: string): string;
function parse(event: unknown): unknown { return event; }
export { parse };
`,
  },
  {
    name: 'an exported handler declared with `declare function` and re-exported',
    file: 'declared.ts',
    code: `// Records
export declare function handler(event: { Records: unknown[] }): Promise<void>;
declare function other(event: unknown): void;
export { other };
`,
  },
  {
    name: 'overloaded class methods registered as handlers',
    file: 'class-overload.ts',
    code: `import amqp from 'amqplib';
class Handler {
  onMessage(msg: amqp.ConsumeMessage): Promise<void>;
  onMessage(msg: amqp.ConsumeMessage | null): Promise<void>;
  async onMessage(msg: any): Promise<void> { await fetch('https://x', { method: 'POST', body: msg.content }); }
  abstractLike(msg: unknown): void;
}
export async function start(channel: amqp.Channel, handler: Handler) {
  await channel.consume('q', handler.onMessage.bind(handler));
  await channel.consume('q', new Handler().abstractLike);
}
`,
  },
  {
    // Message paths followed `records = records ?? []` back into itself until the stack ran out.
    name: 'a batch variable assigned from itself',
    file: 'self-assign.ts',
    code: `export async function handler(event: any) {
  let records = event.Records;
  records = records ?? [];
  for (const record of records) console.log(record.body);
}
`,
  },
  {
    name: 'two batch variables assigned from each other',
    file: 'mutual-assign.js',
    code: `exports.handler = async (event) => {
  let a = event.Records;
  let b = a;
  a = b;
  b = a || [];
  for (const r of b) await fetch('https://x', { method: 'POST', body: r.body });
};
`,
    findings: 1,
  },
  {
    // The Lambda module read `records[index]` as if it were `event.Records[0]` (a member of a member).
    name: 'records indexed through a local variable in a Lambda handler',
    file: 'indexed-records.ts',
    code: `exports.handler = async function (event: any) {
  const records: any[] = event.Records;
  for (const index in records) console.log(records[index].body, event.Records[index].cf);
};
`,
  },
];

describe('inputs that once crashed a rule', () => {
  for (const c of CASES) {
    it(c.name, () => {
      for (const engine of engines) {
        const outcome = engine.lintText(c.code, `/regressions/${c.file}`);
        expect(outcome.crashes ?? []).toEqual([]);
        expect(outcome.fatal).toBeUndefined();
        if (c.findings !== undefined) {
          expect(outcome.messages.filter((m) => m.ruleId === 'idempotency/require-dedup-check')).toHaveLength(c.findings);
        }
      }
    });
  }
});
