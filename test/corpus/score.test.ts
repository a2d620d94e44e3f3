/**
 * Scoring of the real-world corpus (corpus/src/score.ts) on a synthetic corpus: labelled matches,
 * false alarms, judgements, and findings shown in the handler's file for a hazard labelled where it
 * is (another file).
 */
import { describe, expect, it } from 'vitest';
import type { Corpus, LabelledFile } from '../../corpus/src/data';
import { score, type Finding } from '../../corpus/src/score';

const REPO = 'acme/shop';

function corpus(files: LabelledFile[]): Corpus {
  return { root: '/corpus', repositories: [], labels: new Map([[REPO, { repo: REPO, commit: 'a'.repeat(40), files }]]), judgements: [] };
}

const controller: LabelledFile = {
  path: 'src/wallet.controller.ts',
  library: 'nestjs',
  handlers: [{ line: 10, name: 'onPaid', delivery: 'at-least-once' }],
  expect: [{ category: 'missing-dedup', line: 10, status: 'positive', crossFile: true, why: 'credits the wallet through WalletService' }],
  clean: { 'increment-write': 'in the service', 'ack-before-process': 'awaited' },
};
const service: LabelledFile = {
  path: 'src/wallet.service.ts',
  library: 'none',
  handlers: [],
  expect: [{ category: 'increment-write', line: 42, status: 'positive', crossFile: true, why: 'balance increment' }],
  clean: { 'missing-dedup': 'no handler here', 'ack-before-process': 'no handler here' },
};

function finding(path: string, line: number, rule: string, category: Finding['category'], message: string): Finding {
  return { repo: REPO, path, rule, category, line, endLine: line, message };
}

describe('score', () => {
  it('counts a finding at the call that names the labelled place in another file as that hazard', () => {
    const result = score(
      corpus([controller, service]),
      [
        finding('src/wallet.controller.ts', 10, 'require-dedup-check', 'missing-dedup', 'This handler runs … (via `walletService.credit(…)`, src/wallet.service.ts:42) without checking …'),
        finding('src/wallet.controller.ts', 12, 'no-increment-write', 'increment-write', '`wallet.update()` … is a relative write in this handler (via `walletService.credit(…)`, src/wallet.service.ts:42): …'),
      ],
      new Set([REPO]),
    );
    expect(result.labelled['increment-write']).toEqual({ tp: 1, fp: 0, fn: 0, ambiguous: 0 });
    expect(result.labelled['missing-dedup']).toEqual({ tp: 1, fp: 0, fn: 0, ambiguous: 0 });
    expect(result.falseAlarms).toEqual([]);
    expect(result.crossFileFound).toBe(2);
  });

  it('counts several handlers that reach one labelled hazard in a shared service once, and not as false alarms', () => {
    const message = '`channel.ack(msg)` (src/wallet.service.ts:30, 42) also runs after … failed';
    const result = score(
      corpus([controller, { ...service, expect: [{ category: 'ack-before-process', line: 42, status: 'positive', why: 'ack after a swallowing catch' }] }]),
      [10, 20, 30].map((line) => finding('src/wallet.controller.ts', line, 'no-ack-after-failure', 'ack-before-process', message)),
      new Set([REPO]),
    );
    expect(result.labelled['ack-before-process']).toEqual({ tp: 1, fp: 0, fn: 0, ambiguous: 0 });
    expect(result.falseAlarms).toEqual([]);
  });

  it('keeps a finding where it is shown when the named place is not a labelled hazard of its category', () => {
    const result = score(
      corpus([controller, service]),
      [finding('src/wallet.controller.ts', 12, 'no-increment-write', 'increment-write', '`x` is a relative write (via `svc.other(…)`, src/wallet.service.ts:90): …')],
      new Set([REPO]),
    );
    expect(result.labelled['increment-write']).toEqual({ tp: 0, fp: 1, fn: 1, ambiguous: 0 });
    expect(result.falseAlarms[0]?.finding.path).toBe('src/wallet.controller.ts');
  });

  it('asks for a judgement of findings in unlabelled files and scores precision over both', () => {
    const c = corpus([controller]);
    c.judgements.push({ repo: REPO, path: 'src/other.ts', rule: 'require-dedup-check', line: 5, verdict: 'FP', why: 'a cron job' });
    const result = score(
      c,
      [
        finding('src/wallet.controller.ts', 11, 'require-dedup-check', 'missing-dedup', 'This handler …'),
        finding('src/other.ts', 5, 'require-dedup-check', 'missing-dedup', 'This handler …'),
        finding('src/unknown.ts', 3, 'require-dedup-check', 'missing-dedup', 'This handler …'),
      ],
      new Set([REPO]),
    );
    expect(result.precision).toBe(0.5);
    expect(result.unjudged.map((f) => f.path)).toEqual(['src/unknown.ts']);
  });
});
