/** What the analysis knows about one side-effecting call. */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { unwrap, type Node } from '../ast';
import type { FileContext } from '../file-context';
import type { Bindings } from '../static-value';
import type { SqlStatement } from './sql';

/**
 * What kind of effect a call is. `publish` forwards an event to a broker (a relay: downstream
 * consumers deduplicate); `job` enqueues background work in a job queue (the job does the work again).
 */
export type EffectCategory = 'db' | 'http' | 'email' | 'sms' | 'push' | 'payment' | 'publish' | 'job' | 'call';

/** Why a write is relative (applied twice, it counts twice). */
export type RelativeKind =
  | 'sql'
  | 'mongo'
  | 'redis'
  | 'prisma'
  | 'orm'
  | 'dynamodb'
  | 'firestore'
  | 'search'
  | 'read-modify-write'
  | 'fresh-key-insert';

export type EffectCall = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

export interface EffectInfo {
  category: EffectCategory;
  /** Applying it twice leaves the same state as once (absolute write, upsert, PUT, delete by id). */
  idempotent: boolean;
  relative: RelativeKind | null;
  /** Names the write for messages: "UPDATE products", "redis.incrby()", "POST request". */
  description: string;
  /** Where the write is reported: the method name (`.increment(`), SQL tag, or `send(`. */
  nameNode: Node;
  /**
   * The relative part itself, where the squiggle belongs: `increment: 1`, the `$inc` entry, the
   * `n = n + $1` inside the SQL text (`text` locates it inside `node`'s source).
   */
  relativePart?: { node: Node; text?: string };
  /** Calling it without `await` leaves work running after the handler moves on. */
  returnsPromise: boolean;
  /** What it returns is a hot Observable, not a promise: waiting for it takes `lastValueFrom(…)`. */
  observable?: boolean;
  /**
   * The call only builds the operation; it runs when awaited or handed to a runner (Prisma's
   * PrismaPromise, passed to `$transaction([...])`): held in a variable or an array, it is not running.
   */
  lazy?: boolean;
  /** The SQL statement and the node holding its text, for SQL rewrites. */
  sql?: { statement: SqlStatement; textNode: Node; paramsNode: Node | null };
  /** A read-modify-write whose changed row came in through a helper's parameter (shown at the caller's call). */
  passedIn?: boolean;
  /** For Mongo updates: the filter and update object nodes, for the guarded-update rewrite. */
  mongo?: { filter: Node; update: TSESTree.ObjectExpression };
}

export interface ClassifyContext {
  file: FileContext;
  bindings: Bindings;
}

/** `a.b.c(...)` → the `c` identifier; a tag's property; otherwise the callee. */
export function nameNodeOf(call: EffectCall): Node {
  const callee = unwrap(call.type === AST_NODE_TYPES.TaggedTemplateExpression ? call.tag : call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) return callee.property;
  return callee;
}
