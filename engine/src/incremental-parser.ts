/**
 * An ESLint parser that wraps @typescript-eslint/parser and, for a file it parsed before, reparses
 * only the top-level statements an edit touched.
 *
 * Why: in the editor every keystroke is a full lint, and most of its time is typescript-estree
 * turning the whole file into ESTree nodes and tokens. An edit usually changes one statement; the
 * others' nodes are reused with their positions shifted, and only scope analysis (which needs the
 * whole tree) runs over everything again.
 *
 * The result must be exactly what a full parse gives, so the editor shows what the CLI shows. The
 * splice is used only when that is certain, and a full parse is done otherwise:
 * - the edited statements, reparsed alone, parse without error (an unclosed comment, string or
 *   template, which would change how the rest of the file lexes, is a parse error on its own);
 * - at both seams the statement before is closed (`;`, or a block that ends it), or the statement
 *   after starts on a new line with a word that cannot continue an expression (automatic semicolon
 *   insertion then ends the one before, as it did in the full parse), and no line comment runs
 *   into the statement after;
 * - no string directive is involved ("use strict" is one only at the top of the program);
 * - ES modules only (in a script, TypeScript decides what `await` is from the whole file), and no
 *   type-aware parsing (its program and node maps cover the whole file).
 * Test: test/engine/incremental-parser.test.ts compares it with full parses over thousands of edits.
 *
 * Parser services: their node maps cover only the reparsed statements (our rules do not use them).
 */
import * as tsParser from '@typescript-eslint/parser';
import { analyze } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/types';

type ParseResult = ReturnType<typeof tsParser.parseForESLint>;
type ParserOptions = tsParser.ParserOptions & { filePath?: string };
type Token = TSESTree.Token;
type Comment = TSESTree.Comment;
type Statement = TSESTree.ProgramStatement;
type Position = TSESTree.Position;
type VisitorKeys = ParseResult['visitorKeys'];

/** Why a parse was a full one. */
export type FullParseReason =
  | 'first-parse'
  | 'options-changed'
  | 'not-a-module'
  | 'type-aware'
  | 'large-edit'
  | 'region-parse-error'
  | 'directive'
  | 'seam'
  | 'splice-failed';

export interface IncrementalParserStats {
  incremental: number;
  full: Partial<Record<FullParseReason, number>>;
}

/** An ESLint parser object (`meta` and `parseForESLint`), with what it did. */
export interface IncrementalParser {
  readonly meta: { name: string; version: string };
  parseForESLint(text: string, options?: ParserOptions): ParseResult;
  readonly stats: IncrementalParserStats;
  /** Forget a file (closed in the editor). */
  forget(filePath: string): void;
}

interface Remembered {
  text: string;
  optionsKey: string;
  result: ParseResult;
}

/** Files remembered (the most recently parsed: the ones being edited); each holds a whole AST. */
const DEFAULT_CAPACITY = 4;
/** An edit whose statements cover more of the file than this is parsed in full (no gain). */
const MAX_REGION_SHARE = 0.5;

export interface IncrementalParserOptions {
  /** Files remembered (the most recently parsed). */
  capacity?: number;
  /** Parse in full when the edited statements are more than this share of the file. */
  maxRegionShare?: number;
}

export function createIncrementalParser({ capacity = DEFAULT_CAPACITY, maxRegionShare = MAX_REGION_SHARE }: IncrementalParserOptions = {}): IncrementalParser {
  const files = new Map<string, Remembered>();
  const stats: IncrementalParserStats = { incremental: 0, full: {} };

  function full(text: string, options: ParserOptions, reason: FullParseReason): ParseResult {
    stats.full[reason] = (stats.full[reason] ?? 0) + 1;
    return tsParser.parseForESLint(text, options);
  }

  function parseForESLint(text: string, options: ParserOptions = {}): ParseResult {
    if (!isPlainModuleParse(options)) {
      return full(text, options, options.sourceType === 'module' ? 'type-aware' : 'not-a-module');
    }
    const key = options.filePath ?? '';
    const optionsKey = JSON.stringify(options);
    const previous = files.get(key);
    let result: ParseResult;
    if (!previous) result = full(text, options, 'first-parse');
    else if (previous.optionsKey !== optionsKey) result = full(text, options, 'options-changed');
    else {
      const spliced = spliceOrReason(previous, text, options, maxRegionShare);
      // A failed splice may have moved some of the previous nodes: they are never used again.
      if (spliced === 'splice-failed') files.delete(key);
      if (typeof spliced === 'string') result = full(text, options, spliced);
      else {
        stats.incremental++;
        result = spliced;
      }
    }
    // Reached only when the text parsed (a parse error throws). Until then the last text that
    // parsed stays remembered: typing passes through broken states, and the next good one is
    // spliced from it.
    files.delete(key);
    files.set(key, { text, optionsKey, result });
    if (files.size > capacity) files.delete(files.keys().next().value as string);
    return result;
  }

  return {
    meta: { name: 'idempotency-incremental-typescript-parser', version: tsParser.version },
    parseForESLint,
    stats,
    forget: (filePath) => void files.delete(filePath),
  };
}

