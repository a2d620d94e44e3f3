/**
 * Local copies of the corpus repositories: finds each repository's git directory among the mirrors,
 * and writes its tree at the pinned commit into a cache folder (never into this repository). Blobs a
 * snapshot lacks (very large files) are skipped and counted; symlinks and submodules are not written,
 * so nothing in a tree points outside it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Tree {
  repo: string;
  commit: string;
  dir: string;
  files: number;
  missingBlobs: number;
}

function git(gitDir: string, args: string[], input?: string): { ok: boolean; stdout: Buffer; stderr: string } {
  const result = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  return { ok: result.status === 0, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr?.toString() ?? '' };
}

/** The git directory of `owner/name` under one of the mirror roots, or null. */
export function findGitDir(mirrors: readonly string[], repo: string): string | null {
  const [owner, name] = repo.split('/') as [string, string];
  for (const root of mirrors) {
    const candidates = [
      path.join(root, `${owner}+${name}`, 'repo', '.git'),
      path.join(root, `${owner}+${name}`, 'repo'),
      path.join(root, `${owner}+${name}`),
      path.join(root, owner, `${name}.git`),
      path.join(root, owner, name, '.git'),
      path.join(root, owner, name),
    ];
    for (const dir of candidates) {
      if (existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects'))) return dir;
    }
  }
  return null;
}

export function hasCommit(gitDir: string, commit: string): boolean {
  return git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]).ok;
}

export function headCommit(gitDir: string): string | null {
  const r = git(gitDir, ['rev-parse', 'HEAD']);
  return r.ok ? r.stdout.toString().trim() : null;
}

/** A file's text at the commit, or null when absent. */
export function fileAt(gitDir: string, commit: string, file: string): string | null {
  const r = git(gitDir, ['show', `${commit}:${file}`]);
  return r.ok ? r.stdout.toString('utf8') : null;
}

/**
 * Writes the tree of `commit` into `<cache>/<owner>+<name>`, unless a complete copy of that commit is
 * already there (a stamp file records it).
 */
export function materialise(gitDir: string, repo: string, commit: string, cache: string): Tree {
  const dir = path.join(cache, repo.replace('/', '+'));
  const stamp = path.join(cache, `${repo.replace('/', '+')}.stamp.json`);
  if (existsSync(stamp) && existsSync(path.join(dir, '.git', 'HEAD'))) {
    const done = JSON.parse(readFileSync(stamp, 'utf8')) as Tree;
    if (done.commit === commit) return done;
  }
  rmSync(dir, { recursive: true, force: true });
  const listing = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (!listing.ok) throw new Error(`${repo}: cannot list ${commit}: ${listing.stderr.trim()}`);
  const entries = listing.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, sha] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, type, sha, file: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && e.mode !== '120000');
  const partial = `${dir}.part`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  let files = 0;
  let missingBlobs = 0;
  // One `cat-file --batch` per chunk: output is "<sha> blob <size>\n<content>\n" or "<sha> missing\n".
  const CHUNK = 2000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const out = git(gitDir, ['cat-file', '--batch'], chunk.map((e) => e.sha).join('\n') + '\n');
    let offset = 0;
    for (const entry of chunk) {
      const newline = out.stdout.indexOf(10, offset);
      const header = out.stdout.subarray(offset, newline).toString();
      offset = newline + 1;
      if (header.endsWith(' missing')) {
        missingBlobs++;
        continue;
      }
      const size = Number(header.split(' ')[2]);
      const content = out.stdout.subarray(offset, offset + size);
      offset += size + 1;
      const target = path.join(partial, entry.file);
      if (!target.startsWith(partial + path.sep)) continue;
      mkdirSync(path.dirname(target), { recursive: true });
      try {
        if (existsSync(target) && statSync(target).isDirectory()) continue;
        writeFileSync(target, content);
        files++;
      } catch {
        missingBlobs++;
      }
    }
  }
  // A repository root, as in a clone: ignore files of folders above it (this project's own) do not apply.
  mkdirSync(path.join(partial, '.git'), { recursive: true });
  writeFileSync(path.join(partial, '.git', 'HEAD'), `${commit}\n`);
  renameSync(partial, dir);
  const tree: Tree = { repo, commit, dir, files, missingBlobs };
  writeFileSync(stamp, JSON.stringify(tree));
  return tree;
}
