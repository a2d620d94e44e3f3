/**
 * One analysis per file, shared by every rule. ESLint hands all rules the same SourceCode object, so
 * the first rule created for a file owns a collector that listens during ESLint's own traversal
 * (no second walk of the tree); the first rule to reach `Program:exit` runs discovery and the flow
 * analysis; the others read the cached result.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { LIBRARIES } from '../libraries';
import type { Candidates, HandlerSite } from '../libraries/types';
import type { IdempotencySettings } from '../settings';
import { bareParam, calleeName, type FunctionNode } from './ast';
import { FileContext, type SourceCode } from './file-context';
import { analyzeHandler, newClassificationCache, type HandlerFacts } from './flow';

export interface FileAnalysis {
  file: FileContext;
  handlers: HandlerFacts[];
}

class Collector implements Candidates {
  readonly calls: TSESTree.CallExpression[] = [];
  readonly news: TSESTree.NewExpression[] = [];
  readonly decoratedMembers: TSESTree.MethodDefinition[] = [];
  readonly classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[] = [];
  readonly typedFunctions: FunctionNode[] = [];
  private callIndex: Map<string, TSESTree.CallExpression[]> | null = null;

  callsNamed(name: string): readonly TSESTree.CallExpression[] {
    this.callIndex ??= index(this.calls);
    return this.callIndex.get(name) ?? [];
  }
}

function index<T extends TSESTree.CallExpression | TSESTree.NewExpression>(calls: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const call of calls) {
    const name = calleeName(call);
    if (!name) continue;
    const list = map.get(name);
    if (list) list.push(call);
    else map.set(name, [call]);
  }
  return map;
}

interface Entry {
  owner: string;
  collector: Collector | null;
  settings: IdempotencySettings;
  result: FileAnalysis | null;
}

const entries = new WeakMap<SourceCode, Map<string, Entry>>();

/** Whether the file could contain a consumer at all: a cheap text check before any work. */
function mayHaveConsumers(text: string, settings: IdempotencySettings): boolean {
  if (settings.consumers.length > 0 || text.includes('@consumer')) return true;
  for (const library of LIBRARIES) for (const hint of library.textHints) if (text.includes(hint)) return true;
  return false;
}

function discover(file: FileContext, collector: Collector): HandlerSite[] {
  const sites: HandlerSite[] = [];
  const roots = new Set<unknown>();
  for (const library of LIBRARIES) {
    if (library.modules.length > 0 && !file.hasModule(...library.modules)) continue;
    if (library.textHints.length > 0 && !library.textHints.some((hint) => file.text.includes(hint))) continue;
    library.discover(file, collector, (site) => {
      if (roots.has(site.root)) return;
      roots.add(site.root);
      sites.push(site);
    });
  }
  return sites;
}

function compute(file: FileContext, collector: Collector | null): FileAnalysis {
  if (!collector) return { file, handlers: [] };
  const cache = newClassificationCache();
  const handlers = discover(file, collector).map((site) => analyzeHandler(file, site, cache));
  return { file, handlers };
}

export interface AnalysisSession {
  /** Listeners to merge into the rule's (empty unless this rule collects for the file). */
  listeners: TSESLint.RuleListener;
  /** The file's analysis; call from `Program:exit`. */
  result(): FileAnalysis;
}

/**
 * Joins (or starts) the shared analysis of the file being linted. `ruleId` identifies the caller so
 * that exactly one rule collects.
 */
export function analysisSession(sourceCode: SourceCode, settings: IdempotencySettings, key: string, ruleId: string, filename = ''): AnalysisSession {
  let byKey = entries.get(sourceCode);
  if (!byKey) {
    byKey = new Map();
    entries.set(sourceCode, byKey);
  }
  let entry = byKey.get(key);
  if (!entry) {
    entry = {
      owner: ruleId,
      collector: mayHaveConsumers(sourceCode.text, settings) ? new Collector() : null,
      settings,
      result: null,
    };
    byKey.set(key, entry);
  }
  const current = entry;
  const result = (): FileAnalysis => {
    current.result ??= compute(new FileContext(sourceCode, current.settings, filename), current.collector);
    return current.result;
  };
  const collector = current.collector;
  if (current.owner !== ruleId || !collector) return { listeners: {}, result };
  return {
    listeners: {
      CallExpression(node) {
        collector.calls.push(node);
      },
      NewExpression(node) {
        collector.news.push(node);
      },
      MethodDefinition(node) {
        if (node.decorators && node.decorators.length > 0) collector.decoratedMembers.push(node);
      },
      'ClassDeclaration, ClassExpression'(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression) {
        if (node.superClass) collector.classes.push(node);
      },
      'FunctionDeclaration, FunctionExpression, ArrowFunctionExpression'(node: FunctionNode) {
        const first = bareParam(node.params[0]);
        if (first && 'typeAnnotation' in first && first.typeAnnotation?.type === AST_NODE_TYPES.TSTypeAnnotation) collector.typedFunctions.push(node);
      },
    },
    result,
  };
}
