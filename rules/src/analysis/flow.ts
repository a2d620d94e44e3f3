/**
 * Walks a handler in execution order and records what the rules need: every side effect reached
 * (through same-file helpers too) and whether a dedup check guards it, acks that run before work
 * or after a failure, work that is not awaited before the message is settled, and caught errors
 * that let a failed message be settled anyway.
 *
 * It is a small forward data-flow over the AST: a state (guarded? which acks may have run? which
 * promises are floating? did a caught failure happen?) flows through statements; branches are
 * analysed separately and joined; `return`/`throw`/`continue`/`break` end a path; a catch starts
 * from any point of its try block; `finally` runs once for the normal and once for the failing
 * path. Loops are walked once (effects of one iteration do not follow the ack of the previous one).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { HandlerSite } from '../libraries/types';
import {
  bareParam,
  callLabel,
  calleeName,
  calleeObject,
  enclosingFunction,
  findDescendant,
  isFunction,
  isInside,
  patternIdentifiers,
  propertyName,
  receiverName,
  rootIdentifier,
  unwrap,
  unwrapAwait,
  type FunctionNode,
  type Node,
} from './ast';
import { catchSignalsDuplicate, dedupRole, isProbeFunction, type DedupRole } from './dedup';
import { reportsFailureOnward } from './failure-handling';
import { isStateGuard } from './state-guard';
import { classifyEffect, type EffectCall, type EffectInfo } from './effects';
import { nameNodeOf } from './effects/types';
import { isInstrumentationOrMemory } from './effects/instrumentation';
import { counterStep } from './effects/redis';
import { enclosingClass, type FileContext } from './file-context';
import { calledFunction } from '../project/targets';
import { programOf, sourceOfNode } from '../util/anchor';
import { NO_BINDINGS, type Bindings } from './static-value';

type Call = TSESTree.CallExpression | TSESTree.NewExpression;

export interface EffectRecord {
  node: EffectCall;
  info: EffectInfo;
  /** Reached on at least one path with no dedup check before it. */
  unguarded: boolean;
  /** The call in the handler's own body through which a helper's effect is reached. */
  via: Node | null;
  /** The helper calls from the handler to the effect (`this.execute()` then `applyEvent()`); empty when direct. */
  path: readonly Node[];
}

export interface FloatingWork {
  /** The un-awaited call (for `forEach(async …)` / `map(async …)`, the iterating call). */
  node: Node;
  description: string;
  /** Variable holding the promise (`const p = send()`), cleared when awaited. */
  holder: string | null;
  /** The call returns a hot Observable (NestJS `emit`): it is awaited through `lastValueFrom`. */
  observable?: boolean;
}

export interface Failure {
  /** A catch (or rejection handler) that keeps the failure; `finally` after a failure; `await Promise.allSettled(…)` whose results nobody reads. */
  kind: 'catch' | 'finally' | 'ignored-results';
  /** The CatchClause (or rejection callback), the TryStatement whose finally block runs after a failure, or the allSettled call. */
  node: Node;
  /** The work that can fail. */
  effect: EffectRecord | null;
  /** For a catch: the try block whose failure it keeps. */
  tryBlock?: Node;
}

export interface HandlerFacts {
  site: HandlerSite;
  effects: EffectRecord[];
  /** Acks (and deletes/commits) followed on some path by a side effect. */
  ackBeforeEffect: Map<Call, EffectRecord>;
  /** Acks reached after a failed side effect was caught (in `finally`, or after a swallowing catch). */
  ackAfterFailure: Map<Call, Failure>;
  /**
   * Nodes reached in another file (through an imported function or an injected service), each with
   * the call in the handler's file that leads there: findings are shown at that call.
   */
  anchors: Map<Node, Node>;
  /** Un-awaited work still running when the message is settled. */
  floating: Map<Node, { work: FloatingWork; settledBy: Call | null }>;
  /** Catch clauses that swallow a failure in a handler whose return settles the message. */
  swallowed: Map<Node, Failure>;
}

class FlowState {
  dead = false;
  constructor(
    public guarded: boolean,
    public acks: readonly Call[],
    public pending: readonly FloatingWork[],
    public failure: Failure | null,
  ) {}

  clone(): FlowState {
    const s = new FlowState(this.guarded, this.acks, this.pending, this.failure);
    s.dead = this.dead;
    return s;
  }

  static deadState(): FlowState {
    const s = new FlowState(true, [], [], null);
    s.dead = true;
    return s;
  }

  static join(states: readonly FlowState[]): FlowState {
    const live = states.filter((s) => !s.dead);
    if (live.length === 0) return FlowState.deadState();
    if (live.length === 1) return live[0]!.clone();
    const acks = new Set<Call>();
    const pending = new Set<FloatingWork>();
    let guarded = true;
    let failure: Failure | null = null;
    for (const s of live) {
      guarded &&= s.guarded;
      for (const a of s.acks) acks.add(a);
      for (const p of s.pending) pending.add(p);
      failure ??= s.failure;
    }
    return new FlowState(guarded, [...acks], [...pending], failure);
  }
}

type Mode = 'await' | 'return' | 'discard' | 'value' | { hold: string };

interface Frame {
  fn: FunctionNode | null;
  /** The file the frame's code is in (another project file for an imported helper). */
  file: FileContext;
  /** In another file: the call in the handler's file that leads here. */
  anchor: Node | null;
  root: boolean;
  /** The frame's promise is awaited by whoever invoked it. */
  awaited: boolean;
  /** The frame's work is not awaited by anyone: it floats as a whole. */
  floating: boolean;
  /**
   * The frame (or one around it) was started with nobody awaiting or holding it: work it leaves
   * un-awaited is already part of that floating whole. A frame that is only held
   * (`const all = items.map(async …)`, awaited later) is not: what it leaves un-awaited nobody awaits.
   */
  detached: boolean;
  bindings: Bindings;
  returns: FlowState[];
  /** The variable the caller holds this frame's returned promise in (`tasks.push(helper())`). */
  hold: string | null;
  via: Node | null;
  /** Calls from the root frame to this one. */
  path: readonly Node[];
  effects: number;
}

