/**
 * The consumer inventory: every handler the rules found in a file, how it was found and its message
 * key, read from the analysis the rules made during the lint (no second analysis). It is how users
 * trust a silent report: a linter that sees no handler looks the same as clean code.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { bareParam, type FunctionNode, type Node } from './analysis/ast';
import { analysisOf } from './analysis/file-analysis';
import type { FileContext } from './analysis/file-context';
import type { HandlerFacts } from './analysis/flow';
import type { HandlerSite } from './libraries/types';
import { placeOf } from './util/anchor';

export interface ConsumerEntry {
  /** 1-based line and column of the handler (or of the reference to a handler written elsewhere). */
  line: number;
  column: number;
  library: string;
  /** "BullMQ processor", "kafkajs eachMessage handler"… */
  handler: string;
  delivery: HandlerSite['delivery'];
  /** Why a handler is not analysed (request/reply, not redelivered). */
  reason?: string;
  /** How it was found: `registered at line 12`, `decorator`, `typed parameter`, `exported handler`, `written in src/jobs/mail.ts:6`. */
  via: string;
  /** Source text of the message key, or null when the library offers none there. */
  key: string | null;
  /** Side effects the handler runs with no dedup check before them (0 for handlers not analysed). */
  unguardedEffects: number;
}

export interface UnresolvedEntry {
  line: number;
  column: number;
  /** Why the handler cannot be seen: a project wrapper's parameter, a dynamic lookup, a computed path… */
  reason: string;
  /** A `settings.idempotency.consumers` entry that would make the handlers visible, when one can be named. */
  setting?: Record<string, unknown>;
}

/** Registrations in the file whose handler the rules could not resolve (empty when none of the rules ran on it). */
export function unresolvedOf(sourceCode: Readonly<TSESLint.SourceCode>): UnresolvedEntry[] {
  const analysis = analysisOf(sourceCode);
  if (!analysis) return [];
  return analysis.unresolved.map((u) => ({
    line: u.node.loc.start.line,
    column: u.node.loc.start.column + 1,
    reason: u.reason,
    ...(u.setting ? { setting: u.setting } : {}),
  }));
}

/** The handlers the rules found in the file of `sourceCode` (empty when none of the rules ran on it). */
export function consumersOf(sourceCode: Readonly<TSESLint.SourceCode>): ConsumerEntry[] {
  const analysis = analysisOf(sourceCode);
  if (!analysis) return [];
  const factsOf = new Map(analysis.handlers.map((facts) => [facts.site, facts]));
  return analysis.sites.map((site) => {
    const at = site.reportNode.loc.start;
    const unit = site.rootFile ? null : site.units()[0];
    const key = unit ? (site.messageKey(unit)?.text ?? null) : null;
    const entry: ConsumerEntry = {
      line: at.line,
      column: at.column + 1,
      library: site.library,
      handler: site.label,
      delivery: site.delivery,
      via: foundBy(analysis.file, site),
      key,
      unguardedEffects: unguardedEffects(factsOf.get(site)),
    };
    if (site.deliveryReason) entry.reason = site.deliveryReason;
    return entry;
  });
}

/** Effects reached on some path before any dedup check that are not idempotent by themselves. */
function unguardedEffects(facts: HandlerFacts | undefined): number {
  return facts ? facts.effects.filter((effect) => effect.unguarded && !effect.info.idempotent).length : 0;
}

function foundBy(file: FileContext, site: HandlerSite): string {
  if (site.rootFile) return `written in ${placeOf(site.root)}`;
  if (site.via) return site.via;
  const root = site.root;
  if (root.type === AST_NODE_TYPES.ForOfStatement) return 'receive loop';
  const owner = root.parent;
  if (owner?.type === AST_NODE_TYPES.MethodDefinition && (owner.decorators?.length ?? 0) > 0) return 'decorator';
  const registration = registrationCall(root) ?? registrationByName(file, root);
  if (registration) return `registered at line ${registration.loc.start.line}`;
  const first = bareParam(root.params[0]);
  return first && 'typeAnnotation' in first && first.typeAnnotation ? 'typed parameter' : 'exported handler';
}

/** The call a value is handed to, directly or as a property of an options object. */
function registrationCall(value: Node): TSESTree.CallExpression | TSESTree.NewExpression | null {
  let node: Node = value;
  if (node.parent?.type === AST_NODE_TYPES.Property && node.parent.parent?.type === AST_NODE_TYPES.ObjectExpression) node = node.parent.parent;
  const parent = node.parent;
  const isArgument = (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(node as TSESTree.CallExpressionArgument);
  return isArgument ? parent : null;
}

/** A named handler handed to a call by its name (`eachMessage: handle`, `new Worker(q, processor)`). */
function registrationByName(file: FileContext, fn: FunctionNode): TSESTree.CallExpression | TSESTree.NewExpression | null {
  for (const reference of file.referencesOf(fn)) {
    const call = registrationCall(reference);
    if (call) return call;
  }
  return null;
}
