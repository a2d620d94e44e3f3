/**
 * `settings.idempotency`: project knowledge configured once for every rule (ESLint shared settings),
 * and the same properties accepted as rule options. Validation is strict and the messages name the
 * offending property, because a silently ignored typo here means silently missed findings.
 */

interface ConsumerSettingBase {
  /** Property path on the handler's message parameter that identifies a message, e.g. "id" or "headers.messageId". */
  messageId?: string;
  /** Method names that acknowledge a message in this bus, e.g. ["ack"]. */
  ack?: string[];
}

/** A call that registers a handler: `{ "callee": "bus.subscribe", "handlerArg": 1 }`. */
export interface CalleeConsumerSetting extends ConsumerSettingBase {
  /** Dotted callee that registers a handler, e.g. "bus.subscribe". Matches the full path or its tail. */
  callee: string;
  /** 0-based index of the handler argument. */
  handlerArg: number;
  /** When the argument is an object, the method on it that handles messages. */
  handlerMethod?: string;
}

/** A base class whose subclasses handle messages in a method: `{ "extends": "BaseTask", "method": "perform" }`. */
export interface ClassConsumerSetting extends ConsumerSettingBase {
  /** Name of the base class (the last part of a dotted name matches too: `jobs.BaseTask`). */
  extends: string;
  /** The method of each subclass that handles a message. */
  method: string;
  /** 0-based index of the message parameter (default 0). */
  messageArg?: number;
}

/** Files whose export is a handler: `{ "files": "src/jobs/**\/*.ts", "export": "default" }`. */
export interface FilesConsumerSetting extends ConsumerSettingBase {
  /** Glob(s) relative to the project root (or the current folder). */
  files: string[];
  /** The export that handles messages: "default" or a name. */
  export: string;
  /** 0-based index of the message parameter (default 0). */
  messageArg?: number;
}

export type ConsumerSetting = CalleeConsumerSetting | ClassConsumerSetting | FilesConsumerSetting;

export interface GuardSetting {
  /** Module that exports the project's dedup helpers, e.g. "@acme/idempotency". */
  module: string;
  /** Exported async function `(key: string) => Promise<boolean>`: true when the key was already processed. */
  check: string;
  /** Exported async function `(key: string) => Promise<void>` that records the key as processed. */
  mark: string;
}

export interface DedupTableSetting {
  /** Table that records processed message ids (SQL guards and suggestions). */
  table: string;
  /** Its key column. */
  column: string;
}

export interface IdempotencySettings {
  consumers: ConsumerSetting[];
  dedupFunctions: string[];
  idempotentWrites: string[];
  guard: GuardSetting | null;
  dedupTable: DedupTableSetting;
  /** How many levels of helper calls the analysis follows from a handler. */
  helperDepth: number;
  /**
   * Follow a handler's calls into other files of the project (imported functions, services injected
   * by type, exported instances). Files are read and parsed, never run.
   */
  followImports: boolean;
  /**
   * Attach suggestions (quick fixes) to findings. The language server turns this off while the
   * user types and lints again with it on when the editor asks for the quick fixes.
   */
  suggestions: boolean;
}

export const DEFAULT_SETTINGS: IdempotencySettings = Object.freeze({
  consumers: [],
  dedupFunctions: [],
  idempotentWrites: [],
  guard: null,
  dedupTable: { table: 'processed_messages', column: 'id' },
  helperDepth: 3,
  followImports: true,
  suggestions: true,
}) as IdempotencySettings;

export const SETTING_KEYS = ['consumers', 'dedupFunctions', 'idempotentWrites', 'guard', 'dedupTable', 'helperDepth', 'followImports', 'suggestions'] as const;

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join(' '));
    this.name = 'SettingsError';
  }
}

const CONSUMER_COMMON_SCHEMA = {
  messageId: { type: 'string', minLength: 1, description: 'Property path on the message that identifies it (default "id").' },
  ack: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Method names that acknowledge a message on this bus.' },
} as const;

