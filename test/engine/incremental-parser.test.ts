/**
 * The incremental parser must give exactly what a full parse gives. Every example file is edited
 * many times (seeded random edits of the kinds typing produces: characters, deletions, pasted
 * statements, unclosed comments and strings, lines without semicolons), and after every edit the
 * AST, tokens, comments, scopes and our rules' messages of ESLint running the incremental parser
 * are compared with ESLint running @typescript-eslint/parser on the same text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { embeddedConfig } from '../../engine/src/config';
import { createIncrementalParser } from '../../engine/src/incremental-parser';
import { prng } from '../../fuzz/src/mutate';

const ROOT = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return filesUnder(file);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [file] : [];
  });
}

const CHARACTERS = 'abcxyz \n\t;{}()[]`\'"/*.,+-=<>@#!?:0';
const SNIPPETS = [
  '\nconst added = 1;\n',
  'await redis.incr(key);',
  '// a comment\n',
  '/* block */',
  '/*',
  '`',
  "'",
  '"use strict";\n',
  'foo()\n',
  '\n(bar)',
  '\n[1, 2].forEach(f)\n',
  '`t${a}`',
  'export default {}\n',
  'x\n',
  'async function added() {}\n',
  'if (a) {} else b = {}\n',
  '\n-1\n',
  '\nin y\n',
  ' as Foo',
  '\ntype T = A\n| B\n',
  'class K { m() { return 1 } }',
  '\r\n',
  '\u2028',
  'abstract\n',
  '}',
  '{',
  ';',
];

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/**
 * One edit: mostly what typing does to a file that parses (a word grows, a number changes, a line
 * is added, copied, removed or commented), sometimes something that breaks it or changes how the
 * lines around it join (a stray character, a deletion, an unclosed comment or string).
 */
function randomEdit(text: string, next: () => number): Edit {
  const at = Math.floor(next() * (text.length + 1));
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd);
  const kind = next();
  if (kind < 0.35) {
    // Grow the word (or number) at a random place.
    const word = /[A-Za-z_$0-9]+/g;
    const words = [...text.matchAll(word)];
    const target = words.length > 0 ? pick(words) : null;
    if (target?.index !== undefined) return { at: target.index + target[0].length, remove: 0, insert: /^[0-9]/.test(target[0]) ? '7' : 'x' };
  }
  if (kind < 0.5) return { at: lineStart, remove: 0, insert: pick(SNIPPETS) };
  if (kind < 0.6) return { at: lineStart, remove: 0, insert: `${line}\n` };
  if (kind < 0.65) return { at: lineStart, remove: line.length + 1, insert: '' };
  if (kind < 0.7) return { at: lineStart, remove: 0, insert: '// ' };
  if (kind < 0.8) return { at, remove: 0, insert: pick(SNIPPETS) };
  if (kind < 0.9) return { at, remove: 0, insert: pick([...CHARACTERS]) };
  return { at, remove: 1 + Math.floor(next() * 20), insert: '' };
}

function apply(text: string, edit: Edit): string {
  return text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.remove);
}

/** First difference between two ASTs (key order and `parent` ignored), or null. */
function difference(a: unknown, b: unknown, at = '$'): string | null {
  if (a === b) return null;
  const show = (value: unknown) => (typeof value === 'object' && value !== null ? `{type: ${String((value as { type?: unknown }).type)}}` : JSON.stringify(value));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${show(a)} vs ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((key) => key !== 'parent'));
  for (const key of keys) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Scopes as plain data: kind, block, variables and what each reference resolves to. */
function scopesOf(sourceCode: { scopeManager: { scopes: readonly unknown[] } | null }): unknown {
  type Scope = {
    type: string;
    block: { range: [number, number] };
    variables: { name: string; defs: unknown[]; references: unknown[] }[];
    references: { identifier: { range: [number, number] }; resolved: { name: string } | null }[];
  };
  return (sourceCode.scopeManager?.scopes as Scope[]).map((scope) => ({
    type: scope.type,
    block: scope.block.range,
    variables: scope.variables.map((v) => `${v.name}:${v.defs.length}:${v.references.length}`),
    references: scope.references.map((r) => `${r.identifier.range.join('-')}->${r.resolved?.name ?? '?'}`),
  }));
}

interface Comparison {
  /** Edits after which the text parsed. */
  parses: number;
  /** Of those, the ones the incremental parser spliced. */
  incremental: number;
}

/**
 * Edits `text` `count` times, comparing both parsers after every edit. `maxRegionShare: 1` splices
 * even edits of most of a small file, so that small files test the splice too.
 */
