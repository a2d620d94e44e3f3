/**
 * A deterministic, seedable generator of realistic message-consumer files for every supported
 * library. A file is built from PARTS (imports, shared client set-up, and top-level code with a
 * name suffix), so several generated files can be concatenated into one large file that keeps its
 * imports (consumers are still recognised) and its findings, with no clashing top-level names.
 *
 * The same (seed, index) always gives the same file. Each file is ~80-200 lines: imports, event
 * types, helpers, one or two handlers (with real findings: increment writes, missing dedup checks,
 * ack before process; or clean: a dedup guard, upserts, ack after the work) and non-consumer code
 * mixed in (producers, HTTP controllers, cron jobs) that must stay silent.
 */

// ------------------------------------------------------------------ random numbers

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: small, fast and good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** A seed for file `index` of corpus `seed` (independent streams per file). */
function fileSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ------------------------------------------------------------------ parts and rendering

interface ImportSpec {
  module: string;
  default?: string;
  named?: string[];
  /** Type-only named imports (dropped in JavaScript). */
  types?: string[];
}

export interface Part {
  library: LibraryId;
  variant: Variant;
  ts: boolean;
  imports: ImportSpec[];
  /** Module-level client set-up shared between parts (deduplicated by text, order kept). */
  setup: string[];
  /** Top-level code whose names carry the part's suffix. */
  body: string[];
}

