/**
 * AWS SDK v3 commands sent with `client.send(new XCommand(params))`: email (SES), SMS and fan-out
 * (SNS), queues (SQS), events (EventBridge), streams (Kinesis), objects (S3) and, by verb, the rest.
 * DynamoDB commands are database writes (database.ts); SQS deletes settle messages (libraries).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callLabel, calleeName, calleeObject, unwrap, type Node } from '../ast';
import type { FileContext } from '../file-context';
import { staticProperty } from '../static-value';
import { isFreshId } from './database';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

/**
 * The `new XCommand(...)` that `client.send(...)` sends: written inline, or held in a `const` of the
 * same file (`const command = new PutEventsCommand(...); await client.send(command)`).
 */
function sentCommandNew(call: EffectCall, file?: FileContext): TSESTree.NewExpression | null {
  if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call) !== 'send') return null;
  let arg = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (arg?.type === AST_NODE_TYPES.Identifier && file) {
    const def = file.definitionOf(arg);
    arg = def?.kind === 'variable' && def.node.init && def.node.parent?.type === AST_NODE_TYPES.VariableDeclaration && def.node.parent.kind === 'const' ? unwrap(def.node.init) : null;
  }
  if (!arg || arg.type !== AST_NODE_TYPES.NewExpression) return null;
  const name = calleeName(arg);
  return name && name.endsWith('Command') ? arg : null;
}

/** The command class name of `client.send(new XCommand(...))`. */
export function sentCommand(call: EffectCall, file?: FileContext): string | null {
  const command = sentCommandNew(call, file);
  return command ? calleeName(command) : null;
}

/** The params object of the sent command. */
export function commandParams(call: TSESTree.CallExpression, file?: FileContext): Node | null {
  return (sentCommandNew(call, file)?.arguments[0] as Node | undefined) ?? null;
}

/** Step Functions task-token callbacks: a token answers once; a second answer is rejected, not repeated. */
const TASK_TOKEN_COMMANDS = /^SendTask(Success|Failure|Heartbeat)Command$/;
/** Model invocations (Bedrock) and other verbs that only compute an answer. */
const COMPUTE_COMMAND = /^(InvokeModel|InvokeModelWithResponseStream|Converse|ConverseStream|Detect|Translate|Analyze|Recognize|Synthesize|Transcribe(?!Job)|Classify|Extract|Summarize|Embed|Retrieve|Decrypt|Encrypt|Sign|Verify|GenerateDataKey|GenerateRandom|Decode|Encode|Compare)/;
/** Parameters that make a Start…/Create… call conflict instead of duplicating when it is repeated. */
const IDEMPOTENCY_TOKEN_PARAMS = ['ClientToken', 'ClientRequestToken', 'IdempotencyToken', 'Name', 'name', 'clientToken', 'CallerReference', 'ExecutionName', 'JobName', 'RequestToken'];

const EMAIL_COMMANDS = new Set(['SendEmailCommand', 'SendRawEmailCommand', 'SendTemplatedEmailCommand', 'SendBulkTemplatedEmailCommand', 'SendBulkEmailCommand']);
const EVENT_COMMANDS = new Set(['PutEventsCommand', 'PutRecordCommand', 'PutRecordsCommand', 'PublishBatchCommand']);
const READ_COMMAND = /^(Get|List|Describe|Query|Scan|Head|BatchGet|Receive|ChangeMessageVisibility|Select|Lookup|Search|Estimate|Test|Validate|Simulate)/;
const NON_IDEMPOTENT_COMMAND = /^(Create|Start|Send|Publish|Invoke|Append|Add|Run|Execute|Submit|Increment)/;
const IDEMPOTENT_COMMAND = /^(Put|Update|Delete|Tag|Untag|Set|Modify|Enable|Disable|Stop|Terminate|Reboot|Remove|Copy|Restore|Cancel|Register|Deregister|Attach|Detach|Associate|Disassociate)/;
const DATABASE_COMMANDS = /^(Update|Put|Delete|TransactWrite|BatchWrite)(Item)?Command$/;

/**
 * A repeated Start…/Create… with a token or name that is not freshly generated (built from the
 * message, or fixed) conflicts or returns the first result instead of creating a second one.
 */
