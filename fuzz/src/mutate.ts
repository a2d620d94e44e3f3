/**
 * Mutations of real consumer code for the crash fuzzer: broken code as it is while being typed
 * (truncation, deleted and inserted tokens, lines moved), and valid code of unusual shapes the rules
 * rarely see (overloads, `declare`, abstract and bodyless members, decorators everywhere, enums,
 * namespaces, `satisfies`, JSX, very long lines, odd registrations). Deterministic for a seed.
 */

/** mulberry32: small, fast, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const int = (random: Random, max: number): number => Math.floor(random() * max);

/** Token boundaries (start offsets) of a rough JS tokenizer: enough to cut code where a user would. */
function tokenStarts(text: string): number[] {
  const starts: number[] = [];
  const re = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`]*`|=>|\?\.|\.\.\.|[{}()[\];,.<>:=+\-*/!?@&|]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  return starts;
}

const INSERTED_TOKENS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', '?.', '=>', '...', '!', '=', ':', '<', '>', '@',
  'await ', 'async ', 'return ', 'new ', 'class ', 'function ', 'yield ', 'void ', 'typeof ', 'delete ',
  'if (x) ', 'else ', 'try {', '} catch (e) {', '} finally {', 'for (const m of ms) ', 'throw e;',
  'msg', 'message', 'job', 'event', 'ack()', 'channel.ack(msg);', 'await db.query(sql);', '`${x}`',
  '@Dec() ', 'as any', 'satisfies T', '<T,>', 'declare ', 'abstract ', 'static ', 'private ', 'readonly ',
  'export ', 'export default ', 'import x from "y";', 'require("z")', '/* c */', '// c\n', '\n', '"str"', '0',
];

