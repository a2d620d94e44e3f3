/**
 * @aws-sdk/client-sqs (and the v2 `aws-sdk` SQS client): receive loops.
 * `await sqs.send(new ReceiveMessageCommand(...))` (v2: `sqs.receiveMessage(...).promise()`), then a
 * loop over `Messages`. A message is settled by `DeleteMessageCommand` / `DeleteMessageBatchCommand`
 * (v2: `deleteMessage` / `deleteMessageBatch`); the id is `message.MessageId`.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject } from '../analysis/ast';
import { sentCommand } from '../analysis/effects/aws';
import type { FileContext } from '../analysis/file-context';
import { EACH, followValue, type IterationUnit } from '../analysis/message-paths';
import { loopSite, settleModel } from './support';
import type { Call, LibraryModule, SettleKind } from './types';

const MODULES = ['@aws-sdk/client-sqs', 'aws-sdk'];

/** SQS deletes settle a message; shared with the Lambda module (SQS-triggered functions may delete too). */
export function classifySqsSettle(call: Call, file?: FileContext): SettleKind | null {
  const command = sentCommand(call, file);
  if (command === 'DeleteMessageCommand' || command === 'DeleteMessageBatchCommand') return 'ack';
  if (call.type === AST_NODE_TYPES.CallExpression) {
    const name = calleeName(call);
    if ((name === 'deleteMessage' || name === 'deleteMessageBatch') && calleeObject(call)) return 'ack';
  }
  return null;
}

export const sqsSettle = settleModel({ returnSettles: false, classify: (call, file) => classifySqsSettle(call, file) });

function receiveCalls(file: FileContext, calls: readonly TSESTree.CallExpression[], v2: readonly TSESTree.CallExpression[]): Node[] {
  const out: Node[] = [];
  for (const call of calls) if (sentCommand(call, file) === 'ReceiveMessageCommand') out.push(call);
  if (file.hasModule('aws-sdk')) {
    for (const call of v2) {
      // sqs.receiveMessage(params).promise()
      const parent = call.parent;
      if (
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === call &&
        parent.parent?.type === AST_NODE_TYPES.CallExpression &&
        calleeName(parent.parent) === 'promise'
      ) {
        out.push(parent.parent);
      } else {
        out.push(call);
      }
    }
  }
  return out;
}

type Node = TSESTree.Node;

export const sqsClient: LibraryModule = {
  id: '@aws-sdk/client-sqs',
  modules: MODULES,
  textHints: ['client-sqs', 'aws-sdk'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    if (!file.hasModule(...MODULES)) return;
    const iterations: IterationUnit[] = [];
    for (const receive of receiveCalls(file, candidates.callsNamed('send'), candidates.callsNamed('receiveMessage'))) {
      followValue(file, receive, ['Messages', EACH], iterations);
    }
    for (const iteration of iterations) {
      emit(
        loopSite(file, iteration, {
          library: '@aws-sdk/client-sqs',
          label: 'SQS receive loop',
          settle: sqsSettle,
          key: ['MessageId'],
        }),
      );
    }
  },
};
