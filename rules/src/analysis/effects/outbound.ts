/**
 * Effects that leave the process: HTTP requests (fetch, axios, got, undici, ky, superagent, NestJS
 * HttpService), email (nodemailer, SendGrid, Mailgun, Postmark, Resend), SMS (Twilio), push (FCM,
 * web-push), chat messages (Slack, Telegram bots), payments (Stripe and payment-named calls) and publishing (kafkajs producers, AMQP,
 * Pub/Sub, NATS, BullMQ/Bull queues, Service Bus senders, NestJS client proxies and SQS modules, AWS SDK v2) and
 * state-changing requests on gRPC service stubs.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { callLabel, calleeName, calleeObject, findDescendant, propertyName, receiverName, rootIdentifier, typeAnnotationName, unwrap, type Node } from '../ast';
import { enclosingClass } from '../file-context';
import { NEST_SQS } from '../../libraries/nestjs';
import { staticObject, staticProperty, staticString } from '../static-value';
import { isFreshId } from './database';
import { nameNodeOf, type ClassifyContext, type EffectCall, type EffectInfo } from './types';

const HTTP_MODULES = new Set(['axios', 'got', 'ky', 'superagent', 'needle', 'undici', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', '@nestjs/axios', 'request', 'request-promise', 'phin', 'wretch', 'ofetch']);
const HTTP_VERBS = new Set(['get', 'head', 'options', 'post', 'put', 'patch', 'delete', 'del']);
const HTTP_RECEIVER = /(http|api|client|axios|rest|webhook|request|got|ky|fetcher|agent)/i;
const NOT_HTTP_CLIENT = /(router|app|server|express|fastify|koa|hono|route|routes)$/i;
/** Returned values that are lazy Observables rather than promises. */
const OBSERVABLE_MODULES = new Set(['@nestjs/axios', '@nestjs/microservices']);

function httpEffect(call: TSESTree.CallExpression, method: string, via: string, returnsPromise: boolean): EffectInfo | null {
  if (method === WITH_BODY) {
    return { category: 'http', idempotent: false, relative: null, description: `\`${via}\` (request with a body)`, nameNode: nameNodeOf(call), returnsPromise };
  }
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return null;
  const known = ['POST', 'PUT', 'PATCH', 'DELETE', 'DEL'].includes(m);
  return {
    category: 'http',
    // PUT and DELETE replace or remove a resource; POST and PATCH may not. A method that is not written
    // literally (and sends no body) is not assumed to be POST (no report on a guess).
    idempotent: m === 'PUT' || m === 'DELETE' || m === 'DEL' || !known,
    relative: null,
    description: `\`${via}\` (${known ? `${m === 'DEL' ? 'DELETE' : m} request` : 'HTTP request'})`,
    nameNode: nameNodeOf(call),
    returnsPromise,
  };
}

/** The method of a request config object; GET when absent, '?' when not static. */
function configMethod(config: Node | undefined, ctx: ClassifyContext): string {
  if (!config) return 'GET';
  const object = staticObject(ctx.file, config, ctx.bindings);
  if (!object) return '?';
  const method = staticProperty(ctx.file, object, 'method', ctx.bindings);
  if (!method) return object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement) ? '?' : 'GET';
  const literal = staticString(ctx.file, method, ctx.bindings);
  if (literal) return literal;
  // A method chosen at run time (a configured webhook) that sends a body writes something.
  return object.properties.some((p) => p.type === AST_NODE_TYPES.Property && ['body', 'data', 'json', 'form'].includes(propertyName(p) ?? '')) ? WITH_BODY : '?';
}

/** JSON-RPC methods that read (Ethereum `eth_call`, `eth_getBalance`…, `net_`/`web3_`, `get…`). */
const JSON_RPC_READ = /^(eth_(call|get\w+|blockNumber|chainId|estimateGas|gasPrice|feeHistory)|net_\w+|web3_\w+|get[A-Z_]\w*)$/;
/** RPC methods that set, replace or remove by key: a repeat leaves the same state. */
const RPC_IDEMPOTENT = /^(upsert|set|put|replace|delete|remove)([A-Z_]\w*)?$/;

/**
 * The methods of an RPC request body (`JSON.stringify({ jsonrpc: '2.0', method: 'eth_call', … })`,
 * `JSON.stringify(request)` with `request` passed as `{ method: 'upsertSubscription', params }` by the
 * caller being followed, also a batch built by a same-file helper); null when the body is not one.
 */