export function hasIdempotencyToken(params: Node | null | undefined, ctx: ClassifyContext): boolean {
  for (const key of IDEMPOTENCY_TOKEN_PARAMS) {
    const value = staticProperty(ctx.file, params ?? undefined, key, ctx.bindings);
    if (value && !isFreshId(value, ctx)) return true;
  }
  return false;
}

/** Method names of AWS clients that the name pre-filter must let through (the other verbs already pass). */
export const AWS_METHOD_PATTERNS: readonly RegExp[] = [/^(start|run|execute|invoke|submit|sendTask)[A-Z]/];

/**
 * The command a method call of an AWS client names: v3 aggregated clients (`new SFN().startExecution(p)`)
 * and v2 clients (`new AWS.SNS().publish(p).promise()`) take the command's params directly.
 */
function methodCommand(call: EffectCall, ctx: ClassifyContext): { command: string; params: Node | null; label: string } | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver || name === 'send' || name === 'promise' || !/^[a-z]/.test(name)) return null;
  // `s3.getObject(p).createReadStream()`: a method of the request a command returned, not a command.
  if (unwrap(receiver).type === AST_NODE_TYPES.CallExpression) return null;
  const origin = ctx.file.originOf(receiver);
  if (!origin || !(origin === 'aws-sdk' || origin.startsWith('@aws-sdk/client-'))) return null;
  return { command: `${name[0]!.toUpperCase()}${name.slice(1)}Command`, params: (call.arguments[0] as Node | undefined) ?? null, label: callLabel(call, 2) };
}

export function classifyAwsCommand(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  const sent = sentCommand(call, ctx.file);
  const method = sent ? null : methodCommand(call, ctx);
  const command = sent ?? method?.command;
  if (!command) return null;
  if (command === 'DeleteMessageCommand' || command === 'DeleteMessageBatchCommand') return null;
  const base = { nameNode: nameNodeOf(call), returnsPromise: true, relative: null };
  const params = sent ? commandParams(call, ctx.file) : (method?.params ?? null);
  const has = (key: string) => staticProperty(ctx.file, params ?? undefined, key, ctx.bindings) != null;
  const code = `\`${method ? method.label : command}\``;
  if (EMAIL_COMMANDS.has(command)) return { ...base, category: 'email', idempotent: false, description: `${code} (email)` };
  if (command === 'PublishCommand') {
    return has('PhoneNumber')
      ? { ...base, category: 'sms', idempotent: false, description: `${code} (SMS)` }
      : { ...base, category: 'publish', idempotent: has('MessageDeduplicationId'), description: `${code} (publish)` };
  }
  if (command === 'SendMessageCommand' || command === 'SendMessageBatchCommand') {
    return { ...base, category: 'publish', idempotent: has('MessageDeduplicationId'), description: `${code} (publish)` };
  }
  // Firehose delivers into storage (S3, Redshift, OpenSearch) with no consumer to deduplicate: an append.
  if (command === 'PutRecordBatchCommand' || (command === 'PutRecordCommand' && has('DeliveryStreamName'))) {
    return { ...base, category: 'db', idempotent: false, description: `${code} (Firehose append)` };
  }
  if (EVENT_COMMANDS.has(command)) return { ...base, category: 'publish', idempotent: false, description: `${code} (publish)` };
  if (DATABASE_COMMANDS.test(command) && !/Object/.test(command)) return null; // DynamoDB: database.ts
  if (/^(Put|Copy|Delete)Object(s)?Command$/.test(command)) {
    return { ...base, category: 'db', idempotent: true, description: `${code} (S3)` };
  }
  if (READ_COMMAND.test(command) || COMPUTE_COMMAND.test(command)) return null;
  if (TASK_TOKEN_COMMANDS.test(command)) return { ...base, category: 'call', idempotent: true, description: `${code} (task token)` };
  if (NON_IDEMPOTENT_COMMAND.test(command)) {
    return { ...base, category: 'call', idempotent: /^(Start|Create)/.test(command) && hasIdempotencyToken(params, ctx), description: code };
  }
  if (IDEMPOTENT_COMMAND.test(command)) return { ...base, category: 'call', idempotent: true, description: code };
  return null;
}
