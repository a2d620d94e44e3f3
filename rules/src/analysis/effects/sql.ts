/**
 * Reads the parts of a SQL write statement that decide idempotency: the verb, the table, columns
 * assigned relative to themselves (`n = n + $1`), conflict handling, server-generated keys, and a
 * dedup insert in a CTE that guards the statement itself. A light scanner, not a SQL parser: it only
 * has to be right about the shapes consumers write.
 */

export type SqlVerb = 'insert' | 'update' | 'delete' | 'merge' | 'replace' | 'select';

export interface SqlStatement {
  verb: SqlVerb;
  table: string | null;
  /** Columns whose new value is computed from their old value. */
  relativeColumns: string[];
  /** The first relative assignment as written (`rating_sum = rating_sum + $1`), for messages. */
  relativeAssignment: string | null;
  /** ON CONFLICT DO NOTHING / INSERT IGNORE / NOT EXISTS: inserting twice is a no-op. */
  ignoresConflicts: boolean;
  /** ON CONFLICT DO UPDATE / ON DUPLICATE KEY UPDATE. */
  upserts: boolean;
  /** VALUES use a server-generated key (gen_random_uuid(), uuid_generate_v4(), NEWID()). */
  serverGeneratedKey: boolean;
  /** A CTE inserts into `cteInsertTable` with DO NOTHING: the statement is guarded by that insert. */
  cteInsertTable: string | null;
  /**
   * A CTE whose rows feed the main statement returns nothing on a second run: `DELETE … RETURNING`
   * (the rows are gone) or `UPDATE … WHERE col IS DISTINCT FROM new … RETURNING` (nothing changes).
   * Says how, for messages.
   */
  cteStateGuard: string | null;
  /** Offset in the original text of the main statement's verb, for rewriting. */
  mainStart: number;
}

const MAIN_VERB = /\b(insert\s+(?:ignore\s+)?into|update\s+(?:only\s+)?[\w."`[\]]+\s+(?:(?:as\s+)?(?!set\b)\w+\s+)?set|delete\s+from|merge\s+into|replace\s+into|select)\b/gi;

/** Replaces string literals and comments with spaces (same length) so keywords inside them are ignored. */
export function maskSql(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" ) {
      let j = i + 1;
      while (j < text.length && !(text[j] === "'" && text[j + 1] !== "'")) j += text[j] === "'" ? 2 : 1;
      out += ' '.repeat(Math.min(j + 1, text.length) - i);
      i = j + 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const j = end < 0 ? text.length : end;
      out += ' '.repeat(j - i);
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? text.length : end + 2;
      out += ' '.repeat(j - i);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function depthAt(masked: string): Int32Array {
  const depth = new Int32Array(masked.length + 1);
  let d = 0;
  for (let i = 0; i < masked.length; i++) {
    depth[i] = d;
    const c = masked[i];
    if (c === '(') d++;
    else if (c === ')') d = Math.max(0, d - 1);
  }
  depth[masked.length] = d;
  return depth;
}

/** Splits on commas at parenthesis depth 0, returning [start, end) offsets. */
function splitTopLevel(text: string): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, text.length]);
  return parts;
}