function spliceOrReason(previous: Remembered, text: string, options: ParserOptions, maxRegionShare: number): ParseResult | FullParseReason {
  // The same text again (a settings change, a save): the same nodes, a fresh scope analysis.
  if (previous.text === text) return { ...previous.result, scopeManager: analyze(previous.result.ast, analyzeOptions(options)) };
  try {
    return reparseEdit(previous, text, options, maxRegionShare);
  } catch {
    // A bug here must never cost a lint: the full parse decides.
    return 'splice-failed';
  }
}

/** Not type-aware, ES module: the cases where a statement parses the same alone as in its file. */
function isPlainModuleParse(options: ParserOptions): boolean {
  const typeAware = options.project != null && options.project !== false;
  return options.sourceType === 'module' && !typeAware && !options.projectService && !options.programs;
}

/** The parse of `text` built from `previous`, or why it has to be a full parse. */
function reparseEdit(previous: Remembered, text: string, options: ParserOptions, maxRegionShare: number): ParseResult | FullParseReason {
  const oldText = previous.text;
  const oldAst = previous.result.ast;
  const edit = changedRange(oldText, text);
  const body = oldAst.body;

  const oldTokens = oldAst.tokens ?? [];
  // Where statement `index` really starts: its first token. The range of `@Controller() export
  // class …` starts at `export`, after the decorator that belongs to it.
  const extentStart = (index: number): number =>
    index === 0 ? 0 : (oldTokens[firstIndex(oldTokens, (t) => t.range[0] >= body[index - 1]!.range[1])]?.range[0] ?? oldText.length);

  // The statements the edit touches, with the comments and whitespace around them.
  const first = firstIndex(body, (s) => s.range[1] >= edit.start);
  const next = firstIndexOf(body.length, (index) => extentStart(index) > edit.oldEnd);
  const regionStart = first > 0 ? body[first - 1]!.range[1] : 0;
  const oldRegionEnd = next < body.length ? extentStart(next) : oldText.length;
  const newRegionEnd = oldRegionEnd + edit.delta;
  if (newRegionEnd - regionStart > maxRegionShare * text.length) return 'large-edit';

  // Reparse the region at its place: the text before it blanked (newlines kept), so the region's
  // offsets, lines and columns come out right without shifting.
  let region: ParseResult;
  try {
    region = tsParser.parseForESLint(blankOut(text, regionStart) + text.slice(regionStart, newRegionEnd), options);
  } catch {
    return 'region-parse-error';
  }
  const suffix = body.slice(next);
  if (region.ast.body.some(isDirective) || (suffix[0] !== undefined && isStringStatement(suffix[0]))) return 'directive';

  const oldComments = oldAst.comments ?? [];
  const prefixTokens = oldTokens.slice(0, firstIndex(oldTokens, (t) => t.range[1] > regionStart));
  const suffixTokens = oldTokens.slice(firstIndex(oldTokens, (t) => t.range[0] >= oldRegionEnd));
  const suffixComments = oldComments.slice(firstIndex(oldComments, (c) => c.range[0] >= oldRegionEnd));
  const regionTokens = region.ast.tokens ?? [];
  const before = first > 0 ? body[first - 1] : undefined;
  const lastRegion = region.ast.body.at(-1) ?? before;
  const lastRegionToken = regionTokens.at(-1) ?? prefixTokens.at(-1);
  // A line comment that the region's end cut short goes on into the next statement in the file.
  const lastRegionComment = region.ast.comments?.at(-1);
  if (lastRegionComment?.type === 'Line' && lastRegionComment.range[1] === newRegionEnd && newRegionEnd < text.length) return 'seam';
  // Where the first old token after the region starts in the new text (it is not shifted yet).
  const suffixStart = suffixTokens[0] && { token: suffixTokens[0], start: suffixTokens[0].range[0] + edit.delta };
  const regionStartToken = regionTokens[0] && { token: regionTokens[0], start: regionTokens[0].range[0] };
  if (!seamHolds(before, prefixTokens.at(-1), regionStartToken ?? suffixStart, text)) return 'seam';
  if (!seamHolds(lastRegion, lastRegionToken, suffixStart, text)) return 'seam';

  const oldRegionEndLocation = suffixTokens[0]?.loc.start ?? suffixComments[0]?.loc.start ?? { line: 0, column: 0 };
  const shifter = new Shifter(text, { ...oldRegionEndLocation, offset: suffixTokens[0]?.range[0] ?? suffixComments[0]?.range[0] ?? oldText.length }, edit.delta);
  for (const statement of suffix) shifter.shiftTree(statement, region.visitorKeys);
  for (const token of suffixTokens) shifter.shiftLocated(token);
  for (const comment of suffixComments) shifter.shiftLocated(comment);

  const ast: TSESTree.Program & { tokens: Token[]; comments: Comment[] } = {
    ...region.ast,
    body: [...body.slice(0, first), ...region.ast.body, ...suffix],
    comments: [
      ...oldComments.slice(0, firstIndex(oldComments, (c) => c.range[1] > regionStart)),
      ...(region.ast.comments ?? []),
      ...suffixComments,
    ],
    tokens: [...prefixTokens, ...regionTokens, ...suffixTokens],
    range: [0, text.length],
    loc: { start: { line: 1, column: 0 }, end: shifter.positionAt(text.length) },
  };
  return { ...region, ast, scopeManager: analyze(ast, analyzeOptions(options)) };
}