export function render(parts: readonly Part[]): string {
  const byModule = new Map<string, { default?: string; named: Set<string>; types: Set<string> }>();
  for (const part of parts) {
    for (const spec of part.imports) {
      const entry = byModule.get(spec.module) ?? { named: new Set<string>(), types: new Set<string>() };
      if (spec.default) entry.default = spec.default;
      for (const name of spec.named ?? []) entry.named.add(name);
      if (part.ts) for (const name of spec.types ?? []) entry.types.add(name);
      byModule.set(spec.module, entry);
    }
  }
  const lines: string[] = [];
  for (const [module, entry] of byModule) {
    const names = [...entry.named, ...[...entry.types].filter((t) => !entry.named.has(t)).map((t) => `type ${t}`)];
    if (!entry.default && names.length === 0) continue;
    if (!entry.default && names.every((n) => n.startsWith('type '))) {
      lines.push(`import type { ${names.map((n) => n.slice(5)).join(', ')} } from '${module}';`);
      continue;
    }
    const clause = [entry.default, names.length ? `{ ${names.join(', ')} }` : undefined].filter(Boolean).join(', ');
    lines.push(`import ${clause} from '${module}';`);
  }
  lines.push('');
  const seen = new Set<string>();
  for (const part of parts) {
    for (const line of part.setup) {
      if (seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  for (const part of parts) lines.push('', ...part.body);
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ the domain

interface Domain {
  entity: string;
  Event: string;
  topic: string;
  idField: string;
  ownerField: string;
  amountField: string;
  table: string;
  counterTable: string;
  counterColumn: string;
  model: string;
  extra: [string, string][];
}

const DOMAINS: readonly Domain[] = [
  { entity: 'order', Event: 'OrderPlaced', topic: 'orders.placed', idField: 'orderId', ownerField: 'customerId', amountField: 'totalCents', table: 'orders', counterTable: 'customer_stats', counterColumn: 'order_count', model: 'CustomerStats', extra: [['currency', 'string'], ['placedAt', 'string']] },
  { entity: 'payment', Event: 'PaymentCaptured', topic: 'payments.captured', idField: 'paymentId', ownerField: 'merchantId', amountField: 'amountCents', table: 'payments', counterTable: 'merchant_balances', counterColumn: 'balance_cents', model: 'MerchantBalance', extra: [['method', "'card' | 'bank' | 'wallet'"], ['capturedAt', 'string']] },
  { entity: 'shipment', Event: 'ShipmentDelivered', topic: 'shipments.delivered', idField: 'shipmentId', ownerField: 'warehouseId', amountField: 'parcelCount', table: 'shipments', counterTable: 'warehouse_stats', counterColumn: 'delivered_count', model: 'WarehouseStats', extra: [['carrier', 'string'], ['trackingNumber', 'string']] },
  { entity: 'invoice', Event: 'InvoicePaid', topic: 'billing.invoice-paid', idField: 'invoiceId', ownerField: 'accountId', amountField: 'amountCents', table: 'invoices', counterTable: 'accounts', counterColumn: 'outstanding_cents', model: 'Account', extra: [['paidAt', 'string'], ['dueDate', 'string']] },
  { entity: 'review', Event: 'ReviewSubmitted', topic: 'catalog.review-submitted', idField: 'reviewId', ownerField: 'productId', amountField: 'rating', table: 'reviews', counterTable: 'product_ratings', counterColumn: 'rating_sum', model: 'ProductRating', extra: [['authorId', 'string'], ['title', 'string']] },
  { entity: 'refund', Event: 'RefundIssued', topic: 'payments.refund-issued', idField: 'refundId', ownerField: 'walletId', amountField: 'amountCents', table: 'refunds', counterTable: 'wallets', counterColumn: 'balance_cents', model: 'Wallet', extra: [['reason', 'string'], ['issuedAt', 'string']] },
  { entity: 'signup', Event: 'UserSignedUp', topic: 'users.signed-up', idField: 'userId', ownerField: 'referrerId', amountField: 'bonusCredits', table: 'users', counterTable: 'referral_stats', counterColumn: 'signups', model: 'ReferralStats', extra: [['email', 'string'], ['plan', "'free' | 'pro' | 'team'"]] },
  { entity: 'reservation', Event: 'StockReserved', topic: 'inventory.stock-reserved', idField: 'reservationId', ownerField: 'sku', amountField: 'quantity', table: 'reservations', counterTable: 'stock_levels', counterColumn: 'reserved', model: 'StockLevel', extra: [['warehouseId', 'string'], ['expiresAt', 'string']] },
  { entity: 'click', Event: 'AdClicked', topic: 'ads.clicked', idField: 'clickId', ownerField: 'campaignId', amountField: 'costMicros', table: 'clicks', counterTable: 'campaign_stats', counterColumn: 'clicks', model: 'CampaignStats', extra: [['placement', 'string'], ['userAgent', 'string']] },
  { entity: 'ticket', Event: 'TicketClosed', topic: 'support.ticket-closed', idField: 'ticketId', ownerField: 'agentId', amountField: 'minutesSpent', table: 'tickets', counterTable: 'agent_stats', counterColumn: 'tickets_closed', model: 'AgentStats', extra: [['priority', "'low' | 'normal' | 'urgent'"], ['closedAt', 'string']] },
  { entity: 'points', Event: 'PointsEarned', topic: 'loyalty.points-earned', idField: 'grantId', ownerField: 'memberId', amountField: 'points', table: 'point_grants', counterTable: 'loyalty_accounts', counterColumn: 'balance', model: 'LoyaltyAccount', extra: [['reason', "'purchase' | 'referral' | 'review'"], ['earnedAt', 'string']] },
  { entity: 'usage', Event: 'UsageRecorded', topic: 'metering.usage-recorded', idField: 'usageId', ownerField: 'tenantId', amountField: 'units', table: 'usage_records', counterTable: 'tenant_usage', counterColumn: 'units_used', model: 'TenantUsage', extra: [['meter', 'string'], ['recordedAt', 'string']] },
];

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const snake = (s: string): string => s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

// ------------------------------------------------------------------ the generation context

export const LIBRARIES = [
  'kafkajs',
  'kafkajs-batch',
  'amqplib',
  'sqs-client',
  'sqs-consumer',
  'lambda-sqs',
  'lambda-kinesis',
  'pubsub',
  'bullmq',
  'bull',
  'nats',
  'service-bus',
  'redis-streams',
  'nestjs-rmq',
  'nestjs-bullmq',
  'generic',
] as const;
export type LibraryId = (typeof LIBRARIES)[number];

export type Variant = 'increment' | 'missing-dedup' | 'ack-first' | 'clean-dedup' | 'clean-idempotent';
const VARIANTS: readonly [Variant, number][] = [
  ['increment', 0.25],
  ['missing-dedup', 0.2],
  ['ack-first', 0.15],
  ['clean-dedup', 0.25],
  ['clean-idempotent', 0.15],
];

type Store = 'pg' | 'prisma' | 'mongo' | 'redis' | 'ioredis' | 'dynamo' | 'knex';

class Gen {
  readonly imports: ImportSpec[] = [];
  readonly setup: string[] = [];
  readonly body: string[] = [];
  /** The redis flavour this file uses for dedup claims (node-redis `redis` or ioredis `cache`). */
  readonly redisFlavour: 'redis' | 'ioredis';

  /** Top-level pieces already emitted (each at most once per suffix). */
  readonly used = new Set<string>();

  constructor(
    readonly r: Rng,
    readonly ts: boolean,
    public sfx: string,
    readonly d: Domain,
  ) {
    this.redisFlavour = r.chance(0.5) ? 'redis' : 'ioredis';
  }

  /** A top-level name with the part's suffix. */
  n(name: string): string {
    return `${name}${this.sfx}`;
  }
  /** TypeScript-only text (annotations), empty in JavaScript. */
  t(text: string): string {
    return this.ts ? text : '';
  }
  as(type: string): string {
    return this.ts ? ` as ${type}` : '';
  }
  get bang(): string {
    return this.ts ? '!' : '';
  }
  get E(): string {
    return this.n(this.d.Event);
  }
  imp(spec: ImportSpec): void {
    this.imports.push(spec);
  }
  set(...lines: string[]): void {
    this.setup.push(...lines);
  }
  emit(...lines: string[]): void {
    this.body.push(...lines);
  }

  // ---------------------------------------------------------------- clients

  client(store: Store | 'mailer' | 'http' | 'kafka' | 'producer' | 'sqs' | 'logger'): void {
    switch (store) {
      case 'pg':
        this.imp({ module: 'pg', named: ['Pool'] });
        this.set('const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });');
        break;
      case 'prisma':
        this.imp({ module: '@prisma/client', named: ['PrismaClient'] });
        this.set('const prisma = new PrismaClient();');
        break;
      case 'mongo':
        this.imp({ module: `../models/${snake(this.d.model).slice(1).replace(/_/g, '-')}`, named: [this.d.model] });
        break;
      case 'redis':
        this.imp({ module: 'redis', named: ['createClient'] });
        this.set('const redis = createClient({ url: process.env.REDIS_URL });');
        break;
      case 'ioredis':
        this.imp({ module: 'ioredis', default: 'Redis' });
        this.set(`const cache = new Redis(process.env.REDIS_URL${this.bang}, { maxRetriesPerRequest: null });`);
        break;
      case 'dynamo':
        this.imp({ module: '@aws-sdk/client-dynamodb', named: ['DynamoDBClient'] });
        this.imp({ module: '@aws-sdk/lib-dynamodb', named: ['DynamoDBDocumentClient', 'UpdateCommand', 'PutCommand'] });
        this.set('const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));');
        break;
      case 'knex':
        this.imp({ module: 'knex', default: 'knex' });
        this.set("const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });");
        break;
      case 'mailer':
        this.imp({ module: 'nodemailer', default: 'nodemailer' });
        this.set('const mailer = nodemailer.createTransport({ host: process.env.SMTP_HOST, port: 587 });');
        break;
      case 'http':
        this.set("const WEBHOOK_URL = process.env.WEBHOOK_URL ?? 'https://hooks.example.com/events';");
        break;
      case 'kafka':
        this.imp({ module: 'kafkajs', named: ['Kafka'] });
        this.set(`const kafka = new Kafka({ clientId: 'svc', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });`);
        break;
      case 'producer':
        this.client('kafka');
        this.set('const producer = kafka.producer({ idempotent: true });');
        break;
      case 'sqs':
        this.imp({ module: '@aws-sdk/client-sqs', named: ['SQSClient'] });
        this.set('const sqs = new SQSClient({ region: process.env.AWS_REGION });');
        break;
      case 'logger':
        this.imp({ module: 'pino', default: 'pino' });
        this.set("const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });");
        break;
    }
  }

  // ---------------------------------------------------------------- writes

  /** A relative write (an increment): a finding unless a dedup guard precedes it. */
  increment(store: Store, v: string, i: string): string[] {
    const d = this.d;
    const owner = `${v}.${d.ownerField}`;
    const amount = `${v}.${d.amountField}`;
    switch (store) {
      case 'pg':
        return [`${i}await pool.query(`, `${i}  'UPDATE ${d.counterTable} SET ${d.counterColumn} = ${d.counterColumn} + $1, updated_at = now() WHERE id = $2',`, `${i}  [${amount}, ${owner}],`, `${i});`];
      case 'prisma':
        return [`${i}await prisma.${d.model.charAt(0).toLowerCase()}${d.model.slice(1)}.update({`, `${i}  where: { id: ${owner} },`, `${i}  data: { ${snakeToCamel(d.counterColumn)}: { increment: ${amount} } },`, `${i}});`];
      case 'mongo':
        return [`${i}await ${d.model}.updateOne({ _id: ${owner} }, { $inc: { ${snakeToCamel(d.counterColumn)}: ${amount} } });`];
      case 'redis':
        return [`${i}await redis.hIncrBy(\`${d.entity}:totals:\${${owner}}\`, '${d.counterColumn}', ${amount});`];
      case 'ioredis':
        return [`${i}await cache.incrby(\`${d.entity}:${d.counterColumn}:\${${owner}}\`, ${amount});`];
      case 'dynamo':
        return [
          `${i}await ddb.send(new UpdateCommand({`,
          `${i}  TableName: '${d.counterTable}',`,
          `${i}  Key: { pk: ${owner} },`,
          `${i}  UpdateExpression: 'ADD ${d.counterColumn} :n',`,
          `${i}  ExpressionAttributeValues: { ':n': ${amount} },`,
          `${i}}));`,
        ];
      case 'knex':
        return [`${i}await db('${d.counterTable}').where({ id: ${owner} }).increment('${d.counterColumn}', ${amount});`];
    }
  }

  /** An idempotent write: an upsert or an absolute set keyed by the event. */
  upsert(store: Store, v: string, i: string): string[] {
    const d = this.d;
    const id = `${v}.${d.idField}`;
    const [f1] = d.extra[0]!;
    switch (store) {
      case 'pg':
        return [
          `${i}await pool.query(`,
          `${i}  'INSERT INTO ${d.table} (id, ${snake(d.ownerField)}, ${snake(f1)}, status) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status',`,
          `${i}  [${id}, ${v}.${d.ownerField}, ${v}.${f1}, 'processed'],`,
          `${i});`,
        ];
      case 'prisma':
        return [
          `${i}await prisma.${d.entity}.upsert({`,
          `${i}  where: { id: ${id} },`,
          `${i}  create: { id: ${id}, ${d.ownerField}: ${v}.${d.ownerField}, ${f1}: ${v}.${f1}, status: 'processed' },`,
          `${i}  update: { status: 'processed' },`,
          `${i}});`,
        ];
      case 'mongo':
        return [`${i}await ${d.model}.updateOne({ _id: ${v}.${d.ownerField} }, { $set: { last${cap(d.entity)}Id: ${id}, updatedAt: new Date() } }, { upsert: true });`];
      case 'redis':
        return [`${i}await redis.hSet(\`${d.entity}:\${${id}}\`, { status: 'processed', ${f1}: String(${v}.${f1}) });`];
      case 'ioredis':
        return [`${i}await cache.hset(\`${d.entity}:\${${id}}\`, 'status', 'processed', '${f1}', String(${v}.${f1}));`];
      case 'dynamo':
        return [
          `${i}await ddb.send(new PutCommand({`,
          `${i}  TableName: '${d.table}',`,
          `${i}  Item: { pk: ${id}, ${d.ownerField}: ${v}.${d.ownerField}, status: 'processed' },`,
          `${i}}));`,
        ];
      case 'knex':
        return [`${i}await db('${d.table}').insert({ id: ${id}, status: 'processed' }).onConflict('id').merge();`];
    }
  }

  /** An insert keyed by a fresh uuid: a redelivery inserts a second row. */
  freshInsert(store: Store, v: string, i: string): string[] {
    const d = this.d;
    this.imp({ module: 'node:crypto', named: ['randomUUID'] });
    switch (store) {
      case 'prisma':
        return [`${i}await prisma.auditEvent.create({ data: { id: randomUUID(), kind: '${d.Event}', subjectId: ${v}.${d.idField}, payload: JSON.stringify(${v}) } });`];
      case 'knex':
        return [`${i}await db('audit_events').insert({ id: randomUUID(), kind: '${d.Event}', subject_id: ${v}.${d.idField} });`];
      default:
        this.client('pg');
        return [
          `${i}await pool.query('INSERT INTO audit_events (id, kind, subject_id, received_at) VALUES ($1, $2, $3, now())', [`,
          `${i}  randomUUID(),`,
          `${i}  '${d.Event}',`,
          `${i}  ${v}.${d.idField},`,
          `${i}]);`,
        ];
    }
  }

  /** A non-idempotent external side effect (a POST or an email). */
  sideEffect(v: string, i: string): string[] {
    if (this.r.chance(0.5)) {
      this.client('http');
      return [
        `${i}const res = await fetch(WEBHOOK_URL, {`,
        `${i}  method: 'POST',`,
        `${i}  headers: { 'content-type': 'application/json' },`,
        `${i}  body: JSON.stringify({ type: '${this.d.topic}', data: ${v} }),`,
        `${i}});`,
        `${i}if (!res.ok) throw new Error(\`webhook failed: \${res.status}\`);`,
      ];
    }
    this.client('mailer');
    return [
      `${i}await mailer.sendMail({`,
      `${i}  from: 'noreply@example.com',`,
      `${i}  to: \`ops+\${${v}.${this.d.ownerField}}@example.com\`,`,
      `${i}  subject: '${this.d.Event} ' + ${v}.${this.d.idField},`,
      `${i}});`,
    ];
  }

  /** A dedup claim on `key`: the handler returns early for a message it has seen. */
  dedupGuard(key: string, i: string, onDuplicate: string[], exit: 'return' | 'continue'): { lines: string[]; release: string[] } {
    const dup = onDuplicate.map((l) => `${i}  ${l}`);
    const claimKey = `\`${this.d.entity}:seen:\${${key}}\``;
    if (this.r.chance(0.35)) {
      this.client('pg');
      return {
        lines: [
          `${i}const claim = await pool.query('INSERT INTO processed_messages (id) VALUES ($1) ON CONFLICT DO NOTHING', [${key}]);`,
          `${i}if (claim.rowCount === 0) {`,
          ...dup,
          `${i}  ${exit};`,
          `${i}}`,
        ],
        release: [`${i}  await pool.query('DELETE FROM processed_messages WHERE id = $1', [${key}]);`],
      };
    }
    if (this.redisFlavour === 'redis') {
      this.client('redis');
      return {
        lines: [`${i}const claimed = await redis.set(${claimKey}, '1', { NX: true, EX: 7 * 86_400 });`, `${i}if (claimed !== 'OK') {`, ...dup, `${i}  ${exit};`, `${i}}`],
        release: [`${i}  await redis.del(${claimKey});`],
      };
    }
    this.client('ioredis');
    return {
      lines: [`${i}const first = await cache.set(${claimKey}, '1', 'EX', 604_800, 'NX');`, `${i}if (first !== 'OK') {`, ...dup, `${i}  ${exit};`, `${i}}`],
      release: [`${i}  await cache.del(${claimKey});`],
    };
  }

  // ---------------------------------------------------------------- code around the handlers

  eventType(): void {
    const d = this.d;
    const fields = [[d.idField, 'string'], [d.ownerField, 'string'], [d.amountField, 'number'], ...d.extra];
    if (!this.ts) {
      this.emit('/**', ` * @typedef {object} ${this.E}`, ...fields.map(([name, type]) => ` * @property {${type.includes("'") ? 'string' : type}} ${name}`), ' */');
      return;
    }
    if (this.r.chance(0.5)) this.emit(`type ${this.E} = { eventId: string; ${fields.map(([n, t]) => `${n}: ${t}`).join('; ')} };`);
    else this.emit(`interface ${this.E} {`, '  eventId: string;', ...fields.map(([n, t]) => `  ${n}: ${t};`), '}');
  }

  /** Marks a piece as emitted; false when it already was. */
  once(piece: string): boolean {
    const key = `${piece}${this.sfx}`;
    if (this.used.has(key)) return false;
    this.used.add(key);
    return true;
  }

  /** A pure helper (validation, formatting, batching): code the rules walk past. Null when already emitted. */
  utility(kind: UtilityKind = this.r.pick(UTILITIES)): string | null {
    const d = this.d;
    if (!this.once(kind)) return null;
    switch (kind) {
      case 'validate': {
        const fn = this.n(`validate${cap(d.entity)}`);
        this.emit(
          `function ${fn}(input${this.t(': unknown')})${this.t(`: input is ${this.E}`)} {`,
          `  if (typeof input !== 'object' || input === null) return false;`,
          `  const candidate = input${this.as(`Partial<${this.E}>`)};`,
          `  if (typeof candidate.${d.idField} !== 'string' || candidate.${d.idField}.length === 0) return false;`,
          `  if (typeof candidate.${d.ownerField} !== 'string') return false;`,
          `  if (typeof candidate.${d.amountField} !== 'number' || !Number.isFinite(candidate.${d.amountField})) return false;`,
          `  return candidate.${d.amountField} >= 0;`,
          '}',
        );
        return fn;
      }
      case 'describe': {
        const fn = this.n(`describe${cap(d.entity)}`);
        this.emit(
          `function ${fn}(evt${this.t(`: ${this.E}`)})${this.t(': string')} {`,
          `  const parts${this.t(': string[]')} = [\`${d.entity} \${evt.${d.idField}}\`];`,
          `  if (evt.${d.amountField} > 0) parts.push(\`${d.amountField}=\${evt.${d.amountField}}\`);`,
          `  for (const [key, value] of Object.entries(evt)) {`,
          `    if (key === '${d.idField}' || value === undefined) continue;`,
          `    if (typeof value === 'string' && value.length > 40) parts.push(\`\${key}=\${value.slice(0, 37)}...\`);`,
          `  }`,
          `  return parts.join(' ');`,
          '}',
        );
        return fn;
      }
      case 'toCents': {
        const fn = this.n('toMinorUnits');
        this.emit(
          `function ${fn}(amount${this.t(': string | number')}, currency = 'EUR')${this.t(': number')} {`,
          `  const digits = currency === 'JPY' || currency === 'KRW' ? 0 : currency === 'BHD' ? 3 : 2;`,
          `  const value = typeof amount === 'number' ? amount : Number.parseFloat(amount.replace(/,/g, ''));`,
          `  if (!Number.isFinite(value)) throw new RangeError(\`not an amount: \${amount}\`);`,
          `  return Math.round(value * 10 ** digits);`,
          '}',
        );
        return fn;
      }
      case 'chunk': {
        const fn = this.n('chunk');
        this.emit(
          `function ${fn}${this.t('<T>')}(items${this.t(': readonly T[]')}, size${this.t(': number')})${this.t(': T[][]')} {`,
          `  const out${this.t(': T[][]')} = [];`,
          `  for (let i = 0; i < items.length; i += size) {`,
          `    out.push(items.slice(i, i + size));`,
          `  }`,
          `  return out;`,
          '}',
        );
        return fn;
      }
      case 'backoff': {
        const fn = this.n('retryDelayMs');
        this.emit(
          `function ${fn}(attempt${this.t(': number')}, baseMs = 200, capMs = 30_000)${this.t(': number')} {`,
          `  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));`,
          `  const jitter = Math.floor(Math.random() * (exp / 4));`,
          `  return exp - jitter;`,
          '}',
        );
        return fn;
      }
      default: {
        const fn = this.n(`classify${cap(d.entity)}`);
        this.emit(
          `function ${fn}(evt${this.t(`: ${this.E}`)})${this.t(": 'small' | 'medium' | 'large'")} {`,
          `  switch (true) {`,
          `    case evt.${d.amountField} < 1_000:`,
          `      return 'small';`,
          `    case evt.${d.amountField} < 100_000:`,
          `      return 'medium';`,
          `    default:`,
          `      return 'large';`,
          `  }`,
          '}',
        );
        return fn;
      }
    }
  }

  /** Producer code: publishes but consumes nothing (must stay silent). */
  producer(): void {
    const d = this.d;
    const kafkaFlavour = this.r.chance(0.5);
    if (!this.once(kafkaFlavour ? 'producer-kafka' : 'producer-sqs')) return;
    if (kafkaFlavour) {
      this.client('producer');
      this.emit(
        `export async function ${this.n(`publish${d.Event}`)}(evt${this.t(`: ${this.E}`)})${this.t(': Promise<void>')} {`,
        `  await producer.send({`,
        `    topic: '${d.topic}',`,
        `    messages: [{ key: evt.${d.ownerField}, value: JSON.stringify(evt), headers: { 'event-id': evt.eventId } }],`,
        `  });`,
        '}',
      );
    } else {
      this.client('sqs');
      this.imp({ module: '@aws-sdk/client-sqs', named: ['SendMessageCommand'] });
      this.emit(
        `export async function ${this.n(`enqueue${d.Event}`)}(evt${this.t(`: ${this.E}`)}, queueUrl${this.t(': string')})${this.t(': Promise<string | undefined>')} {`,
        `  const out = await sqs.send(new SendMessageCommand({`,
        `    QueueUrl: queueUrl,`,
        `    MessageBody: JSON.stringify(evt),`,
        `    MessageAttributes: { eventId: { DataType: 'String', StringValue: evt.eventId } },`,
        `  }));`,
        `  return out.MessageId;`,
        '}',
      );
    }
  }

  /** An HTTP controller with relative writes: not a consumer, so nothing to report. */
  controller(): void {
    const d = this.d;
    if (!this.once('controller')) return;
    this.imp({ module: 'express', named: ['Router'], types: ['Request', 'Response'] });
    this.client('pg');
    const router = this.n(`${d.entity}Router`);
    this.emit(
      `export const ${router} = Router();`,
      '',
      `${router}.post('/${d.table}/:id/retry', async (req${this.t(': Request')}, res${this.t(': Response')}) => {`,
      `  const { rows } = await pool.query('SELECT id, attempts FROM ${d.table} WHERE id = $1', [req.params.id]);`,
      `  if (rows.length === 0) {`,
      `    res.status(404).json({ error: 'not found' });`,
      `    return;`,
      `  }`,
      `  await pool.query('UPDATE ${d.table} SET attempts = attempts + 1 WHERE id = $1', [req.params.id]);`,
      `  res.status(202).json({ id: req.params.id, attempts: rows[0].attempts + 1 });`,
      '});',
      '',
      `${router}.get('/${d.table}/:id', async (req${this.t(': Request')}, res${this.t(': Response')}) => {`,
      `  const { rows } = await pool.query('SELECT * FROM ${d.table} WHERE id = $1', [req.params.id]);`,
      `  res.json(rows[0] ?? null);`,
      '});',
    );
  }

  /** A cron job with a counter (not a consumer). */
  cron(): void {
    const d = this.d;
    if (!this.once('cron')) return;
    this.client('pg');
    this.emit(
      `export function ${this.n(`scheduleRollup${cap(d.entity)}`)}(intervalMs = 60_000)${this.t(': NodeJS.Timeout')} {`,
      `  return setInterval(async () => {`,
      `    try {`,
      `      const { rows } = await pool.query("SELECT ${snake(d.ownerField)} AS owner, count(*)::int AS n FROM ${d.table} WHERE created_at > now() - interval '1 minute' GROUP BY 1");`,
      `      for (const row of rows) {`,
      `        await pool.query('UPDATE ${d.counterTable} SET rollup_count = rollup_count + $1 WHERE id = $2', [row.n, row.owner]);`,
      `      }`,
      `    } catch (err) {`,
      `      console.error('rollup failed', err);`,
      `    }`,
      `  }, intervalMs);`,
      '}',
    );
  }
}

const UTILITIES = ['validate', 'describe', 'toCents', 'chunk', 'backoff', 'classify'] as const;
type UtilityKind = (typeof UTILITIES)[number];

const snakeToCamel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

// ------------------------------------------------------------------ handler bodies

interface Settle {
  /** Statement that acks the message, or null when returning settles it. */
  ack: string | null;
  /** Statements run on a duplicate before returning (the ack, for manual-ack libraries). */
  duplicate: string[];
  /** How the handler skips a message: `continue` inside a batch or poll loop. */
  exit?: 'return' | 'continue';
}

/** The handler body for a variant: what a developer writes inside the consumer callback. */
function handlerBody(g: Gen, variant: Variant, opts: { parse: string[]; key: string; settle: Settle; indent: string; helpers: Helpers }): string[] {
  const { parse, key, settle, indent: i, helpers } = opts;
  const r = g.r;
  const v = 'evt';
  const out: string[] = parse.map((l) => `${i}${l}`);
  if (helpers.validate && r.chance(0.7)) {
    out.push(`${i}if (!${helpers.validate}(${v})) {`, `${i}  console.warn('dropping invalid ${g.d.entity} event');`, ...(settle.ack ? [`${i}  ${settle.ack}`] : []), `${i}  ${settle.exit ?? 'return'};`, `${i}}`);
  }
  if (helpers.describe && r.chance(0.5)) out.push(`${i}console.info('handling', ${helpers.describe}(${v}));`);
  const store = helpers.store;
  const work: string[] = [];
  switch (variant) {
    case 'increment': {
      work.push(...g.upsert(store, v, i));
      if (helpers.writeHelper && r.chance(0.5)) work.push(`${i}await ${helpers.writeHelper}(${v});`);
      else work.push(...g.increment(store, v, i));
      if (r.chance(0.4)) work.push(...g.sideEffect(v, i));
      break;
    }
    case 'missing-dedup': {
      if (r.chance(0.5)) work.push(...g.freshInsert(store, v, i));
      else work.push(...g.upsert(store, v, i));
      work.push(...g.sideEffect(v, i));
      break;
    }
    case 'ack-first': {
      work.push(...g.upsert(store, v, i));
      if (r.chance(0.5)) work.push(...g.increment(store, v, i));
      work.push(...g.sideEffect(v, i));
      break;
    }
    case 'clean-dedup': {
      const guard = g.dedupGuard(key, i, settle.duplicate, settle.exit ?? 'return');
      out.push(...guard.lines);
      const inner = [...g.upsert(store, v, `${i}  `), ...g.increment(store, v, `${i}  `)];
      if (r.chance(0.5)) inner.push(...g.sideEffect(v, `${i}  `));
      out.push(`${i}try {`, ...inner, `${i}} catch (err) {`, ...guard.release, `${i}  throw err;`, `${i}}`);
      if (settle.ack) out.push(`${i}${settle.ack}`);
      return out;
    }
    case 'clean-idempotent': {
      work.push(...g.upsert(store, v, i));
      if (helpers.classify) work.push(`${i}const size = ${helpers.classify}(${v});`, `${i}if (size === 'large') console.info('large ${g.d.entity}', ${v}.${g.d.idField});`);
      break;
    }
  }
  if (variant === 'ack-first') {
    if (settle.ack && r.chance(0.6)) {
      out.push(`${i}${settle.ack}`, ...work);
    } else {
      // The error is swallowed and the message settles anyway.
      out.push(`${i}try {`, ...work.map((l) => `  ${l}`), `${i}} catch (err) {`, `${i}  console.error('${g.d.entity} handler failed', err);`, `${i}}`);
      if (settle.ack) out.push(`${i}${settle.ack}`);
    }
    return out;
  }
  if (r.chance(0.3)) {
    out.push(`${i}try {`, ...work.map((l) => `  ${l}`), `${i}} catch (err) {`, `${i}  console.error('${g.d.entity} handler failed', ${v}.${g.d.idField}, err);`, `${i}  throw err;`, `${i}}`);
  } else {
    out.push(...work);
  }
  if (settle.ack) out.push(`${i}${settle.ack}`);
  return out;
}

interface Helpers {
  store: Store;
  validate?: string;
  describe?: string;
  classify?: string;
  writeHelper?: string;
}

// ------------------------------------------------------------------ libraries

/** Registers one handler for `lib`: imports, set-up and the consumer code. */
function consumer(g: Gen, lib: LibraryId, variant: Variant, h: Helpers): void {
  const d = g.d;
  const E = g.E;
  const parseJson = (expr: string): string[] => [`const evt = JSON.parse(${expr})${g.as(E)};`];
  const body = (parse: string[], key: string, settle: Settle, indent: string): string[] => handlerBody(g, variant, { parse, key, settle, indent, helpers: h });
  const none: Settle = { ack: null, duplicate: [] };
  const loop: Settle = { ack: null, duplicate: [], exit: 'continue' };
  switch (lib) {
    case 'kafkajs': {
      g.client('kafka');
      g.imp({ module: 'kafkajs', types: ['EachMessagePayload'] });
      const consumerName = g.n('consumer');
      const manual = variant === 'ack-first' && g.r.chance(0.5);
      g.emit(`const ${consumerName} = kafka.consumer({ groupId: '${d.topic}.worker' });`, '');
      const settle: Settle = manual
        ? { ack: `await ${consumerName}.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);`, duplicate: [] }
        : none;
      const fn = g.n(`handle${d.Event}`);
      g.emit(`async function ${fn}({ topic, partition, message }${g.t(': EachMessagePayload')})${g.t(': Promise<void>')} {`);
      g.emit(`  if (!message.value) return;`);
      g.emit(...body(parseJson('message.value.toString()'), `evt.eventId`, settle, '  '));
      g.emit('}', '');
      g.emit(
        `export async function ${g.n('start')}()${g.t(': Promise<void>')} {`,
        `  await ${consumerName}.connect();`,
        `  await ${consumerName}.subscribe({ topic: '${d.topic}', fromBeginning: false });`,
        `  await ${consumerName}.run({ ${manual ? 'autoCommit: false, ' : ''}eachMessage: ${fn} });`,
        '}',
      );
      break;
    }
    case 'kafkajs-batch': {
      g.client('kafka');
      const consumerName = g.n('batchConsumer');
      g.emit(`const ${consumerName} = kafka.consumer({ groupId: '${d.topic}.batch' });`, '');
      g.emit(
        `export async function ${g.n('startBatch')}()${g.t(': Promise<void>')} {`,
        `  await ${consumerName}.connect();`,
        `  await ${consumerName}.subscribe({ topic: '${d.topic}' });`,
        `  await ${consumerName}.run({`,
        `    eachBatchAutoResolve: false,`,
        `    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {`,
        `      for (const message of batch.messages) {`,
        `        if (!isRunning()) break;`,
        `        if (!message.value) {`,
        `          resolveOffset(message.offset);`,
        `          continue;`,
        `        }`,
        ...body(parseJson('message.value.toString()'), 'evt.eventId', { ack: 'resolveOffset(message.offset);', duplicate: ['resolveOffset(message.offset);'], exit: 'continue' }, '        '),
        `        await heartbeat();`,
        `      }`,
        `    },`,
        `  });`,
        '}',
      );
      break;
    }
    case 'amqplib': {
      g.imp({ module: 'amqplib', named: ['connect'], types: ['Channel', 'ConsumeMessage'] });
      const queue = g.n(`${d.entity.toUpperCase()}_QUEUE`);
      g.emit(`const ${queue} = '${d.topic}';`, '');
      const settle = { ack: 'channel.ack(msg);', duplicate: ['channel.ack(msg);'] };
      g.emit(
        `export async function ${g.n('consume')}()${g.t(': Promise<Channel>')} {`,
        `  const connection = await connect(process.env.AMQP_URL ?? 'amqp://localhost');`,
        `  const channel = await connection.createChannel();`,
        `  await channel.assertQueue(${queue}, { durable: true });`,
        `  await channel.prefetch(${g.r.int(1, 50)});`,
        `  await channel.consume(${queue}, async (msg${g.t(': ConsumeMessage | null')}) => {`,
        `    if (!msg) return;`,
        ...body(parseJson('msg.content.toString()'), 'msg.properties.messageId', settle, '    '),
        `  }, { noAck: false });`,
        `  return channel;`,
        '}',
      );
      break;
    }
    case 'sqs-client': {
      g.client('sqs');
      g.imp({ module: '@aws-sdk/client-sqs', named: ['ReceiveMessageCommand', 'DeleteMessageCommand'] });
      const url = g.n(`${d.entity.toUpperCase()}_QUEUE_URL`);
      g.emit(`const ${url} = process.env.${d.entity.toUpperCase()}_QUEUE_URL${g.bang};`, '');
      const del = `await sqs.send(new DeleteMessageCommand({ QueueUrl: ${url}, ReceiptHandle: message.ReceiptHandle${g.bang} }));`;
      g.emit(
        `export async function ${g.n('poll')}(signal${g.t(': AbortSignal')})${g.t(': Promise<void>')} {`,
        `  while (!signal.aborted) {`,
        `    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: ${url}, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));`,
        `    for (const message of res.Messages ?? []) {`,
        ...body(parseJson(`message.Body${g.bang}`), 'message.MessageId', { ack: del, duplicate: [del], exit: 'continue' }, '      '),
        `    }`,
        `  }`,
        '}',
      );
      break;
    }
    case 'sqs-consumer': {
      g.imp({ module: 'sqs-consumer', named: ['Consumer'] });
      g.imp({ module: '@aws-sdk/client-sqs', types: ['Message'] });
      const name = g.n(`${d.entity}Consumer`);
      g.emit(
        `export const ${name} = Consumer.create({`,
        `  queueUrl: process.env.${d.entity.toUpperCase()}_QUEUE_URL${g.bang},`,
        `  batchSize: ${g.r.int(1, 10)},`,
        `  handleMessage: async (message${g.t(': Message')}) => {`,
        ...body(parseJson(`message.Body${g.bang}`), 'message.MessageId', none, '    '),
        `    return message;`,
        `  },`,
        '});',
        '',
        `${name}.on('processing_error', (err) => console.error('${d.entity} consumer', err.message));`,
      );
      break;
    }
    case 'lambda-sqs': {
      g.imp({ module: 'aws-lambda', types: ['SQSEvent', 'SQSBatchResponse'] });
      g.emit(
        `export async function ${g.n('handler')}(event${g.t(': SQSEvent')})${g.t(': Promise<SQSBatchResponse>')} {`,
        `  const batchItemFailures${g.t(": SQSBatchResponse['batchItemFailures']")} = [];`,
        `  for (const record of event.Records) {`,
        ...body(parseJson('record.body'), 'record.messageId', loop, '    '),
        `  }`,
        `  return { batchItemFailures };`,
        '}',
      );
      break;
    }
    case 'lambda-kinesis': {
      g.imp({ module: 'aws-lambda', types: ['KinesisStreamEvent'] });
      g.emit(
        `export async function ${g.n('handler')}(event${g.t(': KinesisStreamEvent')})${g.t(': Promise<void>')} {`,
        `  for (const record of event.Records) {`,
        ...body(parseJson(`Buffer.from(record.kinesis.data, 'base64').toString('utf8')`), 'record.eventID', loop, '    '),
        `  }`,
        '}',
      );
      break;
    }
    case 'pubsub': {
      g.imp({ module: '@google-cloud/pubsub', named: ['PubSub'], types: ['Message'] });
      g.set('const pubsub = new PubSub({ projectId: process.env.GCP_PROJECT });');
      g.emit(
        `export function ${g.n('listen')}()${g.t(': void')} {`,
        `  const subscription = pubsub.subscription('${d.topic}.sub', { flowControl: { maxMessages: ${g.r.int(10, 200)} } });`,
        `  subscription.on('message', async (message${g.t(': Message')}) => {`,
        ...body(parseJson(`message.data.toString('utf8')`), 'message.id', { ack: 'message.ack();', duplicate: ['message.ack();'] }, '    '),
        `  });`,
        `  subscription.on('error', (err) => console.error('${d.entity} subscription', err));`,
        '}',
      );
      break;
    }
    case 'bullmq': {
      g.imp({ module: 'bullmq', named: ['Worker'], types: ['Job'] });
      g.client('ioredis');
      const fn = g.n(`process${d.Event}`);
      g.emit(
        `async function ${fn}(job${g.t(`: Job<${E}>`)})${g.t(': Promise<void>')} {`,
        ...body(['const evt = job.data;'], 'job.id', none, '  '),
        `  await job.updateProgress(100);`,
        '}',
        '',
        `export const ${g.n(`${d.entity}Worker`)} = new Worker('${d.topic}', ${fn}, { connection: cache, concurrency: ${g.r.int(1, 16)} });`,
      );
      break;
    }
    case 'bull': {
      g.imp({ module: 'bull', default: 'Queue', types: ['Job'] });
      const q = g.n(`${d.entity}Queue`);
      g.emit(`export const ${q} = new Queue${g.t(`<${E}>`)}('${d.topic}', process.env.REDIS_URL${g.bang});`, '');
      if (variant === 'ack-first') {
        g.emit(
          `${q}.process(async (job${g.t(`: Job<${E}>`)}, done) => {`,
          `  const evt = job.data;`,
          `  done();`,
          ...body([], 'job.id', none, '  ').filter((l) => l.trim() !== ''),
          '});',
        );
      } else {
        g.emit(`${q}.process('${d.entity}', ${g.r.int(1, 8)}, async (job${g.t(`: Job<${E}>`)}) => {`, ...body(['const evt = job.data;'], 'job.id', none, '  '), '});');
      }
      break;
    }
    case 'nats': {
      g.imp({ module: 'nats', named: ['connect', 'AckPolicy'], types: ['JsMsg'] });
      g.emit(
        `export async function ${g.n('run')}()${g.t(': Promise<void>')} {`,
        `  const nc = await connect({ servers: process.env.NATS_URL, name: '${d.entity}-worker' });`,
        `  const jsm = await nc.jetstreamManager();`,
        `  await jsm.consumers.add('${d.entity.toUpperCase()}', { durable_name: '${d.entity}-worker', ack_policy: AckPolicy.Explicit });`,
        `  const consumer = await nc.jetstream().consumers.get('${d.entity.toUpperCase()}', '${d.entity}-worker');`,
        `  const messages = await consumer.consume({ max_messages: ${g.r.int(10, 200)} });`,
        `  for await (const m of messages) {`,
        ...body([`const evt = m.json${g.t(`<${E}>`)}();`], `m.headers?.get('Nats-Msg-Id')`, { ack: 'm.ack();', duplicate: ['m.ack();'], exit: 'continue' }, '    '),
        `  }`,
        '}',
      );
      break;
    }
    case 'service-bus': {
      g.imp({ module: '@azure/service-bus', named: ['ServiceBusClient'], types: ['ServiceBusReceivedMessage'] });
      g.set(`const sb = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING${g.bang});`);
      g.emit(
        `export async function ${g.n('drain')}()${g.t(': Promise<void>')} {`,
        `  const receiver = sb.createReceiver('${d.topic}', { receiveMode: 'peekLock' });`,
        `  try {`,
        `    for (;;) {`,
        `      const messages = await receiver.receiveMessages(${g.r.int(5, 50)}, { maxWaitTimeInMs: 10_000 });`,
        `      if (messages.length === 0) break;`,
        `      for (const message of messages) {`,
        ...body([`const evt = message.body${g.as(E)};`], 'message.messageId', { ack: 'await receiver.completeMessage(message);', duplicate: ['await receiver.completeMessage(message);'], exit: 'continue' }, '        '),
        `      }`,
        `    }`,
        `  } finally {`,
        `    await receiver.close();`,
        `  }`,
        '}',
      );
      break;
    }
    case 'redis-streams': {
      g.client('redis');
      const stream = g.n('STREAM');
      g.emit(`const ${stream} = '${d.topic}';`, '');
      const ack = `await redis.xAck(${stream}, 'workers', entry.id);`;
      g.emit(
        `export async function ${g.n('runStream')}(consumerName${g.t(': string')})${g.t(': Promise<void>')} {`,
        `  await redis.xGroupCreate(${stream}, 'workers', '0', { MKSTREAM: true }).catch(() => undefined);`,
        `  for (;;) {`,
        `    const res = await redis.xReadGroup('workers', consumerName, [{ key: ${stream}, id: '>' }], { COUNT: 25, BLOCK: 5_000 });`,
        `    for (const stream of res ?? []) {`,
        `      for (const entry of stream.messages) {`,
        ...body([`const evt = JSON.parse(entry.message.payload)${g.as(E)};`], 'entry.id', { ack, duplicate: [ack], exit: 'continue' }, '        '),
        `      }`,
        `    }`,
        `  }`,
        '}',
      );
      break;
    }
    case 'nestjs-rmq': {
      g.imp({ module: '@nestjs/common', named: ['Controller', 'Logger'] });
      g.imp({ module: '@nestjs/microservices', named: ['Ctx', 'EventPattern', 'Payload', 'RmqContext'] });
      const settle = { ack: 'channel.ack(original);', duplicate: ['channel.ack(original);'] };
      g.emit(
        '@Controller()',
        `export class ${g.n(`${d.Event}Controller`)} {`,
        `  private readonly logger = new Logger('${d.Event}');`,
        '',
        `  @EventPattern('${d.topic}')`,
        `  async ${`on${d.Event}`}(@Payload() evt: ${E}, @Ctx() ctx: RmqContext): Promise<void> {`,
        `    const channel = ctx.getChannelRef();`,
        `    const original = ctx.getMessage();`,
        `    this.logger.debug(\`received ${d.entity} \${evt.${d.idField}}\`);`,
        ...body([], 'evt.eventId', settle, '    '),
        '  }',
        '}',
      );
      break;
    }
    case 'nestjs-bullmq': {
      g.imp({ module: '@nestjs/bullmq', named: ['Processor', 'WorkerHost'] });
      g.imp({ module: 'bullmq', types: ['Job'] });
      g.emit(
        `@Processor('${d.topic}')`,
        `export class ${g.n(`${d.Event}Processor`)} extends WorkerHost {`,
        `  async process(job: Job<${E}>): Promise<void> {`,
        ...body(['const evt = job.data;'], 'job.id', none, '    '),
        '  }',
        '}',
      );
      break;
    }
    case 'generic': {
      g.imp({ module: '@acme/platform-messaging', named: ['bus'] });
      const fn = g.n(`on${d.Event}`);
      g.emit(
        '/** @consumer */',
        `export async function ${fn}(evt${g.t(`: ${E}`)})${g.t(': Promise<void>')} {`,
        ...body([], 'evt.eventId', none, '  '),
        '}',
        '',
        `bus.subscribe('${d.topic}', ${fn});`,
      );
      break;
    }
  }
}

/** A helper with a relative write that the handler calls (the rules follow it). */
function writeHelper(g: Gen, store: Store): string {
  const name = g.n(`record${cap(g.d.entity)}Totals`);
  g.emit(`async function ${name}(evt${g.t(`: ${g.E}`)})${g.t(': Promise<void>')} {`, ...g.increment(store, 'evt', '  '), `  console.debug('totals updated', evt.${g.d.ownerField});`, '}');
  return name;
}

function pickVariant(r: Rng): Variant {
  let x = r.next();
  for (const [variant, weight] of VARIANTS) {
    if (x < weight) return variant;
    x -= weight;
  }
  return 'clean-idempotent';
}

const TS_ONLY: ReadonlySet<LibraryId> = new Set(['nestjs-rmq', 'nestjs-bullmq']);

export interface PartOptions {
  /** Suffix of every top-level name ('' for a standalone file). */
  sfx?: string;
  /** Force TypeScript (concatenated files mix no languages). */
  forceTs?: boolean;
  /** Force the library. */
  library?: LibraryId;
}

/** One generated file's content as a part (deterministic in seed and index). */
export function generatePart(seed: number, index: number, options: PartOptions = {}): Part {
  const r = rng(fileSeed(seed, index));
  const library = options.library ?? LIBRARIES[index % LIBRARIES.length]!;
  const ts = options.forceTs || TS_ONLY.has(library) || r.chance(0.82);
  const domain = r.pick(DOMAINS);
  const g = new Gen(r, ts, options.sfx ?? '', domain);
  const variant = pickVariant(r);
  const targetLines = r.int(80, 200);
  const store = r.pick<Store>(['pg', 'prisma', 'mongo', 'redis', 'ioredis', 'dynamo', 'knex']);
  g.client(store);
  if (r.chance(0.5)) g.client('logger');

  g.eventType();
  g.emit('');
  const helpers: Helpers = { store };
  for (const kind of ['validate', 'describe', 'classify'] as const) {
    if (!r.chance(0.6)) continue;
    const name = g.utility(kind);
    if (!name) continue;
    helpers[kind] = name;
    g.emit('');
  }
  if (variant === 'increment' || r.chance(0.3)) {
    helpers.writeHelper = writeHelper(g, store);
    g.emit('');
  }
  consumer(g, library, variant, helpers);

  // Non-consumer code, more helpers and sometimes a second consumer, up to the target length.
  const fillers = [() => g.producer(), () => g.controller(), () => g.cron(), () => void g.utility(), () => void g.utility()];
  let guard = 0;
  let second = false;
  while (lineCount(g) < targetLines && guard++ < 40) {
    if (g.body[g.body.length - 1] !== '') g.emit('');
    if (!second && targetLines - lineCount(g) > 40 && r.chance(0.3)) {
      // A second consumer in the same service: its own suffix, event type and variant.
      second = true;
      const base = g.sfx;
      g.sfx = `${base}Alt`;
      const lib2 = r.pick(LIBRARIES.filter((l) => g.ts || !TS_ONLY.has(l)));
      g.eventType();
      g.emit('');
      consumer(g, lib2, pickVariant(r), { store });
      g.sfx = base;
      continue;
    }
    r.pick(fillers)();
  }
  return { library, variant, ts, imports: g.imports, setup: g.setup, body: g.body };
}

function lineCount(g: Gen): number {
  return g.body.length + g.setup.length + g.imports.length + 2;
}

export interface CorpusFile {
  name: string;
  text: string;
  library: LibraryId;
  variant: Variant;
  lines: number;
}

/** `count` files of corpus `seed`. */
export function generateCorpus(seed: number, count: number): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (let index = 0; index < count; index++) {
    const part = generatePart(seed, index);
    const text = render([part]);
    const ext = part.ts ? (part.library.startsWith('nestjs') ? '.controller.ts' : '.ts') : '.js';
    files.push({
      name: `${part.library}/${String(index).padStart(5, '0')}-${part.variant}${ext}`,
      text,
      library: part.library,
      variant: part.variant,
      lines: text.split('\n').length - 1,
    });
  }
  return files;
}

/**
 * A TypeScript file of about `lines` lines made of generated parts (corpus `seed`, starting at
 * `firstIndex`), concatenated with merged imports and suffixed names.
 */
export function concatenatedFile(seed: number, lines: number, firstIndex = 0): { text: string; parts: number; lines: number } {
  const parts: Part[] = [];
  let text = '';
  for (let k = 0; ; k++) {
    parts.push(generatePart(seed, firstIndex + k, { sfx: `_${k}`, forceTs: true }));
    text = render(parts);
    if (text.split('\n').length - 1 >= lines) break;
  }
  return { text, parts: parts.length, lines: text.split('\n').length - 1 };
}

/**
 * One kafkajs eachMessage handler with `statements` statements: awaits, ifs, helper calls and
 * writes (relative and absolute), plus the helpers it calls. For the handler-size growth series.
 */
export function bigHandlerFile(statements: number, seed = 1): string {
  const r = rng(fileSeed(seed, statements));
  const lines = [
    "import { Kafka, type EachMessagePayload } from 'kafkajs';",
    "import { Pool } from 'pg';",
    "import { createClient } from 'redis';",
    '',
    "const kafka = new Kafka({ clientId: 'ledger', brokers: ['localhost:9092'] });",
    "const consumer = kafka.consumer({ groupId: 'ledger' });",
    'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
    'const redis = createClient({ url: process.env.REDIS_URL });',
    '',
    'type LedgerEvent = { eventId: string; accountId: string; amountCents: number; currency: string; tags: string[] };',
    '',
    'async function credit(accountId: string, amountCents: number): Promise<void> {',
    "  await pool.query('UPDATE balances SET cents = cents + $1 WHERE account_id = $2', [amountCents, accountId]);",
    '}',
    '',
    'async function audit(evt: LedgerEvent, step: number): Promise<void> {',
    "  await pool.query('INSERT INTO ledger_audit (event_id, step) VALUES ($1, $2) ON CONFLICT DO NOTHING', [evt.eventId, step]);",
    '}',
    '',
    'function fee(amountCents: number, rate: number): number {',
    '  return Math.round(amountCents * rate);',
    '}',
    '',
    'async function handleLedger({ message }: EachMessagePayload): Promise<void> {',
    '  const evt = JSON.parse(message.value!.toString()) as LedgerEvent;',
  ];
  for (let s = 0; s < statements; s++) {
    switch (r.int(0, 7)) {
      case 0:
        lines.push(`  const rate${s} = fee(evt.amountCents, ${(r.int(1, 50) / 1000).toFixed(3)});`);
        break;
      case 1:
        lines.push(`  if (evt.amountCents > ${r.int(100, 100_000)}) {`, `    await audit(evt, ${s});`, '  }');
        break;
      case 2:
        lines.push(`  await redis.hSet(\`account:\${evt.accountId}\`, { step${s}: String(evt.amountCents) });`);
        break;
      case 3:
        lines.push(`  await pool.query('UPDATE accounts SET status = $1 WHERE id = $2', ['step-${s}', evt.accountId]);`);
        break;
      case 4:
        lines.push(`  await credit(evt.accountId, ${r.int(1, 500)});`);
        break;
      case 5:
        lines.push(`  if (evt.tags.includes('t${s}')) console.info('tag t${s}', evt.eventId);`);
        break;
      case 6:
        lines.push(`  await redis.incrBy(\`counter:\${evt.accountId}:${s % 17}\`, 1);`);
        break;
      default:
        lines.push(`  for (const tag of evt.tags) {`, `    if (tag.startsWith('x${s}')) await audit(evt, ${s});`, '  }');
        break;
    }
  }
  lines.push('}', '', 'export async function start(): Promise<void> {', '  await consumer.connect();', "  await consumer.subscribe({ topic: 'ledger' });", '  await consumer.run({ eachMessage: handleLedger });', '}', '');
  return lines.join('\n');
}
