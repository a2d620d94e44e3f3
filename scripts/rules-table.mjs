#!/usr/bin/env node
/**
 * The rules table of README.md, generated from the built plugin's rule metadata.
 *
 *   npm run build --workspace rules
 *   node scripts/rules-table.mjs           rewrite the table between the markers in README.md
 *   node scripts/rules-table.mjs --check   exit 1 when README.md's table is not the generated one
 *
 * Only the text between `<!-- rules-table:start -->` and `<!-- rules-table:end -->` is replaced;
 * the rest of README.md is left byte for byte as it is. The pure functions (renderTable,
 * replaceTable, checkTable) are exported for tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const START_MARKER = '<!-- rules-table:start -->';
export const END_MARKER = '<!-- rules-table:end -->';
/** Where the rule pages live, relative to README.md. */
export const DOCS_DIR = 'rules/docs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(REPO_ROOT, 'README.md');
const REGENERATE = 'node scripts/rules-table.mjs';

export class MarkersError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MarkersError';
  }
}

/** A table cell: one line, pipes escaped. */
function cell(text) {
  return String(text ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

/**
 * The Markdown table of a plugin's rules, in the plugin's order:
 * Rule (linked to its page) | Description | Recommended | Category | Suggestions | Fixable.
 */
export function renderTable(plugin, { docsDir = DOCS_DIR } = {}) {
  const rules = Object.entries(plugin?.rules ?? {});
  if (rules.length === 0) throw new Error('The plugin has no rules: is it built (npm run build --workspace rules)?');
  const lines = [
    '| Rule | Description | Recommended | Category | Suggestions | Fixable |',
    '| --- | --- | :-: | --- | :-: | :-: |',
  ];
  for (const [name, rule] of rules) {
    const meta = rule.meta ?? {};
    const docs = meta.docs ?? {};
    lines.push(
      `| [${name}](${docsDir}/${name}.md) | ${cell(docs.description)} | ${docs.recommended ? '✅' : ''} | ${cell(docs.category)} | ${
        meta.hasSuggestions ? '💡' : ''
      } | ${meta.fixable ? '🔧' : ''} |`,
    );
  }
  return lines.join('\n');
}

/** The marker positions, or a MarkersError saying what is wrong with them. */
function locateMarkers(readme) {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start < 0 && end < 0) {
    throw new MarkersError(
      `README.md has no rules table markers. Add the two lines\n\n  ${START_MARKER}\n  ${END_MARKER}\n\nwhere the rules table goes, then run \`${REGENERATE}\`.`,
    );
  }
  if (start < 0) throw new MarkersError(`README.md has ${END_MARKER} but no ${START_MARKER} before it.`);
  if (end < 0) throw new MarkersError(`README.md has ${START_MARKER} but no ${END_MARKER} after it.`);
  if (end < start) throw new MarkersError(`README.md has ${END_MARKER} before ${START_MARKER}.`);
  if (readme.indexOf(START_MARKER, start + 1) >= 0 || readme.indexOf(END_MARKER, end + 1) >= 0) {
    throw new MarkersError('README.md has more than one rules table: keep exactly one pair of markers.');
  }
  return { start, end };
}

/** The text currently between the markers (without the markers). */
export function currentTable(readme) {
  const { start, end } = locateMarkers(readme);
  return readme.slice(start + START_MARKER.length, end);
}

/**
 * `readme` with everything between the markers replaced by the table (a blank line on each side,
 * which Markdown needs around a table). Nothing outside the markers changes. Throws MarkersError.
 */
export function replaceTable(readme, table) {
  const { start, end } = locateMarkers(readme);
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  const body = `${eol}${eol}${table.trim().split('\n').join(eol)}${eol}${eol}`;
  return readme.slice(0, start + START_MARKER.length) + body + readme.slice(end);
}

/** `{ ok: true }` when README.md holds exactly this table, else `{ ok: false, message }`. */
export function checkTable(readme, table) {
  let updated;
  try {
    updated = replaceTable(readme, table);
  } catch (error) {
    if (error instanceof MarkersError) return { ok: false, message: error.message };
    throw error;
  }
  if (updated === readme) return { ok: true };
  if (currentTable(readme).trim() === '') {
    return { ok: false, message: `README.md's rules table is empty (nothing between the markers).\nRun \`${REGENERATE}\` to generate it.` };
  }
  const have = currentTable(readme).trim().split(/\r?\n/);
  const want = table.trim().split('\n');
  const differences = [];
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    if (have[i] === want[i]) continue;
    if (have[i] !== undefined) differences.push(`  - ${have[i]}`);
    if (want[i] !== undefined) differences.push(`  + ${want[i]}`);
  }
  const detail = differences.length > 0 ? `\n${differences.join('\n')}` : ' (only blank lines or line endings differ)';
  return { ok: false, message: `README.md's rules table is out of date${detail}\nRun \`${REGENERATE}\` to regenerate it.` };
}

function loadBuiltPlugin() {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  try {
    return require('eslint-plugin-idempotency');
  } catch (error) {
    throw new Error(`Cannot load the built plugin (${error.message}). Build it first: npm run build --workspace rules`);
  }
}

function main(args) {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown[0]}. Usage: node scripts/rules-table.mjs [--check]`);
    return 2;
  }
  const check = args.includes('--check');
  let table;
  try {
    table = renderTable(loadBuiltPlugin());
  } catch (error) {
    console.error(error.message);
    return 1;
  }
  const readme = readFileSync(README, 'utf8');
  if (check) {
    const result = checkTable(readme, table);
    if (result.ok) {
      console.log('README.md: rules table is up to date.');
      return 0;
    }
    console.error(result.message);
    return 1;
  }
  let updated;
  try {
    updated = replaceTable(readme, table);
  } catch (error) {
    if (!(error instanceof MarkersError)) throw error;
    console.error(error.message);
    return 1;
  }
  if (updated === readme) {
    console.log('README.md: rules table is already up to date.');
  } else {
    writeFileSync(README, updated);
    console.log('README.md: rules table updated.');
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
