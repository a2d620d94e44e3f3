/**
 * `npm run fuzz [-- --seed S] [--count N] [--sources DIR[,DIR]] [--sweep DIR[,DIR]] [--save DIR]`
 *
 * Crash fuzzing of every rule (the `all` config, with and without an in-house consumer configured):
 * documents mutated from the example consumers (and from `--sources`: real files), linted through the
 * same engine as the command line and the language server. A rule that throws, or a suggestion whose
 * result does not parse while its input did, is a failure: the document is saved for a regression test.
 * `--sweep` lints every JS/TS file under the given folders instead (no mutation): the crash sweep.
 * Exit code 1 when anything failed.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import type { Linter } from 'eslint';
import ts from 'typescript';
import { embeddedConfig } from '../../engine/src/config';
import { LintEngine, MAX_FILE_BYTES } from '../../engine/src/lint-file';
import { readOptions } from '../../scripts/cli-options';
import { mutate, prng, type Mutation } from './mutate';

const root = process.env.IDEMPOTENCY_REPO_ROOT ?? path.resolve(__dirname, '../../..');
const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

interface Options {
  seed: number;
  count: number;
  sources: string[];
  sweep: string[];
  /** Documents to lint again as they are (saved failures), with every engine, timed. */
  replay: string[];
  save: string;
}

function parseOptions(argv: string[]): Options {
  const options = readOptions(argv, ['--seed', '--count', '--sources', '--sweep', '--save', '--replay']);
  const paths = (name: string) => options.list(name).map((p) => path.resolve(p));
  return {
    seed: options.number('--seed', 1),
    count: options.number('--count', 10_000),
    sources: paths('--sources'),
    sweep: paths('--sweep'),
    replay: paths('--replay'),
    save: path.resolve(options.value('--save') ?? path.join(root, '.cache/fuzz')),
  };
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git') walk(full, out);
    } else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
  }
}

/** Two engines: the `all` config, and the same with an in-house bus configured (the generic library). */
function engines(): LintEngine[] {
  return [
    new LintEngine(embeddedConfig({ allRules: true })),
    new LintEngine(embeddedConfig({ allRules: true, settings: { consumers: [{ callee: 'bus.subscribe', handlerArg: 1 }, { callee: 'events.on', handlerArg: 1, handlerMethod: 'handle' }] } })),
  ];
}

/** A document that takes longer than this to lint is a failure too: the editor lints on every keystroke. */
const SLOW_MS = 5000;
const MAX_REPARSES_PER_DOCUMENT = 12;
const MAX_REPARSED_BYTES = 200_000;

interface Failure {
  kind: 'crash' | 'suggestion-does-not-parse' | 'slow';
  signature: string;
  file: string;
  mutation: string;
}

