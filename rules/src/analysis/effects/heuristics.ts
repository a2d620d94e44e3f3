/**
 * Calls into code this file cannot see: methods of injected services and repositories
 * (`this.ordersService.createOrder(dto)`) and functions imported from the project's own modules
 * (`import { createInvoice } from './billing'`). Their verb decides: create/send/charge-like verbs are
 * non-idempotent effects, update/upsert/delete-like verbs idempotent ones, everything else is a read.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { callLabel, calleeName, calleeObject, receiverName, unwrap } from '../ast';
import { isProjectModule } from '../file-context';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

const NON_IDEMPOTENT_VERB = /^(create|insert|add|append|record|enqueue|charge|send|publish|emit|notify|increment|decrement|incr|decr|post|submit|issue|grant|award|credit|debit|transfer|book|reserve|allocate|accrue|deduct|bump|push|dispatch|trigger|place|order|purchase|pay|redeem|consume|log(?=[A-Z])|track|schedule)(?![a-z])/;
const IDEMPOTENT_VERB = /^(update|upsert|set|put|delete|remove|save|sync|replace|mark|cancel|archive|index|store|disable|enable|deactivate|activate|assign|unassign|close|complete|expire|invalidate|evict|clear|reset|refresh|reindex|persist|write|apply|approve|reject|confirm|release|revoke|unlink|link|attach|detach|upload|overwrite)(?![a-z])/;
const SERVICE_RECEIVER = /(Service|Repository|Repo|Client|Api|API|Gateway|Dao|DAO|Store|Provider|Adapter|Sdk|SDK|Integration|Publisher|Producer|Notifier|Mailer|Sender|Writer|Ledger|Bus|bus|Broker|Dispatcher)$/;

/** Verbs that forward an event to others (a relay), rather than act on the world themselves. */
const FORWARDING_VERB = /^(publish|emit|broadcast|dispatch|forward|relay|fanOut|fanout)(?![a-z])/;
const FORWARDING_RECEIVER = /(Publisher|Producer|Gateway|EventBus|Bus|bus|Emitter|Broker|Dispatcher)$/;

/** Factories of infrastructure objects (`createLogger`, `createClient`, `buildSchema`): they build, they do not act. */
const FACTORY_NAME = /^(create|make|build|new|init)(QueryBuilder|Builder|QueryRunner|EntityManager|Logger|Log|Tracer|Span|Client|Connection|Pool|Queue|Worker|Transport|Transporter|Server|App|Router|Hash|Hmac|Cipher|Decipher|Stream|ReadStream|WriteStream|Context|Instance|Schema|Validator|Config|Options|Error|Response|Request|Url|URL|Buffer|Timer|Store|Cache|Map|Set|Producer|Consumer|Channel|Session|Agent|Middleware|Handler|Factory|Service|Repository|Mapper|Dto|DTO|Payload|Message|Event|Command|Query|Params|Headers|Body|Signer|Key|Keys)$/;

export const HEURISTIC_CALL_PATTERNS: readonly RegExp[] = [NON_IDEMPOTENT_VERB, IDEMPOTENT_VERB, FORWARDING_VERB];

/** Lifecycle prefixes before the verb that names the work: `postDeleteCanvas`, `handleCreateUser`, `onOrderPaid`. */
const LIFECYCLE_PREFIX = /^(post|pre|after|before|on|handle|do|try|process|perform)(?=[A-Z])/;

/** The name from its real verb: `postDeleteCanvas` → `deleteCanvas` (when a verb follows the prefix). */
function verbOf(name: string): string {
  const prefix = LIFECYCLE_PREFIX.exec(name);
  if (!prefix) return name;
  const rest = name.slice(prefix[0].length);
  const inner = `${rest[0]!.toLowerCase()}${rest.slice(1)}`;
  return NON_IDEMPOTENT_VERB.test(inner) || IDEMPOTENT_VERB.test(inner) || FORWARDING_VERB.test(inner) ? inner : name;
}

/** TypeORM's `repository.create(dto)` only builds an entity in memory; `save` writes it. */
function isTypeOrmEntityBuilder(name: string, receiverLabel: string | null, ctx: ClassifyContext): boolean {
  return (name === 'create' || name === 'merge') && /repo(sitory)?$/i.test(receiverLabel ?? '') && ctx.file.hasModule('typeorm', '@nestjs/typeorm');
}

export function classifyByName(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  if (!name) return null;
  const receiver = calleeObject(call);
  const receiverLabel = receiver ? receiverName(receiver) : null;
  if (receiver) {
    if (!receiverLabel || !SERVICE_RECEIVER.test(receiverLabel)) return null;
    if (isTypeOrmEntityBuilder(name, receiverLabel, ctx)) return null;
  } else {
    const binding = ctx.file.importOf(unwrap(call.callee));
    if (!binding || !isProjectModule(binding.source)) return null;
  }
  if (FACTORY_NAME.test(name)) return null;
  const verb = verbOf(name);
  const nonIdempotent = NON_IDEMPOTENT_VERB.test(verb) || FORWARDING_VERB.test(verb);
  if (!nonIdempotent && !IDEMPOTENT_VERB.test(verb)) return null;
  const forwards = FORWARDING_VERB.test(verb) || (nonIdempotent && FORWARDING_RECEIVER.test(receiverLabel ?? '') && /^send/.test(name));
  return {
    category: forwards ? 'publish' : 'call',
    idempotent: !nonIdempotent,
    relative: null,
    description: `\`${callLabel(call, 2)}\``,
    nameNode: nameNodeOf(call),
    // Unknown code: do not claim it returns a promise (no fire-and-forget reports on a guess).
    returnsPromise: false,
  };
}
