/**
 * Source-text helpers for suggestions: indentation that matches the file, re-indenting a block
 * without touching template-literal contents, and names that do not clash with the scope.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isNameTaken, type TextEdit } from '../analysis/access';
import { findDescendant, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The whitespace before the first token on `node`'s line. */
export function lineIndent(sourceCode: SourceCode, node: Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

const indentUnits = new WeakMap<SourceCode, string>();

/** One level of indentation as the file writes it (tab, or the smallest space step). */
export function indentUnit(sourceCode: SourceCode): string {
  let unit = indentUnits.get(sourceCode);
  if (unit === undefined) {
    unit = computeIndentUnit(sourceCode);
    indentUnits.set(sourceCode, unit);
  }
  return unit;
}

function computeIndentUnit(sourceCode: SourceCode): string {
  let smallest = 0;
  for (const line of sourceCode.lines) {
    const match = /^( +)\S/.exec(line);
    if (match) {
      const width = match[1]!.length;
      if (width > 0 && (smallest === 0 || width < smallest)) smallest = width;
      if (smallest === 2) break;
    } else if (/^\t+\S/.test(line)) {
      return '\t';
    }
  }
  return ' '.repeat(smallest === 0 || smallest > 8 ? 2 : smallest);
}

/** Offsets of line starts inside template literals (their leading whitespace is content). */
function templateLineStarts(sourceCode: SourceCode, range: [number, number]): Set<number> {
  const inside = new Set<number>();
  const text = sourceCode.text;
  const tokens = sourceCode.ast.tokens;
  // Tokens are sorted: start at the first one that ends after range[0] (binary search).
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid]!.range[1] <= range[0]) low = mid + 1;
    else high = mid;
  }
  for (let t = low; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token.range[0] >= range[1]) break;
    if (token.type !== 'Template') continue;
    for (let i = token.range[0]; i < token.range[1]; i++) if (text[i] === '\n') inside.add(i + 1);
  }
  return inside;
}

/**
 * Text of `range` with every line after the first indented by `extra` more (template contents
 * untouched), applying `replacements` (sorted, non-overlapping, single-line) on the way.
 */
export function reindent(sourceCode: SourceCode, range: [number, number], extra: string, replacements: readonly TextEdit[] = []): string {
  const text = sourceCode.text;
  const skip = templateLineStarts(sourceCode, range);
  let out = '';
  let r = 0;
  for (let i = range[0]; i < range[1]; i++) {
    const replacement = replacements[r];
    if (replacement && i === replacement.range[0]) {
      out += replacement.text;
      i = replacement.range[1] - 1;
      r++;
      continue;
    }
    const c = text[i]!;
    out += c;
    if (c === '\n' && !skip.has(i + 1) && text[i + 1] !== '\n' && text[i + 1] !== '\r') out += extra;
  }
  return out;
}

const namesUsed = new WeakMap<Node, Set<string>>();

/** Every identifier used as a name (not a property) in `node`. */
function identifierNames(node: Node): Set<string> {
  let names = namesUsed.get(node);
  if (!names) {
    const found = new Set<string>();
    findDescendant(
      node,
      (n) => {
        if (n.type === AST_NODE_TYPES.Identifier && !isPropertyName(n)) found.add(n.name);
        return false;
      },
      true,
    );
    names = found;
    namesUsed.set(node, names);
  }
  return names;
}

/** `base`, or `base2`, `base3`… — the first name neither bound where `at` is nor used as a name in `within`. */
export function freshName(file: FileContext, at: Node, base: string, within?: Node): string {
  const used = within ? identifierNames(within) : null;
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (isNameTaken(file, at, name) || used?.has(name)) continue;
    return name;
  }
}

function isPropertyName(id: TSESTree.Identifier): boolean {
  const parent = id.parent;
  if (parent?.type === AST_NODE_TYPES.MemberExpression) return parent.property === id && !parent.computed;
  if (parent?.type === AST_NODE_TYPES.Property) return parent.key === id && !parent.computed && !parent.shorthand;
  return false;
}

