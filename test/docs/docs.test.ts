/**
 * The rule pages in rules/docs/ and the README rules table stay true to the plugin:
 * - every rule has a page at the URL its meta.docs.url names, with the required sections, and the
 *   page mentions every property of the rule's options schema;
 * - every annotated example is real: `<!-- lint: invalid -->` code is reported by the page's rule,
 *   `<!-- lint: valid -->` code is not, and every `<!-- suggestion: {...} -->` block is exactly what
 *   that suggestion produces for the example it names;
 * - relative links between the pages resolve (files and #anchors);
 * - scripts/rules-table.mjs renders and replaces the README table (pure functions, on strings), and
 *   README.md holds the up-to-date table between its markers.
 *
 * Annotations are HTML comments on the line before a fenced block (invisible on GitHub):
 *   <!-- lint: invalid -->   <!-- lint: valid {"settings": {...}, "options": [...], "filename": "x.js", "rule": "…", "id": "…"} -->
 *   ("suggestions": n on a lint annotation: the reports carry exactly n suggestions in all)
 *   <!-- suggestion: {"from": "<id of a lint block on the page>", "messageId": "suggestGuard", "index": 0} -->
 *
 * When a rule's suggestions change on purpose, rewrite the suggestion blocks from the real output and
 * review the diff:  UPDATE_DOCS=1 npx vitest run test/docs
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from 'eslint-plugin-idempotency';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(__dirname, '../..');
const DOCS_DIR = path.join(REPO_ROOT, 'rules/docs');
const README = path.join(REPO_ROOT, 'README.md');

const UPDATE_DOCS = process.env.UPDATE_DOCS === '1';

const REQUIRED_HEADINGS = ['What it reports', 'Why', 'Examples', 'What counts', 'Options', 'Suggestions', 'Supported libraries', 'When not to use it', 'Related rules'];

/** Packages that hand messages to code; the examples of each page should cover several. */
const BROKER_MODULES = [
  'kafkajs', 'amqplib', 'amqp-connection-manager', '@aws-sdk/client-sqs', 'sqs-consumer', 'aws-lambda', '@google-cloud/pubsub',
  'bullmq', 'bull', 'nats', '@azure/service-bus', '@nestjs/microservices', '@nestjs/bullmq', 'ioredis', 'redis',
];

interface RuleMeta {
  docs?: { url?: string; description?: string; recommended?: boolean; category?: string };
  schema?: unknown;
  hasSuggestions?: boolean;
  fixable?: string;
  messages?: Record<string, string>;
}

const RULES = (plugin as unknown as { rules: Record<string, { meta: RuleMeta }> }).rules;
const RULE_NAMES = Object.keys(RULES);

// ------------------------------------------------------------------------------------ markdown

interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence. */
  endLine: number;
  /** The `## ` section the block is in. */
  section: string;
  /** The closest text line before the block that carries ❌ or ✅, if any. */
  caption: '❌' | '✅' | null;
  annotation: Annotation | null;
}

type Annotation =
  | { kind: 'lint'; expect: 'valid' | 'invalid'; config: LintConfig }
  | { kind: 'suggestion'; from: string; messageId: string; index: number };

interface LintConfig {
  id?: string;
  /** The number of suggestions the reports carry in all, when the page states it. */
  suggestions?: number;
  rule?: string;
  settings?: Record<string, unknown>;
  options?: unknown[];
  filename?: string;
}

function parseAnnotation(line: string, where: string): Annotation | null {
  const match = /^<!--\s*(lint|suggestion):\s*(.*?)\s*-->$/.exec(line.trim());
  if (!match) return null;
  const [, kind, rest] = match;
  if (kind === 'lint') {
    const lint = /^(valid|invalid)\s*(\{.*\})?$/.exec(rest!);
    if (!lint) throw new Error(`${where}: bad lint annotation "${line.trim()}"`);
    return { kind: 'lint', expect: lint[1] as 'valid' | 'invalid', config: lint[2] ? (JSON.parse(lint[2]) as LintConfig) : {} };
  }
  const config = JSON.parse(rest!) as { from?: string; messageId?: string; index?: number };
  if (!config.from || !config.messageId) throw new Error(`${where}: a suggestion annotation needs "from" and "messageId"`);
  return { kind: 'suggestion', from: config.from, messageId: config.messageId, index: config.index ?? 0 };
}