function compareOverEdits(file: string, text: string, count: number, seed: number): Comparison {
  const parser = createIncrementalParser({ maxRegionShare: 1 });
  const incremental = new Linter({ configType: 'flat', cwd: '/' });
  const reference = new Linter({ configType: 'flat', cwd: '/' });
  const incrementalConfig = embeddedConfig({}, parser);
  const referenceConfig = embeddedConfig();
  // Any extension is linted as the embedded config lints it.
  const filename = file;
  const next = prng(seed);
  let current = text;
  let lastGood = text;
  let parses = 0;
  for (let step = 0; step <= count; step++) {
    const edit = step === 0 ? null : randomEdit(current, next);
    const candidate = edit ? apply(current, edit) : current;
    const got = incremental.verify(candidate, incrementalConfig, { filename });
    const want = reference.verify(candidate, referenceConfig, { filename });
    const context = `${path.relative(ROOT, file)}, seed ${seed}, step ${step}`;
    expect(got, context).toEqual(want);
    const fatal = want.some((m) => m.fatal);
    if (!fatal) {
      parses++;
      const gotCode = incremental.getSourceCode();
      const wantCode = reference.getSourceCode();
      expect(difference(gotCode.ast, wantCode.ast), context).toBeNull();
      expect(scopesOf(gotCode as never), context).toEqual(scopesOf(wantCode as never));
      current = candidate;
      lastGood = candidate;
    } else {
      // Sometimes keep typing in a broken file for a step, as people do; else undo.
      current = current === lastGood && next() < 0.3 ? candidate : lastGood;
    }
  }
  parses--; // the first parse is never spliced
  return { parses, incremental: parser.stats.incremental };
}

const FILES = [...filesUnder(path.join(ROOT, 'examples')), ...filesUnder(path.resolve(ROOT, '../shared/examples'))];

describe('incremental parser equals a full parse', () => {
  it('finds the example files', () => {
    expect(FILES.length).toBeGreaterThan(90);
  });

  it('over random edits of every example file', () => {
    let parses = 0;
    let incrementalParses = 0;
    // About 4,000 edits in all, spread over however many example files there are.
    const editsPerFile = Math.max(10, Math.round(4000 / FILES.length));
    FILES.forEach((file, index) => {
      const result = compareOverEdits(file, readFileSync(file, 'utf8'), editsPerFile, 1000 + index);
      parses += result.parses;
      incrementalParses += result.incremental;
    });
    // The comparison means something only if many parses were spliced.
    expect(parses).toBeGreaterThan(1500);
    expect(incrementalParses / parses).toBeGreaterThan(0.5);
  });

  it('over a long session of edits to one large file', () => {
    const text = FILES.filter((f) => f.endsWith('.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n;\n');
    const result = compareOverEdits(path.join(ROOT, 'big.ts'), text, 30, 7);
    expect(result.incremental / result.parses).toBeGreaterThan(0.5);
  });
});

describe('incremental parser: what is never spliced', () => {
  const file = path.join(ROOT, 'x.ts');
  const base = 'import { a } from "a";\nfoo()\nconst b = 1;\n';

  function parseTwice(first: string, second: string, options: Record<string, unknown> = {}) {
    const parser = createIncrementalParser();
    const parse = parser.parseForESLint as unknown as (text: string, options: object) => unknown;
    const all = { sourceType: 'module', ecmaVersion: 'latest', filePath: file, ...options };
    for (const text of [first, second]) {
      try {
        parse(text, all);
      } catch {
        // A type-aware parse without a project fails; only which path was taken matters here.
      }
    }
    return parser.stats;
  }

  it('splices an edit inside one statement', () => {
    expect(parseTwice(base, base.replace('b = 1', 'b = 2')).incremental).toBe(1);
  });

  it('fails like a full parse when a deletion joins two lines without a semicolon', () => {
    // `foo` and `bar` end up on one line: a syntax error. The seam check must look at the new text.
    const parser = createIncrementalParser();
    const options = { sourceType: 'module', ecmaVersion: 'latest', filePath: file } as const;
    parser.parseForESLint('x = 1;\nfoo\n//c\n  bar\n', options);
    expect(() => parser.parseForESLint('x = 1;\nfoo   bar\n', options)).toThrow();
    expect(parser.stats.full.seam).toBe(1);
  });

  it('does a full parse when a line without a semicolon may now continue', () => {
    expect(parseTwice(base, base.replace('const b', '(b)')).full.seam).toBe(1);
  });

  it('does a full parse when the edited statements do not parse alone', () => {
    expect(parseTwice(base, base.replace('const b = 1;', '/* const b = 1;')).full['region-parse-error']).toBe(1);
  });

  it('does a full parse when a string statement is involved (directives)', () => {
    expect(parseTwice(base, base.replace('const b = 1;', '"use strict";')).full.directive).toBe(1);
  });

  it('does a full parse of scripts and of type-aware parses', () => {
    expect(parseTwice(base, base.replace('b = 1', 'b = 2'), { sourceType: 'script' }).full['not-a-module']).toBe(2);
    expect(parseTwice(base, base.replace('b = 1', 'b = 2'), { programs: [] }).full['type-aware']).toBe(2);
  });
});
