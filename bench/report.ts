/** The printed tables and the ratios/targets of results.json. */
import type { GrowthResult, GrowthSeries } from './growth';
import type { LspResult } from './lsp-latency';
import type { ProfileResult } from './profile';
import type { EslintStats, ThroughputResult } from './throughput';
import { round } from './stats';

export interface Target {
  name: string;
  /** Key in ratios / growth. */
  key: string;
  value: number | null;
  comparison: '<=';
  limit: number;
  pass: boolean | null;
}

export interface Ratios {
  recommendedOverParse: number | null;
  recommendedOverFloor: number | null;
  recommendedOverSonar: number | null;
  recommendedOverSecurity: number | null;
  allOverRecommended: number | null;
  engineOverRecommended: number | null;
  floorOverParse: number | null;
  serverP95OverParse: number | null;
  serverP95OverVscodeEslint: number | null;
  serverP50OverVscodeEslint: number | null;
}

export function caseMs(t: ThroughputResult | undefined, id: string): number | null {
  const c = t?.cases.find((x) => x.id === id);
  return c && Number.isFinite(c.msPerFile) ? c.msPerFile : null;
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return a != null && b != null && b > 0 ? round(a / b, 3) : null;
}

/** The LSP size closest to 3,000 lines. */
export function lspAt3000(lsp: LspResult | undefined): LspResult['sizes'][number] | undefined {
  if (!lsp || lsp.sizes.length === 0) return undefined;
  return [...lsp.sizes].sort((x, y) => Math.abs(x.lines - 3000) - Math.abs(y.lines - 3000))[0];
}

export function computeRatios(t: ThroughputResult | undefined, lsp: LspResult | undefined): Ratios {
  const at = lspAt3000(lsp);
  return {
    recommendedOverParse: ratio(caseMs(t, 'b'), caseMs(t, 'a')),
    recommendedOverFloor: ratio(caseMs(t, 'b'), caseMs(t, 'f')),
    recommendedOverSonar: ratio(caseMs(t, 'b'), caseMs(t, 'd')),
    recommendedOverSecurity: ratio(caseMs(t, 'b'), caseMs(t, 'e')),
    allOverRecommended: ratio(caseMs(t, 'c'), caseMs(t, 'b')),
    engineOverRecommended: ratio(caseMs(t, 'g'), caseMs(t, 'b')),
    floorOverParse: ratio(caseMs(t, 'f'), caseMs(t, 'a')),
    serverP95OverParse: ratio(at?.servers.ours.p95, at?.parseMs),
    serverP95OverVscodeEslint: ratio(at?.servers.ours.p95, at?.servers['vscode-eslint'].p95),
    serverP50OverVscodeEslint: ratio(at?.servers.ours.p50, at?.servers['vscode-eslint'].p50),
  };
}

export function computeTargets(ratios: Ratios, growth: { fileSizeSlope: number | null; handlerSizeSlope: number | null }): Target[] {
  const target = (name: string, key: string, value: number | null, limit: number): Target => ({
    name,
    key,
    value,
    comparison: '<=',
    limit,
    pass: value == null ? null : value <= limit,
  });
  return [
    target('recommended / floor (b/f)', 'ratios.recommendedOverFloor', ratios.recommendedOverFloor, 1.15),
    target('recommended / sonarjs (b/d)', 'ratios.recommendedOverSonar', ratios.recommendedOverSonar, 0.35),
    target('server p95 @3000 lines / bare parse', 'ratios.serverP95OverParse', ratios.serverP95OverParse, 1.5),
    target('server p95 @3000 lines / vscode-eslint p95', 'ratios.serverP95OverVscodeEslint', ratios.serverP95OverVscodeEslint, 0.5),
    target('file-size slope (recommended)', 'growth.fileSizeSlope', growth.fileSizeSlope, 1.2),
    target('handler-size slope (recommended)', 'growth.handlerSizeSlope', growth.handlerSizeSlope, 1.2),
  ];
}

// ------------------------------------------------------------------ printing

