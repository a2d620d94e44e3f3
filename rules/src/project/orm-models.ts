/**
 * What an ORM model's declaration says about the keys of the rows it inserts, read from the code that
 * declares it (in this file or another project file): Mongoose schemas (`unique: true`, an `_id` the
 * caller supplies), Sequelize attributes (`primaryKey`, `autoIncrement`, `defaultValue: UUIDV4`,
 * `unique`) and TypeORM / sequelize-typescript entity decorators (`@PrimaryGeneratedColumn()`,
 * `@PrimaryColumn()`, `@Column({ unique: true })`, `@Unique([...])`). An insert that sets a key the
 * caller supplies fails on a repeat instead of adding a row; one that only gets a generated key adds
 * a row on every delivery.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { bareParam, calleeName, propertyName, typeAnnotationName, unwrap, type Node } from '../analysis/ast';
import { enclosingClass, type FileContext } from '../analysis/file-context';
import { definitionTarget } from './targets';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

export interface ModelKeys {
  /** Field sets the inserting code supplies that identify a row: a non-generated primary key, unique fields. */
  suppliedKeys: readonly (readonly string[])[];
  /** How the primary key is generated (`@PrimaryGeneratedColumn()`, `UUIDV4`, Mongo's ObjectId), or null when supplied. */
  generatedId: string | null;
  /** Where the model is declared (`src/user.schema.ts:4`), for messages. */
  declaredAt: string;
}

/** The model a Mongoose or Sequelize model reference (`User` in `User.create(…)`) declares. */
export function modelOfReference(file: FileContext, reference: Node): ModelKeys | null {
  const target = definitionTarget(file, reference);
  if (!target) return null;
  const n = unwrap(target.node);
  if (n.type === AST_NODE_TYPES.ClassDeclaration || n.type === AST_NODE_TYPES.ClassExpression) return entityKeys(target.file, n) ?? sequelizeInitKeys(target.file, n);
  if (n.type !== AST_NODE_TYPES.CallExpression) return null;
  const name = calleeName(n);
  // mongoose.model('User', userSchema) / connection.model(…) / model<IUser>('User', schema)
  if (name === 'model' && n.arguments[1]) return mongooseKeys(target.file, n.arguments[1] as Node);
  // sequelize.define('user', attributes, options)
  if (name === 'define' && n.arguments[1]) return attributeKeys(target.file, n.arguments[1] as Node, n);
  return null;
}

/**
 * The entity a TypeORM repository stands for: `getRepository(Profile)`, `@InjectRepository(Profile)`,
 * `Repository<Profile>` on a field or constructor parameter.
 */
export function modelOfRepository(file: FileContext, repository: Node): ModelKeys | null {
  const entity = repositoryEntity(file, repository);
  const target = entity ? definitionTarget(file, entity) : null;
  const cls = target ? unwrap(target.node) : null;
  return target && (cls?.type === AST_NODE_TYPES.ClassDeclaration || cls?.type === AST_NODE_TYPES.ClassExpression) ? entityKeys(target.file, cls) : null;
}

/** A TypeORM repository (declared as one: `Repository<T>`, `@InjectRepository(T)`, `getRepository(T)`), whose `create()` only builds an entity. */
export function isRepository(file: FileContext, node: Node): boolean {
  return repositoryEntity(file, node) != null;
}

function repositoryEntity(file: FileContext, repository: Node): Node | null {
  const r = unwrap(repository);
  if (r.type === AST_NODE_TYPES.CallExpression && /^get\w*Repository$/.test(calleeName(r) ?? '')) return (r.arguments[0] as Node | undefined) ?? null;
  let declared: Node | null = null;
  if (r.type === AST_NODE_TYPES.MemberExpression && unwrap(r.object).type === AST_NODE_TYPES.ThisExpression) {
    const name = propertyName(r);
    const cls = enclosingClass(r);
    declared = name && cls ? classMemberDeclaration(cls, name) : null;
  } else if (r.type === AST_NODE_TYPES.Identifier) {
    const def = file.definitionOf(r);
    if (def?.kind === 'variable' && def.node.init) return repositoryEntity(file, def.node.init);
    if (def?.kind === 'parameter') declared = def.name;
  }
  if (!declared) return null;
  const injected = decoratorArgument(declared, 'InjectRepository');
  if (injected) return injected;
  // `Repository<Profile>`: the type argument names the entity.
  const annotation = (declared as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
  if (annotation?.type === AST_NODE_TYPES.TSTypeReference && /Repository$/.test(typeAnnotationName(declared) ?? '')) {
    const argument = annotation.typeArguments?.params[0];
    if (argument?.type === AST_NODE_TYPES.TSTypeReference && argument.typeName.type === AST_NODE_TYPES.Identifier) return argument.typeName;
  }
  return null;
}

/** The property or constructor parameter (property) declaring `this.name`. */
function classMemberDeclaration(cls: ClassNode, name: string): Node | null {
  for (const element of cls.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && propertyName(element) === name) return element;
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        const bare = bareParam(param);
        if (bare?.type === AST_NODE_TYPES.Identifier && bare.name === name) return param.type === AST_NODE_TYPES.TSParameterProperty ? param : bare;
      }
    }
  }
  return null;
}

