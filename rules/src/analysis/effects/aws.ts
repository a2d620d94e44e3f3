/**
 * AWS SDK v3 commands sent with `client.send(new XCommand(params))`: email (SES), SMS and fan-out
 * (SNS), queues (SQS), events (EventBridge), streams (Kinesis), objects (S3) and, by verb, the rest.
 * DynamoDB commands are database writes (database.ts); SQS deletes settle messages (libraries).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, unwrap, type Node } from '../ast';
import { staticProperty } from '../static-value';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

/** The command class name of `client.send(new XCommand(...))`. */
export function sentCommand(call: EffectCall): string | null {
  if (call.type !== AST_NODE_TYPES.CallExpression || calleeName(call) !== 'send') return null;
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : null;
  if (!arg || arg.type !== AST_NODE_TYPES.NewExpression) return null;
  const name = calleeName(arg);
  return name && name.endsWith('Command') ? name : null;
}

/** The params object of the sent command. */
export function commandParams(call: TSESTree.CallExpression): Node | null {
  const command = unwrap(call.arguments[0] as Node) as TSESTree.NewExpression;
  return (command.arguments[0] as Node | undefined) ?? null;
}

const EMAIL_COMMANDS = new Set(['SendEmailCommand', 'SendRawEmailCommand', 'SendTemplatedEmailCommand', 'SendBulkTemplatedEmailCommand', 'SendBulkEmailCommand']);
const EVENT_COMMANDS = new Set(['PutEventsCommand', 'PutRecordCommand', 'PutRecordsCommand', 'PublishBatchCommand']);
const READ_COMMAND = /^(Get|List|Describe|Query|Scan|Head|BatchGet|Receive|ChangeMessageVisibility|Select|Lookup|Search|Estimate|Test|Validate|Simulate)/;
const NON_IDEMPOTENT_COMMAND = /^(Create|Start|Send|Publish|Invoke|Append|Add|Run|Execute|Submit|Increment)/;
const IDEMPOTENT_COMMAND = /^(Put|Update|Delete|Tag|Untag|Set|Modify|Enable|Disable|Stop|Terminate|Reboot|Remove|Copy|Restore|Cancel|Register|Deregister|Attach|Detach|Associate|Disassociate)/;
const DATABASE_COMMANDS = /^(Update|Put|Delete|TransactWrite|BatchWrite)(Item)?Command$/;

export function classifyAwsCommand(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  const command = sentCommand(call);
  if (!command || call.type !== AST_NODE_TYPES.CallExpression) return null;
  if (command === 'DeleteMessageCommand' || command === 'DeleteMessageBatchCommand') return null;
  const base = { nameNode: nameNodeOf(call), returnsPromise: true, relative: null };
  const params = commandParams(call);
  const has = (key: string) => staticProperty(ctx.file, params, key, ctx.bindings) != null;
  const code = `\`${command}\``;
  if (EMAIL_COMMANDS.has(command)) return { ...base, category: 'email', idempotent: false, description: `${code} (email)` };
  if (command === 'PublishCommand') {
    return has('PhoneNumber')
      ? { ...base, category: 'sms', idempotent: false, description: `${code} (SMS)` }
      : { ...base, category: 'publish', idempotent: has('MessageDeduplicationId'), description: `${code} (publish)` };
  }
  if (command === 'SendMessageCommand' || command === 'SendMessageBatchCommand') {
    return { ...base, category: 'publish', idempotent: has('MessageDeduplicationId'), description: `${code} (publish)` };
  }
  if (EVENT_COMMANDS.has(command)) return { ...base, category: 'publish', idempotent: false, description: `${code} (publish)` };
  if (DATABASE_COMMANDS.test(command) && !/Object/.test(command)) return null; // DynamoDB: database.ts
  if (/^(Put|Copy|Delete)Object(s)?Command$/.test(command)) {
    return { ...base, category: 'db', idempotent: true, description: `${code} (S3)` };
  }
  if (READ_COMMAND.test(command)) return null;
  if (NON_IDEMPOTENT_COMMAND.test(command)) return { ...base, category: 'call', idempotent: false, description: code };
  if (IDEMPOTENT_COMMAND.test(command)) return { ...base, category: 'call', idempotent: true, description: code };
  return null;
}
