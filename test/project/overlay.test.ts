/**
 * The model layer's hooks for a long-running process: a text overlay (open buffers) read before the
 * disk, the record of what an analysis read, invalidation into a successor model, and the producer
 * index kept current file by file. Without an overlay the model reads the disk as it always did.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempTree } from '../helpers/temp-tree';
import { FsCache } from '../../rules/src/project/fs-cache';
import { invalidateFiles, projectFor, ProjectModel, setTextOverlay } from '../../rules/src/project/model';
import { producersOf } from '../../rules/src/project/producers';
import { recordReads } from '../../rules/src/project/reads';
import { DEFAULT_SETTINGS } from '../../rules/src/settings';

const A = 'export function a() { return 1; }\n';

function functionNames(model: ProjectModel, file: string): string[] {
  const context = model.contextOf(file, DEFAULT_SETTINGS, 'test');
  const body = (context?.sourceCode.ast as { body?: { declaration?: { id?: { name: string } } }[] } | undefined)?.body ?? [];
  return body.map((statement) => statement.declaration?.id?.name ?? '?');
}

describe('a text overlay', () => {
  afterEach(() => setTextOverlay(null));

  it('is read before the disk, and a new version is parsed again', () => {
    const root = tempTree({ 'package.json': '{}', 'a.ts': A });
    const file = path.join(root, 'a.ts');
    const buffers = new Map<string, { text: string; version: number }>();
    const fs = new FsCache();
    fs.setOverlay({ textOf: (f) => buffers.get(f) ?? null });
    const model = new ProjectModel(root, fs);
    expect(functionNames(model, file)).toEqual(['a']);
    buffers.set(file, { text: 'export function b() {}\n', version: 2 });
    expect(functionNames(model, file)).toEqual(['b']);
    buffers.set(file, { text: 'export function c() {}\n', version: 3 });
    expect(functionNames(model, file)).toEqual(['c']);
    buffers.delete(file);
    expect(functionNames(model, file)).toEqual(['a']);
  });

  it('without one, the disk is what the model reads', () => {
    const root = tempTree({ 'package.json': '{}', 'a.ts': A });
    const model = new ProjectModel(root, new FsCache());
    expect(functionNames(model, path.join(root, 'a.ts'))).toEqual(['a']);
  });
});

describe('the read record', () => {
  it('holds the files an analysis asked the model for, and only inside a recording', () => {
    const root = tempTree({ 'package.json': '{}', 'a.ts': A, 'b.ts': A });
    const model = new ProjectModel(root, new FsCache());
    const { value, reads } = recordReads(() => model.contextOf(path.join(root, 'a.ts'), DEFAULT_SETTINGS, 'test'));
    expect(value).not.toBeNull();
    expect(reads.files).toContain(path.join(root, 'a.ts'));
    expect(reads.files).not.toContain(path.join(root, 'b.ts'));
    const outside = recordReads(() => undefined);
    model.contextOf(path.join(root, 'b.ts'), DEFAULT_SETTINGS, 'test');
    expect(outside.reads.files.size).toBe(0);
  });

  it('marks a use of the whole-project producer index', () => {
    const root = tempTree({ 'package.json': '{}', 'a.ts': A });
    const model = new ProjectModel(root, new FsCache());
    const { reads } = recordReads(() => producersOf(model, "'x'"));
    expect([...reads.projectWide]).toEqual([root]);
  });
});

describe('invalidation', () => {
  afterEach(() => setTextOverlay(null));

  it('a file no model read costs nothing; one it read gives its project a successor that reads the new text', () => {
    const root = tempTree({ 'package.json': '{}', '.git/HEAD': '', 'a.ts': A, 'b.ts': A, 'c.ts': A });
    const c = path.join(root, 'c.ts');
    const model = projectFor(path.join(root, 'b.ts'))!;
    expect(functionNames(model, path.join(root, 'a.ts'))).toEqual(['a']);
    expect(invalidateFiles(new Map([[c, 'content']])).renewed.size).toBe(0);
    expect(projectFor(c)).toBe(model);

    writeFileSync(path.join(root, 'a.ts'), 'export function changed() {}\n');
    const { renewed } = invalidateFiles(new Map([[path.join(root, 'a.ts'), 'content']]));
    expect([...renewed]).toEqual([root]);
    const next = projectFor(c)!;
    expect(next).not.toBe(model);
    expect(functionNames(next, path.join(root, 'a.ts'))).toEqual(['changed']);
  });

  it('keeps the producer index current with buffers and says when its answer changed', () => {
    const root = tempTree({ 'package.json': '{}', '.git/HEAD': '', 'client.ts': "client.send('price.get', id);\n", 'other.ts': A });
    const model = projectFor(path.join(root, 'other.ts'))!;
    expect([...producersOf(model, "'price.get'")]).toEqual(['send']);
    const buffers = new Map<string, { text: string; version: number }>();
    setTextOverlay({ textOf: (f) => buffers.get(f) ?? null });
    const client = path.join(root, 'client.ts');
    buffers.set(client, { text: "client.emit('price.get', id);\n", version: 2 });
    expect(invalidateFiles(new Map([[client, 'content']])).indexChanged).toBe(true);
    expect([...producersOf(projectFor(path.join(root, 'other.ts'))!, "'price.get'")]).toEqual(['emit']);
    buffers.set(path.join(root, 'other.ts'), { text: 'export const x = 2;\n', version: 2 });
    expect(invalidateFiles(new Map([[path.join(root, 'other.ts'), 'content']])).indexChanged).toBe(false);
  });
});