/** JSON schema of the shared properties; rules embed it in their options schema. */
export const sharedSettingsSchema = {
  consumers: {
    type: 'array',
    description:
      'In-house message buses and handlers no registration shows: { "callee": "bus.subscribe", "handlerArg": 1 }, { "extends": "BaseTask", "method": "perform" } or { "files": "src/jobs/**/*.ts", "export": "default" }.',
    items: {
      anyOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['callee', 'handlerArg'],
          properties: {
            callee: { type: 'string', minLength: 1, description: 'Dotted callee, e.g. "bus.subscribe"; matches the whole path or its tail.' },
            handlerArg: { type: 'integer', minimum: 0, description: '0-based index of the handler argument.' },
            handlerMethod: { type: 'string', minLength: 1, description: 'When the handler argument is an object, the method that handles messages.' },
            ...CONSUMER_COMMON_SCHEMA,
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['extends', 'method'],
          properties: {
            extends: { type: 'string', minLength: 1, description: 'Base class whose subclasses handle messages, e.g. "BaseTask".' },
            method: { type: 'string', minLength: 1, description: 'The method of each subclass that handles a message, e.g. "perform".' },
            messageArg: { type: 'integer', minimum: 0, description: '0-based index of the message parameter (default 0).' },
            ...CONSUMER_COMMON_SCHEMA,
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['files', 'export'],
          properties: {
            files: {
              anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }],
              description: 'Glob(s) relative to the project root, e.g. "src/jobs/**/*.ts".',
            },
            export: { type: 'string', minLength: 1, description: 'The export that handles messages: "default" or a name.' },
            messageArg: { type: 'integer', minimum: 0, description: '0-based index of the message parameter (default 0).' },
            ...CONSUMER_COMMON_SCHEMA,
          },
        },
      ],
    },
  },
  dedupFunctions: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Calls that count as a dedup check (by name or dotted path), e.g. "ledger.seenBefore" or "withIdempotency".',
  },
  idempotentWrites: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Calls that are naturally idempotent writes (by name or dotted path), e.g. "repo.upsertOrder".',
  },
  guard: {
    type: 'object',
    additionalProperties: false,
    required: ['module', 'check', 'mark'],
    description: 'Project dedup helpers that guard suggestions should call instead of a raw store.',
    properties: {
      module: { type: 'string', minLength: 1, description: 'Module that exports the helpers.' },
      check: { type: 'string', minLength: 1, description: 'Async function (key) => boolean: true when already processed.' },
      mark: { type: 'string', minLength: 1, description: 'Async function (key) => void that records the key.' },
    },
  },
  dedupTable: {
    type: 'object',
    additionalProperties: false,
    required: ['table', 'column'],
    description: 'Table that records processed message ids, used by SQL guards and suggestions.',
    properties: {
      table: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$', description: 'Table name.' },
      column: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'Key column.' },
    },
  },
  helperDepth: {
    type: 'integer',
    minimum: 0,
    maximum: 8,
    description: 'How many levels of helper calls to follow from a handler, in this file or others (default 3).',
  },
  followImports: {
    type: 'boolean',
    description: "Follow a handler's calls into other project files: imported functions, services injected by type, exported instances (default true). Files are parsed, never run.",
  },
  suggestions: {
    type: 'boolean',
    description: 'Attach suggestions (quick fixes) to findings (default true).',
  },
} as const;

type Raw = Record<string, unknown>;
type Problems = string[];

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function stringList(value: unknown, where: string, problems: Problems): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    problems.push(`${where} must be an array of non-empty strings, got ${describe(value)}.`);
    return undefined;
  }
  return value as string[];
}

function nonEmptyString(value: unknown, where: string, problems: Problems): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    problems.push(`${where} must be a non-empty string, got ${describe(value)}.`);
    return undefined;
  }
  return value;
}

function rejectUnknown(object: Raw, allowed: readonly string[], where: string, problems: Problems): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) problems.push(`${where} has an unknown property "${key}" (allowed: ${allowed.join(', ')}).`);
  }
}

const CONSUMER_FORMS = '{ "callee": "bus.subscribe", "handlerArg": 1 }, { "extends": "BaseTask", "method": "perform" } or { "files": "src/jobs/**/*.ts", "export": "default" }';

