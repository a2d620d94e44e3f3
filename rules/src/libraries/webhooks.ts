/**
 * Signed webhooks: senders that retry until they get a 2xx and tell their users to deduplicate on
 * the event id. A route handler (Express, Fastify, Koa, Hono, Next.js, NestJS) that verifies the
 * sender's signature is a consumer of that sender's events:
 * - Stripe: `stripe.webhooks.constructEvent(Async)(body, sig, secret)`; key `event.id`;
 * - Svix (Clerk, Resend, …) and Standard Webhooks: `new Webhook(secret).verify(body, headers)`,
 *   Clerk's `verifyWebhook(req)`; key the `svix-id` (`webhook-id`) header;
 * - GitHub: `@octokit/webhooks` `webhooks.on(event, handler)` (key: the delivery `id`), or
 *   `webhooks.verify` / `verifyAndReceive` in the route (key: the `x-github-delivery` header);
 * - Shopify: `authenticate.webhook(request)` (Shopify app templates; key `webhookId`),
 *   `shopify.webhooks.validate(…)` or an HMAC check of `X-Shopify-Hmac-Sha256` (key: the
 *   `X-Shopify-Webhook-Id` header).
 * The answer settles the delivery: a 2xx (a response call, or the handler's return) tells the
 * sender it is done, a 4xx/5xx asks for a retry.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { accessPath, type KeyExpression } from '../analysis/access';
import { bareParam, calleeName, calleeObject, enclosingFunction, findDescendant, findProperty, isFunction, propertyName, rootIdentifier, unwrap, unwrapAwait, type FunctionNode, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import { comesFrom, functionSite, handlerFunction, settleModel } from './support';
import type { Call, Candidates, LibraryModule, SettleKind } from './types';

type Sender = 'stripe' | 'svix' | 'github' | 'shopify';

interface SenderModel {
  library: string;
  label: string;
  /** The sender's delivery-id header, as the docs spell it. */
  idHeader: string;
  /** Signature headers: a route reading one of them verifies that sender's deliveries. */
  signatureHeader: RegExp;
}

const SENDERS: Record<Sender, SenderModel> = {
  stripe: { library: 'stripe', label: 'Stripe webhook route', idHeader: 'stripe-event-id', signatureHeader: /^stripe-signature$/i },
  svix: { library: 'svix', label: 'Svix webhook route', idHeader: 'svix-id', signatureHeader: /^(svix|webhook)-signature$/i },
  github: { library: '@octokit/webhooks', label: 'GitHub webhook', idHeader: 'x-github-delivery', signatureHeader: /^x-hub-signature(-256)?$/i },
  shopify: { library: 'shopify', label: 'Shopify webhook route', idHeader: 'X-Shopify-Webhook-Id', signatureHeader: /^x-shopify-hmac-sha256$/i },
};

const SVIX_MODULES = ['svix', 'standardwebhooks'];
/** Packages that receive GitHub webhook events (the REST clients' effects are in analysis/effects/outbound.ts). */
const GITHUB_WEBHOOK_MODULES = ['@octokit/webhooks', '@octokit/app', 'octokit', 'probot'];
const SHOPIFY_MODULES = ['@shopify/shopify-api', '@shopify/shopify-app-remix', '@shopify/shopify-app-react-router', '@shopify/shopify-app-express'];
/** The header each sender puts its delivery id in, with the alternative spelling. */
const ID_HEADER: Record<Sender, RegExp> = {
  stripe: /^$/,
  svix: /^(svix|webhook)-id$/i,
  github: /^x-github-delivery$/i,
  shopify: /^x-shopify-webhook-id$/i,
};

// ------------------------------------------------------------------------------ the answer

/** Calls that answer an HTTP request, by the response object's method. */
const RESPONSE_METHODS = new Set(['send', 'json', 'end', 'sendStatus', 'text', 'body', 'html', 'jsonp']);

