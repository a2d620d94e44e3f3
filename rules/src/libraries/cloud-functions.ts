/**
 * Firebase and Google Cloud Functions event triggers. Firebase v1 chains a trigger off the service
 * (`functions.firestore.document(path).onCreate(fn)`, `pubsub.topic(t).onPublish`,
 * `storage.object().onFinalize`, `database.ref(p).onWrite`, `auth.user().onCreate`, also after
 * `region(…)` / `runWith(…)`); v2 has one function per trigger (`onDocumentCreated(path, fn)`,
 * `onMessagePublished`, `onObjectFinalized`, `onValueWritten`, `onTaskDispatched`, …); the Functions
 * Framework registers `cloudEvent(name, fn)`. Event-driven functions are delivered at least once;
 * a failed run is retried only when retries are on (`runWith({ failurePolicy: true })`, v2
 * `{ retry: true }`), so only then does returning settle what a swallowed failure lost.
 * HTTP, callable and scheduled functions deliver nothing. The id is `context.eventId` (v1) or
 * `event.id` (v2, CloudEvents).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath } from '../analysis/access';
import { bareParam, calleeName, findProperty, isBooleanLiteral, propertyName, unwrap, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { functionSite, handlerFunction, settleModel } from './support';
import type { LibraryModule } from './types';

const FIREBASE = 'firebase-functions';
const FRAMEWORK = '@google-cloud/functions-framework';

/** v1 trigger methods, by the service the chain starts from. */
const V1_TRIGGERS: Record<string, ReadonlySet<string>> = {
  firestore: new Set(['onCreate', 'onUpdate', 'onDelete', 'onWrite']),
  database: new Set(['onCreate', 'onUpdate', 'onDelete', 'onWrite']),
  pubsub: new Set(['onPublish']),
  storage: new Set(['onFinalize', 'onArchive', 'onDelete', 'onMetadataUpdate']),
  auth: new Set(['onCreate', 'onDelete']),
  remoteConfig: new Set(['onUpdate']),
  analytics: new Set(['onLog']),
  testLab: new Set(['onComplete']),
  tasks: new Set(['onDispatch']),
};

/** v2 event triggers (`firebase-functions/v2/*` and, from v6, `firebase-functions/*`). */
const V2_TRIGGER = /^(onDocument(Created|Updated|Deleted|Written)(WithAuthContext)?|onMessagePublished|onObject(Finalized|Deleted|Archived|MetadataUpdated)|onValue(Created|Updated|Deleted|Written)|onCustomEventPublished|onTaskDispatched|onConfigUpdated|onTestMatrixCompleted)$/;

function settleFor(retries: boolean) {
  return settleModel({
    returnSettles: retries,
    returnPhrase: 'Cloud Functions treats the event as handled once the function returns (retries are on)',
  });
}

/** The v1 chain under a trigger call: its root import and the services and options along it. */
function v1Chain(file: FileContext, call: TSESTree.CallExpression): { service: string; retries: boolean } | null {
  let node: Node = call.callee;
  let service: string | null = null;
  let retries = false;
  for (let i = 0; i < 12; i++) {
    node = unwrap(node);
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(node);
      if (name && V1_TRIGGERS[name] && !service) service = name;
      node = node.object;
      continue;
    }
    if (node.type === AST_NODE_TYPES.CallExpression) {
      // runWith({ failurePolicy: true }) or runWith({ failurePolicy: { retry: {} } }).
      const policy = calleeName(node) === 'runWith' ? findProperty(node.arguments[0] as Node | undefined, 'failurePolicy')?.value : undefined;
      if (policy && (isBooleanLiteral(policy as Node, true) || policy.type === AST_NODE_TYPES.ObjectExpression)) retries = true;
      node = node.callee;
      continue;
    }
    if (node.type === AST_NODE_TYPES.Identifier) {
      const binding = file.importOf(node);
      return binding?.root === FIREBASE && service ? { service, retries } : null;
    }
    return null;
  }
  return null;
}

/** `{ retry: true }` in a v2 trigger's options (its first argument when it is an object). */
function v2Retries(call: TSESTree.CallExpression): boolean {
  return isBooleanLiteral(findProperty(call.arguments[0] as Node | undefined, 'retry')?.value as Node | undefined, true);
}

/** A v2 trigger called by its imported name (`onDocumentCreated`) or through a namespace (`v2.firestore.onDocumentCreated`). */
function isV2Trigger(file: FileContext, call: TSESTree.CallExpression): boolean {
  const name = calleeName(call);
  if (!name || !V2_TRIGGER.test(name)) return false;
  let root: Node = call.callee;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
  return file.importOf(root)?.root === FIREBASE;
}

function triggerSite(file: FileContext, fn: FunctionNode, library: string, label: string, retries: boolean, key: 'context' | 'event') {
  return functionSite(file, {
    library,
    label,
    fn,
    settle: settleFor(retries),
    key: (unit) => (key === 'context' ? accessPath(file, bareParam(fn.params[1]) ?? null, ['eventId']) : accessPath(file, unit.message, ['id'])),
  });
}

export const cloudFunctions: LibraryModule = {
  id: FIREBASE,
  modules: [FIREBASE, FRAMEWORK],
  textHints: ['firebase-functions', 'functions-framework'],
  candidates: ['calls'],
  discover(file, candidates, emit) {
    for (const call of candidates.calls) {
      const name = calleeName(call);
      const last = call.arguments[call.arguments.length - 1];
      if (!name || !last || !/^on[A-Z]|^cloudEvent$/.test(name)) continue;
      if (name === 'cloudEvent') {
        if (!file.isExportOf(call.callee, [FRAMEWORK], 'cloudEvent')) continue;
        const fn = handlerFunction(file, last);
        if (fn) emit(triggerSite(file, fn, FRAMEWORK, 'Cloud Functions CloudEvent function', false, 'event'));
        continue;
      }
      if (isV2Trigger(file, call)) {
        const fn = handlerFunction(file, last);
        if (fn) emit(triggerSite(file, fn, FIREBASE, `Firebase ${name} trigger`, v2Retries(call), 'event'));
        continue;
      }
      const chain = call.callee.type === AST_NODE_TYPES.MemberExpression ? v1Chain(file, call) : null;
      if (!chain || !V1_TRIGGERS[chain.service]!.has(name)) continue;
      const fn = handlerFunction(file, last);
      if (fn) emit(triggerSite(file, fn, FIREBASE, `Firebase ${chain.service}.${name} trigger`, chain.retries, 'context'));
    }
  },
};