function parseConsumer(value: unknown, where: string, problems: Problems): ConsumerSetting | undefined {
  if (!isObject(value)) {
    problems.push(`${where} must be an object like ${CONSUMER_FORMS}, got ${describe(value)}.`);
    return undefined;
  }
  const forms = ['callee', 'extends', 'files'].filter((key) => value[key] !== undefined);
  if (forms.length !== 1) {
    problems.push(`${where} must have exactly one of "callee", "extends" or "files" (${CONSUMER_FORMS}), got ${forms.length === 0 ? 'none' : forms.map((f) => `"${f}"`).join(' and ')}.`);
    return undefined;
  }
  let consumer: ConsumerSetting;
  if (forms[0] === 'callee') {
    rejectUnknown(value, ['callee', 'handlerArg', 'handlerMethod', 'messageId', 'ack'], where, problems);
    const callee = nonEmptyString(value.callee, `${where}.callee`, problems);
    if (callee !== undefined && !DOTTED_NAME.test(callee)) {
      problems.push(`${where}.callee must be a dotted name such as "bus.subscribe", got ${describe(callee)}.`);
    }
    const handlerArg = value.handlerArg;
    if (typeof handlerArg !== 'number' || !Number.isInteger(handlerArg) || handlerArg < 0) {
      problems.push(`${where}.handlerArg must be a non-negative integer (0-based argument index), got ${describe(handlerArg)}.`);
    }
    const callConsumer: CalleeConsumerSetting = { callee: callee ?? '', handlerArg: handlerArg as number };
    if (value.handlerMethod !== undefined) callConsumer.handlerMethod = nonEmptyString(value.handlerMethod, `${where}.handlerMethod`, problems);
    consumer = callConsumer;
  } else if (forms[0] === 'extends') {
    rejectUnknown(value, ['extends', 'method', 'messageArg', 'messageId', 'ack'], where, problems);
    const base = nonEmptyString(value.extends, `${where}.extends`, problems);
    if (base !== undefined && !DOTTED_NAME.test(base)) problems.push(`${where}.extends must be a class name such as "BaseTask", got ${describe(base)}.`);
    const method = nonEmptyString(value.method, `${where}.method`, problems);
    const classConsumer: ClassConsumerSetting = { extends: base ?? '', method: method ?? '' };
    const messageArg = parseMessageArg(value.messageArg, `${where}.messageArg`, problems);
    if (messageArg !== undefined) classConsumer.messageArg = messageArg;
    consumer = classConsumer;
  } else {
    rejectUnknown(value, ['files', 'export', 'messageArg', 'messageId', 'ack'], where, problems);
    const files = typeof value.files === 'string' ? [nonEmptyString(value.files, `${where}.files`, problems) ?? ''] : stringList(value.files, `${where}.files`, problems);
    if (files && (files.length === 0 || files.includes(''))) problems.push(`${where}.files must be a glob or a non-empty list of globs, e.g. "src/jobs/**/*.ts".`);
    const exported = nonEmptyString(value.export, `${where}.export`, problems);
    const filesConsumer: FilesConsumerSetting = { files: files ?? [], export: exported ?? '' };
    const messageArg = parseMessageArg(value.messageArg, `${where}.messageArg`, problems);
    if (messageArg !== undefined) filesConsumer.messageArg = messageArg;
    consumer = filesConsumer;
  }
  if (value.messageId !== undefined) consumer.messageId = nonEmptyString(value.messageId, `${where}.messageId`, problems);
  if (value.ack !== undefined) consumer.ack = stringList(value.ack, `${where}.ack`, problems);
  return consumer;
}

const DOTTED_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function parseMessageArg(value: unknown, where: string, problems: Problems): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  problems.push(`${where} must be a non-negative integer (0-based parameter index), got ${describe(value)}.`);
  return undefined;
}

/**
 * Validates and normalises `settings.idempotency` merged with a rule's shared options (options win).
 * Throws SettingsError listing every problem, each naming its setting.
 */