interface LoopTargets {
  breaks: FlowState[];
  continues: FlowState[];
}

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'reduce', 'find', 'findIndex']);
const PROMISE_CHAIN = new Set(['then', 'catch', 'finally']);
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
const TRANSACTION_RUNNERS = new Set(['$transaction', 'transaction', 'withTransaction', 'runInTransaction', 'tx', 'begin', 'serializable']);
const DEFERRED = new Set(['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'setInterval']);
const LISTENERS = new Set(['on', 'once', 'addListener', 'addEventListener', 'subscribe', 'prependListener']);
const MAX_INLINED_CALLS = 400;
/** How deep an ack after a poll loop is looked for through helpers (`ackAll(ids)` → `ack(id)` → `client.xAck`). */
const MAX_ACK_HELPER_DEPTH = 3;
/** Calls that read a row (`findOneBy`, `get`, `load`…): objects they return can be written back. */
const READ_METHOD = /^(find|get|load|fetch|read|query|select|first|one|retrieve|lookup)/i;

/** Per-file memo of what a call is, shared by every handler walk (only for calls without bound helper arguments). */
export interface ClassificationCache {
  probeFunctions: Map<FunctionNode, boolean>;
  stateGuards: Map<Node, boolean>;
  roles: Map<Node, DedupRole | null>;
  effects: Map<Node, EffectInfo | null>;
}

export function newClassificationCache(): ClassificationCache {
  return { probeFunctions: new Map(), stateGuards: new Map(), roles: new Map(), effects: new Map() };
}

export class HandlerWalker {
  private readonly effectRecords = new Map<Node, EffectRecord>();
  /** Records in the order they were first reached (index → record, for try blocks). */
  private readonly effectOrder: EffectRecord[] = [];
  private readonly facts: HandlerFacts;
  private frame!: Frame;
  private readonly loops: LoopTargets[] = [];
  private readonly throwTargets: FlowState[][] = [];
  private readonly inlining = new Set<FunctionNode>();
  /** Helper calls being walked (callbacks run in place and do not count against helperDepth). */
  private helperLevels = 0;
  /** Transaction callbacks being walked (`sequelize.transaction(async (t) => …)`) and the effect count when each began. */
  private readonly openTransactions: { call: Call; effectsAtStart: number }[] = [];
  private readonly probeVariables = new Set<string>();
  private readonly mutatedLocals = new Map<string, Node>();
  private readonly probeFunctions: Map<FunctionNode, boolean>;
  private readonly cache: ClassificationCache;
  private inlinedCalls = 0;
  private effectCount = 0;
  /** The files frames were walked in, by program (to read a caller's variable a helper was handed). */
  private readonly frameFiles = new Map<TSESTree.Program, FileContext>();

  constructor(
    private readonly rootFile: FileContext,
    private readonly site: HandlerSite,
    cache: ClassificationCache,
  ) {
    this.cache = cache;
    this.probeFunctions = cache.probeFunctions;
    this.facts = {
      site,
      effects: [],
      ackBeforeEffect: new Map(),
      ackAfterFailure: new Map(),
      floating: new Map(),
      swallowed: new Map(),
      anchors: new Map(),
    };
  }

  /** The file of the code being walked. */
  private get file(): FileContext {
    return this.frame ? this.frame.file : this.rootFile;
  }

  /** The call of an enclosing frame that led here, kept as a finding's node (shown where its own file leads to it). */
  private callerStep(call: TSESTree.CallExpression): TSESTree.CallExpression {
    if (programOf(call) !== programOf(this.site.reportNode) && this.frame.anchor && !this.facts.anchors.has(call)) this.facts.anchors.set(call, this.frame.anchor);
    return call;
  }

  /** A node about to be kept in the facts: in another file, remember where the handler's file leads to it. */
  private here<T extends Node>(node: T): T {
    if (this.frame.anchor && !this.facts.anchors.has(node)) this.facts.anchors.set(node, this.frame.anchor);
    return node;
  }

  run(): HandlerFacts {
    const root = this.site.root;
    const start = new FlowState(this.site.guardedBy != null, [], [], null);
    if (root.type === AST_NODE_TYPES.ForOfStatement) {
      this.frame = this.newFrame(null, true, true, false, NO_BINDINGS, null);
      // A batch delete between the receive and the loop settles every message before its work.
      const afterPrelude = this.statements(this.site.prelude, start);
      this.loops.push({ breaks: [], continues: [] });
      const end = this.statement(root.body, afterPrelude);
      const loop = this.loops.pop()!;
      const ends = [FlowState.join([end, ...loop.continues])];
      this.settleAtReturn(ends[0]!);
      this.settleAfterLoop(ends);
    } else {
      // A handler written in another file: its code is read there, its findings shown at the reference here.
      const handlerFile = this.site.rootFile;
      this.frame = this.newFrame(root, true, true, false, NO_BINDINGS, null, [], handlerFile ?? this.rootFile, handlerFile ? this.site.reportNode : null);
      const end = this.functionBody(root, start);
      const ends = [end, ...this.frame.returns];
      for (const s of ends) this.settleAtReturn(s);
      this.settleAfterLoop(ends);
    }
    this.pairCounters();
    this.dropBestEffortFailures();
    this.facts.effects = this.effectOrder;
    return this.facts;
  }

  /**
   * A poll loop whose messages are acked after it (`await xAckBulk(ids)` once the loop is done): work
   * a message's turn left running, and a failure it swallowed, are settled by that ack.
   */
  private settleAfterLoop(ends: readonly FlowState[]): void {
    if (this.site.postlude.length === 0) return;
    let ack: Call | null = null;
    for (const statement of this.site.postlude) {
      ack = findDescendant(statement, (n) => (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) && this.acksThrough(n, this.rootFile, 0), true) as Call | null;
      if (ack) break;
    }
    if (!ack) return;
    for (const end of ends) if (!end.dead) this.ack(ack, end.clone());
  }

  /** The call acks, itself or through a helper it calls (`xAckBulk(ids)` → `client.xAck(…)`). */
  private acksThrough(call: Call, file: FileContext, depth: number): boolean {
    if (this.site.settle.classify(call, file) === 'ack') return true;
    if (depth >= MAX_ACK_HELPER_DEPTH || call.type !== AST_NODE_TYPES.CallExpression) return false;
    const target = calledFunction(file, call.callee);
    if (!target || target.fn === this.site.root) return false;
    const isAck = (n: Node): boolean => (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) && this.acksThrough(n, target.file, depth + 1);
    return findDescendant(target.fn.body, isAck, true) != null;
  }

  /**
   * An in-flight counter (a semaphore): the handler counts up when its work starts and down when it
   * ends or fails, on the same key. Run again, it counts up and down again: nothing accumulates.
   */
  private pairCounters(): void {
    const steps = new Map<string, { up: EffectRecord[]; down: EffectRecord[] }>();
    for (const record of this.effectOrder) {
      if (record.info.relative !== 'redis') continue;
      // The record may be in another file: its text is read from its own source.
      const step = counterStep(record.node, (n) => sourceOfNode(this.rootFile.sourceCode, n).getText(n));
      if (!step) continue;
      const entry = steps.get(step.key) ?? { up: [], down: [] };
      (step.up ? entry.up : entry.down).push(record);
      steps.set(step.key, entry);
    }
    for (const { up, down } of steps.values()) {
      if (up.length === 0 || down.length === 0) continue;
      for (const record of [...up, ...down]) record.info = { ...record.info, idempotent: true, relative: null, description: `${record.info.description} (an in-flight counter it also counts back)` };
    }
  }

  private newFrame(
    fn: FunctionNode | null,
    root: boolean,
    awaited: boolean,
    floating: boolean,
    bindings: Bindings,
    via: Node | null,
    path: readonly Node[] = [],
    file: FileContext = this.file,
    anchor: Node | null = null,
  ): Frame {
    this.frameFiles.set(file.sourceCode.ast as TSESTree.Program, file);
    return { fn, file, anchor, root, awaited, floating, detached: floating, bindings, returns: [], via, path, effects: 0, hold: null };
  }

  /** Walks a function body; `return` states are collected on the current frame. */
  private functionBody(fn: FunctionNode, state: FlowState): FlowState {
    if (fn.body.type === AST_NODE_TYPES.BlockStatement) return this.statement(fn.body, state);
    const out = this.expression(fn.body, state, 'return');
    this.frame.returns.push(out);
    return FlowState.deadState();
  }

  /** At a return of the root frame: the message is settled now if the library settles on return. */
  private settleAtReturn(state: FlowState): void {
    if (state.dead || !this.site.settle.returnSettles) return;
    for (const work of state.pending) {
      if (!this.facts.floating.has(work.node)) this.facts.floating.set(work.node, { work, settledBy: null });
    }
    if ((state.failure?.kind === 'catch' || state.failure?.kind === 'ignored-results') && !this.facts.swallowed.has(state.failure.node)) {
      this.facts.swallowed.set(state.failure.node, state.failure);
    }
  }

  /**
   * A point where an exception may leave to the enclosing catch. A failure swallowed earlier on the
   * path does not travel with it: the exception fails the message unless a catch keeps it, and that
   * catch is judged on its own.
   */
  private recordThrowPoint(state: FlowState): void {
    const target = this.throwTargets[this.throwTargets.length - 1];
    if (!target || state.dead) return;
    const point = state.clone();
    point.failure = null;
    target.push(point);
  }

  // ---------------------------------------------------------------- statements

  private statements(list: readonly TSESTree.Statement[], state: FlowState): FlowState {
    let s = state;
    for (const statement of list) {
      if (s.dead) break;
      s = this.statement(statement, s);
    }
    return s;
  }

  private statement(node: TSESTree.Statement, state: FlowState): FlowState {
    switch (node.type) {
      case AST_NODE_TYPES.BlockStatement:
        return this.statements(node.body, state);
      case AST_NODE_TYPES.ExpressionStatement:
        return this.expression(node.expression, state, 'discard');
      case AST_NODE_TYPES.VariableDeclaration: {
        let s = state;
        for (const declarator of node.declarations) {
          if (!declarator.init) continue;
          const holder = declarator.id.type === AST_NODE_TYPES.Identifier ? declarator.id.name : null;
          s = this.expression(declarator.init, s, holder ? { hold: holder } : 'value');
          if (this.isProbeExpression(declarator.init)) for (const id of patternIdentifiers(declarator.id)) this.probeVariables.add(id.name);
        }
        return s;
      }
      case AST_NODE_TYPES.ReturnStatement: {
        const s = node.argument ? this.expression(node.argument, state, 'return') : state.clone();
        if (node.argument) this.releaseHeld(s, node.argument, this.frame.awaited);
        this.frame.returns.push(s);
        return FlowState.deadState();
      }
      case AST_NODE_TYPES.ThrowStatement: {
        const s = this.expression(node.argument, state, 'value');
        this.recordThrowPoint(s);
        return FlowState.deadState();
      }
      case AST_NODE_TYPES.IfStatement:
        return this.ifStatement(node, state);
      case AST_NODE_TYPES.TryStatement:
        return this.tryStatement(node, state);
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement: {
        const s = this.expression(node.right, state, 'value');
        return this.loop(node.body, s, true);
      }
      case AST_NODE_TYPES.ForStatement: {
        let s = state;
        if (node.init) s = node.init.type === AST_NODE_TYPES.VariableDeclaration ? this.statement(node.init, s) : this.expression(node.init, s, 'discard');
        if (node.test) s = this.expression(node.test, s, 'value');
        const bodyEnd = this.loop(node.body, s, true);
        return bodyEnd;
      }
      case AST_NODE_TYPES.WhileStatement: {
        const s = this.expression(node.test, state, 'value');
        const infinite = node.test.type === AST_NODE_TYPES.Literal && node.test.value === true;
        return this.loop(node.body, s, !infinite);
      }
      case AST_NODE_TYPES.DoWhileStatement: {
        const end = this.loop(node.body, state, false);
        return end.dead ? end : this.expression(node.test, end, 'value');
      }
      case AST_NODE_TYPES.SwitchStatement:
        return this.switchStatement(node, state);
      case AST_NODE_TYPES.BreakStatement:
        this.loops[this.loops.length - 1]?.breaks.push(state.clone());
        return FlowState.deadState();
      case AST_NODE_TYPES.ContinueStatement:
        this.loops[this.loops.length - 1]?.continues.push(state.clone());
        return FlowState.deadState();
      case AST_NODE_TYPES.LabeledStatement:
        return this.statement(node.body, state);
      default:
        // Function and class declarations do not run here; helpers are followed where they are called.
        return state;
    }
  }

  private loop(body: TSESTree.Statement, state: FlowState, mayNotRun: boolean): FlowState {
    this.loops.push({ breaks: [], continues: [] });
    const end = this.statement(body, state.clone());
    const targets = this.loops.pop()!;
    return FlowState.join([...(mayNotRun ? [state] : []), end, ...targets.continues, ...targets.breaks]);
  }

  private switchStatement(node: TSESTree.SwitchStatement, state: FlowState): FlowState {
    const s = this.expression(node.discriminant, state, 'value');
    this.loops.push({ breaks: [], continues: [] });
    const ends: FlowState[] = [];
    for (const c of node.cases) ends.push(this.statements(c.consequent, s.clone()));
    const targets = this.loops.pop()!;
    // `continue` inside a switch belongs to the enclosing loop.
    this.loops[this.loops.length - 1]?.continues.push(...targets.continues);
    const hasDefault = node.cases.some((c) => c.test == null);
    return FlowState.join([...ends, ...targets.breaks, ...(hasDefault ? [] : [s])]);
  }

  private ifStatement(node: TSESTree.IfStatement, state: FlowState): FlowState {
    const s = this.expression(node.test, state, 'value');
    // A flag the caller passes as a literal (`updateAuth(ctx, record, true)` → `if (revoke)`): one branch only.
    const constant = this.constantTest(node.test);
    if (constant === true) return this.statement(node.consequent, s);
    if (constant === false) return node.alternate ? this.statement(node.alternate, s) : s;
    const guard = this.isGuardTest(node.test) || this.isStateGuard(node);
    const consIn = s.clone();
    const altIn = s.clone();
    if (guard) {
      consIn.guarded = true;
      altIn.guarded = true;
    }
    const consOut = this.statement(node.consequent, consIn);
    const altOut = node.alternate ? this.statement(node.alternate, altIn) : altIn;
    const out = FlowState.join([consOut, altOut]);
    // A guard that leaves on one side protects what follows; one that does not only protects its branches.
    if (guard && !consOut.dead && !altOut.dead) out.guarded = s.guarded;
    return out;
  }

  /** The value of a test made of a parameter bound to a boolean literal by the call being followed (`flag`, `!flag`). */
  private constantTest(test: Node): boolean | null {
    const t = unwrap(test);
    if (t.type === AST_NODE_TYPES.UnaryExpression && t.operator === '!') {
      const inner = this.constantTest(t.argument);
      return inner == null ? null : !inner;
    }
    if (t.type !== AST_NODE_TYPES.Identifier || this.frame.bindings.size === 0) return null;
    const bound = this.frame.bindings.get(t.name);
    if (!bound || bound.type !== AST_NODE_TYPES.Literal || typeof bound.value !== 'boolean') return null;
    // Only the parameter itself (not a local of the same name, nor one reassigned in the function).
    const { file, fn } = this.frame;
    if (!fn || file.definitionOf(t)?.kind !== 'parameter') return null;
    const reassigned = findDescendant(fn.body as Node, (n) => n.type === AST_NODE_TYPES.AssignmentExpression && n.left.type === AST_NODE_TYPES.Identifier && n.left.name === t.name, true);
    return reassigned ? null : bound.value;
  }

  private tryStatement(node: TSESTree.TryStatement, state: FlowState): FlowState {
    const effectsBefore = this.effectCount;
    const firstEffectIndex = this.effectRecords.size;
    const throwPoints: FlowState[] = [state.clone()];
    this.throwTargets.push(throwPoints);
    const afterTry = this.statement(node.block, state.clone());
    this.throwTargets.pop();
    const tryHadEffects = this.effectCount > effectsBefore;
    const failingEffect = tryHadEffects ? (this.effectOrder[firstEffectIndex] ?? null) : null;
    const normal: FlowState[] = [afterTry];
    const failing: FlowState[] = [];
    if (node.handler) {
      const catchIn = FlowState.join(throwPoints);
      catchIn.dead = false;
      // A try inside a catch clause is failure handling (writing a failed status, cleaning up): whether
      // the message is lost is the enclosing catch's to decide, not this one's.
      if (tryHadEffects && !insideCatchClause(node) && !reportsFailureOnward(node.handler.body, node.handler.param, { file: this.file, fn: this.frame.fn ?? enclosingFunction(node) })) {
        catchIn.failure = { kind: 'catch', node: this.here(node.handler), effect: failingEffect, tryBlock: node.block };
      }
      const catchThrows: FlowState[] = [];
      if (node.finalizer) this.throwTargets.push(catchThrows);
      normal.push(this.statement(node.handler.body, catchIn));
      if (node.finalizer) {
        this.throwTargets.pop();
        failing.push(...catchThrows);
      } else {
        for (const t of catchThrows) this.recordThrowPoint(t);
      }
    } else {
      failing.push(...throwPoints);
    }
    // Insert-first dedup: the catch leaves on a unique-key violation, so only a first delivery gets past the try.
    if (tryHadEffects && node.handler && catchSignalsDuplicate(node.handler)) {
      if (!afterTry.dead) afterTry.guarded = true;
      // The write in the try block is the claim itself: a duplicate fails there and changes nothing.
      for (const record of this.effectOrder.slice(firstEffectIndex)) if (isInside(record.node, node.block)) record.unguarded = false;
    }
    if (!node.finalizer) return FlowState.join(normal);
    // The failing path: finally runs, then the error propagates (its state does not continue).
    if (failing.length > 0 && tryHadEffects) {
      const failIn = FlowState.join(failing);
      failIn.dead = false;
      failIn.failure = { kind: 'finally', node: this.here(node), effect: failingEffect };
      const failOut = this.statement(node.finalizer, failIn);
      this.recordThrowPoint(failOut);
    }
    return this.statement(node.finalizer, FlowState.join(normal));
  }

  /**
   * A try around an idempotent step (refresh a cache, set a status) of a handler that has other work
   * outside it: swallowing that step's failure is a deliberate best effort, and the message's work
   * still runs. A write into a cache (`prisma.parseCache.create(…)`) counts as such a step: what is
   * lost is rebuilt on the next read. Judged once the walk is complete (later work, and paired
   * counters, are known then).
   */
  private isBestEffort(failure: Failure): boolean {
    const block = failure.tryBlock;
    if (!block) return false;
    const inside = (r: EffectRecord) => isInside(r.node, block) || r.path.some((call) => isInside(call, block));
    const inTry = this.effectOrder.filter(inside);
    return inTry.length > 0 && inTry.every((r) => r.info.idempotent || writesACache(r.node)) && this.effectOrder.some((r) => !inside(r));
  }

  private dropBestEffortFailures(): void {
    for (const [ack, failure] of this.facts.ackAfterFailure) if (this.isBestEffort(failure)) this.facts.ackAfterFailure.delete(ack);
    for (const [node, failure] of this.facts.swallowed) if (this.isBestEffort(failure)) this.facts.swallowed.delete(node);
  }

  // ---------------------------------------------------------------- expressions

  private expression(node: TSESTree.Node, state: FlowState, mode: Mode): FlowState {
    if (state.dead) return state;
    switch (node.type) {
      case AST_NODE_TYPES.AwaitExpression: {
        const s = this.expression(node.argument, state, 'await');
        this.releaseHeld(s, node.argument, true);
        return s;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return this.call(node, state, mode);
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        let s = state;
        for (const e of node.quasi.expressions) s = this.expression(e, s, 'value');
        return this.effectCall(node, s, mode);
      }
      case AST_NODE_TYPES.UnaryExpression:
        return this.expression(node.argument, state, node.operator === 'void' ? 'discard' : 'value');
      case AST_NODE_TYPES.ConditionalExpression: {
        const s = this.expression(node.test, state, 'value');
        const guard = this.isGuardTest(node.test);
        const a = s.clone();
        const b = s.clone();
        if (guard) a.guarded = b.guarded = true;
        const out = FlowState.join([this.expression(node.consequent, a, mode), this.expression(node.alternate, b, mode)]);
        if (guard) out.guarded = s.guarded;
        return out;
      }
      case AST_NODE_TYPES.LogicalExpression: {
        const s = this.expression(node.left, state, 'value');
        const right = s.clone();
        if (this.isGuardTest(node.left)) right.guarded = true;
        const out = FlowState.join([s, this.expression(node.right, right, mode)]);
        out.guarded = s.guarded;
        return out;
      }
      case AST_NODE_TYPES.AssignmentExpression: {
        this.noteMutation(node);
        const holder = node.left.type === AST_NODE_TYPES.Identifier ? node.left.name : null;
        const s = this.expression(node.right, state, holder ? { hold: holder } : 'value');
        if (holder && this.isProbeExpression(node.right)) this.probeVariables.add(holder);
        return node.left.type === AST_NODE_TYPES.MemberExpression ? this.expression(node.left, s, 'value') : s;
      }
      case AST_NODE_TYPES.UpdateExpression:
        this.noteMutation(node);
        return state;
      case AST_NODE_TYPES.SequenceExpression: {
        let s = state;
        node.expressions.forEach((e, i) => {
          s = this.expression(e, s, i === node.expressions.length - 1 ? mode : 'discard');
        });
        return s;
      }
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        return this.expression(node.expression, state, mode);
      case AST_NODE_TYPES.MemberExpression: {
        const s = this.expression(node.object, state, 'value');
        return node.computed ? this.expression(node.property, s, 'value') : s;
      }
      case AST_NODE_TYPES.ArrayExpression: {
        let s = state;
        for (const e of node.elements) if (e) s = this.expression(e, s, mode === 'await' ? 'await' : 'value');
        return s;
      }
      case AST_NODE_TYPES.ObjectExpression: {
        let s = state;
        for (const p of node.properties) {
          if (p.type === AST_NODE_TYPES.Property) {
            if (p.computed) s = this.expression(p.key, s, 'value');
            if (!isFunction(p.value)) s = this.expression(p.value, s, 'value');
          } else s = this.expression(p.argument, s, 'value');
        }
        return s;
      }
      case AST_NODE_TYPES.SpreadElement:
        return this.expression(node.argument, state, mode);
      case AST_NODE_TYPES.TemplateLiteral: {
        let s = state;
        for (const e of node.expressions) s = this.expression(e, s, 'value');
        return s;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        const s = this.expression(node.left, state, 'value');
        return this.expression(node.right, s, 'value');
      }
      case AST_NODE_TYPES.YieldExpression:
        return node.argument ? this.expression(node.argument, state, 'await') : state;
      default:
        return state;
    }
  }

  /** `await p`, `await Promise.all([p, q])`, `return p`: the held promises are no longer floating. */
  private releaseHeld(state: FlowState, expr: TSESTree.Node, awaited: boolean): void {
    if (!awaited || state.pending.length === 0) return;
    const names = new Set<string>();
    const collect = (n: TSESTree.Node, depth = 0): void => {
      const u = unwrap(n);
      if (depth > 4) return;
      if (u.type === AST_NODE_TYPES.Identifier) {
        if (names.has(u.name)) return;
        names.add(u.name);
        // `const all = [create, ...updates]`: awaiting `all` awaits what it holds.
        const def = this.file.definitionOf(u);
        if (def?.kind === 'variable' && def.node.init && unwrap(def.node.init).type === AST_NODE_TYPES.ArrayExpression) collect(def.node.init, depth + 1);
      } else if (u.type === AST_NODE_TYPES.ArrayExpression) u.elements.forEach((e) => e && collect(e.type === AST_NODE_TYPES.SpreadElement ? e.argument : e, depth + 1));
      // `Promise.all(ops)`, `prisma.$transaction(ops)`, `runAll(ops)`: an awaited call that takes the
      // promises (or lazy operations) answers for them.
      else if (u.type === AST_NODE_TYPES.CallExpression) u.arguments.forEach((a) => collect(a.type === AST_NODE_TYPES.SpreadElement ? a.argument : a, depth + 1));
    };
    collect(expr);
    if (names.size === 0) return;
    state.pending = state.pending.filter((p) => !(p.holder && names.has(p.holder)));
  }

  private call(node: Call, state: FlowState, mode: Mode): FlowState {
    const name = calleeName(node);
    const callee = unwrap(node.callee);
    // promise.then(cb) / .catch(cb) / .finally(cb): the chain shares the awaitedness of its end.
    if (node.type === AST_NODE_TYPES.CallExpression && name && PROMISE_CHAIN.has(name) && callee.type === AST_NODE_TYPES.MemberExpression) {
      return this.promiseChain(node, name, callee.object, state, mode);
    }
    // Promise.all([...]) / Promise.all(items.map(...)): elements inherit the awaitedness.
    if (name && PROMISE_COMBINATORS.has(name) && callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.Identifier && (unwrap(callee.object) as TSESTree.Identifier).name === 'Promise') {
      const effectsBefore = this.effectCount;
      const recordsBefore = this.effectRecords.size;
      let s = state;
      for (const arg of node.arguments) s = this.expression(arg, s, mode);
      // `await Promise.allSettled(work)` as a statement: every rejection is caught and dropped.
      if (name === 'allSettled' && mode === 'await' && this.effectCount > effectsBefore && !s.dead && isResultDiscarded(node)) {
        // Work whose failures are already caught inside the callbacks never rejects: nothing is lost here.
        const uncaught = this.effectOrder.slice(recordsBefore).find((r) => {
          const anchor = isInside(r.node, node) ? r.node : r.path.find((call) => isInside(call, node));
          if (!anchor || caughtWithin(anchor, node)) return false;
          // In a helper: caught around the effect inside the helper itself.
          return anchor === r.node || !caughtWithin(r.node, enclosingFunction(r.node) ?? r.node);
        });
        if (uncaught) s.failure = { kind: 'ignored-results', node: this.here(node), effect: uncaught };
      }
      return s;
    }
    let s = state;
    if (callee.type === AST_NODE_TYPES.MemberExpression) s = this.expression(callee.object, s, 'value');
    else if (callee.type === AST_NODE_TYPES.CallExpression) s = this.expression(callee, s, 'value');
    // prisma.$transaction([write, processedMessage.create(…)]): atomic, so the marker guards every element.
    if (name && TRANSACTION_RUNNERS.has(name) && node.arguments.some((a) => a.type === AST_NODE_TYPES.ArrayExpression && this.containsThrowingMark(a))) {
      s.guarded = true;
    }
    if (name === 'push' && callee.type === AST_NODE_TYPES.MemberExpression) {
      this.noteArrayAppend(callee.object);
      const array = unwrap(callee.object);
      // promises.push(send()): the array holds the promise until it is awaited.
      if (array.type === AST_NODE_TYPES.Identifier) {
        for (const arg of node.arguments) s = this.expression(arg, s, { hold: array.name });
        // batchItemFailures.push({ itemIdentifier }) reports a failure to the library.
        if (this.site.settle.classify(node, this.file) === 'nack') s.failure = null;
        return s;
      }
    }
    const callbacks: FunctionNode[] = [];
    for (const arg of node.arguments) {
      if (isFunction(arg)) callbacks.push(arg);
      else s = this.expression(arg, s, 'value');
    }
    if (callbacks.length > 0) return this.callWithCallbacks(node, name, callbacks, s, mode);
    return this.effectCall(node, s, mode);
  }

  /**
   * `work.then(onFulfilled, onRejected)`, `.catch(onRejected)`, `.finally(cb)`: the callbacks run once
   * the chained work settled (so it is not floating for them); `onFulfilled` on success only,
   * `onRejected` on failure only — and a rejection handler that does not rethrow swallows the failure.
   */
  private promiseChain(node: TSESTree.CallExpression, name: string, object: TSESTree.Node, state: FlowState, mode: Mode): FlowState {
    const before = new Set(state.pending);
    const effectsBefore = this.effectCount;
    const recordsBefore = this.effectRecords.size;
    const afterWork = this.expression(object, state, mode);
    if (afterWork.dead) return afterWork;
    const settled = afterWork.clone();
    settled.pending = afterWork.pending.filter((p) => before.has(p));
    const callback = (arg: TSESTree.CallExpressionArgument | undefined) => (arg && isFunction(arg) ? arg : null);
    const onFulfilled = name === 'then' || name === 'finally' ? callback(node.arguments[0]) : null;
    const onRejected = name === 'then' ? callback(node.arguments[1]) : name === 'catch' ? callback(node.arguments[0]) : null;
    const cbMode: Mode = mode === 'discard' ? 'value' : mode;
    const outcomes: FlowState[] = [onFulfilled ? this.inlineFunction(onFulfilled, node, settled.clone(), cbMode, NO_BINDINGS) : settled.clone()];
    if (onRejected) {
      const rejected = settled.clone();
      const failed = this.effectCount > effectsBefore;
      if (failed && !reportsFailureOnward(onRejected.body, onRejected.params[0] ?? null, { file: this.file, fn: this.frame.fn ?? enclosingFunction(node) })) {
        rejected.failure = { kind: 'catch', node: this.here(onRejected), effect: this.effectOrder[recordsBefore] ?? null };
      }
      outcomes.push(this.inlineFunction(onRejected, node, rejected, cbMode, NO_BINDINGS));
    } else {
      this.recordThrowPoint(settled);
    }
    // Not awaited: the callbacks run later, and what follows the chain runs now, with the work floating.
    const awaited = mode === 'await' || (mode === 'return' && this.frame.awaited);
    if (!awaited) return afterWork;
    return FlowState.join(outcomes);
  }

  private callWithCallbacks(node: Call, name: string | null, callbacks: FunctionNode[], state: FlowState, mode: Mode): FlowState {
    let s = state;
    const awaited = mode === 'await' || (mode === 'return' && this.frame.awaited);
    if (name && DEFERRED.has(name)) {
      for (const cb of callbacks) s = this.inlineFunction(cb, node, s, 'discard', NO_BINDINGS);
      return s;
    }
    if (name && LISTENERS.has(name)) return s;
    if (name && ITERATION_METHODS.has(name)) {
      // forEach never waits for async callbacks; map's promises are awaited only if its result is.
      const cbMode: Mode = name === 'forEach' ? 'discard' : awaited ? 'await' : typeof mode === 'object' ? mode : mode === 'discard' ? 'discard' : 'value';
      for (const cb of callbacks) s = this.inlineFunction(cb, node, s, cbMode, NO_BINDINGS);
      return s;
    }
    // A write with a completion callback (`pool.query(sql, params, (err, res) => done())`): the
    // callback runs after the write, and the call returns no promise to await.
    if (node.type === AST_NODE_TYPES.CallExpression && !this.file.functionOf(node.callee)) {
      const info = this.classify(node);
      if (info && node.arguments[node.arguments.length - 1] === callbacks[callbacks.length - 1]) {
        s = this.effect(node, this.withReadModifyWrite(node, { ...info, returnsPromise: false }), s, mode);
        for (const cb of callbacks) s = this.inlineFunction(cb, node, s, 'value', NO_BINDINGS);
        return s;
      }
    }
    const atomic = name != null && TRANSACTION_RUNNERS.has(name) && callbacks.some((cb) => this.containsThrowingMark(cb));
    const before = s.guarded;
    if (atomic) s.guarded = true;
    const transaction = name != null && TRANSACTION_RUNNERS.has(name);
    if (transaction) this.openTransactions.push({ call: node, effectsAtStart: this.effectCount });
    for (const cb of callbacks) s = this.inlineFunction(cb, node, s, mode === 'discard' ? 'discard' : awaited ? 'await' : 'value', NO_BINDINGS);
    if (transaction) this.openTransactions.pop();
    if (atomic) s.guarded = true;
    else if (!s.dead && before && !s.guarded) s.guarded = before;
    return this.effectCall(node, s, mode);
  }

  private containsThrowingMark(node: Node): boolean {
    const root = isFunction(node) ? node.body : node;
    return findDescendant(root, (n) => (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.TaggedTemplateExpression) && this.roleOf(n) === 'throwing-mark', true) != null;
  }

  /** Classifies a call (settle, dedup, helper or effect) and records it. */
  private effectCall(node: EffectCall, state: FlowState, mode: Mode): FlowState {
    const s = state;
    if (node.type !== AST_NODE_TYPES.TaggedTemplateExpression) {
      const settle = this.site.settle.classify(node, this.file);
      if (settle === 'ack') return this.ack(node, s);
      if (settle === 'nack') {
        s.failure = null;
        return s;
      }
    }
    const role = this.roleOf(node);
    if (role === 'probe' || role === 'mark') return s;
    if (role === 'throwing-mark') {
      this.recordThrowPoint(s);
      s.guarded = true;
      return s;
    }
    // Releasing a lock (`releaseLock(key)`, `lock.release()`) cleans up after the work; it is not work.
    if (node.type === AST_NODE_TYPES.CallExpression && isLockRelease(node)) return s;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const target = this.helperOf(node);
      if (target && target.fn !== this.site.root) {
        if (isProbeFunction(target.fn, { file: target.file, bindings: NO_BINDINGS }, this.probeFunctions)) return s;
        return this.inlineHelper(target, node, s, mode);
      }
    }
    if (node.type === AST_NODE_TYPES.NewExpression) return s;
    // Array batch transactions: prisma.$transaction([write, processedMessage.create(...)]) are atomic.
    const info = this.classify(node);
    if (!info) {
      // `void work(msg)`: the author says it returns a promise and lets it float.
      if (isVoided(node) && !this.frame.detached && !isInstrumentationOrMemory(node, { file: this.file, bindings: this.frame.bindings })) {
        s.pending = [...s.pending, { node: this.here(node), description: `\`${describeCall(node)}\``, holder: null }];
      } else if (mode === 'discard' && !this.frame.detached && node.type === AST_NODE_TYPES.CallExpression && isSubclassWork(node)) {
        // `this.onMessage(data)` of an abstract async method: the subclass's work, left running.
        s.pending = [...s.pending, { node: this.here(node), description: `\`${describeCall(node)}\` (the subclass's work)`, holder: null }];
      }
      return s;
    }
    return this.effect(node, this.withReadModifyWrite(node, info), s, mode);
  }

  private roleOf(node: EffectCall): DedupRole | null {
    const bindings = this.frame.bindings;
    if (bindings.size > 0) return dedupRole(node, { file: this.file, bindings });
    let role = this.cache.roles.get(node);
    if (role === undefined) {
      role = dedupRole(node, { file: this.file, bindings });
      this.cache.roles.set(node, role);
    }
    return role;
  }

  private classify(node: EffectCall): EffectInfo | null {
    const bindings = this.frame.bindings;
    if (bindings.size > 0) return classifyEffect(node, { file: this.file, bindings });
    let info = this.cache.effects.get(node);
    if (info === undefined) {
      info = classifyEffect(node, { file: this.file, bindings });
      this.cache.effects.set(node, info);
    }
    return info;
  }

  private ack(node: Call, state: FlowState): FlowState {
    const s = state;
    this.here(node);
    // Inside a transaction callback after its writes: they commit only when the callback returns.
    const open = this.openTransactions.find((t) => this.effectCount > t.effectsAtStart);
    if (open && !this.facts.ackBeforeEffect.has(node)) this.facts.ackBeforeEffect.set(node, this.commitOf(open.call));
    if (s.failure && !this.facts.ackAfterFailure.has(node)) this.facts.ackAfterFailure.set(node, s.failure);
    for (const work of s.pending) {
      if (!this.facts.floating.has(work.node)) this.facts.floating.set(work.node, { work, settledBy: node });
    }
    if (!s.acks.includes(node)) s.acks = [...s.acks, node];
    return s;
  }

  /** The commit of a transaction, as the work an ack inside its callback runs before. */
  private commitOf(call: Call): EffectRecord {
    const info: EffectInfo = { category: 'db', idempotent: true, relative: null, description: `the commit of \`${callLabel(call, 2)}\``, nameNode: call.callee, returnsPromise: true };
    return { node: call, info, unguarded: false, via: null, path: [] };
  }

  private effect(node: EffectCall, info: EffectInfo, state: FlowState, mode: Mode): FlowState {
    const s = state;
    this.recordThrowPoint(s);
    this.effectCount++;
    this.frame.effects++;
    let record = this.effectRecords.get(node);
    if (!record) {
      const entry = info.passedIn ? this.frame.path[this.frame.path.length - 1] : undefined;
      record =
        entry?.type === AST_NODE_TYPES.CallExpression
          ? { node: this.callerStep(entry), info: { ...info, nameNode: nameNodeOf(entry), description: `\`${callLabel(entry, 2)}\`${info.description.slice(info.description.lastIndexOf(' after '))}` }, unguarded: false, via: this.frame.path.length > 1 ? this.frame.via : null, path: this.frame.path.slice(0, -1) }
          : { node: this.here(node), info, unguarded: false, via: this.frame.root ? null : this.frame.via, path: this.frame.path };
      this.effectRecords.set(node, record);
      this.effectOrder.push(record);
    }
    if (!s.guarded) record.unguarded = true;
    for (const ack of s.acks) if (!this.facts.ackBeforeEffect.has(ack)) this.facts.ackBeforeEffect.set(ack, record);
    // The catch handles the failure with a new effect (a dead-letter publish, an error row); an
    // idempotent clean-up there (release a lock, delete a temp file) does not.
    if (s.failure && isInside(node, s.failure.node) && !info.idempotent) s.failure = null;
    // `void syncInventory(x)`: whatever the call is, the author says it returns a promise left floating.
    if (!this.frame.floating && (info.returnsPromise || isVoided(node))) {
      const holder = typeof mode === 'object' ? mode.hold : mode === 'return' ? this.frame.hold : null;
      // A lazy operation held for later (`ops.push(prisma.x.update(…))`) has not started.
      const floats = mode === 'discard' || (holder != null && !info.lazy) || (mode === 'return' && !this.frame.awaited);
      if (floats) s.pending = [...s.pending, { node: this.here(node), description: info.description, holder, ...(info.observable ? { observable: true } : {}) }];
    }
    return s;
  }

  /** The function a call runs: in this file, or in another project file (imported, injected by type). */
  private helperOf(call: TSESTree.CallExpression): { fn: FunctionNode; file: FileContext } | null {
    return calledFunction(this.file, call.callee);
  }

  private inlineHelper(target: { fn: FunctionNode; file: FileContext }, call: TSESTree.CallExpression, state: FlowState, mode: Mode): FlowState {
    const fn = target.fn;
    if (this.inlining.has(fn) || this.helperLevels >= this.file.settings.helperDepth || this.inlinedCalls >= MAX_INLINED_CALLS) return state;
    this.inlinedCalls++;
    const bindings = new Map<string, Node>();
    fn.params.forEach((param, i) => {
      const bare = bareParam(param);
      const arg = call.arguments[i];
      if (bare?.type === AST_NODE_TYPES.Identifier && arg && arg.type !== AST_NODE_TYPES.SpreadElement) {
        const a = unwrap(arg);
        bindings.set(bare.name, a.type === AST_NODE_TYPES.Identifier ? (this.frame.bindings.get(a.name) ?? a) : a);
      }
    });
    return this.inlineFunction(fn, call, state, mode, bindings, target.file);
  }

  /** Walks a helper or callback as part of the handler, in a frame of its own. */
  private inlineFunction(fn: FunctionNode, call: Node, state: FlowState, mode: Mode, bindings: Bindings, file: FileContext = this.file): FlowState {
    if (this.inlining.has(fn)) return state;
    const awaited = mode === 'await' || mode === 'value' || (mode === 'return' && this.frame.awaited);
    const holder = typeof mode === 'object' ? mode.hold : mode === 'return' ? this.frame.hold : null;
    const floating = this.frame.floating || ((mode === 'discard' || holder != null || (mode === 'return' && !this.frame.awaited)) && returnsPromise(fn));
    const outer = this.frame;
    // Callbacks (`.then(cb)`, `items.map(cb)`) run in place: only helper calls name a step of the path.
    const step = call.type === AST_NODE_TYPES.CallExpression && (file !== outer.file || this.file.functionOf(call.callee) === fn) ? [call] : [];
    // Entering another file: findings there are shown at the call in the handler's file.
    const anchor = outer.anchor ?? (file !== this.rootFile ? call : null);
    const frame = this.newFrame(fn, false, awaited, floating, bindings.size > 0 ? bindings : outer.bindings, outer.root ? call : outer.via, [...outer.path, ...step], file, anchor);
    // What the helper returns is held where its caller holds the call.
    frame.hold = holder;
    frame.detached = outer.detached || ((mode === 'discard' || (mode === 'return' && !this.frame.awaited)) && returnsPromise(fn));
    this.frame = frame;
    this.inlining.add(fn);
    if (step.length > 0) this.helperLevels++;
    const entry = state.clone();
    const end = this.functionBody(fn, entry);
    if (step.length > 0) this.helperLevels--;
    this.inlining.delete(fn);
    this.frame = outer;
    outer.effects += frame.effects;
    const out = FlowState.join([end, ...frame.returns]);
    if (out.dead) {
      // A helper that always throws: the caller's path ends too.
      return out;
    }
    if (floating && !outer.floating && frame.effects > 0) {
      out.pending = [...out.pending, { node: this.here(call), description: `\`${describeCall(call)}\``, holder }];
    }
    return out;
  }

  // ---------------------------------------------------------------- dedup guards and read-modify-write

  /**
   * An expression whose value answers "first delivery?": a probe call anywhere in it
   * (`(await redis.set(k, 1, 'NX')) === 'OK'`, `await claim(id).catch(() => null)`), or a claim or
   * marker whose result is used (`await redis.sadd(set, id)` returns how many were new).
   */
  private isProbeExpression(expr: TSESTree.Node): boolean {
    const probe = (n: Node) => (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.TaggedTemplateExpression) && this.isProbeCall(n);
    return probe(expr) || findDescendant(expr, probe) != null;
  }

  private isProbeCall(node: EffectCall): boolean {
    const role = this.roleOf(node);
    if (role === 'probe' || role === 'claim' || role === 'mark') return true;
    if (node.type === AST_NODE_TYPES.CallExpression && !isFunction(node.callee)) {
      const target = this.helperOf(node);
      if (target) return isProbeFunction(target.fn, { file: target.file, bindings: NO_BINDINGS }, this.probeFunctions);
    }
    return false;
  }

  /** A condition that consults a dedup probe, directly or through a variable holding its result. */
  private isGuardTest(test: TSESTree.Node): boolean {
    if (this.probeVariables.size === 0 && !mayContainCall(test)) return false;
    const consults = (n: Node): boolean => {
      if (n.type === AST_NODE_TYPES.Identifier) return this.probeVariables.has(n.name) && !isPropertyKey(n);
      if (n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.TaggedTemplateExpression) return this.isProbeCall(n);
      return false;
    };
    return consults(test) || findDescendant(test, consults) != null;
  }

  /**
   * A state guard (see state-guard.ts), memoised per if statement. In a helper whose parameters
   * stand for the caller's values, the row may be one the caller read and passed in
   * (`parseResource(user, resource)`): that answer holds for this call only, so it is not memoised.
   */
  private isStateGuard(node: TSESTree.IfStatement): boolean {
    const fn = enclosingFunction(node);
    if (this.frame.bindings.size > 0 && !this.frame.root) {
      const bindings = this.frame.bindings;
      return isStateGuard(this.file, node, fn, (param) => {
        const bound = bindings.get(param.name);
        const file = bound?.type === AST_NODE_TYPES.Identifier ? this.fileOfNode(bound) : null;
        return file && bound?.type === AST_NODE_TYPES.Identifier ? { file, id: bound } : null;
      });
    }
    let result = this.cache.stateGuards.get(node);
    if (result === undefined) {
      result = isStateGuard(this.file, node, fn);
      this.cache.stateGuards.set(node, result);
    }
    return result;
  }

  /** The context of the file a node of the walk is in (the handler's file, or one a frame entered). */
  private fileOfNode(node: Node): FileContext | null {
    const program = programOf(node);
    if (program === this.rootFile.sourceCode.ast) return this.rootFile;
    return this.frameFiles.get(program as TSESTree.Program) ?? null;
  }

  /**
   * Whether `id` holds a row read from a store (`const acct = await repo.findOneBy(…)`), or is a helper's
   * parameter (its caller may pass one): only such objects make a read-modify-write. Objects built in
   * the handler or parsed from the message do not.
   */
  private holdsReadRow(id: TSESTree.Identifier): boolean {
    const def = this.file.definitionOf(id);
    if (def?.kind === 'parameter') return def.fn !== this.site.root;
    if (def?.kind !== 'variable' || !def.node.init) return false;
    // `await Account.findById(id).orFail()`: a read anywhere along the call chain.
    let current: Node = unwrapAwait(def.node.init);
    for (let i = 0; i < 6 && current.type === AST_NODE_TYPES.CallExpression; i++) {
      if (READ_METHOD.test(calleeName(current) ?? '')) return true;
      const object = calleeObject(current);
      if (!object) return false;
      current = unwrapAwait(object);
    }
    return false;
  }

  /** `acct.balance += x`, `acct.balance = acct.balance + x`, `acct.count++` on a row read earlier. */
  private noteMutation(node: TSESTree.AssignmentExpression | TSESTree.UpdateExpression): void {
    const target = node.type === AST_NODE_TYPES.UpdateExpression ? node.argument : node.left;
    if (target.type !== AST_NODE_TYPES.MemberExpression) return;
    const root = rootIdentifier(target);
    if (!root || !this.holdsReadRow(root)) return;
    if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      if (node.operator === '=') {
        const right = unwrap(node.right);
        if (right.type !== AST_NODE_TYPES.BinaryExpression || !['+', '-', '*', '/'].includes(right.operator)) return;
        const text = this.file.sourceCode.getText(target);
        const sides = [right.left, right.right].map((side) => this.file.sourceCode.getText(side as Node));
        if (!sides.includes(text)) return;
      } else if (!['+=', '-=', '*=', '/='].includes(node.operator)) return;
    }
    this.mutatedLocals.set(root.name, node);
  }

  private noteArrayAppend(array: TSESTree.Node): void {
    const a = unwrap(array);
    if (a.type !== AST_NODE_TYPES.MemberExpression) return;
    const root = rootIdentifier(a);
    if (root && this.holdsReadRow(root)) this.mutatedLocals.set(root.name, a);
  }

  /** A write of an object that was changed relative to its old value: a read-modify-write. */
  private withReadModifyWrite(node: EffectCall, info: EffectInfo): EffectInfo {
    if (info.category !== 'db' || info.relative || node.type === AST_NODE_TYPES.TaggedTemplateExpression) return info;
    if (info.sql?.statement.ignoresConflicts) return info; // inserting twice is a no-op whatever the values
    const computed = computedFromOldValue(node, (id) => this.holdsReadRow(id));
    if (computed) {
      return { ...info, idempotent: false, relative: 'read-modify-write', description: `${info.description} with \`${this.file.sourceCode.getText(computed)}\`` };
    }
    if (this.mutatedLocals.size === 0) return info;
    const receiver = calleeObject(node);
    const candidates: TSESTree.Node[] = [...node.arguments];
    if (receiver && (calleeName(node) === 'save' || calleeName(node) === 'update')) candidates.push(receiver);
    for (const candidate of candidates) {
      const names = this.identifiersIn(candidate);
      for (const name of names) {
        const mutation = this.mutatedLocals.get(name);
        if (mutation) {
          // Reached through a pass-through (`save(data) { return this.repo.save(data) }`): the write
          // that matters is the caller's call that hands over the changed row.
          const passedIn = !this.identifiersIn(candidate).slice(0, 1).includes(name);
          return { ...info, idempotent: false, relative: 'read-modify-write', description: `${info.description} after \`${sourceOfNode(this.rootFile.sourceCode, mutation).getText(mutation)}\``, ...(passedIn ? { passedIn: true } : {}) };
        }
      }
    }
    return info;
  }

  private identifiersIn(node: TSESTree.Node): string[] {
    const n = unwrap(node);
    if (n.type === AST_NODE_TYPES.Identifier) {
      // A helper's parameter names what its caller passed (`save(data)` called with `overview`).
      const bound = this.frame.bindings.get(n.name);
      return bound?.type === AST_NODE_TYPES.Identifier && bound.name !== n.name ? [n.name, bound.name] : [n.name];
    }
    if (n.type === AST_NODE_TYPES.ObjectExpression) {
      return n.properties.flatMap((p) => (p.type === AST_NODE_TYPES.Property ? this.identifiersIn(p.value as Node) : []));
    }
    if (n.type === AST_NODE_TYPES.NewExpression) return n.arguments.flatMap((a) => this.identifiersIn(a));
    if (n.type === AST_NODE_TYPES.ArrayExpression) return n.elements.flatMap((e) => (e ? this.identifiersIn(e) : []));
    if (n.type === AST_NODE_TYPES.MemberExpression) {
      const root = rootIdentifier(n);
      return root ? [root.name] : [];
    }
    return [];
  }
}