function table(headers: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => String(c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

const fmt = (v: number | null | undefined, digits = 3): string => (v == null || !Number.isFinite(v) ? '-' : v.toFixed(digits));
const mark = (pass: boolean | null): string => (pass == null ? '–' : pass ? '✅' : '❌');

export function throughputTable(t: ThroughputResult, stats?: EslintStats | null): string {
  const a = caseMs(t, 'a');
  const f = caseMs(t, 'f');
  const rows = t.cases.map((c) => {
    const ours = Object.entries(c.messages).filter(([k]) => k.startsWith('idempotency/')).reduce((n, [, v]) => n + v, 0);
    const all = Object.values(c.messages).reduce((n, v) => n + v, 0);
    const spread = c.repetitions.length > 1 ? `${fmt(Math.min(...c.repetitions))}-${fmt(Math.max(...c.repetitions))}` : '';
    const eslintOwn = stats && c.id.startsWith('rule:') ? fmt(stats.rules[`idempotency/${c.id.slice(5)}`] ?? null, 4) : '';
    return [c.id, c.label, fmt(c.msPerFile), spread, a != null ? fmt(c.msPerFile - a) : '-', fmt(ratio(c.msPerFile, a)), fmt(ratio(c.msPerFile, f)), c.messages.fatal ? `${all} (${c.messages.fatal} fatal)` : String(all), ours ? String(ours) : '', eslintOwn];
  });
  return table(['id', 'configuration', 'ms/file', 'range', '-parse', '×parse', '×floor', 'messages', 'ours', 'ESLint stats ms/file'], rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

export function eslintStatsTable(stats: EslintStats): string {
  const rows = Object.entries(stats.rules)
    .sort((x, y) => y[1] - x[1])
    .map(([id, ms]) => [id, fmt(ms, 4), `${fmt((100 * ms) / stats.totalMsPerFile, 1)} %`]);
  rows.push(['(parse)', fmt(stats.parseMsPerFile, 4), `${fmt((100 * stats.parseMsPerFile) / stats.totalMsPerFile, 1)} %`]);
  rows.push(['(total per file)', fmt(stats.totalMsPerFile, 4), '100 %']);
  return table(['rule (ESLint stats, recommended config)', 'ms/file', 'share'], rows, ['l', 'r', 'r']);
}

export function lspTable(lsp: LspResult): string {
  const rows = lsp.sizes.map((s) => [
    s.lines,
    s.diagnostics,
    fmt(s.servers.ours.p50, 1),
    fmt(s.servers.ours.p95, 1),
    fmt(s.servers['vscode-eslint'].p50, 1),
    fmt(s.servers['vscode-eslint'].p95, 1),
    fmt(s.parseMs, 1),
    fmt(s.recommendedInProcessMs, 1),
    fmt(ratio(s.servers.ours.p95, s.parseMs), 2),
    fmt(ratio(s.servers.ours.p95, s.servers['vscode-eslint'].p95), 2),
  ]);
  const lines = [
    table(['lines', 'diags', 'ours p50', 'ours p95', 'vscode-eslint p50', 'vscode-eslint p95', 'bare parse', 'recommended in-process', 'ours p95/parse', 'ours/theirs p95'], rows, Array(10).fill('r') as 'r'[]),
    '',
    `ours:          ${lsp.measuredAs.ours}`,
    `vscode-eslint: ${lsp.measuredAs['vscode-eslint']}`,
    `${lsp.sizes[0]?.edits ?? 0} timed edits per size (after warm-up), servers alternating, ${lsp.idleGapMs} ms idle after each edit; times in ms.`,
    '',
  ];
  const s = lsp.startToFirstDiagnosticsMs;
  lines.push(
    table(
      ['server', `start -> first diagnostics (${s.ours.fileLines} lines), ms`, `RSS after ${lsp.memoryAfterManyFiles.ours?.files ?? 0} open files, MB`, 'peak RSS, MB', 'open+lint all, ms'],
      (['ours', 'vscode-eslint'] as const).map((id) => [id, fmt(s[id].median, 0), fmt(lsp.memoryAfterManyFiles[id]?.rssMb, 1), fmt(lsp.memoryAfterManyFiles[id]?.peakRssMb, 1), fmt(lsp.memoryAfterManyFiles[id]?.lintAllMs, 0)]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
  );
  return lines.join('\n');
}

function seriesTable(s: GrowthSeries): string {
  return table(
    [s.unit, 'lines', 'recommended ms', 'floor ms', 'parse ms', 'rules ms (b-f)', 'b/a', 'b/f'],
    s.points.map((p) => [p.size, p.lines, fmt(p.recommendedMs, 1), fmt(p.floorMs, 1), fmt(p.parseMs, 1), fmt(p.rulesMs, 1), fmt(ratio(p.recommendedMs, p.parseMs), 2), fmt(ratio(p.recommendedMs, p.floorMs), 2)]),
    ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function growthTables(g: GrowthResult): string {
  const slopes = (s: GrowthSeries) => `log-log slope: recommended ${fmt(s.slope)}, bare parse ${fmt(s.parseSlope)}, floor ${fmt(s.floorSlope)}, our rules alone (b-f) ${fmt(s.rulesSlope)}`;
  return [
    'File size (concatenated corpus files):',
    seriesTable(g.fileSize),
    slopes(g.fileSize),
    '',
    'Handler size (ONE kafkajs eachMessage handler with N statements):',
    seriesTable(g.handlerSize),
    slopes(g.handlerSize),
  ].join('\n');
}

export function profileTable(p: ProfileResult): string {
  const areas = table(
    ['where (self time inside the Linter)', 'ms', 'share'],
    Object.entries(p.byArea).map(([k, v]) => [k, v.ms, `${fmt(v.percent, 1)} %`]),
    ['l', 'r', 'r'],
  );
  const entries = (title: string, list: ProfileResult['topOurs'], what: string) =>
    table(['#', title, 'location', `${what} ms`, 'share of lint'], list.map((e, i) => [i + 1, e.function, e.location, fmt(e.selfMs, 1), `${fmt(e.selfPercent, 2)} %`]), ['r', 'l', 'l', 'r', 'r']);
  return [
    `${p.subject} x ${p.passes} passes: ${p.sampledMs} ms sampled, ${p.lintMs} ms inside ESLint's Linter (the shares below are of that);`,
    `stacks with a rules/dist frame (our rules and what they call): ${p.oursInclusiveMs} ms = ${fmt(p.oursInclusivePercent, 1)} %; garbage collector (outside the Linter's stacks): ${p.gcMs} ms`,
    '',
    areas,
    '',
    'Top SELF time in OUR code (rules/dist):',
    entries('function', p.topOurs, 'self'),
    '',
    'Top INCLUSIVE time in OUR code (self + callees):',
    entries('function', p.topOursInclusive, 'incl.'),
    '',
    'Self time of code OUR code calls (outside rules/dist, under a rules/dist frame):',
    entries('function', p.calledFromOurs, 'self'),
  ].join('\n');
}

export function targetsTable(targets: Target[]): string {
  return table(
    ['target', 'value', 'limit', ''],
    targets.map((t) => [t.name, fmt(t.value), `<= ${t.limit}`, mark(t.pass)]),
    ['l', 'r', 'r', 'l'],
  );
}