/** What @typescript-eslint/parser passes to scope analysis when there is no type-aware program. */
function analyzeOptions(options: ParserOptions): Parameters<typeof analyze>[1] {
  return {
    globalReturn: options.ecmaFeatures?.globalReturn,
    jsxFragmentName: options.jsxFragmentName,
    jsxPragma: options.jsxPragma,
    lib: options.lib,
    sourceType: options.sourceType === 'module' ? 'module' : 'script',
  };
}

interface ChangedRange {
  /** First differing offset (same in both texts). */
  start: number;
  /** End of the changed part in the old text. */
  oldEnd: number;
  /** New length minus old length. */
  delta: number;
}

function changedRange(oldText: string, text: string): ChangedRange {
  const max = Math.min(oldText.length, text.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === text.charCodeAt(start)) start++;
  let common = 0;
  while (common < max - start && oldText.charCodeAt(oldText.length - 1 - common) === text.charCodeAt(text.length - 1 - common)) common++;
  return { start, oldEnd: oldText.length - common, delta: text.length - oldText.length };
}

/** `text` up to `end` with every character but line breaks replaced by a space. */
function blankOut(text: string, end: number): string {
  return text.slice(0, end).replace(/[^\r\n\u2028\u2029]/g, ' ');
}

/** Index of the first element of a position-sorted array for which `isAfter` holds (binary search). */
function firstIndex<T>(items: readonly T[], isAfter: (item: T) => boolean): number {
  return firstIndexOf(items.length, (index) => isAfter(items[index]!));
}