/**
 * `{ points: member.points + 5 }` in a write's arguments: the new value is computed from the old
 * value of the same field, read earlier (a read-modify-write in one expression).
 */
function computedFromOldValue(call: Call, isReadRow: (id: TSESTree.Identifier) => boolean): TSESTree.Property | null {
  const visit = (node: TSESTree.Node, depth: number): TSESTree.Property | null => {
    const n = unwrap(node);
    if (depth > 3 || n.type !== AST_NODE_TYPES.ObjectExpression) return null;
    for (const p of n.properties) {
      if (p.type !== AST_NODE_TYPES.Property) continue;
      const key = propertyName(p);
      const value = unwrap(p.value as Node);
      if (key && isToggleOf(value, key, isReadRow)) return p;
      if (key && value.type === AST_NODE_TYPES.BinaryExpression && ['+', '-', '*'].includes(value.operator)) {
        for (const side of [value.left, value.right]) {
          const operand = unwrap(side as Node);
          const root = operand.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(operand) : null;
          if (operand.type === AST_NODE_TYPES.MemberExpression && propertyName(operand) === key && root && isReadRow(root)) {
            return p;
          }
        }
      }
      const nested = visit(p.value as Node, depth + 1);
      if (nested) return nested;
    }
    return null;
  };
  for (const arg of call.arguments) {
    const found = visit(arg, 0);
    if (found) return found;
  }
  return null;
}