function rpcMethods(body: Node | null, ctx: ClassifyContext): string[] | null {
  const b = body ? unwrap(body) : null;
  let payload = b?.type === AST_NODE_TYPES.CallExpression && calleeName(b) === 'stringify' ? (b.arguments[0] as Node | undefined) : null;
  if (payload?.type === AST_NODE_TYPES.Identifier) payload = ctx.bindings.get(payload.name) ?? payload;
  if (!payload) return null;
  const methods: string[] = [];
  const visit = (node: Node, depth: number): boolean => {
    const isRequest = (p: string) => node.type === AST_NODE_TYPES.ObjectExpression && node.properties.some((q) => q.type === AST_NODE_TYPES.Property && propertyName(q) === p);
    if (isRequest('jsonrpc') || (isRequest('method') && isRequest('params'))) {
      const method = staticProperty(ctx.file, node, 'method', ctx.bindings);
      methods.push(method ? (staticString(ctx.file, method, ctx.bindings) ?? '?') : '?');
    }
    // `this.createBatch(tokens)`: what the helper builds.
    if (node.type === AST_NODE_TYPES.CallExpression && depth < 2) {
      const helper = ctx.file.functionOf(node.callee);
      if (helper) findDescendant(helper.body, (n) => visit(n, depth + 1), true);
    }
    return false;
  };
  visit(unwrap(payload), 0);
  findDescendant(payload, (n) => visit(n, 0), true);
  return methods.length > 0 ? methods : null;
}

/** A request whose method is not written literally but that sends a body. */
const WITH_BODY = 'with-body';

function classifyHttp(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const callee = unwrap(call.callee);
  const name = calleeName(call);
  if (!name) return null;
  // fetch(url, init) — the global, or a fetch imported from an HTTP package.
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const binding = ctx.file.importOf(callee);
    const isFetch = name === 'fetch' && (binding == null ? ctx.file.definitionOf(callee) == null : HTTP_MODULES.has(binding.root));
    if (isFetch) {
      const config = call.arguments[1] as Node | undefined;
      const methods = rpcMethods(staticProperty(ctx.file, config, 'body', ctx.bindings), ctx);
      if (methods?.every((m) => JSON_RPC_READ.test(m))) return null;
      const effect = httpEffect(call, configMethod(config, ctx), callLabel(call), true);
      if (effect && methods?.every((m) => RPC_IDEMPOTENT.test(m))) return { ...effect, idempotent: true, description: `${effect.description.slice(0, -1)}: ${methods.join(', ')})` };
      return effect;
    }
    if (binding && HTTP_MODULES.has(binding.root)) {
      // axios(config) / axios(url, config) / got(url, options) / request(url, { method }) (undici)
      const config = (call.arguments.length >= 2 ? call.arguments[1] : call.arguments[0]) as Node | undefined;
      const first = call.arguments[0] ? unwrap(call.arguments[0]) : null;
      return httpEffect(call, first?.type === AST_NODE_TYPES.ObjectExpression || call.arguments.length >= 2 ? configMethod(config, ctx) : 'GET', callLabel(call), true);
    }
    return null;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const receiver = unwrap(callee.object);
  const origin = ctx.file.originOf(receiver);
  if (origin && HTTP_MODULES.has(origin)) {
    const returnsPromise = !OBSERVABLE_MODULES.has(origin);
    if (HTTP_VERBS.has(name)) return httpEffect(call, name, callLabel(call), returnsPromise);
    if (name === 'request' || name === 'fetch') return httpEffect(call, configMethod((call.arguments.length >= 2 ? call.arguments[1] : call.arguments[0]) as Node | undefined, ctx), callLabel(call), returnsPromise);
    return null;
  }
  if (origin == null && HTTP_VERBS.has(name) && name !== 'get' && name !== 'delete') {
    const label = receiverName(receiver) ?? '';
    const root = rootIdentifier(receiver)?.name ?? '';
    const registersRoute = call.arguments.some((a) => a.type === AST_NODE_TYPES.ArrowFunctionExpression || a.type === AST_NODE_TYPES.FunctionExpression);
    if (!registersRoute && HTTP_RECEIVER.test(label) && !NOT_HTTP_CLIENT.test(label) && !NOT_HTTP_CLIENT.test(root)) {
      return httpEffect(call, name, callLabel(call), true);
    }
  }
  return null;
}