export function parseSettings(raw: unknown, options?: Raw): IdempotencySettings {
  const problems: Problems = [];
  const base: Raw = {};
  if (raw !== undefined && raw !== null) {
    if (!isObject(raw)) throw new SettingsError([`settings.idempotency must be an object, got ${describe(raw)}.`]);
    rejectUnknown(raw, SETTING_KEYS, 'settings.idempotency', problems);
    Object.assign(base, raw);
  }
  if (options) {
    for (const key of SETTING_KEYS) if (options[key] !== undefined) base[key] = options[key];
  }
  const settings: IdempotencySettings = {
    consumers: [],
    dedupFunctions: [],
    idempotentWrites: [],
    guard: null,
    dedupTable: DEFAULT_SETTINGS.dedupTable,
    helperDepth: DEFAULT_SETTINGS.helperDepth,
    followImports: DEFAULT_SETTINGS.followImports,
    suggestions: DEFAULT_SETTINGS.suggestions,
  };
  if (base.consumers !== undefined) {
    if (!Array.isArray(base.consumers)) problems.push(`settings.idempotency.consumers must be an array, got ${describe(base.consumers)}.`);
    else settings.consumers = base.consumers.map((c, i) => parseConsumer(c, `settings.idempotency.consumers[${i}]`, problems)).filter((c): c is ConsumerSetting => c !== undefined);
  }
  if (base.dedupFunctions !== undefined) settings.dedupFunctions = stringList(base.dedupFunctions, 'settings.idempotency.dedupFunctions', problems) ?? [];
  if (base.idempotentWrites !== undefined) settings.idempotentWrites = stringList(base.idempotentWrites, 'settings.idempotency.idempotentWrites', problems) ?? [];
  if (base.guard !== undefined && base.guard !== null) {
    const guard = base.guard;
    if (!isObject(guard)) problems.push(`settings.idempotency.guard must be an object { module, check, mark }, got ${describe(guard)}.`);
    else {
      rejectUnknown(guard, ['module', 'check', 'mark'], 'settings.idempotency.guard', problems);
      const module = nonEmptyString(guard.module, 'settings.idempotency.guard.module', problems);
      const check = nonEmptyString(guard.check, 'settings.idempotency.guard.check', problems);
      const mark = nonEmptyString(guard.mark, 'settings.idempotency.guard.mark', problems);
      if (module && check && mark) settings.guard = { module, check, mark };
    }
  }
  if (base.dedupTable !== undefined) {
    const table = base.dedupTable;
    if (!isObject(table)) problems.push(`settings.idempotency.dedupTable must be an object { table, column }, got ${describe(table)}.`);
    else {
      rejectUnknown(table, ['table', 'column'], 'settings.idempotency.dedupTable', problems);
      const name = nonEmptyString(table.table, 'settings.idempotency.dedupTable.table', problems);
      const column = nonEmptyString(table.column, 'settings.idempotency.dedupTable.column', problems);
      if (name !== undefined && column !== undefined) {
        if (!/^[A-Za-z_][\w.]*$/.test(name) || !/^[A-Za-z_]\w*$/.test(column)) {
          problems.push('settings.idempotency.dedupTable.table and .column must be plain SQL identifiers.');
        } else {
          settings.dedupTable = { table: name, column };
        }
      }
    }
  }
  if (base.helperDepth !== undefined) {
    const depth = base.helperDepth;
    if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0 || depth > 8) {
      problems.push(`settings.idempotency.helperDepth must be an integer from 0 to 8, got ${describe(depth)}.`);
    } else {
      settings.helperDepth = depth;
    }
  }
  if (base.followImports !== undefined) {
    if (typeof base.followImports !== 'boolean') problems.push(`settings.idempotency.followImports must be true or false, got ${describe(base.followImports)}.`);
    else settings.followImports = base.followImports;
  }
  if (base.suggestions !== undefined) {
    if (typeof base.suggestions !== 'boolean') problems.push(`settings.idempotency.suggestions must be true or false, got ${describe(base.suggestions)}.`);
    else settings.suggestions = base.suggestions;
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/** A stable key for caching one analysis per (file, effective settings). */
export function settingsKey(settings: IdempotencySettings): string {
  return JSON.stringify(settings);
}