/**
 * `{ isDeleted: !user.isDeleted }`, `{ active: user.active ? false : true }`: a flag flipped from its
 * old value; applied twice, it flips back.
 */
function isToggleOf(value: Node, key: string, isReadRow: (id: TSESTree.Identifier) => boolean): boolean {
  const readsField = (n: Node): boolean => {
    const m = unwrap(n);
    if (m.type === AST_NODE_TYPES.UnaryExpression && m.operator === '!') return readsField(m.argument);
    const root = m.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(m) : null;
    return m.type === AST_NODE_TYPES.MemberExpression && propertyName(m) === key && root != null && isReadRow(root);
  };
  if (value.type === AST_NODE_TYPES.UnaryExpression && value.operator === '!') return readsField(value.argument);
  if (value.type !== AST_NODE_TYPES.ConditionalExpression || !readsField(value.test)) return false;
  const consequent = unwrap(value.consequent);
  const alternate = unwrap(value.alternate);
  return consequent.type === AST_NODE_TYPES.Literal && alternate.type === AST_NODE_TYPES.Literal && consequent.value !== alternate.value;
}

/** Whether `node` sits in the block of a try statement inside `within` (its failure is caught there). */
function caughtWithin(node: Node, within: Node): boolean {
  for (let current = node.parent; current && current !== within; current = current.parent) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.TryStatement && parent.block === current && parent.handler) return true;
  }
  return false;
}