const EMAIL_NAME = /^send\w*(mail|email|emails|sms|text|push|notification|notifications|invite|invitation|receipt|reminder|letter|newsletter|alert|digest)$/i;
const SEND_METHODS = new Set(['send', 'sendMail', 'sendEmail', 'sendMessage', 'deliver', 'dispatch', 'notify']);
/** Receivers named for what they send: `mailer.send()`, `smsClient.send()`, `pushNotifier.send()`. */
const MAIL_RECEIVER = /(mail|mailer|email|emails|smtp|sendgrid|postmark|mailgun|resend|ses)$/i;
const SMS_RECEIVER = /(sms|twilio|texts?|vonage|nexmo)(client|service|sender)?$/i;
const PUSH_RECEIVER = /(push|fcm|apns|notifier|notifications?|onesignal|expo)(client|service|sender)?$/i;
const PUSH_METHODS = new Set(['sendEachForMulticast', 'sendMulticast', 'sendToDevice', 'sendToTopic', 'sendEach', 'sendNotification', 'sendAll']);

/** Slack Web API methods that only read (`conversations.list`, `users.info`, `auth.test`). */
const SLACK_READ_METHOD = /\.(list|info|history|replies|get\w*|lookup\w*|test)$/;
const TELEGRAM_MODULES = new Set(['telegraf', 'node-telegram-bot-api', 'grammy']);
const TELEGRAM_SEND = /^(sendMessage|sendPhoto|sendMediaGroup|sendDocument|sendVideo|sendAudio|sendVoice|sendAnimation|sendSticker|sendLocation|sendInvoice|forwardMessage|copyMessage)$/;

function messagingCategory(name: string): 'email' | 'sms' | 'push' {
  if (/sms|text/i.test(name)) return 'sms';
  if (/push|notification/i.test(name)) return 'push';
  return 'email';
}

function classifyMessaging(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const name = calleeName(call);
  if (!name) return null;
  const receiver = calleeObject(call);
  const origin = receiver ? ctx.file.originOf(receiver) : null;
  const base = { nameNode: nameNodeOf(call), returnsPromise: true, relative: null, idempotent: false };
  const code = `\`${callLabel(call)}\``;
  const label = (kind: string) => `${code} (${kind})`;
  if (name === 'sendMail' || name === 'sendMultiple') return { ...base, category: 'email', description: label('email') };
  if (origin === '@sendgrid/mail' && name === 'send') return { ...base, category: 'email', description: label('email') };
  if (origin === 'resend' || (receiver && receiverName(receiver) === 'emails' && name === 'send')) return { ...base, category: 'email', description: label('email') };
  if (name === 'create' && receiver && receiverName(receiver) === 'messages') {
    const root = rootIdentifier(receiver)?.name ?? '';
    if (origin === 'twilio' || /twilio|sms/i.test(root)) return { ...base, category: 'sms', description: label('SMS') };
    if (origin === 'mailgun.js' || /mailgun|mg/i.test(root)) return { ...base, category: 'email', description: label('email') };
  }
  if (PUSH_METHODS.has(name)) return { ...base, category: 'push', description: label('push notification') };
  // Chat messages: Slack Web API chat.postMessage, incoming webhooks (Slack, Teams, Discord).
  if ((name === 'postMessage' || name === 'scheduleMessage') && (origin?.startsWith('@slack/') || receiverName(receiver ?? null) === 'chat')) {
    return { ...base, category: 'http', description: label('chat message') };
  }
  // Slack `client.apiCall(method, args)`: a write unless the method is written and reads.
  if (name === 'apiCall' && origin === '@slack/web-api') {
    const method = staticString(ctx.file, call.arguments[0] as Node | undefined, ctx.bindings);
    if (method && SLACK_READ_METHOD.test(method)) return null;
    return { ...base, category: 'http', description: label(method ? `Slack ${method}` : 'Slack API call') };
  }
  // Telegram bots: telegraf `bot.telegram.sendMessage(chatId, text)`, node-telegram-bot-api, grammY.
  if (TELEGRAM_SEND.test(name) && (receiverName(receiver ?? null) === 'telegram' || (origin != null && TELEGRAM_MODULES.has(origin)))) {
    return { ...base, category: 'http', description: label('chat message') };
  }
  const owner = receiver ? (receiverName(receiver) ?? '') : '';
  if (SEND_METHODS.has(name) && owner) {
    if (MAIL_RECEIVER.test(owner)) return { ...base, category: 'email', description: label('email') };
    if (SMS_RECEIVER.test(owner)) return { ...base, category: 'sms', description: label('SMS') };
    if (PUSH_RECEIVER.test(owner)) return { ...base, category: 'push', description: label('push notification') };
    if (/webhook/i.test(owner) || origin === '@slack/webhook') return { ...base, category: 'http', description: label('webhook') };
  }
  if (name === 'send' && receiver && unwrap(receiver).type === AST_NODE_TYPES.CallExpression && ['messaging', 'getMessaging'].includes(calleeName(unwrap(receiver) as TSESTree.CallExpression) ?? '')) {
    return { ...base, category: 'push', description: label('push notification') };
  }
  if (EMAIL_NAME.test(name)) {
    const category = messagingCategory(name);
    return { ...base, category, description: label(category === 'sms' ? 'SMS' : category === 'push' ? 'push notification' : 'email') };
  }
  return null;
}