function parses(text: string, filePath: string): boolean {
  try {
    parse(text, { ecmaVersion: 'latest', sourceType: 'module', jsx: /\.[jt]sx$/.test(filePath), filePath, range: true, loc: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * TypeScript's grammar errors (codes 1xxx: `export` inside a function, decorators where none may go)
 * that typescript-estree does not reject. A suggestion on such text cannot be expected to parse.
 */
function hasGrammarErrors(text: string, filePath: string): boolean {
  const fileName = filePath.replace(/\.(c|m)?js$/, '.$1ts').replace(/\.jsx$/, '.tsx');
  const host = ts.createCompilerHost({ noLib: true, noResolve: true, types: [] });
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) => (name === fileName ? ts.createSourceFile(name, text, version, true) : original(name, version));
  const program = ts.createProgram([fileName], { noLib: true, noResolve: true, types: [], jsx: ts.JsxEmit.Preserve, experimentalDecorators: true }, host);
  const source = program.getSourceFile(fileName);
  if (!source) return false;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].some((d) => d.code >= 1000 && d.code < 2000);
}

function parseTime(text: string, filePath: string): number {
  const started = process.hrtime.bigint();
  parses(text, filePath);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function applyFix(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

class Run {
  documents = 0;
  parsed = 0;
  suggestionsChecked = 0;
  /** Suggestions that do not parse on input with TypeScript grammar errors (not failures). */
  onInvalidInput = 0;
  /** Documents slower than SLOW_MS whose time is the parser's (not failures). */
  slowParses = 0;
  readonly failures: Failure[] = [];
  private readonly signatures = new Set<string>();
  private saved = 0;

  constructor(
    private readonly linters: LintEngine[],
    private readonly saveDir: string,
  ) {}

  lint(text: string, filePath: string, mutation: string): void {
    this.documents++;
    const linter = this.linters[this.documents % this.linters.length]!;
    let messages: Linter.LintMessage[];
    // The document being linted, on disk first: if it never finishes, it is there to look at.
    mkdirSync(this.saveDir, { recursive: true });
    writeFileSync(path.join(this.saveDir, `current${path.extname(filePath) || '.ts'}`), text);
    const started = process.hrtime.bigint();
    try {
      const outcome = linter.lintText(text, filePath);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (ms > SLOW_MS) {
        // Slow because the parser is (a 1 MB minified bundle), or because the rules are?
        const parseMs = parseTime(text, filePath);
        if (ms > 2 * parseMs + 1000) this.fail('slow', `took ${Math.round(ms)} ms, the parse alone ${Math.round(parseMs)} ms (${text.length} characters)`, text, filePath, mutation);
        else this.slowParses++;
      }
      for (const crash of outcome.crashes ?? []) this.fail('crash', `${crash.ruleId ?? '?'}: ${crash.message}`, text, filePath, mutation);
      messages = outcome.messages;
      if (outcome.fatal || outcome.skipped) return;
    } catch (error) {
      this.fail('crash', `engine threw: ${(error as Error).message.split('\n')[0]}`, text, filePath, mutation);
      return;
    }
    this.parsed++;
    // Each check re-parses the whole document: a few per document, and none on huge ones.
    let budget = text.length > MAX_REPARSED_BYTES ? 0 : MAX_REPARSES_PER_DOCUMENT;
    for (const message of messages) {
      if (budget <= 0) break;
      for (const suggestion of message.suggestions ?? []) {
        if (budget-- <= 0) break;
        this.suggestionsChecked++;
        if (!parses(applyFix(text, suggestion.fix), filePath)) {
          if (hasGrammarErrors(text, filePath)) this.onInvalidInput++;
          else this.fail('suggestion-does-not-parse', `${message.ruleId}: ${suggestion.desc}`, text, filePath, mutation);
        }
      }
      if (message.fix && budget-- > 0) {
        this.suggestionsChecked++;
        if (!parses(applyFix(text, message.fix), filePath)) this.fail('suggestion-does-not-parse', `${message.ruleId}: autofix`, text, filePath, mutation);
      }
    }
  }

  private fail(kind: Failure['kind'], signature: string, text: string, filePath: string, mutation: string): void {
    const key = `${kind}\0${signature}`;
    let file = filePath;
    if (!this.signatures.has(key) && this.saved < 200) {
      this.signatures.add(key);
      mkdirSync(this.saveDir, { recursive: true });
      file = path.join(this.saveDir, `${kind}-${++this.saved}${path.extname(filePath) || '.ts'}`);
      writeFileSync(file, text);
    }
    this.failures.push({ kind, signature, file, mutation });
  }
}

function report(run: Run, label: string): number {
  console.log(`${label}: ${run.documents} documents (${run.parsed} parsed), ${run.suggestionsChecked} suggestions and fixes re-parsed` + (run.onInvalidInput > 0 ? ` (${run.onInvalidInput} did not parse on input with TypeScript grammar errors: not counted)` : '') + (run.slowParses > 0 ? `; ${run.slowParses} documents took over ${SLOW_MS} ms, all of it the parser's (not counted)` : ''));
  const bySignature = new Map<string, Failure[]>();
  for (const f of run.failures) {
    const key = `${f.kind}: ${f.signature}`;
    bySignature.set(key, [...(bySignature.get(key) ?? []), f]);
  }
  for (const [signature, list] of bySignature) console.log(`  ${list.length} × ${signature}\n      e.g. ${list[0]!.file} (${list[0]!.mutation})`);
  console.log(run.failures.length === 0 ? 'no failures' : `${run.failures.length} failures (${bySignature.size} distinct)`);
  return run.failures.length === 0 ? 0 : 1;
}

function main(): number {
  const options = parseOptions(process.argv.slice(2));
  if (options.replay.length > 0) {
    for (const file of options.replay) {
      engines().forEach((engine, i) => {
        const started = process.hrtime.bigint();
        const outcome = engine.lintText(readFileSync(file, 'utf8'), file);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        console.log(`${file} (engine ${i}): ${Math.round(ms)} ms, ${outcome.messages.length} messages, ${(outcome.crashes ?? []).length} crashes${outcome.fatal ? `, ${outcome.fatal}` : ''}`);
      });
    }
    return 0;
  }
  const run = new Run(engines(), options.save);
  if (options.sweep.length > 0) {
    const files: string[] = [];
    for (const dir of options.sweep) walk(dir, files);
    let skipped = 0;
    for (const file of files) {
      let text: string;
      try {
        if (statSync(file).size > MAX_FILE_BYTES) {
          skipped++;
          continue;
        }
        text = readFileSync(file, 'utf8');
      } catch {
        skipped++;
        continue;
      }
      run.lint(text, file, 'sweep');
      if (run.documents % 5000 === 0) console.log(`  … ${run.documents} files`);
    }
    console.log(`swept ${files.length} JS/TS files (${skipped} over ${MAX_FILE_BYTES} bytes or unreadable)`);
    return report(run, 'sweep');
  }
  const sourceFiles: string[] = [];
  for (const dir of [path.join(root, 'examples'), path.join(root, '../shared/examples'), ...options.sources]) walk(dir, sourceFiles);
  if (sourceFiles.length === 0) throw new Error('no source documents found');
  const sources = sourceFiles.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const texts = sources.map((s) => s.text);
  const random = prng(options.seed);
  console.log(`fuzz: seed ${options.seed}, ${options.count} documents from ${sources.length} sources`);
  for (let i = 0; i < options.count; i++) {
    const source = sources[Math.floor(random() * sources.length)]!;
    const ext = path.extname(source.file);
    const tsx = random() < 0.1 && ext !== '.js';
    let mutation: Mutation = { name: '', text: source.text };
    const rounds = 1 + Math.floor(random() * 3);
    // Half the documents keep parsing (so every rule runs on them), half are broken as while typing.
    const valid = random() < 0.5;
    const names: string[] = [];
    for (let r = 0; r < rounds; r++) {
      mutation = mutate(mutation.text, random, texts, tsx, valid);
      names.push(mutation.name);
    }
    const name = `/fuzz/${i}/${path.basename(source.file, ext)}${tsx ? '.tsx' : ext}`;
    run.lint(mutation.text, name, `${path.relative(root, source.file)}: ${names.join(' → ')}`);
    if ((i + 1) % 1000 === 0) console.log(`  … ${i + 1} documents, ${run.failures.length} failures, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
  }
  return report(run, 'fuzz');
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
}