function decorators(node: Node): readonly TSESTree.Decorator[] {
  return (node as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
}

/** The first argument of `@Name(arg)` on a node. */
function decoratorArgument(node: Node, name: string): Node | null {
  for (const decorator of decorators(node)) {
    const e = decorator.expression;
    if (e.type === AST_NODE_TYPES.CallExpression && calleeName(e) === name && e.arguments[0]) return e.arguments[0] as Node;
  }
  return null;
}

/** `@Column()` → "Column", `@AutoIncrement` → "AutoIncrement". */
function decoratorName(decorator: TSESTree.Decorator): string {
  const e = decorator.expression;
  return (e.type === AST_NODE_TYPES.CallExpression ? calleeName(e) : e.type === AST_NODE_TYPES.Identifier ? e.name : null) ?? '';
}

function decoratorNamed(node: Node, names: RegExp): TSESTree.Decorator | null {
  return decorators(node).find((d) => names.test(decoratorName(d))) ?? null;
}

const GENERATED_KEY_DECORATOR = /^(PrimaryGeneratedColumn|ObjectIdColumn|AutoIncrement)$/;

/** `{ unique: true }` (or a named unique constraint) in an options object. */
function optionIsSet(options: Node | null | undefined, key: string): boolean {
  const o = options ? unwrap(options) : null;
  if (o?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const p = o.properties.find((q): q is TSESTree.Property => q.type === AST_NODE_TYPES.Property && propertyName(q) === key);
  const v = p ? unwrap(p.value as Node) : null;
  return v != null && !(v.type === AST_NODE_TYPES.Literal && (v.value === false || v.value === null));
}

function optionValue(options: Node | null | undefined, key: string): Node | null {
  const o = options ? unwrap(options) : null;
  if (o?.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const p = o.properties.find((q): q is TSESTree.Property => q.type === AST_NODE_TYPES.Property && propertyName(q) === key);
  return p ? unwrap(p.value as Node) : null;
}

function stringList(node: Node | null): string[] {
  const n = node ? unwrap(node) : null;
  if (n?.type !== AST_NODE_TYPES.ArrayExpression) return [];
  return n.elements.flatMap((e) => (e?.type === AST_NODE_TYPES.Literal && typeof e.value === 'string' ? [e.value] : []));
}

function place(file: FileContext, node: Node): string {
  return `${file.project?.relative(file.path) ?? file.path}:${node.loc.start.line}`;
}

const GENERATED_DEFAULT = /^(UUIDV[14]|NOW)$|uuid|nanoid|cuid|ulid/i;

/** TypeORM and sequelize-typescript entity classes: decorated properties. */
function entityKeys(file: FileContext, cls: ClassNode): ModelKeys | null {
  const supplied: string[][] = [];
  let generatedId: string | null = null;
  let entity = decoratorNamed(cls, /^(Entity|Table|Schema)$/) != null;
  for (const decorator of decorators(cls)) {
    const e = decorator.expression;
    if (e.type !== AST_NODE_TYPES.CallExpression) continue;
    const name = calleeName(e);
    // @Unique(['a', 'b']) / @Unique('name', ['a', 'b']) / @Index(['a', 'b'], { unique: true })
    if (name === 'Unique') supplied.push(stringList(e.arguments[e.arguments.length - 1] as Node));
    if (name === 'Index' && optionIsSet(e.arguments[e.arguments.length - 1] as Node, 'unique')) supplied.push(stringList(e.arguments.find((a) => a.type === AST_NODE_TYPES.ArrayExpression) as Node ?? null));
  }
  for (const element of cls.body.body) {
    if (element.type !== AST_NODE_TYPES.PropertyDefinition) continue;
    const field = propertyName(element);
    if (!field) continue;
    const generated = decoratorNamed(element, GENERATED_KEY_DECORATOR);
    if (generated) {
      entity = true;
      generatedId = `\`@${decoratorName(generated)}\` at ${place(file, element)}`;
      continue;
    }
    const defaultArg = decoratorArgument(element, 'Default');
    if (decoratorNamed(element, /^(PrimaryColumn|PrimaryKey)$/)) {
      entity = true;
      if (defaultArg && GENERATED_DEFAULT.test(textOf(file, defaultArg))) generatedId = `a generated default at ${place(file, element)}`;
      else supplied.push([field]);
      continue;
    }
    const column = decoratorNamed(element, /^Column$/);
    const columnOptions = column?.expression.type === AST_NODE_TYPES.CallExpression ? (column.expression.arguments.find((a) => a.type === AST_NODE_TYPES.ObjectExpression) as Node | undefined) : undefined;
    if (column) entity = true;
    if (optionIsSet(columnOptions, 'unique') || optionIsSet(columnOptions, 'primary') || decoratorNamed(element, /^Unique$/) || optionIsSet(decoratorArgument(element, 'Index'), 'unique')) supplied.push([field]);
  }
  if (!entity) return null;
  return { suppliedKeys: supplied.filter((k) => k.length > 0), generatedId, declaredAt: place(file, cls) };
}

function textOf(file: FileContext, node: Node): string {
  return file.sourceCode.getText(node as TSESTree.Node);
}

/** `new Schema({ email: { type: String, unique: true }, _id: { type: ObjectId, required: true } })`. */
function mongooseKeys(file: FileContext, schemaReference: Node): ModelKeys | null {
  const target = unwrap(schemaReference).type === AST_NODE_TYPES.NewExpression ? { file, node: schemaReference } : definitionTarget(file, schemaReference);
  const schema = target ? unwrap(target.node) : null;
  if (!target || schema?.type !== AST_NODE_TYPES.NewExpression || calleeName(schema) !== 'Schema') return null;
  const fields = schema.arguments[0] ? unwrap(schema.arguments[0] as Node) : null;
  if (fields?.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const supplied: string[][] = [];
  let idSupplied = false;
  for (const p of fields.properties) {
    if (p.type !== AST_NODE_TYPES.Property) continue;
    const field = propertyName(p);
    if (!field) continue;
    const options = unwrap(p.value as Node);
    if (field === '_id') {
      // `_id: false` turns the id off; `_id: { type: …, default: … }` still generates it.
      idSupplied = !(options.type === AST_NODE_TYPES.Literal) && optionValue(options, 'default') == null;
      if (idSupplied) supplied.push(['_id']);
      continue;
    }
    if (optionIsSet(options, 'unique') || optionIsSet(optionValue(options, 'index'), 'unique')) supplied.push([field]);
  }
  return { suppliedKeys: supplied, generatedId: idSupplied ? null : `Mongo's generated \`_id\` (schema at ${place(target.file, schema)})`, declaredAt: place(target.file, schema) };
}

/** Sequelize attributes: `id: { type: DataTypes.UUID, defaultValue: DataTypes.UUIDV4, primaryKey: true }`, `unique: true`. */
function attributeKeys(file: FileContext, attributesReference: Node, at: Node): ModelKeys | null {
  const target = unwrap(attributesReference).type === AST_NODE_TYPES.ObjectExpression ? { file, node: attributesReference } : definitionTarget(file, attributesReference);
  const attributes = target ? unwrap(target.node) : null;
  if (!target || attributes?.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const supplied: string[][] = [];
  let generatedId: string | null = null;
  let primary = false;
  for (const p of attributes.properties) {
    if (p.type !== AST_NODE_TYPES.Property) continue;
    const field = propertyName(p);
    const options = unwrap(p.value as Node);
    if (!field || options.type !== AST_NODE_TYPES.ObjectExpression) continue;
    if (optionIsSet(options, 'primaryKey')) {
      primary = true;
      const defaultValue = optionValue(options, 'defaultValue');
      if (optionIsSet(options, 'autoIncrement')) generatedId = `\`autoIncrement\` at ${place(target.file, p)}`;
      else if (defaultValue && GENERATED_DEFAULT.test(textOf(target.file, defaultValue))) generatedId = `\`defaultValue: ${textOf(target.file, defaultValue)}\` at ${place(target.file, p)}`;
      else supplied.push([field]);
    } else if (optionIsSet(options, 'unique')) supplied.push([field]);
  }
  // No primary key declared: Sequelize adds an auto-increment `id`.
  if (!primary) generatedId = `Sequelize's auto-increment \`id\` (model at ${place(target.file, at)})`;
  return { suppliedKeys: supplied, generatedId, declaredAt: place(target.file, at) };
}

/** Sequelize `class User extends Model {}` initialised with `User.init(attributes, options)` in its file. */
function sequelizeInitKeys(file: FileContext, cls: ClassNode): ModelKeys | null {
  const name = cls.id?.name;
  if (!name) return null;
  for (const statement of (file.sourceCode.ast as TSESTree.Program).body) {
    const e = statement.type === AST_NODE_TYPES.ExpressionStatement ? unwrap(statement.expression) : null;
    if (e?.type !== AST_NODE_TYPES.CallExpression || calleeName(e) !== 'init') continue;
    const callee = unwrap(e.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && unwrap(callee.object).type === AST_NODE_TYPES.Identifier && (unwrap(callee.object) as TSESTree.Identifier).name === name && e.arguments[0]) {
      return attributeKeys(file, e.arguments[0] as Node, e);
    }
  }
  return null;
}