const typeScriptFiles = new WeakMap<FileContext, boolean>();

/** Whether the file is TypeScript (by name, or by syntax when the name says nothing), so types are needed. */
export function usesTypeScript(file: FileContext): boolean {
  let result = typeScriptFiles.get(file);
  if (result === undefined) {
    if (/\.(ts|tsx|mts|cts)$/.test(file.filename)) result = true;
    else if (/\.(js|jsx|mjs|cjs)$/.test(file.filename)) result = false;
    else result = findDescendant(file.sourceCode.ast, (n) => n.type.startsWith('TS'), true) != null;
    typeScriptFiles.set(file, result);
  }
  return result;
}

/** The statement list a statement belongs to, and its index there. */
export function statementSlot(statement: Node): { list: readonly TSESTree.Statement[]; index: number } | null {
  const parent = statement.parent;
  if (!parent) return null;
  const list =
    parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program
      ? (parent.body as readonly TSESTree.Statement[])
      : parent.type === AST_NODE_TYPES.SwitchCase
        ? parent.consequent
        : null;
  if (!list) return null;
  const index = list.indexOf(statement as TSESTree.Statement);
  return index >= 0 ? { list, index } : null;
}

/** The range that removes a statement together with its own line when it stands alone on it. */
export function statementRemovalRange(sourceCode: SourceCode, statement: Node): [number, number] {
  const text = sourceCode.text;
  let start = statement.range[0];
  let end = statement.range[1];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const after = text.slice(end, lineEnd);
  if (/^[ \t]*$/.test(before) && /^[ \t]*$/.test(after)) {
    start = lineStart;
    end = Math.min(lineEnd + 1, text.length);
  }
  return [start, end];
}

/**
 * Edits that import `names` from `module` (ESM or `require`, as the file does), added to an
 * existing import of that module when there is one; none when already imported; null when a name
 * means something else in the file.
 */
export function importEdits(file: FileContext, module: string, names: readonly string[]): TextEdit[] | null {
  const missing: string[] = [];
  for (const name of names) {
    const binding = file.imports.get(name);
    if (binding) {
      if (binding.source !== module || binding.imported !== name) return null; // the name means something else here
      continue;
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
    if (!missing.includes(name)) missing.push(name);
  }
  if (missing.length === 0) return [];
  const program = file.sourceCode.ast;
  const existing = program.body.find(
    (s): s is TSESTree.ImportDeclaration =>
      s.type === AST_NODE_TYPES.ImportDeclaration && s.source.value === module && s.importKind !== 'type' && s.specifiers.some((sp) => sp.type === AST_NODE_TYPES.ImportSpecifier),
  );
  if (existing) {
    const last = [...existing.specifiers].reverse().find((sp) => sp.type === AST_NODE_TYPES.ImportSpecifier)!;
    return [{ range: [last.range[1], last.range[1]], text: `, ${missing.join(', ')}` }];
  }
  const esm = program.sourceType === 'module' && (program.body.some((s) => s.type === AST_NODE_TYPES.ImportDeclaration) || !file.text.includes('require('));
  const statement = esm ? `import { ${missing.join(', ')} } from '${module}';` : `const { ${missing.join(', ')} } = require('${module}');`;
  const lastImport = [...program.body].reverse().find((s) => s.type === AST_NODE_TYPES.ImportDeclaration || isRequireDeclaration(s));
  if (lastImport) return [{ range: [lastImport.range[1], lastImport.range[1]], text: `\n${statement}` }];
  return [{ range: [0, 0], text: `${statement}\n` }];
}

function isRequireDeclaration(statement: TSESTree.ProgramStatement): boolean {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.some((d) => d.init?.type === AST_NODE_TYPES.CallExpression && d.init.callee.type === AST_NODE_TYPES.Identifier && d.init.callee.name === 'require')
  );
}
