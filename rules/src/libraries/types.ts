/**
 * What a message library module tells the analysis. One module per library holds all knowledge of
 * that library: how it hands messages to code, where the message id lives, which calls settle a
 * message, and what returning from a handler means. Rules never see library names.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode, Node } from '../analysis/ast';
import type { KeyExpression } from '../analysis/access';
import type { FileContext } from '../analysis/file-context';

export type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export type CandidateKind = 'calls' | 'news' | 'decoratedMembers' | 'classes' | 'typedFunctions';

/** Nodes collected during ESLint's own traversal, so discovery never walks the tree again. */
export interface Candidates {
  calls: TSESTree.CallExpression[];
  news: TSESTree.NewExpression[];
  /** Class members that carry decorators, and classes that extend something. */
  decoratedMembers: TSESTree.MethodDefinition[];
  classes: (TSESTree.ClassDeclaration | TSESTree.ClassExpression)[];
  /** Functions with a type-annotated parameter (handlers typed with a library's payload type). */
  typedFunctions: FunctionNode[];
  /** Calls grouped by the called function's simple name (`a.b.run()` → "run"). */
  callsNamed(name: string): readonly TSESTree.CallExpression[];
}

export type SettleKind = 'ack' | 'nack';

export interface SettleModel {
  /** Returning from the handler settles the message (offset commit, delete, job completion). */
  returnSettles: boolean;
  /** Consequence phrase for return-settling libraries: "kafkajs commits the offset when the handler returns". */
  returnPhrase: string;
  /** Classifies a call inside the handler as an ack (message settled as done) or a nack (settled as failed). */
  classify(call: Call, file: FileContext): SettleKind | null;
  /** Automatic acknowledgement (`noAck: true`, `alwaysAcknowledge: true`): the option and when it settles. */
  autoAck: { node: Node; when: string } | null;
}

/**
 * What the sender does when the handler fails, crashes or does not answer:
 * - `at-least-once`: the broker (or sender) delivers the message again: duplicates happen;
 * - `request-reply`: a caller waits for the handler's reply and decides itself whether to retry
 *   (NestJS `@MessagePattern` on RMQ/TCP/NATS/Redis, AMQP RPC servers, `@RabbitRPC`);
 * - `no-redelivery`: nothing is delivered again (core NATS subscriptions, in-process events).
 * Only at-least-once handlers are analysed for the three hazards.
 */
export type Delivery = 'at-least-once' | 'request-reply' | 'no-redelivery';

/** The code that runs once per message, and the binding that holds the message there. */
export interface MessageUnit {
  container: FunctionNode | TSESTree.ForOfStatement;
  message: Node | null;
}

export interface HandlerSite {
  /** Labels-compatible library id, e.g. "kafkajs", "@aws-sdk/client-sqs". */
  library: string;
  /** How messages name the handler: "kafkajs eachMessage handler". */
  label: string;
  delivery: Delivery;
  /** Why the delivery is not at-least-once (for the consumer inventory), e.g. "replies to msg.properties.replyTo". */
  deliveryReason?: string;
  /** How the handler was found when its registration is not in this file (for the inventory): "base class Listener". */
  via?: string;
  /** What the flow analysis walks: the handler function, or the body of a poll loop. */
  root: FunctionNode | TSESTree.ForOfStatement;
  /**
   * The file the handler's code is in when it is not the linted file (`new Worker(q, processor)` with
   * `processor` imported): findings are then shown at `reportNode`, the reference in the linted file.
   */
  rootFile?: FileContext;
  /** Where a missing dedup check is reported (a function, method key, or loop). */
  reportNode: Node;
  /** For poll loops: statements between the receive call and the loop (a batch delete there settles early). */
  prelude: readonly TSESTree.Statement[];
  /**
   * For poll loops: statements after the loop in its block. An ack there settles every message once
   * the loop is done, including work the loop left running and failures it swallowed.
   */
  postlude: readonly TSESTree.Statement[];
  /** The handler receives several messages (eachBatch, Lambda Records, handleMessageBatch). */
  batch: boolean;
  settle: SettleModel;
  /** A dedup wrapper around the whole handler (e.g. Powertools makeIdempotent), by name. */
  guardedBy: string | null;
  /** The per-message units of the handler (the handler itself when it receives one message). */
  units(): MessageUnit[];
  /** Source text of the message id in a unit, or null when the library offers none there. */
  messageKey(unit: MessageUnit): KeyExpression | null;
  /**
   * Statements (one per line) that settle a duplicate and leave the unit, for a guard placed before
   * `at`: "channel.ack(msg);\nreturn;", "continue;", or null when that cannot be expressed there.
   */
  duplicateSettle(unit: MessageUnit, at: Node): string | null;
}

export interface LibraryModule {
  /** Labels-compatible id. */
  readonly id: string;
  /** Package roots one of which the file must import for discovery to run (empty: the module decides). */
  readonly modules: readonly string[];
  /** Strings one of which the file text must contain before discovery runs (a cheap pre-filter). */
  readonly textHints: readonly string[];
  /** The nodes discovery needs collected during ESLint's traversal (listeners cost time on every file). */
  readonly candidates: readonly CandidateKind[];
  discover(file: FileContext, candidates: Candidates, emit: (site: HandlerSite) => void): void;
}
