/**
 * The SQL reading behind the rules' effect model, on statements the rule cases do not reach: CTE
 * guards (what a second run feeds the main statement) and very long generated statements, which
 * must be read in one pass (the editor lints on every keystroke).
 */
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../rules/src/analysis/effects/sql';

describe('parseSql: CTE guards', () => {
  it.each([
    ['WITH c AS (INSERT INTO processed (id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id) UPDATE a SET n = n + 1 FROM c WHERE a.id = $2', 'cteInsertTable', 'processed'],
    ['WITH x AS (DELETE FROM events WHERE block = $1 RETURNING *) INSERT INTO removed SELECT * FROM x', 'cteStateGuard', 'the rows its `DELETE FROM events … RETURNING` removed'],
    ['WITH y AS (UPDATE c SET floor = $2 WHERE id = $1 AND floor IS DISTINCT FROM $2 RETURNING id) INSERT INTO ev SELECT id FROM y', 'cteStateGuard', 'the rows its `UPDATE c` changed'],
    ['WITH x AS (UPDATE t SET is_deleted = 1 WHERE block = $1 AND is_deleted = 0 RETURNING owner) INSERT INTO b SELECT owner FROM x', 'cteStateGuard', 'the rows its `UPDATE t` changed'],
  ] as const)('%s', (sql, field, expected) => {
    expect(parseSql(sql)?.[field]).toBe(expected);
  });

  it.each([
    // Runs again on every delivery: the update changes the same rows each time.
    'WITH y AS (UPDATE c SET seen_at = now() WHERE id = $1 RETURNING id) INSERT INTO ev SELECT id FROM y',
    // RETURNING after the statement ends belongs to another statement.
    'WITH y AS (UPDATE c SET n = 1 WHERE id = $1); SELECT 1 RETURNING x',
  ])('no guard: %s', (sql) => {
    expect(parseSql(sql)?.cteStateGuard ?? null).toBeNull();
  });

  it('reads very long generated statements (thousands of CTE fragments, no closing clause) and still answers', () => {
    const updates = `WITH x AS (${'UPDATE t SET a = 1 WHERE b = 2 AND '.repeat(3000)}) INSERT INTO y SELECT * FROM x`;
    expect(parseSql(updates)?.cteStateGuard).toBeNull();
    const inserts = `WITH x AS (${'INSERT INTO t VALUES (1) ON CONFLICT (a) '.repeat(3000)}) INSERT INTO y SELECT * FROM x`;
    expect(parseSql(inserts)?.cteInsertTable).toBeNull();
    expect(parseSql(inserts)?.verb).toBe('insert');
  });
});