const PAYMENT_NAME = /^(charge|refund|payout)([A-Z]\w*)?$|^capture(Payment|Charge|Order|Intent|Funds|Authorization|Transaction)\w*$|^(createCharge|createPayment\w*|createPaymentIntent|payInvoice|chargeCard|chargeCustomer|debit\w*|credit\w*|withdraw\w*|deposit\w*)$/;
/** Receivers of payment SDKs and services, on which a bare `capture()` moves money. */
const PAYMENT_RECEIVER = /(stripe|paypal|braintree|adyen|square|razorpay|mollie|checkout|payment|paymentIntents?|charges?|orders|authorizations?|transactions?)$/i;
const STRIPE_WRITES = new Set(['create', 'capture', 'confirm', 'pay', 'finalizeInvoice', 'cancel', 'createUsageRecord']);

/** `idempotencyKey` passed in any argument object (Stripe request options and similar SDKs). */
function hasIdempotencyKey(call: TSESTree.CallExpression, ctx: ClassifyContext): boolean {
  return call.arguments.some((a) => {
    const key = staticProperty(ctx.file, a as Node, 'idempotencyKey', ctx.bindings) ?? staticProperty(ctx.file, a as Node, 'idempotency_key', ctx.bindings);
    return key != null && !isFreshId(key, ctx);
  });
}

function classifyPayment(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const name = calleeName(call);
  if (!name) return null;
  const receiver = calleeObject(call);
  const root = receiver ? rootIdentifier(receiver) : null;
  const stripe = receiver != null && (ctx.file.originOf(receiver) === 'stripe' || /stripe/i.test(root?.name ?? '') || /stripe/i.test(receiverName(receiver) ?? ''));
  const capture = name === 'capture' && receiver != null && PAYMENT_RECEIVER.test(receiverName(receiver) ?? '');
  if ((stripe && STRIPE_WRITES.has(name)) || PAYMENT_NAME.test(name) || capture) {
    const idempotent = hasIdempotencyKey(call, ctx);
    return { category: 'payment', idempotent, relative: null, description: `\`${callLabel(call)}\` (payment)`, nameNode: nameNodeOf(call), returnsPromise: true };
  }
  return null;
}

const QUEUE_MODULES = new Set(['bullmq', 'bull', 'bee-queue', 'bullmq-pro']);
const NATS_MODULES = new Set(['nats', '@nats-io/transport-node', '@nats-io/jetstream', 'nats.ws', 'node-nats-streaming']);
const CLIENT_PROXY = /(client|proxy|kafka|rmq|nats|broker|bus|producer|publisher)$/i;