/** The status code an answer sets: `res.status(400).json()`, `reply.code(500).send()`, `c.json(b, 400)`, `new Response(b, { status })`. */
function statusOf(call: Call): number | 'unknown' | null {
  const literal = (n: Node | undefined | null): number | 'unknown' | null => {
    if (!n) return null;
    const v = unwrap(n);
    return v.type === AST_NODE_TYPES.Literal && typeof v.value === 'number' ? v.value : 'unknown';
  };
  if (call.type === AST_NODE_TYPES.NewExpression || isResponseFactory(call)) {
    const init = call.arguments[1] as Node | undefined;
    const status = findProperty(init, 'status');
    return status ? literal(status.value as Node) : null;
  }
  const name = calleeName(call);
  if (name === 'sendStatus') return literal(call.arguments[0] as Node | undefined);
  if ((name === 'json' || name === 'text' || name === 'body' || name === 'html') && call.arguments[1]) {
    const second = unwrap(call.arguments[1] as Node);
    if (second.type === AST_NODE_TYPES.Literal && typeof second.value === 'number') return second.value;
  }
  // Walk down the chain: res.status(400).json(…)
  let object = calleeObject(call);
  while (object && object.type === AST_NODE_TYPES.CallExpression) {
    const inner = calleeName(object);
    if (inner === 'status' || inner === 'code') return literal(object.arguments[0] as Node | undefined);
    object = calleeObject(object);
  }
  return null;
}

/** `NextResponse.json(…)`, `Response.json(…)`, `NextResponse.redirect(…)`. */
function isResponseFactory(call: Call): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const object = calleeObject(call);
  return object?.type === AST_NODE_TYPES.Identifier && /^(Next)?Response$/.test(object.name);
}

/** An answer to the request: a response object's send (rooted at a handler parameter), or a web `Response`. */
function isAnswer(call: Call, handler: FunctionNode): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) return call.callee.type === AST_NODE_TYPES.Identifier && /^(Next)?Response$/.test(call.callee.name);
  if (isResponseFactory(call)) return true;
  const name = calleeName(call);
  if (!name || !RESPONSE_METHODS.has(name)) return false;
  const root = rootIdentifier(call.callee);
  const index = root ? handler.params.findIndex((p) => bareParam(p)?.type === AST_NODE_TYPES.Identifier && (bareParam(p) as TSESTree.Identifier).name === root.name) : -1;
  if (!root || index < 0 || readsRequest(call)) return false;
  // (req, res) / (request, reply): the response object comes second. A lone parameter answers only
  // when it is a context holding the request (Hono's `c`: `c.req`, `c.json(…)`), not a web Request
  // (`req.json()` reads the body).
  if (index >= 1) return true;
  if (handler.params.length > 1 || /^(req|request)$/i.test(root.name)) return false;
  return findDescendant(handler.body, (n) => n.type === AST_NODE_TYPES.MemberExpression && propertyName(n) === 'req' && rootIdentifier(n)?.name === root.name, true) != null;
}

/** A call through the request (`c.req.json()`, `ctx.request.text()`): reading the body, not answering. */
function readsRequest(call: Call): boolean {
  let object = calleeObject(call);
  while (object) {
    if (object.type === AST_NODE_TYPES.MemberExpression) {
      if (/^(req|request|raw)$/.test(propertyName(object) ?? '')) return true;
      object = object.object;
    } else if (object.type === AST_NODE_TYPES.CallExpression) {
      object = calleeObject(object);
    } else return false;
  }
  return false;
}

function settleFor(handler: FunctionNode, sender: SenderModel) {
  return settleModel({
    returnSettles: true,
    returnPhrase: `the sender takes the answer the route gives when it returns as the ${sender.label.replace(/ route$/, '')}'s delivery done`,
    classify(call): SettleKind | null {
      if (!isAnswer(call, handler)) return null;
      const status = statusOf(call);
      if (status === 'unknown') return null;
      return status != null && status >= 400 ? 'nack' : 'ack';
    },
  });
}