interface Page {
  file: string;
  text: string;
  headings: { level: number; text: string }[];
  blocks: CodeBlock[];
}

function readPage(file: string): Page {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const headings: Page['headings'] = [];
  const blocks: CodeBlock[] = [];
  let section = '';
  let caption: CodeBlock['caption'] = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence) {
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`${path.basename(file)}:${start + 1}: unclosed code fence`);
      let previous = start - 1;
      while (previous >= 0 && lines[previous]!.trim() === '') previous--;
      const annotation = previous >= 0 ? parseAnnotation(lines[previous]!, `${path.basename(file)}:${previous + 1}`) : null;
      blocks.push({ lang: fence[1] ?? '', code: `${body.join('\n')}\n`, line: start + 1, endLine: i + 1, section, caption, annotation });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (heading) {
      headings.push({ level: heading[1]!.length, text: heading[2]! });
      if (heading[1]!.length === 2) section = heading[2]!;
      if (heading[1]!.length <= 3) caption = null;
    }
    if (line.includes('❌')) caption = '❌';
    else if (line.includes('✅') && !heading) caption = '✅';
  }
  return { file, text, headings, blocks };
}

/** GitHub's heading anchors (github-slugger): lower case, punctuation and symbols dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(page: Page): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const h of page.headings) {
    const base = slug(h.text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

// ------------------------------------------------------------------------------------ linting

const linter = new Linter({ configType: 'flat', cwd: '/' });

function lint(code: string, rule: string, config: LintConfig): Linter.LintMessage[] {
  const flat: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: { parser: tsParser as unknown as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { [`idempotency/${rule}`]: ['error', ...(config.options ?? [])] as Linter.RuleEntry },
      settings: config.settings ?? {},
    },
  ];
  return linter.verify(code, flat, { filename: `/docs/${config.filename ?? 'example.ts'}` });
}

function applyFix(text: string, fix: { range: [number, number]; text: string }): string {
  return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

function describeMessages(messages: Linter.LintMessage[]): string {
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'}/${m.messageId ?? ''} ${m.message}`).join('\n') || '(none)';
}

/** JSON-schema property names of a rule's options object. */
function optionProperties(meta: RuleMeta): string[] {
  const schema = Array.isArray(meta.schema) ? meta.schema : meta.schema ? [meta.schema] : [];
  const names: string[] = [];
  for (const item of schema as { properties?: Record<string, unknown> }[]) names.push(...Object.keys(item.properties ?? {}));
  return names;
}

// ------------------------------------------------------------------------------------ rule pages

describe.each(RULE_NAMES)('rules/docs/%s.md', (name) => {
  const file = path.join(DOCS_DIR, `${name}.md`);
  const meta = RULES[name]!.meta;
  let page: Page;

  beforeAll(() => {
    if (existsSync(file)) page = readPage(file);
  });

  it('exists, and meta.docs.url points at it', () => {
    expect(existsSync(file), `${path.relative(REPO_ROOT, file)} is missing`).toBe(true);
    expect(meta.docs?.url).toMatch(new RegExp(`/rules/docs/${name}\\.md$`));
  });

  it('has the required sections', () => {
    const sections = page.headings.filter((h) => h.level === 2).map((h) => h.text);
    for (const heading of REQUIRED_HEADINGS) expect(sections, `missing "## ${heading}"`).toContain(heading);
    expect(page.headings[0]?.text).toContain(name);
  });

  it('mentions every option of the rule schema', () => {
    const properties = optionProperties(meta);
    expect(properties.length).toBeGreaterThan(0);
    const missing = properties.filter((p) => !page.text.includes(`\`${p}\``));
    expect(missing, `options not mentioned (as \`name\`) in ${name}.md`).toEqual([]);
  });

  it('quotes the rule description', () => {
    const flat = page.text.replace(/\s*\n>?\s*/g, ' ');
    expect(flat).toContain(meta.docs!.description!);
  });

  it('has at least 4 incorrect and 4 correct examples, across at least 4 libraries', () => {
    const examples = page.blocks.filter((b) => b.section === 'Examples' && b.annotation?.kind === 'lint');
    const invalid = examples.filter((b) => b.annotation?.kind === 'lint' && b.annotation.expect === 'invalid');
    const valid = examples.filter((b) => b.annotation?.kind === 'lint' && b.annotation.expect === 'valid');
    expect(invalid.length).toBeGreaterThanOrEqual(4);
    expect(valid.length).toBeGreaterThanOrEqual(4);
    const libraries = new Set<string>();
    for (const b of invalid) {
      for (const m of b.code.matchAll(/from '([^']+)'/g)) if (BROKER_MODULES.includes(m[1]!)) libraries.add(m[1]!);
    }
    expect([...libraries].length, `libraries: ${[...libraries].join(', ')}`).toBeGreaterThanOrEqual(4);
  });

  it('labels every code example of the Examples section, and the labels agree with ❌ / ✅', () => {
    for (const block of page.blocks.filter((b) => b.section === 'Examples' && /^(ts|js|tsx|jsx)$/.test(b.lang))) {
      const where = `${name}.md:${block.line}`;
      expect(block.annotation?.kind, `${where}: code example without a <!-- lint: … --> annotation`).toBe('lint');
      if (block.annotation?.kind !== 'lint') continue;
      expect(block.caption, `${where}: no ❌ / ✅ caption before the example`).not.toBeNull();
      expect(block.caption, `${where}: the caption disagrees with the annotation`).toBe(block.annotation.expect === 'invalid' ? '❌' : '✅');
    }
  });
});