function classifyPublish(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver) return null;
  const origin = ctx.file.originOf(receiver);
  const publish = (idempotent: boolean, returnsPromise: boolean): EffectInfo => ({
    category: 'publish', idempotent, relative: null, description: `\`${callLabel(call)}\` (publish)`, nameNode: nameNodeOf(call), returnsPromise,
  });
  const first = call.arguments[0] as Node | undefined;
  // kafkajs producer.send({ topic, messages }) / sendBatch({ topicMessages })
  if ((name === 'send' || name === 'sendBatch') && (staticProperty(ctx.file, first, 'messages', ctx.bindings) || staticProperty(ctx.file, first, 'topicMessages', ctx.bindings))) {
    return publish(false, true);
  }
  // AMQP channel.publish(exchange, key, content) / sendToQueue(queue, content)
  if ((name === 'publish' && call.arguments.length >= 3) || name === 'sendToQueue') {
    if (origin === 'amqplib' || origin === 'amqp-connection-manager' || origin == null) return publish(false, origin === 'amqp-connection-manager');
  }
  // Pub/Sub topic.publishMessage / publish / publishJSON
  if (name === 'publishMessage' || name === 'publishJSON' || (name === 'publish' && origin === '@google-cloud/pubsub')) return publish(false, true);
  if (name === 'publish' && origin && NATS_MODULES.has(origin)) {
    const jetstream = /js|jetstream/i.test(receiverName(receiver) ?? '');
    const msgId = staticProperty(ctx.file, call.arguments[2] as Node | undefined, 'msgID', ctx.bindings);
    return publish(jetstream && msgId != null && !isFreshId(msgId, ctx), jetstream);
  }
  if (name === 'publish' && (origin === 'aws-sdk' || /sns/i.test(receiverName(receiver) ?? ''))) return publish(false, true);
  // NestJS SQS modules: `sqsService.send(queueName, { id, body })` sends to a queue.
  if (name === 'send' && origin != null && NEST_SQS.includes(origin)) return publish(false, true);
  if ((name === 'sendMessage' || name === 'sendMessageBatch') && origin === 'aws-sdk') {
    return publish(staticProperty(ctx.file, first, 'MessageDeduplicationId', ctx.bindings) != null, true);
  }
  // BullMQ / Bull queue.add(name, data, { jobId })
  if ((name === 'add' || name === 'addBulk') && ((origin && QUEUE_MODULES.has(origin)) || /queue$/i.test(receiverName(receiver) ?? ''))) {
    const jobId = staticProperty(ctx.file, call.arguments[2] as Node | undefined, 'jobId', ctx.bindings);
    return { ...publish(jobId != null && !isFreshId(jobId, ctx), true), category: 'job', description: `\`${callLabel(call)}\` (enqueues a job)` };
  }
  if ((name === 'sendMessages' || name === 'scheduleMessages') && (origin === '@azure/service-bus' || /sender/i.test(receiverName(receiver) ?? ''))) {
    return publish(false, true);
  }
  // NestJS ClientProxy.send returns a lazy Observable (nothing happens until it is subscribed); emit's
  // is hot: the event is dispatched at once and completes later, so one neither awaited
  // (`lastValueFrom`), returned nor subscribed is left running when the handler returns.
  if ((name === 'emit' || name === 'send') && origin !== 'events' && origin !== '@nestjs/event-emitter' && (origin === '@nestjs/microservices' || CLIENT_PROXY.test(receiverName(receiver) ?? ''))) {
    if (name === 'send' && origin !== '@nestjs/microservices' && call.arguments.length < 2) return null;
    return name === 'emit' ? { ...publish(false, true), observable: true } : publish(false, false);
  }
  return null;
}

/**
 * RPC methods that change the other service's state in a way a repeat repeats. Reads (`findByIds`)
 * and removals or absolute settings by key (`removeByIds`, `setStatus`, `cancel`) repeat harmlessly.
 */
const RPC_WRITE = /^(create|update|insert|add|increment|decrement|charge|refund|pay|transfer|send|register|reserve|place|submit|apply|credit|debit|deduct|issue|grant|start|trigger|enqueue|publish|notify)(?:[A-Z_]\w*)?$/;
const RPC_STUB_TYPE = /ServiceClient$/;

/**
 * A call on a gRPC service stub (`this.products = this.productsClient.getService(NAME)` from NestJS's
 * `ClientGrpc`, or a field typed with a generated `…ServiceClient`): a request to another service
 * that changes its state when the method is named for a write (`updateQuantities`).
 */
function classifyRpc(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver || !RPC_WRITE.test(name) || !isRpcStub(receiver, ctx)) return null;
  return { category: 'call', idempotent: false, relative: null, description: `\`${callLabel(call)}\` (gRPC request)`, nameNode: nameNodeOf(call), returnsPromise: false };
}

