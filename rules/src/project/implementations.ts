/**
 * Which project files declare a class implementing an interface, by the interface's name:
 * `class PlatformQueueImpl implements PlatformQueue`. A receiver typed with an interface
 * (`opt: { queue: PlatformQueue }`) runs the implementation's methods. A whole-project text index
 * (text-index.ts): no parsing.
 */
import path from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { findDescendant, type Node } from '../analysis/ast';
import type { FileContext } from '../analysis/file-context';
import type { ProjectModel } from './model';
import { noteProjectWide, noteRead } from './reads';
import { ProjectTextIndex } from './text-index';

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

/** `class A<T> extends B<C> implements D, ns.E<F> {`: the list after `implements`. */
const IMPLEMENTS_CLAUSE = /\bclass\s+[A-Za-z_$][\w$]*[^{;]*?\bimplements\s+([^{;]+)\{/g;
/** A name in that list (generic arguments dropped; a qualified name by its last part). */
const IMPLEMENTED_NAME = /([A-Za-z_$][\w$.]*)\s*(?:<[^,{]*>)?/g;

/** Interface name → files that declare a class implementing it. */
type Implementers = Map<string, Set<string>>;

const implementers = new ProjectTextIndex<Implementers>({
  contribution(text) {
    if (text == null || !text.includes('implements')) return [];
    const names = new Set<string>();
    for (const clause of text.matchAll(IMPLEMENTS_CLAUSE)) {
      for (const match of clause[1]!.matchAll(IMPLEMENTED_NAME)) names.add(match[1]!.slice(match[1]!.lastIndexOf('.') + 1));
    }
    return [...names];
  },
  empty: () => new Map(),
  apply(state, file, before, after) {
    for (const name of before) {
      const files = state.get(name);
      files?.delete(file);
      if (files?.size === 0) state.delete(name);
    }
    for (const name of after) {
      let files = state.get(name);
      if (!files) state.set(name, (files = new Set()));
      files.add(file);
    }
  },
});

/** The files with a class that implements an interface named `name`. */
function filesImplementing(project: ProjectModel, name: string): readonly string[] {
  return [...(implementers.of(project).state.get(name) ?? [])];
}

/** Whether some file implementing an interface named `name` passes `test` (read as text, not parsed). */
export function implementersMention(project: ProjectModel, name: string, test: (file: string) => boolean): boolean {
  return filesImplementing(project, name).some(test);
}

/** Test doubles: a second implementation that is not what runs in production. */
const TEST_DOUBLE_CLASS = /^(Dummy|Mock|Fake|Stub|Noop|NoOp|Null|InMemory|Memory|Test)(?=[A-Z_\d]|$)|(Mock|Fake|Stub|Dummy)$/;
const TEST_FILE = /(^|[/\\.])(tests?|__tests__|__mocks__|mocks?|spec|fixtures?|e2e)([/\\.]|$)/i;

/**
 * The class that implements an interface named `name` in the project, when there is exactly one
 * besides test doubles (`PlatformQueueImpl`, not `DummyQueue`); null when none or several.
 */
export function soleImplementation(file: FileContext, name: string): Implementation | null {
  const project = file.project;
  if (!project) return null;
  let known = soleByProject.get(project);
  if (!known) soleByProject.set(project, (known = new Map()));
  // Keyed by settings too: the implementing file's context is made with the asker's.
  const key = `${file.settingsKey}\0${name}`;
  if (known.has(key)) {
    // The answer still depends on every file (the editor's dependency record of this lint).
    noteProjectWide(project.root);
    const cached = known.get(key)!;
    if (cached) noteRead(cached.file.path);
    return cached;
  }
  let found: Implementation | null = null;
  search: for (const implementing of filesImplementing(project, name)) {
    if (TEST_FILE.test(path.relative(project.root, implementing))) continue;
    const module = project.contextOf(implementing, file.settings, file.settingsKey);
    if (!module) continue;
    for (const cls of classesImplementing(module).get(name) ?? []) {
      if (cls.id && TEST_DOUBLE_CLASS.test(cls.id.name)) continue;
      if (found) {
        found = null;
        break search;
      }
      found = { file: module, cls };
    }
  }
  known.set(key, found);
  return found;
}

interface Implementation {
  file: FileContext;
  cls: ClassNode;
}

/** Per project model (a successor after an edit starts afresh): interface name → its sole implementation. */
const soleByProject = new WeakMap<ProjectModel, Map<string, Implementation | null>>();
const implementedByModule = new WeakMap<FileContext, Map<string, ClassNode[]>>();

/** A module's classes by the names of the interfaces they implement. */
function classesImplementing(module: FileContext): Map<string, ClassNode[]> {
  let byName = implementedByModule.get(module);
  if (byName) return byName;
  byName = new Map();
  const found = byName;
  findDescendant(module.sourceCode.ast as Node, (n) => {
    if (n.type !== AST_NODE_TYPES.ClassDeclaration && n.type !== AST_NODE_TYPES.ClassExpression) return false;
    for (const clause of n.implements ?? []) {
      const name = implementedName(clause.expression);
      if (!name) continue;
      const list = found.get(name);
      if (list) list.push(n);
      else found.set(name, [n]);
    }
    return false;
  });
  implementedByModule.set(module, byName);
  return byName;
}

function implementedName(expression: TSESTree.Node): string | null {
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  return expression.type === AST_NODE_TYPES.MemberExpression && expression.property.type === AST_NODE_TYPES.Identifier ? expression.property.name : null;
}