/** How the route answers a duplicate with a 2xx, in its framework's terms. */
function duplicateAnswer(handler: FunctionNode): string | null {
  const answers: Call[] = [];
  findDescendant(handler.body, (n) => {
    if ((n.type === AST_NODE_TYPES.CallExpression || n.type === AST_NODE_TYPES.NewExpression) && isAnswer(n, handler)) answers.push(n);
    return false;
  });
  const first = answers[0];
  if (!first) {
    // A NestJS controller (or a hook handler): returning answers 2xx.
    return 'return;';
  }
  if (first.type === AST_NODE_TYPES.NewExpression || isResponseFactory(first)) return 'return new Response(null, { status: 200 });';
  const root = rootIdentifier(first.callee)!.name;
  const usesCode = findDescendant(handler.body, (n) => n.type === AST_NODE_TYPES.CallExpression && calleeName(n) === 'code' && rootIdentifier(n.callee)?.name === root) != null;
  const hono = findDescendant(handler.body, (n) => n.type === AST_NODE_TYPES.MemberExpression && propertyName(n) === 'req' && rootIdentifier(n)?.name === root) != null;
  if (hono) return `return ${root}.body(null, 200);`;
  if (usesCode || /^reply$/.test(root)) return `return ${root}.code(200).send();`;
  return `return ${root}.sendStatus(200);`;
}

// ------------------------------------------------------------------------------ verified routes

interface Verification {
  sender: Sender;
  /** The call that verifies the delivery. */
  call: Call;
}

/** The verification calls of this file, by sender. */
function verifications(file: FileContext, candidates: Candidates): Verification[] {
  const out: Verification[] = [];
  for (const name of ['constructEvent', 'constructEventAsync']) {
    for (const call of candidates.callsNamed(name)) {
      const object = calleeObject(call);
      if (object?.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === 'webhooks') out.push({ sender: 'stripe', call });
    }
  }
  for (const call of candidates.callsNamed('verify')) {
    const receiver = calleeObject(call);
    if (!receiver) continue;
    if (comesFrom(file, receiver, SVIX_MODULES)) out.push({ sender: 'svix', call });
    else if (comesFrom(file, receiver, GITHUB_WEBHOOK_MODULES)) out.push({ sender: 'github', call });
  }
  for (const call of candidates.callsNamed('verifyWebhook')) {
    if (file.importOf(call.callee)?.root.startsWith('@clerk/')) out.push({ sender: 'svix', call });
  }
  for (const call of candidates.callsNamed('verifyAndReceive')) {
    const receiver = calleeObject(call);
    if (receiver && comesFrom(file, receiver, GITHUB_WEBHOOK_MODULES)) out.push({ sender: 'github', call });
  }
  for (const call of candidates.callsNamed('webhook')) {
    // Shopify app templates: `await authenticate.webhook(request)` (authenticate exported by `shopify.server`).
    const object = calleeObject(call);
    if (object?.type === AST_NODE_TYPES.Identifier && object.name === 'authenticate') out.push({ sender: 'shopify', call });
  }
  for (const call of candidates.callsNamed('validate')) {
    const object = calleeObject(call);
    if (object?.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === 'webhooks' && comesFrom(file, object, SHOPIFY_MODULES)) out.push({ sender: 'shopify', call });
  }
  return out;
}

/** Reads of a sender's signature header in this file (`req.headers['x-shopify-hmac-sha256']`, `req.get('X-Shopify-Hmac-Sha256')`). */
function signatureHeaderReads(file: FileContext, sender: Sender): TSESTree.Literal[] {
  const out: TSESTree.Literal[] = [];
  findDescendant(file.sourceCode.ast as TSESTree.Program, (n) => {
    if (n.type === AST_NODE_TYPES.Literal && typeof n.value === 'string' && SENDERS[sender].signatureHeader.test(n.value)) out.push(n);
    return false;
  }, true);
  return out;
}

/**
 * The route a verification belongs to: the function it is in, or, when that function only verifies
 * and returns the event (`function verify(req) { return stripe.webhooks.constructEvent(…) }`), the
 * functions of this file that call it.
 */
function routesOf(file: FileContext, anchor: Node): FunctionNode[] {
  const fn = enclosingFunction(anchor);
  if (!fn) return [];
  if (!returnsVerification(fn, anchor)) return [fn];
  const callers = file.callsOf(fn).map((call) => enclosingFunction(call)).filter((f): f is FunctionNode => f != null && f !== fn);
  return callers.length > 0 ? [...new Set(callers)] : [];
}