function isRpcStub(receiver: Node, ctx: ClassifyContext): boolean {
  const r = unwrap(receiver);
  const fromGetService = (value: Node | null | undefined): boolean => {
    const v = value ? unwrap(value) : null;
    return v?.type === AST_NODE_TYPES.CallExpression && calleeName(v) === 'getService';
  };
  if (r.type === AST_NODE_TYPES.Identifier) {
    const def = ctx.file.definitionOf(r);
    return def?.kind === 'variable' && (fromGetService(def.node.init) || RPC_STUB_TYPE.test(typeAnnotationName(def.node.id) ?? ''));
  }
  if (r.type !== AST_NODE_TYPES.MemberExpression || unwrap(r.object).type !== AST_NODE_TYPES.ThisExpression) return false;
  const field = propertyName(r);
  const cls = enclosingClass(r);
  if (!field || !cls) return false;
  const declared = cls.body.body.find((e): e is TSESTree.PropertyDefinition => e.type === AST_NODE_TYPES.PropertyDefinition && propertyName(e) === field);
  if (declared && (RPC_STUB_TYPE.test(typeAnnotationName(declared) ?? '') || fromGetService(declared.value))) return true;
  // `this.products = this.productsClient.getService(NAME)` in onModuleInit.
  return findDescendant(cls.body, (n) =>
    n.type === AST_NODE_TYPES.AssignmentExpression &&
    n.left.type === AST_NODE_TYPES.MemberExpression &&
    unwrap(n.left.object).type === AST_NODE_TYPES.ThisExpression &&
    propertyName(n.left) === field &&
    fromGetService(n.right), true) != null;
}

/** Method names the outbound classifiers may accept, and the name patterns they test. */
export const OUTBOUND_CALL_NAMES: ReadonlySet<string> = new Set([
  'fetch', 'request', ...HTTP_VERBS, 'sendMail', 'sendMultiple', 'send', 'create', 'postMessage', 'scheduleMessage', 'apiCall',
  ...PUSH_METHODS, ...SEND_METHODS, ...STRIPE_WRITES, 'capture', 'sendBatch', 'publish', 'sendToQueue', 'publishMessage', 'publishJSON',
  'sendMessage', 'sendMessageBatch', 'add', 'addBulk', 'sendMessages', 'scheduleMessages', 'emit',
]);
export const OUTBOUND_CALL_PATTERNS: readonly RegExp[] = [EMAIL_NAME, PAYMENT_NAME, RPC_WRITE, TELEGRAM_SEND];

const OCTOKIT_MODULES = new Set(['@octokit/rest', '@octokit/core', 'octokit', '@octokit/app', '@octokit/webhooks', 'probot', '@actions/github']);
/** GitHub REST calls that add something new each time: a comment, a review, an issue, a release. */
const GITHUB_CREATE = /^create(Comment|Review|ReviewComment|CommitComment|ReplyForReviewComment|Release|Deployment)?$/;
const GITHUB_NAMESPACE = /^(issues|pulls|repos|git)$/;

/** `octokit.rest.issues.createComment(…)`, `context.octokit.issues.create(…)` (Octokit, Probot, `@actions/github`). */
function classifyGitHub(call: TSESTree.CallExpression, ctx: ClassifyContext): EffectInfo | null {
  const name = calleeName(call);
  const receiver = calleeObject(call);
  if (!name || !receiver || !GITHUB_CREATE.test(name) || !GITHUB_NAMESPACE.test(receiverName(receiver) ?? '')) return null;
  const origin = ctx.file.originOf(receiver);
  if (!(origin && OCTOKIT_MODULES.has(origin)) && !/octokit|github/i.test(ctx.file.sourceCode.getText(receiver))) return null;
  const what = name === 'create' ? `GitHub ${receiverName(receiver) === 'pulls' ? 'pull request' : receiverName(receiver) === 'issues' ? 'issue' : 'resource'}` : `GitHub ${name.slice('create'.length).replace(/[A-Z]/g, (c, i: number) => (i > 0 ? ' ' : '') + c.toLowerCase())}`;
  return { category: 'http', nameNode: nameNodeOf(call), returnsPromise: true, relative: null, idempotent: false, description: `\`${callLabel(call)}\` (${what})` };
}

export function classifyOutbound(call: EffectCall, ctx: ClassifyContext): EffectInfo | null {
  if (call.type !== AST_NODE_TYPES.CallExpression) return null;
  return classifyHttp(call, ctx) ?? classifyMessaging(call, ctx) ?? classifyPayment(call, ctx) ?? classifyGitHub(call, ctx) ?? classifyPublish(call, ctx) ?? classifyRpc(call, ctx);
}