/** Valid TypeScript of shapes the rules must survive (each a complete top-level statement list). */
export const UNUSUAL_TOP_LEVEL = [
  'function parse(event: string): string;\nfunction parse(event: unknown): unknown { return event; }\nexport { parse };',
  'export function handler(event: SQSEvent): Promise<void>;\nexport function handler(event: any): any { return event.Records.map((r: any) => r.body); }',
  'declare function handler(event: SQSEvent): Promise<void>;\nexport { handler };',
  'declare const handler: (event: any) => Promise<void>;\nexport default handler;',
  "declare module 'bullmq' { export function patched(): void; }",
  'export declare function process(job: Job): Promise<void>;',
  'export abstract class Listener<T> {\n  abstract subject: string;\n  abstract onMessage(data: T, msg: Message): void;\n  listen(): void { this.client.subscribe(this.subject).on("message", (msg: Message) => this.onMessage(JSON.parse(msg.getData()), msg)); }\n}',
  'export class Handler {\n  handle(msg: ConsumeMessage): Promise<void>;\n  handle(msg: any): any { return msg; }\n  process(job: Job): Promise<void>;\n}',
  'export abstract class Base extends WorkerHost { abstract process(job: Job): Promise<any>; }',
  '@Processor("q")\nexport class P extends WorkerHost {\n  @Inject() private readonly repo!: Repo;\n  override async process(@Job() job: Job<any>): Promise<void> { await this.repo.increment({ id: job.data.id }, "n", 1); }\n}',
  '@Controller()\nexport class C {\n  constructor(@Inject("X") private readonly x: ClientProxy) {}\n  @EventPattern("e") @UseGuards(G) async h(@Payload() p: any, @Ctx() ctx: RmqContext) { const ch = ctx.getChannelRef(); ch.ack(ctx.getMessage()); await this.x.emit("y", p).toPromise(); }\n  @MessagePattern({ cmd: "sum" }) sum(@Payload() data: number[]): number { return data.reduce((a, b) => a + b); }\n}',
  'export enum Queue { Email = "email", Sms = "sms" }\nexport const enum Flag { A = 1 << 0, B = A | 2 }',
  'export namespace Handlers {\n  export async function handler(event: SQSEvent) { for (const r of event.Records) await db.query("UPDATE t SET n = n + 1 WHERE id = $1", [r.body]); }\n  export namespace Inner { export const x = 1; }\n}',
  'export const handler = (async (event) => { for (const record of event.Records) { await sendEmail(record.body); } }) satisfies SQSHandler;',
  'export const handler: SQSHandler = async function* (event) { yield event; };',
  'const config = { eachMessage: async ({ message }: EachMessagePayload) => { await redis.incrby("k", 1); } } satisfies ConsumerRunConfig;\nawait consumer.run(config);',
  'export default class extends Listener<OrderEvent> { subject = Subjects.Order as const; async onMessage(data: OrderEvent["data"], msg: Message) { msg.ack(); await Order.build(data).save(); } }',
  'export class Worker2 { #secret = 1; static { init(); } accessor value = 0; get x() { return this.#secret; } set x(v) { this.#secret = v; } }',
  'export const w = new Worker(name, async (job) => { await using conn = await pool.connect(); await conn.query("UPDATE a SET b = b + 1"); });',
  'consumer.run({ eachMessage });\nconsumer.run({ eachBatch: undefined, eachMessage: handlers[topic] });\nconsumer.run();\nconsumer.run(...args);',
  'channel.consume();\nchannel.consume(q);\nchannel.consume(q, null, { noAck: true });\nchannel.consume(q, ...handlers);\nchannel.consume(q, handlers[0]);',
  'new Worker();\nnew Worker(q, path.join(__dirname, "p.js"));\nnew Worker(q, new URL("./p.js", import.meta.url));\nnew Worker(q, processors[name], opts);',
  'exports.handler = undefined;\nmodule.exports = function () {};\nmodule.exports.handler = async (e) => e.Records?.[0]?.cf?.request;\nexports["handler"] = (event, ctx, cb) => cb(null, event.Records.length);',
  'subscription.on("message");\nsubscription.on("message", null);\nsub.on(...args);\nreceiver.subscribe({});\nreceiver.subscribe({ processMessage: undefined, processError: async () => {} });',
  'for await (const m of sub) { m.ack(); await db.insert(m.json()); }\nfor await (const m of await js.fetch()) m.ack();\nfor (const { id, message } of await redis.xreadgroup("GROUP", "g", "c", "STREAMS", "s", ">") ?? []) await redis.xack("s", "g", id);',
  'label: for (const r of event.Records) { switch (r.eventName) { case "INSERT": continue label; default: break label; } }',
  'const { a = 1, b: { c } = {}, ...rest } = job.data;\nconst [first, , third = 3] = event.Records;',
  'export const handler = middy(async (event: SQSEvent) => { await Promise.allSettled(event.Records.map((r) => send(r))); }).use(sqsPartialBatchFailure()).use(makeHandlerIdempotent({ persistenceStore }));',
  'function* gen() { yield* other(); }\nasync function* agen() { for await (const x of stream) yield x; }',
  'const obj = { async [computed](msg) { await msg.ack(); }, [`tpl${x}`]: 1, "quoted-key": async () => {}, 42: () => {} };',
  'export = handler;',
  'import fs = require("fs");\nimport type { Job } from "bullmq";\nexport type { Job };\nexport * as ns from "./x";',
  'function assertIsMsg(x: unknown): asserts x is Msg {}\nfunction isMsg(this: Ctx, x: unknown): x is Msg { return true; }',
  'type Handler<T extends { id: string } = any> = T extends infer U ? (m: U) => Promise<void> : never;\ninterface I { (m: Msg): void; new (m: Msg): I; [k: string]: unknown; }',
  'new.target;\nimport.meta.url;\nawait import("./dyn");\nsuper.x;',
  'const longLine = [' + Array.from({ length: 3000 }, (_, i) => `f${i}(msg)`).join(', ') + '];',
  '(async () => { await consumer.run({ eachMessage: async ({ message }) => { void process(message); } }); })();',
];

/** Valid TSX (only for .tsx documents). */
export const UNUSUAL_TSX = [
  'export const View = ({ job }: { job: Job }) => <div onClick={async () => { await db.query("UPDATE t SET n = n + 1"); }}>{job.id}</div>;',
  'export function List({ items }) { return <>{items.map((m) => <Item key={m.id} {...m} />)}</>; }',
];