// ------------------------------------------------------------------------------------ every page's examples

const PAGES = existsSync(DOCS_DIR)
  ? RULE_NAMES.map((n) => path.join(DOCS_DIR, `${n}.md`))
      .concat(path.join(DOCS_DIR, 'settings.md'))
      .filter((f) => existsSync(f))
  : [];

describe.each(PAGES.map((f) => [path.basename(f), f] as const))('examples in %s', (base, file) => {
  const page = readPage(file);
  const pageRule = base.replace(/\.md$/, '');
  const lintBlocks = page.blocks.filter((b) => b.annotation?.kind === 'lint');
  const suggestionBlocks = page.blocks.filter((b) => b.annotation?.kind === 'suggestion');
  /** UPDATE_DOCS: new contents of suggestion blocks, written back once the page's tests ran. */
  const updates: { block: CodeBlock; code: string }[] = [];
  afterAll(() => {
    if (updates.length === 0) return;
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const { block, code } of [...updates].sort((a, b) => b.block.line - a.block.line)) {
      lines.splice(block.line, block.endLine - block.line - 1, ...code.replace(/\n$/, '').split('\n'));
    }
    writeFileSync(file, lines.join('\n'));
  });
  const ruleOf = (config: LintConfig) => {
    const rule = config.rule ?? pageRule;
    if (!RULE_NAMES.includes(rule)) throw new Error(`${base}: no rule "${rule}" (add "rule" to the annotation)`);
    return rule;
  };

  it.each(lintBlocks.map((b) => [`line ${b.line}`, b] as const))('%s is reported as annotated', (_, block) => {
    if (block.annotation?.kind !== 'lint') return;
    const { config, expect: expected } = block.annotation;
    const rule = ruleOf(config);
    const messages = lint(block.code, rule, config);
    const fatal = messages.filter((m) => m.fatal || !m.ruleId);
    expect(fatal, `${base}:${block.line} does not parse:\n${describeMessages(fatal)}`).toEqual([]);
    const reports = messages.filter((m) => m.ruleId === `idempotency/${rule}`);
    if (expected === 'invalid') expect(reports.length, `${base}:${block.line} should be reported by ${rule}`).toBeGreaterThan(0);
    else expect(reports, `${base}:${block.line} should not be reported by ${rule}:\n${describeMessages(reports)}`).toEqual([]);
    if (config.suggestions !== undefined) {
      const count = reports.reduce((n, m) => n + (m.suggestions?.length ?? 0), 0);
      expect(count, `${base}:${block.line}: number of suggestions`).toBe(config.suggestions);
    }
  });

  it.each(suggestionBlocks.map((b) => [`line ${b.line}`, b] as const))('%s is the suggestion output', (_, block) => {
    if (block.annotation?.kind !== 'suggestion') return;
    const { from, messageId, index } = block.annotation;
    const source = lintBlocks.find((b) => b.annotation?.kind === 'lint' && b.annotation.config.id === from);
    expect(source, `${base}:${block.line}: no <!-- lint: … {"id":"${from}"} --> block on this page`).toBeDefined();
    if (source?.annotation?.kind !== 'lint') return;
    const messages = lint(source.code, ruleOf(source.annotation.config), source.annotation.config);
    const suggestions = messages.flatMap((m) => m.suggestions ?? []).filter((s) => s.messageId === messageId);
    expect(suggestions.length, `${base}:${block.line}: "${from}" gets no ${messageId} suggestion`).toBeGreaterThan(index);
    const output = applyFix(source.code, suggestions[index]!.fix as { range: [number, number]; text: string });
    if (UPDATE_DOCS && block.code.trimEnd() !== output.trimEnd()) {
      updates.push({ block, code: `${output.trimEnd()}\n` });
      return;
    }
    expect(block.code.trimEnd(), `${base}:${block.line} is not what ${messageId} produces (UPDATE_DOCS=1 rewrites it)`).toBe(output.trimEnd());
  });

  it('has relative links that resolve', () => {
    const problems: string[] = [];
    for (const match of page.text.matchAll(/\]\((\.{0,2}\/?[^)\s:]*?)(#[^)\s]*)?\)/g)) {
      const [whole, target, anchor] = match;
      if (!target && !anchor) continue;
      const targetFile = target ? path.resolve(path.dirname(file), target) : file;
      if (!existsSync(targetFile)) {
        problems.push(`${whole}: no file ${path.relative(REPO_ROOT, targetFile)}`);
        continue;
      }
      if (anchor && targetFile.endsWith('.md') && !anchors(readPage(targetFile)).has(anchor.slice(1))) {
        problems.push(`${whole}: no heading for ${anchor} in ${path.basename(targetFile)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('rules/docs/settings.md', () => {
  const file = path.join(DOCS_DIR, 'settings.md');

  it('documents every settings.idempotency property and its fields', () => {
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    const fields = ['consumers', 'callee', 'handlerArg', 'handlerMethod', 'messageId', 'ack', 'dedupFunctions', 'idempotentWrites', 'guard', 'module', 'check', 'mark', 'dedupTable', 'table', 'column', 'helperDepth'];
    expect(fields.filter((f) => !text.includes(`\`${f}\``))).toEqual([]);
  });

  it('shows settings the plugin accepts', () => {
    const text = readFileSync(file, 'utf8');
    const config = /```js\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
    const block = /idempotency: (\{[\s\S]*?\n {6}\}),\n/.exec(config)?.[1];
    expect(block, 'the eslint.config.js example has no settings.idempotency object').toBeDefined();
    // The example is JavaScript: evaluate the object literal (comments and all) rather than re-typing it.
    const settings = new Function(`return (${block});`)() as unknown;
    const validate = (plugin as unknown as { validateSettings(raw: unknown): string[] }).validateSettings;
    expect(validate(settings)).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ README table

interface RulesTableModule {
  START_MARKER: string;
  END_MARKER: string;
  MarkersError: new (message: string) => Error;
  renderTable(plugin: unknown, options?: { docsDir?: string }): string;
  replaceTable(readme: string, table: string): string;
  currentTable(readme: string): string;
  checkTable(readme: string, table: string): { ok: true } | { ok: false; message: string };
}

async function rulesTable(): Promise<RulesTableModule> {
  // A computed specifier: the script is plain JavaScript, without type declarations.
  const url = pathToFileURL(path.join(REPO_ROOT, 'scripts/rules-table.mjs')).href;
  return (await import(url)) as RulesTableModule;
}

const FAKE_PLUGIN = {
  rules: {
    'alpha-rule': { meta: { docs: { description: 'Does a | b', recommended: true, category: 'increment-write' }, hasSuggestions: true } },
    'beta-rule': { meta: { docs: { description: 'Fixes things', recommended: false, category: 'missing-dedup' }, fixable: 'code' } },
  },
};

describe('scripts/rules-table.mjs', () => {
  it('renders one row per rule from its metadata', async () => {
    const { renderTable } = await rulesTable();
    expect(renderTable(FAKE_PLUGIN)).toBe(
      [
        '| Rule | Description | Recommended | Category | Suggestions | Fixable |',
        '| --- | --- | :-: | --- | :-: | :-: |',
        '| [alpha-rule](rules/docs/alpha-rule.md) | Does a \\| b | ✅ | increment-write | 💡 |  |',
        '| [beta-rule](rules/docs/beta-rule.md) | Fixes things |  | missing-dedup |  | 🔧 |',
      ].join('\n'),
    );
  });

  it('renders the real plugin: every rule, linked to its page, with its flags', async () => {
    const { renderTable } = await rulesTable();
    const table = renderTable(plugin);
    for (const name of RULE_NAMES) {
      const meta = RULES[name]!.meta;
      const row = table.split('\n').find((l) => l.startsWith(`| [${name}](rules/docs/${name}.md) |`));
      expect(row, name).toBeDefined();
      const cells = row!.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      expect(cells).toEqual([`[${name}](rules/docs/${name}.md)`, meta.docs!.description, meta.docs!.recommended ? '✅' : '', meta.docs!.category, meta.hasSuggestions ? '💡' : '', meta.fixable ? '🔧' : '']);
    }
  });

  it('replaces only the text between the markers', async () => {
    const { renderTable, replaceTable, START_MARKER, END_MARKER } = await rulesTable();
    const table = renderTable(FAKE_PLUGIN);
    const before = `# Title\n\nIntro | with a pipe.\n\n${START_MARKER}\nold table\n${END_MARKER}\n\n## After\n\nText.\n`;
    const after = replaceTable(before, table);
    expect(after).toBe(`# Title\n\nIntro | with a pipe.\n\n${START_MARKER}\n\n${table}\n\n${END_MARKER}\n\n## After\n\nText.\n`);
    expect(replaceTable(after, table)).toBe(after);
    // Windows line endings stay Windows line endings.
    const crlf = before.replace(/\n/g, '\r\n');
    const replaced = replaceTable(crlf, table);
    expect(replaced.replace(/\r\n/g, '')).not.toContain('\n');
    expect(replaced.startsWith('# Title\r\n\r\nIntro | with a pipe.\r\n\r\n')).toBe(true);
    expect(replaced.endsWith(`${END_MARKER}\r\n\r\n## After\r\n\r\nText.\r\n`)).toBe(true);
  });

  it('checks: in sync, out of date, empty, and missing or broken markers', async () => {
    const { renderTable, replaceTable, checkTable, START_MARKER, END_MARKER, MarkersError } = await rulesTable();
    const table = renderTable(FAKE_PLUGIN);
    const synced = replaceTable(`# T\n${START_MARKER}\n${END_MARKER}\n`, table);
    expect(checkTable(synced, table)).toEqual({ ok: true });

    const stale = synced.replace('Fixes things', 'Fixed things');
    const result = checkTable(stale, table);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('out of date');
      expect(result.message).toContain('- | [beta-rule](rules/docs/beta-rule.md) | Fixed things');
      expect(result.message).toContain('+ | [beta-rule](rules/docs/beta-rule.md) | Fixes things');
      expect(result.message).toContain('node scripts/rules-table.mjs');
    }

    const empty = checkTable(`# T\n${START_MARKER}\n${END_MARKER}\n`, table);
    expect(empty.ok === false && empty.message).toMatch(/empty/);

    const missing = checkTable('# T\n\nNo table here.\n', table);
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.message).toContain('no rules table markers');
      expect(missing.message).toContain(START_MARKER);
      expect(missing.message).toContain(END_MARKER);
    }
    expect(() => replaceTable('# T\n', table)).toThrow(MarkersError);
    expect(() => replaceTable(`${END_MARKER}\n${START_MARKER}\n`, table)).toThrow(/before/);
    expect(() => replaceTable(`${START_MARKER}\n`, table)).toThrow(/no <!-- rules-table:end -->/);
    expect(() => replaceTable(`${START_MARKER}\n${END_MARKER}\n${START_MARKER}\n${END_MARKER}\n`, table)).toThrow(/more than one/);
  });

  it('README.md contains the markers and the up-to-date rules table', async () => {
    const { renderTable, checkTable, START_MARKER, END_MARKER } = await rulesTable();
    const readme = readFileSync(README, 'utf8');
    if (!readme.includes(START_MARKER) && !readme.includes(END_MARKER)) {
      expect.fail(`README.md has no rules table markers: add the lines "${START_MARKER}" and "${END_MARKER}" where the rules table goes, then run \`npm run build --workspace rules && node scripts/rules-table.mjs\`.`);
    }
    const result = checkTable(readme, renderTable(plugin));
    if (!result.ok) expect.fail(`${result.message}\n(after npm run build --workspace rules)`);
  });
});
