/**
 * Dev aid: after a deliberate change to suggestion text, rewrites the `suggestions` of RuleTester
 * cases whose reports (messageId and line) are unchanged, and lists the cases whose reports changed
 * for manual review. With LOCATIONS=1 (after a deliberate change of report ranges) it also rewrites
 * `line`/`column`/`endLine`/`endColumn` of reports whose messageIds are unchanged. Review `git diff`.
 *   RULE=no-increment-write [LOCATIONS=1] VITEST_INCLUDE=scripts/update-case-outputs.test.ts npx vitest run
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { it } from 'vitest';
import plugin from '../rules/src/index';

function template(text: string): string {
  return '`' + text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

function prop(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find((p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === name);
}

it('updates outputs', async () => {
  const rule = process.env.RULE!;
  const file = path.resolve(`test/rules/cases/${rule}.ts`);
  const source = readFileSync(file, 'utf8');
  const { cases } = (await import(file)) as { cases: { invalid: { name?: string; code: string; filename?: string; settings?: Record<string, unknown>; options?: unknown[]; errors: { messageId: string; line?: number }[] }[] } };
  const ast = parse(source, { range: true, loc: true });
  let invalidArray: TSESTree.ArrayExpression | null = null;
  const visit = (node: TSESTree.Node) => {
    if (node.type === AST_NODE_TYPES.Property && node.key.type === AST_NODE_TYPES.Identifier && node.key.name === 'invalid' && node.value.type === AST_NODE_TYPES.ArrayExpression) invalidArray = node.value;
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const v = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) v.forEach((c) => c && typeof c === 'object' && 'type' in c && visit(c as TSESTree.Node));
      else if (v && typeof v === 'object' && 'type' in v) visit(v as TSESTree.Node);
    }
  };
  visit(ast as unknown as TSESTree.Node);
  const elements = (invalidArray as TSESTree.ArrayExpression | null)?.elements ?? [];
  if (elements.length !== cases.invalid.length) throw new Error(`invalid cases: ${elements.length} in source, ${cases.invalid.length} loaded`);
  const linter = new Linter({ configType: 'flat', cwd: '/' });
  const edits: { range: [number, number]; text: string }[] = [];
  const review: string[] = [];
  cases.invalid.forEach((c, i) => {
    const config: Linter.Config[] = [{
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: { parser: tsParser as unknown as Linter.Parser, ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { idempotency: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { [`idempotency/${rule}`]: ['error', ...(c.options ?? [])] as Linter.RuleEntry },
      settings: c.settings ?? {},
    }];
    const messages = linter.verify(c.code, config, { filename: `/${c.filename ?? 'file.ts'}` });
    const locations = process.env.LOCATIONS === '1';
    const same = messages.length === c.errors.length && messages.every((m, j) => m.messageId === c.errors[j]!.messageId && (locations || c.errors[j]!.line === undefined || m.line === c.errors[j]!.line));
    if (!same) {
      review.push(`${c.name}: expected ${c.errors.map((e) => `${e.messageId}@${e.line}`).join(', ')}; got ${messages.map((m) => `${m.messageId}@${m.line}`).join(', ')}`);
      return;
    }
    const element = elements[i] as TSESTree.ObjectExpression;
    const errorsProp = prop(element, 'errors');
    if (!errorsProp || errorsProp.value.type !== AST_NODE_TYPES.ArrayExpression) return;
    errorsProp.value.elements.forEach((errorNode, j) => {
      if (!errorNode || errorNode.type !== AST_NODE_TYPES.ObjectExpression) return;
      if (locations) {
        for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
          const p = prop(errorNode, key);
          const actual = messages[j]![key];
          if (p && p.value.type === AST_NODE_TYPES.Literal && actual !== undefined && p.value.value !== actual) edits.push({ range: p.value.range, text: String(actual) });
        }
      }
      const suggestionsProp = prop(errorNode, 'suggestions');
      const suggestions = messages[j]!.suggestions ?? [];
      const rendered = suggestions.map((s) => {
        const fix = s.fix as { range: [number, number]; text: string };
        const output = c.code.slice(0, fix.range[0]) + fix.text + c.code.slice(fix.range[1]);
        return `{ messageId: '${s.messageId}', output: ${template(output)} }`;
      });
      const text = `[${rendered.join(', ')}]`;
      if (suggestionsProp) {
        const current = source.slice(suggestionsProp.value.range[0], suggestionsProp.value.range[1]);
        // Compare by evaluating the current outputs (formatting differences do not count).
        const currentOutputs = (c.errors[j] as { suggestions?: { messageId: string; output: string }[] }).suggestions ?? [];
        const next = suggestions.map((s) => {
          const fix = s.fix as { range: [number, number]; text: string };
          return { messageId: s.messageId, output: c.code.slice(0, fix.range[0]) + fix.text + c.code.slice(fix.range[1]) };
        });
        if (JSON.stringify(currentOutputs) !== JSON.stringify(next)) edits.push({ range: suggestionsProp.value.range, text });
        void current;
      } else if (suggestions.length > 0) {
        edits.push({ range: [errorNode.range[1] - 1, errorNode.range[1] - 1], text: `, suggestions: ${text} ` });
      }
    });
  });
  let out = source;
  for (const edit of edits.sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  writeFileSync(file, out);
  console.log(`updated ${edits.length} suggestion lists\nREVIEW ${review.length}:\n${review.join('\n')}`);
});
