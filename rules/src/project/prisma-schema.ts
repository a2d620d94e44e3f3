/**
 * What a project's Prisma schema says about a model's keys: whether the database generates the
 * primary key (`id String @id @default(uuid())`, `@default(autoincrement())`), and which fields
 * identify a row (`@id`, `@unique`, `@@id([...])`, `@@unique([...])`). A `create` that sets none of
 * them inserts a new row on every delivery. Read from the schema files' text on first use.
 */
import type { ProjectModel } from './model';
import { forEachProjectFile } from './source-files';

export interface PrismaModel {
  name: string;
  /** The generated default of the primary key (`uuid()`, `autoincrement()`), or null when the caller must supply it. */
  generatedId: string | null;
  /** Field sets that identify a row: the primary key and every unique constraint. */
  keys: readonly (readonly string[])[];
  /** The schema file, relative to the project root. */
  file: string;
}

/** A rebuilt index after this long (a running editor session sees schema changes). */
const FRESH_MS = 60_000;
const GENERATED_DEFAULT = /@default\(\s*(uuid|cuid|nanoid|ulid|autoincrement|dbgenerated)\s*\(/;

const schemas = new WeakMap<ProjectModel, { builtAt: number; models: Map<string, PrismaModel> }>();

/** The model a client accessor names (`prisma.websiteTick` → `WebsiteTick`), or null when no schema declares it. */
export function prismaModel(project: ProjectModel, accessor: string): PrismaModel | null {
  let known = schemas.get(project);
  if (!known || Date.now() - known.builtAt > FRESH_MS) {
    known = { builtAt: Date.now(), models: readSchemas(project) };
    schemas.set(project, known);
  }
  return known.models.get(accessor.toLowerCase()) ?? null;
}

function readSchemas(project: ProjectModel): Map<string, PrismaModel> {
  const models = new Map<string, PrismaModel>();
  forEachProjectFile(project.root, (name) => name.endsWith('.prisma'), (file) => {
    const text = project.fs.text(file);
    if (text) for (const model of parseModels(text, project.relative(file))) models.set(model.name.toLowerCase(), model);
  });
  return models;
}

const MODEL = /^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm;

/** The models of one schema file (comments dropped; one field or block attribute per line). */
export function parseModels(text: string, file: string): PrismaModel[] {
  const out: PrismaModel[] = [];
  for (const match of text.replace(/\/\/[^\n]*/g, '').matchAll(MODEL)) {
    const keys: string[][] = [];
    let generatedId: string | null = null;
    for (const raw of match[2]!.split('\n')) {
      const line = raw.trim();
      const block = /^@@(id|unique)\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]/.exec(line);
      if (block) {
        keys.push(block[2]!.split(',').map((f) => f.trim()).filter(Boolean));
        continue;
      }
      const field = /^(\w+)\s+\S+/.exec(line);
      if (!field) continue;
      if (/@id\b/.test(line)) {
        keys.push([field[1]!]);
        generatedId = GENERATED_DEFAULT.exec(line)?.[1] ?? null;
      } else if (/@unique\b/.test(line)) keys.push([field[1]!]);
    }
    out.push({ name: match[1]!, generatedId: generatedId ? `${generatedId}()` : null, keys, file });
  }
  return out;
}