export interface Mutation {
  name: string;
  text: string;
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** Mutations that usually keep valid code valid (unusual syntax added, rewrites, wrappers, long lines). */
const MOSTLY_VALID = [6, 8, 9, 10];

/**
 * One mutation of `text`; `others` supplies text to splice in from other documents. `valid`: only
 * mutations that usually keep the code parsing, so the rules (not only the parser) see it.
 */
export function mutate(text: string, random: Random, others: readonly string[], tsx: boolean, valid = false): Mutation {
  const starts = tokenStarts(text);
  const at = () => (starts.length > 0 ? pick(random, starts) : int(random, text.length + 1));
  const kind = valid ? pick(random, MOSTLY_VALID) : int(random, 11);
  switch (kind) {
    case 0: {
      const cut = at();
      return { name: 'truncate', text: text.slice(0, cut) };
    }
    case 1: {
      let out = text;
      const count = 1 + int(random, 3);
      for (let i = 0; i < count; i++) {
        const s = tokenStarts(out);
        if (s.length === 0) break;
        const k = int(random, s.length);
        const end = s[k + 1] ?? out.length;
        out = out.slice(0, s[k]!) + out.slice(end);
      }
      return { name: 'delete-tokens', text: out };
    }
    case 2: {
      let out = text;
      const count = 1 + int(random, 3);
      for (let i = 0; i < count; i++) {
        const s = tokenStarts(out);
        const position = s.length > 0 ? pick(random, s) : 0;
        out = out.slice(0, position) + pick(random, INSERTED_TOKENS) + out.slice(position);
      }
      return { name: 'insert-tokens', text: out };
    }
    case 3: {
      const ls = lines(text);
      const i = int(random, ls.length);
      const j = int(random, ls.length);
      [ls[i], ls[j]] = [ls[j]!, ls[i]!];
      return { name: 'swap-lines', text: ls.join('\n') };
    }
    case 4: {
      const ls = lines(text);
      const i = int(random, ls.length);
      const n = 1 + int(random, 4);
      ls.splice(i, n);
      return { name: 'delete-lines', text: ls.join('\n') };
    }
    case 5: {
      const ls = lines(text);
      const i = int(random, ls.length);
      ls.splice(i, 0, ...ls.slice(i, i + 1 + int(random, 6)));
      return { name: 'duplicate-lines', text: ls.join('\n') };
    }
    case 6: {
      // Valid unusual syntax appended, or at a line start (which may break the code around it: fine).
      const pool = tsx ? [...UNUSUAL_TOP_LEVEL, ...UNUSUAL_TSX] : UNUSUAL_TOP_LEVEL;
      const snippet = pick(random, pool);
      if (random() < 0.5) return { name: 'append-unusual', text: `${text}\n${snippet}\n` };
      const ls = lines(text);
      ls.splice(int(random, ls.length + 1), 0, snippet);
      return { name: 'insert-unusual', text: ls.join('\n') };
    }
    case 7: {
      // Half of this document and half of another.
      const other = others.length > 0 ? pick(random, others) : text;
      return { name: 'splice-documents', text: text.slice(0, at()) + other.slice(int(random, other.length + 1)) };
    }
    case 8: {
      // Everything on one line (where `;` ends statements, still valid) or one statement repeated.
      if (random() < 0.5) return { name: 'one-line', text: text.replace(/\n\s*/g, ' ') };
      const ls = lines(text);
      const i = int(random, ls.length);
      // Up to about 1 MB on one line (the engine skips files over 2 MB).
      const times = Math.min(200 + int(random, 800), Math.floor(1_000_000 / Math.max(1, ls[i]!.length)));
      return { name: 'long-line', text: [...ls.slice(0, i), ls[i]!.repeat(times), ...ls.slice(i + 1)].join('\n') };
    }
    case 9: {
      // Renames that move code between the analysis' cases: ack ↔ nack, await removed, async removed.
      const swaps: [RegExp, string][] = [
        [/\bawait\s+/g, ''],
        [/\basync\s+/g, ''],
        [/\back\b/g, 'nack'],
        [/\bmsg\b/g, 'message'],
        [/\bconst\b/g, 'let'],
        [/\bfunction\b/g, 'async function'],
        [/=>/g, '=> void'],
        [/\bexport\s+/g, ''],
      ];
      const [re, replacement] = pick(random, swaps);
      let count = 0;
      const limit = 1 + int(random, 3);
      return { name: `rewrite ${re.source}`, text: text.replace(re, (m) => (count++ < limit ? replacement : m)) };
    }
    default: {
      // Wrap the whole document in a namespace, a class method or a function.
      const wraps = [
        (t: string) => `namespace Wrapped {\n${t}\n}`,
        (t: string) => `export async function outer(msg: any, channel: any) {\n${t}\n}`,
        (t: string) => `export class Outer {\n  async handle(job: Job) {\n${t}\n  }\n}`,
        (t: string) => `if (enabled) {\n${t}\n}`,
      ];
      return { name: 'wrap', text: pick(random, wraps)(text) };
    }
  }
}
