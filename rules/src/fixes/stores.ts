/**
 * Which store a guard suggestion can build on: a client the file already has in scope where the
 * guard goes (pg / mysql2 pool, ioredis / node-redis client, Prisma client), preferring the one the
 * handler already writes with.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, isInside, memberPath, rootIdentifier, typeAnnotationName, unwrap, unwrapAwait, type Node } from '../analysis/ast';
import { enclosingClass, isProjectModule, type FileContext } from '../analysis/file-context';
import type { HandlerFacts } from '../analysis/flow';

export type StoreKind = 'ioredis' | 'node-redis' | 'pg' | 'mysql' | 'prisma';

export interface Store {
  kind: StoreKind;
  /** Source text that refers to the client where the guard goes: `redis`, `this.prisma`. */
  ref: string;
}

/** How the guard suggestion names what it builds, e.g. "Redis SET NX on redis". */
export function storeLabel(store: Store, table: string): string {
  switch (store.kind) {
    case 'ioredis':
    case 'node-redis':
      return `Redis SET NX on ${store.ref}`;
    case 'pg':
    case 'mysql':
      return `a ${table} row through ${store.ref}`;
    case 'prisma':
      return `a ${table} row through ${store.ref}`;
  }
}

/** The store kind of a client value from its origin and how it was made. */
function kindOf(file: FileContext, init: Node | null, rawOrigin: string | null, name: string, typeName: string | null): StoreKind | null {
  const made = init ? unwrapAwait(init) : null;
  // `require('ioredis')` is the module, not a client.
  if (made && isRequire(made)) return null;
  // A client comes from a constructor or a factory — not from a query (`await pool.query(…)` is a result).
  const instance = made != null && (made.type === AST_NODE_TYPES.NewExpression || (made.type === AST_NODE_TYPES.CallExpression && CLIENT_FACTORIES.test(calleeName(made) ?? '')));
  // A project module (`./prisma.service`) says nothing about the kind: decide by the type name.
  const origin = rawOrigin && isProjectModule(rawOrigin) ? null : rawOrigin;
  if (origin === 'ioredis' && (instance || typeName)) return 'ioredis';
  if ((origin === 'redis' || origin === '@redis/client') && (instance || typeName)) return 'node-redis';
  if (origin === 'pg' && (instance || typeName)) return 'pg';
  if (origin === 'mysql2' && (instance || typeName) && file.modules.has('mysql2/promise')) return 'mysql';
  if (origin === '@prisma/client' && (instance || typeName)) return 'prisma';
  if (!origin && typeName && /^Prisma(Service|Client)$/.test(typeName)) return 'prisma';
  if (!origin && /^prisma$/i.test(name) && typeName) return 'prisma';
  return null;
}

const CLIENT_FACTORIES = /^(createClient|createCluster|createPool|createConnection|connect|duplicate|\$extends|getConnection|getClient|Redis|Pool|Client|PrismaClient)$/;

function isRequire(node: Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require';
}

type Scope = ReturnType<FileContext['sourceCode']['getScope']>;
const moduleStores = new WeakMap<FileContext, Store[]>();

function storesOfScope(file: FileContext, scope: Scope, at: Node | null): Store[] {
  const out: Store[] = [];
  for (const variable of scope.variables) {
    const def = variable.defs[0];
    if (!def) continue;
    // Declared after the guard's position: not usable there.
    if (at && def.name.range[0] > at.range[0] && isInside(def.name, scope.block)) continue;
    if (def.type === 'Variable' && def.node.id.type === AST_NODE_TYPES.Identifier) {
      const id = def.node.id;
      if (file.definitionOf(id)?.kind === 'import') continue;
      const kind = kindOf(file, def.node.init, file.originOf(id), id.name, typeAnnotationName(id));
      if (kind) out.push({ kind, ref: id.name });
    } else if (def.type === 'Parameter' && def.name.type === AST_NODE_TYPES.Identifier) {
      const id = def.name as TSESTree.Identifier;
      const kind = kindOf(file, null, file.originOf(id), id.name, typeAnnotationName(id));
      if (kind) out.push({ kind, ref: id.name });
    }
  }
  return out;
}

/** Clients bound in the scopes around `at` (closest first), and `this.<field>` clients of its class. */
export function storesInScope(file: FileContext, at: Node): Store[] {
  const out: Store[] = [];
  let scope: Scope | null = file.sourceCode.getScope(at);
  while (scope) {
    if (scope.type === 'module' || scope.type === 'global') {
      // Module-level clients are the same for every handler of the file: list them once.
      let shared = moduleStores.get(file);
      if (!shared) {
        shared = [];
        for (let s: Scope | null = scope; s; s = s.upper) shared.push(...storesOfScope(file, s, null));
        moduleStores.set(file, shared);
      }
      out.push(...shared.filter((store) => !out.some((o) => o.ref === store.ref)));
      break;
    }
    out.push(...storesOfScope(file, scope, at));
    scope = scope.upper;
  }
  const cls = enclosingClass(at);
  if (cls) {
    for (const member of cls.body.body) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && member.key.type === AST_NODE_TYPES.Identifier && !member.static) {
        const name = member.key.name;
        const kind = kindOf(file, member.value, member.value ? file.originOf(member.value) : null, name, typeAnnotationName(member));
        if (kind) out.push({ kind, ref: `this.${name}` });
      }
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
          const id = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (id.type !== AST_NODE_TYPES.Identifier) continue;
          const typeName = typeAnnotationName(id);
          const origin = typeName ? (file.imports.get(typeName)?.root ?? null) : null;
          const kind = kindOf(file, null, origin, id.name, typeName);
          if (kind) out.push({ kind, ref: `this.${id.name}` });
        }
      }
    }
  }
  return out;
}

/** The store for a guard: the one the handler writes with when it is a candidate, else the closest. */
export function chooseStore(file: FileContext, facts: HandlerFacts, at: Node): Store | null {
  const candidates = storesInScope(file, at);
  if (candidates.length === 0) return null;
  for (const effect of facts.effects) {
    if (effect.node.type === AST_NODE_TYPES.TaggedTemplateExpression) continue;
    const receiver = calleeObject(effect.node);
    if (!receiver) continue;
    const path = memberPath(receiver) ?? rootIdentifier(unwrap(receiver))?.name;
    const used = candidates.find((c) => c.ref === path || (path != null && path.startsWith(`${c.ref}.`)));
    if (used) return used;
  }
  const order: StoreKind[] = ['ioredis', 'node-redis', 'pg', 'mysql', 'prisma'];
  return [...candidates].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0] ?? null;
}