/**
 * `this.callback(value)` where the class declares `abstract callback(v): Promise<void>`: template-method
 * work that subclasses supply, declared to return a promise.
 */
function isSubclassWork(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || unwrap(callee.object).type !== AST_NODE_TYPES.ThisExpression) return false;
  const name = propertyName(callee);
  const cls = name ? enclosingClass(call) : null;
  if (!cls) return false;
  return cls.body.body.some(
    (member) =>
      member.type === AST_NODE_TYPES.TSAbstractMethodDefinition &&
      propertyName(member) === name &&
      (member.value.async || isPromiseType(member.value.returnType?.typeAnnotation)),
  );
}

/** An async function, one declared to return a promise, or one whose body returns `new Promise(…)`. */
function returnsPromise(fn: FunctionNode): boolean {
  if (fn.async || isPromiseType(fn.returnType?.typeAnnotation)) return true;
  const body = fn.body;
  const isNewPromise = (n: Node | null | undefined) => n?.type === AST_NODE_TYPES.NewExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'Promise';
  if (body.type !== AST_NODE_TYPES.BlockStatement) return isNewPromise(body);
  return body.body.some((statement) => statement.type === AST_NODE_TYPES.ReturnStatement && isNewPromise(statement.argument));
}

function isPromiseType(type: TSESTree.TypeNode | undefined): boolean {
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && (type.typeName.name === 'Promise' || type.typeName.name === 'PromiseLike');
}