function cleanIdentifier(raw: string): string {
  const last = raw.split('.').pop() ?? raw;
  return last.replace(/^["`[]|["`\]]$/g, '').toLowerCase();
}

/**
 * Named parameters name the value, not the column: pg-promise `$/symbol/`, `${symbol}`, `$(symbol)`,
 * `$<symbol>`, `$[symbol]` (with filters: `$/metadata:json/`, `$/id^/`); `:symbol` (knex, Sequelize; not a `::type` cast); `@symbol` (mssql).
 */
const NAMED_PARAMETER = /\$(\/[\w.$:^~]+\/|\{[\w.$:^~]+\}|\([\w.$:^~]+\)|<[\w.$:^~]+>|\[[\w.$:^~]+\])|(?<![:\w]):[A-Za-z_]\w*|@[A-Za-z_]\w*/g;

/**
 * `balance = balance + $1`, `n = COALESCE(n, 0) + 1`, `tags = array_append(tags, $1)`: relative
 * assignments of a SET clause. `masked` has string literals blanked; `original` is the same clause
 * as written (for messages). With `concatenation: 'evident'`, `||` counts only when what it appends
 * is written as an array or text (`col || :value` may as well be a jsonb merge).
 */
export function relativeAssignments(masked: string, original: string = masked, options: { concatenation?: 'any' | 'evident' } = {}): { column: string; text: string }[] {
  const out: { column: string; text: string }[] = [];
  for (const [from, to] of splitTopLevel(masked)) {
    const part = masked.slice(from, to);
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const column = cleanIdentifier(part.slice(0, eq).trim());
    if (!/^[a-z_][\w$]*$/.test(column)) continue;
    // The proposed value (EXCLUDED.x / VALUES(x)) is not the old value.
    const expr = part
      .slice(eq + 1)
      .replace(/\bexcluded\s*\.\s*["`]?\w+["`]?/gi, ' ')
      .replace(/\bvalues\s*\(\s*["`]?\w+["`]?\s*\)/gi, ' ')
      .replace(NAMED_PARAMETER, ' ');
    const reference = new RegExp(`(^|[^\\w$.])(?:[\\w"\`]+\\.)?["\`]?${column}["\`]?(?![\\w$])`, 'i');
    if (!reference.test(expr)) continue;
    // JSON paths (`->`, `->>`, `#>`) and casts (`::jsonb`) are not arithmetic.
    const operators = expr.replace(/->>?|#>>?|::\s*\w+/g, ' ');
    const arithmetic = /[+\-*/]|\b(array_append|array_prepend|array_cat|concat|jsonb_insert)\s*\(/i.test(operators);
    const written = original.slice(from, to);
    const concatenates = /\|\|/.test(operators) && !isJsonObjectMerge(written) && (options.concatenation !== 'evident' || isEvidentAppend(written));
    if (arithmetic || concatenates) {
      out.push({ column, text: original.slice(from, to).trim().replace(/\s+/g, ' ') });
    }
  }
  return out;
}

/**
 * `col = jsonb_set(col, path, COALESCE(col->k, '{}'::jsonb) || :v::jsonb)`: `||` merging JSON objects
 * writes the same keys again on a repeat (idempotent), unlike text or array concatenation.
 */
function isJsonObjectMerge(assignment: string): boolean {
  return /'\{\}'|\bjsonb?_(?:build_)?object\s*\(/i.test(assignment) && !/'\[\]'|\bjsonb?_build_array\s*\(|\bto_jsonb?\s*\(\s*array/i.test(assignment);
}

/** `|| jsonb_build_array(…)`, `|| ARRAY[…]`, `|| ' suffix'`: what is appended is an array or text as written. */
function isEvidentAppend(assignment: string): boolean {
  return /\|\|\s*(jsonb?_build_array\s*\(|array\s*\[|'(?!\{))/i.test(assignment);
}

const CLAUSE_END = /\b(where|returning|from|order\s+by|limit|on\s+conflict)\b|;/i;

/** The clause starting at `start` up to the next top-level WHERE/RETURNING/FROM/…, as [from, to). */
function clauseRange(masked: string, start: number): [number, number] {
  const rest = masked.slice(start);
  const depth = depthAt(rest);
  const re = new RegExp(CLAUSE_END.source, 'gi');
  let match: RegExpExecArray | null;
  while ((match = re.exec(rest))) {
    if (depth[match.index] === 0) return [start, start + match.index];
  }
  return [start, masked.length];
}

function relativeIn(masked: string, text: string, start: number): { column: string; text: string }[] {
  const [from, to] = clauseRange(masked, start);
  return relativeAssignments(masked.slice(from, to), text.slice(from, to));
}

/** Parses a statement; null when the text is not a recognisable SQL statement. */
export function parseSql(text: string): SqlStatement | null {
  const masked = maskSql(text);
  const depth = depthAt(masked);
  MAIN_VERB.lastIndex = 0;
  let main: RegExpExecArray | null = null;
  let match: RegExpExecArray | null;
  while ((match = MAIN_VERB.exec(masked))) {
    if (depth[match.index] === 0) {
      main = match;
      break;
    }
  }
  if (!main) return null;
  const head = main[1]!.toLowerCase().replace(/\s+/g, ' ');
  const prefix = masked.slice(0, main.index);
  if (prefix.trim() !== '' && !/^\s*with\b/i.test(prefix)) return null;
  const afterVerb = main.index + main[0].length;
  const statement: SqlStatement = {
    verb: 'select',
    table: null,
    relativeColumns: [],
    relativeAssignment: null,
    ignoresConflicts: false,
    upserts: false,
    serverGeneratedKey: false,
    cteInsertTable: prefix.trim() ? cteTable(prefix) : null,
    cteStateGuard: prefix.trim() ? cteStateGuard(prefix) : null,
    mainStart: main.index,
  };
  if (head.startsWith('update')) {
    statement.verb = 'update';
    statement.table = cleanIdentifier(head.replace(/^update (only )?/, '').split(' ')[0] ?? '');
    setRelative(statement, withoutConditioned(relativeIn(masked, text, afterVerb), whereClause(masked, afterVerb)));
  } else if (head.startsWith('insert')) {
    statement.verb = 'insert';
    const table = /^\s*([\w."`[\]]+)/.exec(masked.slice(afterVerb));
    statement.table = table ? cleanIdentifier(table[1]!) : null;
    const rest = masked.slice(afterVerb);
    if (head.includes('ignore') || /\bon\s+conflict\b[^;]*?\bdo\s+nothing\b/i.test(rest) || /\bwhere\s+not\s+exists\b/i.test(rest)) {
      statement.ignoresConflicts = true;
    }
    const upsert = /\bon\s+conflict\b[^;]*?\bdo\s+update\s+set\b|\bon\s+duplicate\s+key\s+update\b/i.exec(rest);
    if (upsert) {
      statement.upserts = true;
      setRelative(statement, relativeIn(masked, text, afterVerb + upsert.index + upsert[0].length));
    }
    const values = /\bvalues\b([\s\S]*)/i.exec(rest);
    if (values && /\b(gen_random_uuid|uuid_generate_v[14]|newid|uuid|random_uuid)\s*\(/i.test(values[1]!)) {
      statement.serverGeneratedKey = true;
    }
  } else if (head.startsWith('delete')) {
    statement.verb = 'delete';
    const table = /^\s*([\w."`[\]]+)/.exec(masked.slice(afterVerb));
    statement.table = table ? cleanIdentifier(table[1]!) : null;
  } else if (head.startsWith('merge')) {
    statement.verb = 'merge';
    const update = /\bupdate\s+set\b/i.exec(masked.slice(afterVerb));
    if (update) setRelative(statement, relativeIn(masked, text, afterVerb + update.index + update[0].length));
  } else if (head.startsWith('replace')) {
    statement.verb = 'replace';
  } else {
    statement.verb = 'select';
    const from = /\bfrom\s+([\w."`[\]]+)/i.exec(masked.slice(afterVerb));
    statement.table = from ? cleanIdentifier(from[1]!) : null;
  }
  return statement;
}

/** The top-level WHERE clause of the main statement (masked text), or ''. */
function whereClause(masked: string, from: number): string {
  const rest = masked.slice(from);
  const depth = depthAt(rest);
  const re = /\bwhere\b/gi;
  let match: RegExpExecArray | null;
  while ((match = re.exec(rest))) {
    if (depth[match.index] === 0) {
      const start = from + match.index + match[0].length;
      const end = /\b(returning|order\s+by|limit)\b|;/i.exec(masked.slice(start));
      return masked.slice(start, end ? start + end.index : undefined);
    }
  }
  return '';
}

/**
 * `SET version = version + 1 … WHERE … AND version = $3`: the update applies only while the column has
 * the expected value (optimistic locking), so applying it twice is a no-op.
 */
function withoutConditioned(assignments: { column: string; text: string }[], where: string): { column: string; text: string }[] {
  if (!where) return assignments;
  return assignments.filter(({ column }) => !new RegExp(`(^|[^\\w$.])(?:[\\w"\`]+\\.)?["\`]?${column}["\`]?\\s*(=|<>|!=|<=?|>=?)`, 'i').test(where));
}

function setRelative(statement: SqlStatement, assignments: { column: string; text: string }[]): void {
  statement.relativeColumns = assignments.map((a) => a.column);
  statement.relativeAssignment = assignments[0]?.text ?? null;
}

/** The table a `WITH x AS (INSERT INTO t … ON CONFLICT DO NOTHING …)` prefix inserts into. */
function cteTable(prefix: string): string | null {
  // Positions found in one pass each: nested lazy patterns take minutes on long generated SQL.
  const conflicts = positions(prefix, /\bon\s+conflict\b/gi);
  const nothings = positions(prefix, /\bdo\s+nothing\b/gi);
  if (conflicts.length === 0 || nothings.length === 0) return null;
  for (const insert of first(prefix.matchAll(/\binsert\s+into\s+([\w."`[\]]+)/gi), MAX_CTES)) {
    const conflict = conflicts.find((at) => at > insert.index!);
    if (conflict !== undefined && nothings.some((at) => at > conflict)) return cleanIdentifier(insert[1]!);
  }
  return null;
}

/**
 * `WITH x AS (DELETE FROM t … RETURNING …)` / `WITH y AS (UPDATE t … WHERE c IS DISTINCT FROM … RETURNING …)`.
 * Positions are found in one pass each (no backtracking over long statements).
 */
function cteStateGuard(prefix: string): string | null {
  const returnings = positions(prefix, /\breturning\b/gi);
  if (returnings.length === 0) return null;
  const wheres = positions(prefix, /\bwhere\b/gi);
  const semicolons = positions(prefix, /;/g);
  // The first RETURNING after `from`, with no `;` between.
  const nextOf = (list: readonly number[], from: number) => list.find((at) => at >= from) ?? -1;
  for (const match of first(prefix.matchAll(/\bdelete\s+from\s+([\w."`[\]]+)/gi), MAX_CTES)) {
    const after = match.index! + match[0].length;
    const returning = nextOf(returnings, after);
    const semicolon = nextOf(semicolons, after);
    if (returning >= 0 && (semicolon < 0 || returning < semicolon)) return `the rows its \`DELETE FROM ${cleanIdentifier(match[1]!)} … RETURNING\` removed`;
  }
  for (const match of first(prefix.matchAll(/\bupdate\s+([\w."`[\]]+)\s+set\b/gi), MAX_CTES)) {
    const after = match.index! + match[0].length;
    const returning = nextOf(returnings, after);
    const where = nextOf(wheres, after);
    const semicolon = nextOf(semicolons, after);
    if (returning < 0 || where < 0 || where > returning || (semicolon >= 0 && semicolon < returning)) continue;
    const set = prefix.slice(after, where);
    const condition = prefix.slice(where + 5, returning);
    // `WHERE x IS DISTINCT FROM new`, or a state transition: `SET is_deleted = 1 … WHERE is_deleted = 0`.
    const assigned = [...set.matchAll(/(?:^|,)\s*(?:[\w"`]+\.)?["`]?(\w+)["`]?\s*=/g)].map((m) => m[1]!);
    const transition = assigned.some((column) => new RegExp(`(^|[^\\w$.])(?:[\\w"\`]+\\.)?["\`]?${column}["\`]?\\s*(=|<>|!=|is\\b)`, 'i').test(condition));
    if (/\bis\s+distinct\s+from\b|<>|!=/i.test(condition) || transition) return `the rows its \`UPDATE ${cleanIdentifier(match[1]!)}\` changed`;
  }
  return null;
}

/** CTEs looked at per statement: real ones have a few; a generated statement may have thousands. */
const MAX_CTES = 20;

function* first<T>(items: Iterable<T>, count: number): Iterable<T> {
  let n = 0;
  for (const item of items) {
    if (n++ >= count) return;
    yield item;
  }
}

function positions(text: string, pattern: RegExp): number[] {
  return [...text.matchAll(pattern)].map((m) => m.index!);
}

/** A statement that writes (INSERT/UPDATE/DELETE/MERGE/REPLACE), as opposed to a read. */
export function isWrite(statement: SqlStatement): boolean {
  return statement.verb !== 'select';
}