function returnsVerification(fn: FunctionNode, anchor: Node): boolean {
  const binding = resultBinding(anchor);
  if (!isFunction(fn)) return false;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return unwrapAwait(fn.body) === anchor;
  return (
    findDescendant(fn.body, (n) => {
      if (n.type !== AST_NODE_TYPES.ReturnStatement || !n.argument || enclosingFunction(n) !== fn) return false;
      const value = unwrapAwait(n.argument);
      return value === anchor || (binding != null && value.type === AST_NODE_TYPES.Identifier && value.name === binding.name);
    }, true) != null
  );
}

/** The variable a verification's result is kept in: `const event = …`, or `event = …` assigned to a `let`. */
function resultBinding(anchor: Node): TSESTree.Identifier | null {
  let node: Node = anchor;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) return parent.left;
  return null;
}

/** The binding of the result, or the destructuring pattern of it (`const { payload, webhookId } = await authenticate.webhook(request)`). */
function resultPattern(anchor: Node): Node | null {
  let node: Node = anchor;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) return parent.id;
  return resultBinding(anchor);
}

/** A header read in the route whose name is the sender's id header: its text, or the variable holding it. */
function idHeaderRead(file: FileContext, route: FunctionNode, sender: Sender): KeyExpression | null {
  const read = findDescendant(route.body, (n) => n.type === AST_NODE_TYPES.Literal && typeof n.value === 'string' && ID_HEADER[sender].test(n.value), true);
  if (!read) return null;
  let expression: Node = read;
  // Up to the whole read: `headers.get('svix-id')`, `req.headers['svix-id']`, `req.header('svix-id') as string`.
  while (expression.parent && (expression.parent.type === AST_NODE_TYPES.CallExpression || (expression.parent.type === AST_NODE_TYPES.MemberExpression && expression.parent.property === expression) || expression.parent.type === AST_NODE_TYPES.TSAsExpression)) {
    expression = expression.parent;
  }
  const parent = expression.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return { text: parent.id.name, edits: [] };
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === expression && parent.parent.type === AST_NODE_TYPES.ObjectExpression) {
    // `{ 'svix-id': headers.get('svix-id'), … }`: the read itself.
    return { text: file.sourceCode.getText(expression), edits: [] };
  }
  return expression === read ? null : { text: file.sourceCode.getText(expression), edits: [] };
}

/**
 * The id header read with the same expression as the signature header (`req.get('X-Shopify-Hmac-Sha256')`
 * → `req.get('X-Shopify-Webhook-Id')`), when the route reads the signature itself.
 */
function swappedHeaderRead(file: FileContext, route: FunctionNode, sender: Sender): KeyExpression | null {
  const signature = signatureHeaderReads(file, sender).find((literal) => enclosingFunction(literal) === route);
  const parent = signature?.parent;
  if (!signature || !parent) return null;
  const isCall = parent.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === signature;
  const isIndex = parent.type === AST_NODE_TYPES.MemberExpression && parent.computed && parent.property === signature;
  if (!isCall && !isIndex) return null;
  const text = file.sourceCode.getText(parent);
  const literal = file.sourceCode.getText(signature);
  const quote = literal[0];
  const lower = literal.slice(1, -1) === literal.slice(1, -1).toLowerCase();
  const header = lower ? SENDERS[sender].idHeader.toLowerCase() : SENDERS[sender].idHeader;
  return { text: text.replace(literal, `${quote}${header}${quote}`), edits: [] };
}

function keyFor(file: FileContext, route: FunctionNode, verification: Verification | null, sender: Sender, message: Node | null): KeyExpression | null {
  switch (sender) {
    case 'stripe':
      return accessPath(file, message, ['id']);
    case 'shopify':
      if (verification && calleeName(verification.call) === 'webhook') return accessPath(file, message, ['webhookId']);
      return idHeaderRead(file, route, sender) ?? swappedHeaderRead(file, route, sender);
    default:
      return idHeaderRead(file, route, sender) ?? swappedHeaderRead(file, route, sender);
  }
}