const LOCK_RELEASE = /^(releaseLock|unlock|releaseMutex|releaseLease|releaseSemaphore)$/i;
const LOCK_NAME = /lock|mutex|lease|semaphore/i;

function isLockRelease(call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  if (!name) return false;
  if (LOCK_RELEASE.test(name)) return true;
  const receiver = calleeObject(call);
  return name === 'release' && receiver != null && LOCK_NAME.test(receiverName(receiver) ?? '');
}

/** `void call()`: a promise deliberately left floating. */
function isVoided(call: Node): boolean {
  let node: Node = call;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.ChainExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) node = node.parent;
  return node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === 'void';
}

/** `await Promise.allSettled(…);` as a statement (or under `void`): its results are never looked at. */
function isResultDiscarded(call: Node): boolean {
  let node: Node = call;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
  const parent = node.parent;
  return parent?.type === AST_NODE_TYPES.ExpressionStatement || (parent?.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void');
}

function isPropertyKey(id: TSESTree.Identifier): boolean {
  const parent = id.parent;
  return parent?.type === AST_NODE_TYPES.MemberExpression && parent.property === id && !parent.computed;
}

function mayContainCall(node: TSESTree.Node): boolean {
  return node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.Literal;
}

/** `sender.send(…)`, `flush()`: a call as a short label (`(…)` only when it has arguments). */
function describeCall(call: Node): string {
  if (call.type === AST_NODE_TYPES.CallExpression || call.type === AST_NODE_TYPES.NewExpression) {
    const label = callLabel(call, 2);
    return call.arguments.length > 0 ? `${label.slice(0, -2)}(…)` : label;
  }
  return 'work';
}

export function analyzeHandler(file: FileContext, site: HandlerSite, cache: ClassificationCache): HandlerFacts {
  return new HandlerWalker(file, site, cache).run();
}

/** The try statement is written inside a catch clause of the same function. */
function insideCatchClause(node: TSESTree.TryStatement): boolean {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.CatchClause) return true;
    if (isFunction(current)) return false;
  }
  return false;
}

/** A write whose store is named as a cache (`prisma.driveFileParseCache.create(…)`, `parseCacheRepo.save(…)`). */
function writesACache(node: EffectCall): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const receiver = calleeObject(node);
  return receiver != null && /cache/i.test(receiverName(receiver) ?? '');
}
