/**
 * Growth: time of our recommended config (and of the bare parse) against file size and against the
 * size of ONE handler, with the log-log slope of each series (1 = linear).
 */
import { bigHandlerFile, concatenatedFile } from './corpus';
import { type ConfigCase, floor, newLinter, parseOnly, recommended, virtualPath } from './configs';
import { gc, logLogSlope, median, now, rotate, round } from './stats';

export interface GrowthPoint {
  size: number;
  lines: number;
  recommendedMs: number;
  parseMs: number;
  /** One no-op Identifier rule: the parse plus ESLint's traversal. */
  floorMs: number;
  /** recommended - floor: what our rules add beyond ESLint's own traversal. */
  rulesMs: number;
}

export interface GrowthSeries {
  unit: string;
  points: GrowthPoint[];
  /** Least-squares slope of log(time) on log(size). */
  slope: number;
  parseSlope: number;
  floorSlope: number;
  /** Slope of (recommended - floor): our rules' own growth. */
  rulesSlope: number;
}

export interface GrowthResult {
  repetitions: number;
  fileSize: GrowthSeries;
  handlerSize: GrowthSeries;
}

function measureSeries(unit: string, inputs: { size: number; text: string }[], repetitions: number, log: (line: string) => void): GrowthSeries {
  const linter = newLinter();
  const cases: ConfigCase[] = [recommended(), parseOnly(), floor()];
  const filename = virtualPath(`growth/${unit}.ts`);
  const points: GrowthPoint[] = [];
  for (const input of inputs) {
    const samples: Record<string, number[]> = { b: [], a: [], f: [] };
    // One warm-up each, then interleaved repetitions.
    for (const c of cases) linter.verify(input.text, c.config, { filename });
    for (let rep = 0; rep < repetitions; rep++) {
      for (const c of rotate(cases, rep)) {
        gc();
        const t = now();
        const messages = linter.verify(input.text, c.config, { filename });
        samples[c.id]!.push(now() - t);
        const fatal = messages.find((m) => m.fatal);
        if (fatal) throw new Error(`growth: ${unit} ${input.size} does not parse: line ${fatal.line}: ${fatal.message}`);
      }
    }
    const recommendedMs = median(samples.b!);
    const parseMs = median(samples.a!);
    const floorMs = median(samples.f!);
    const point = {
      size: input.size,
      lines: input.text.split('\n').length - 1,
      recommendedMs: round(recommendedMs, 2),
      parseMs: round(parseMs, 2),
      floorMs: round(floorMs, 2),
      rulesMs: round(Math.max(0.01, recommendedMs - floorMs), 2),
    };
    points.push(point);
    log(`  ${unit} ${String(input.size).padStart(6)} (${point.lines} lines): recommended ${point.recommendedMs} ms, floor ${point.floorMs} ms, parse ${point.parseMs} ms`);
  }
  return {
    unit,
    points,
    slope: round(logLogSlope(points.map((p) => ({ x: p.size, y: p.recommendedMs }))), 3),
    parseSlope: round(logLogSlope(points.map((p) => ({ x: p.size, y: p.parseMs }))), 3),
    floorSlope: round(logLogSlope(points.map((p) => ({ x: p.size, y: p.floorMs }))), 3),
    rulesSlope: round(logLogSlope(points.map((p) => ({ x: p.size, y: p.rulesMs }))), 3),
  };
}

export function measureGrowth(options: { seed: number; fileSizes: number[]; handlerSizes: number[]; repetitions: number; log: (line: string) => void }): GrowthResult {
  const files = options.fileSizes.map((size) => ({ size, text: concatenatedFile(options.seed, size, 20_000).text }));
  const handlers = options.handlerSizes.map((size) => ({ size, text: bigHandlerFile(size, options.seed) }));
  return {
    repetitions: options.repetitions,
    fileSize: measureSeries('lines', files, options.repetitions, options.log),
    handlerSize: measureSeries('statements', handlers, options.repetitions, options.log),
  };
}