function routeSite(file: FileContext, route: FunctionNode, sender: Sender, verification: Verification | null) {
  const model = SENDERS[sender];
  const message = verification ? resultPattern(verification.call) : null;
  return functionSite(file, {
    library: model.library,
    label: model.label,
    fn: route,
    settle: settleFor(route, model),
    message,
    key: () => keyFor(file, route, verification, sender, message),
    duplicate: () => duplicateAnswer(route),
  });
}

/** Octokit / Probot event handlers: `webhooks.on('issues.opened', async ({ id, payload }) => …)`. */
function githubHandlers(file: FileContext, candidates: Candidates, emit: (fn: FunctionNode) => void): void {
  if (!file.hasModule(...GITHUB_WEBHOOK_MODULES)) return;
  for (const call of [...candidates.callsNamed('on'), ...candidates.callsNamed('onAny')]) {
    const receiver = calleeObject(call);
    const listener = call.arguments[call.arguments.length - 1];
    if (!receiver || !listener || !comesFrom(file, receiver, GITHUB_WEBHOOK_MODULES)) continue;
    // `app.oauth.on('token.created', …)` (@octokit/app): the app's own OAuth events, not deliveries.
    if (receiver.type === AST_NODE_TYPES.MemberExpression && propertyName(receiver) === 'oauth') continue;
    const event = calleeName(call) === 'onAny' ? null : unwrap(call.arguments[0] as Node);
    // `webhooks.on('error', …)` is the library's own error event, not a delivery.
    if (event?.type === AST_NODE_TYPES.Literal && event.value === 'error') continue;
    const fn = handlerFunction(file, listener);
    if (fn) emit(fn);
  }
}

export const webhooks: LibraryModule = {
  id: 'webhooks',
  // The verifying client is often a project module (`import { stripe } from '@/lib/stripe'`): discovery decides.
  modules: [],
  textHints: ['constructEvent', 'svix', 'standardwebhooks', 'verifyWebhook', '@octokit/', 'octokit', 'probot', 'authenticate.webhook', 'webhooks.validate', 'hopify-hmac', 'hopify-Hmac', 'HOPIFY-HMAC', 'x-hub-signature', 'X-Hub-Signature'],
  candidates: ['calls', 'news'],
  discover(file, candidates, emit) {
    const routes = new Map<FunctionNode, { sender: Sender; verification: Verification | null }>();
    for (const verification of verifications(file, candidates)) {
      for (const route of routesOf(file, verification.call)) if (!routes.has(route)) routes.set(route, { sender: verification.sender, verification });
    }
    // Routes that check the signature themselves (an HMAC of the body against the header).
    for (const sender of ['shopify', 'github'] as const) {
      for (const literal of signatureHeaderReads(file, sender)) {
        for (const route of routesOf(file, literal)) if (!routes.has(route) && hasHmacCheck(route)) routes.set(route, { sender, verification: null });
      }
    }
    for (const [route, { sender, verification }] of routes) emit(routeSite(file, route, sender, verification));
    githubHandlers(file, candidates, (fn) => {
      if (routes.has(fn)) return;
      emit(
        functionSite(file, {
          library: SENDERS.github.library,
          label: 'GitHub webhook event handler',
          fn,
          settle: settleModel({ returnSettles: true, returnPhrase: '@octokit/webhooks answers the delivery once its handlers resolve' }),
          key: (unit) => accessPath(file, unit.message, ['id']),
        }),
      );
    });
  },
};

const HMAC_CHECK = /^(createHmac|timingSafeEqual)$|^(verify|validate|valid|check|is|has)\w*(Hmac|Signature|Webhook|Valid)\w*$/i;

/** `crypto.createHmac(…)`, `timingSafeEqual` or a project's `verifyShopifyWebhook(req)` in the route: it checks the signature it read. */
function hasHmacCheck(route: FunctionNode): boolean {
  return findDescendant(route.body, (n) => n.type === AST_NODE_TYPES.CallExpression && HMAC_CHECK.test(calleeName(n) ?? ''), true) != null;
}