/** The first index below `length` for which the monotonic `isAfter` holds, else `length`. */
function firstIndexOf(length: number, isAfter: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isAfter(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function isStringStatement(statement: Statement): boolean {
  return statement.type === 'ExpressionStatement' && statement.expression.type === 'Literal' && typeof statement.expression.value === 'string';
}

function isDirective(statement: Statement): boolean {
  return statement.type === 'ExpressionStatement' && statement.directive !== undefined;
}

/** Words that continue the expression before them even on a new line. */
const CONTINUING_WORDS = new Set(['in', 'instanceof', 'as', 'satisfies', 'of', 'extends', 'implements']);
/** Words that, ending a statement without `;`, may join what the next line starts (modifiers, prefix operators). */
const JOINING_WORDS = new Set([
  'abstract', 'accessor', 'async', 'await', 'declare', 'default', 'delete', 'export', 'get', 'global', 'interface',
  'let', 'module', 'namespace', 'new', 'override', 'private', 'protected', 'public', 'readonly', 'return', 'set',
  'static', 'throw', 'type', 'typeof', 'void', 'yield',
]);

/**
 * Whether the statement `before` (ending with `lastToken`, a token of the new text) ends where it
 * did in the full parse when `next` (a token, and where it starts in the new text) follows it.
 */
function seamHolds(before: Statement | undefined, lastToken: Token | undefined, next: { token: Token; start: number } | undefined, text: string): boolean {
  if (!before || !lastToken || !next) return true;
  if (lastToken.type === 'Punctuator' && lastToken.value === ';') return true;
  if (lastToken.type === 'Punctuator' && lastToken.value === '}' && endsWithBlock(before)) return true;
  const isWord = next.token.type === 'Keyword' || next.token.type === 'Identifier';
  const lastIsJoiningWord = (lastToken.type === 'Keyword' || lastToken.type === 'Identifier') && JOINING_WORDS.has(lastToken.value);
  return isWord && !CONTINUING_WORDS.has(next.token.value) && !lastIsJoiningWord && hasLineBreak(text, lastToken.range[1], next.start);
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  return /[\r\n\u2028\u2029]/.test(text.slice(from, to));
}

/** Statements whose final `}` closes them: nothing after it can continue them. */
function endsWithBlock(statement: TSESTree.Node): boolean {
  switch (statement.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'BlockStatement':
    case 'TryStatement':
    case 'SwitchStatement':
    case 'TSInterfaceDeclaration':
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
      return true;
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      return statement.declaration != null && endsWithBlock(statement.declaration);
    case 'IfStatement':
      return endsWithBlock(statement.alternate ?? statement.consequent);
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'LabeledStatement':
      return endsWithBlock(statement.body);
    default:
      return false;
  }
}

interface Located {
  range: [number, number];
  loc: { start: Position; end: Position };
}

/**
 * Moves nodes, tokens and comments that followed the edit to their place in the new text. Their
 * lines move by the number of lines the edit added; only on the line where the edit ended do
 * columns move too.
 */
class Shifter {
  private readonly lineStarts: number[];
  private readonly oldLine: number;
  private readonly lineDelta: number;
  private readonly columnDelta: number;

  constructor(
    text: string,
    /** Old offset from which everything moves (the end of the reparsed region). */
    from: Position & { offset: number },
    private readonly delta: number,
  ) {
    this.lineStarts = lineStartsOf(text);
    const moved = this.positionAt(from.offset + delta);
    this.oldLine = from.line;
    this.lineDelta = moved.line - from.line;
    this.columnDelta = moved.column - from.column;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! };
  }

  private moved(position: Position): Position {
    return position.line === this.oldLine
      ? { line: position.line + this.lineDelta, column: position.column + this.columnDelta }
      : { line: position.line + this.lineDelta, column: position.column };
  }

  /**
   * Gives `item` a new range and location. They are replaced, never changed in place:
   * typescript-estree shares some between a node and its child (`import a from`, type predicates).
   */
  shiftLocated(item: Located): void {
    item.range = [item.range[0] + this.delta, item.range[1] + this.delta];
    item.loc = { start: this.moved(item.loc.start), end: this.moved(item.loc.end) };
  }

  /**
   * Shifts `root` and every node under it, following the visitor keys (what ESLint and rules
   * traverse); a node type without keys has all its properties searched. typescript-estree never
   * puts one node in two places, so each is reached once.
   */
  shiftTree(root: TSESTree.Node, visitorKeys: VisitorKeys): void {
    const stack: object[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as Located & Record<string, unknown> & { type: string };
      this.shiftLocated(node);
      const keys = visitorKeys[node.type] ?? Object.keys(node).filter((key) => key !== 'parent');
      for (const key of keys) {
        const value = node[key];
        if (typeof value !== 'object' || value === null) continue;
        if (Array.isArray(value)) {
          for (const item of value) if (isNode(item)) stack.push(item);
        } else if (isNode(value)) stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && Array.isArray((value as { range?: unknown }).range);
}

/** Offsets where lines start, with TypeScript's line breaks (CRLF, CR, LF, LS, PS). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  return starts;
}
