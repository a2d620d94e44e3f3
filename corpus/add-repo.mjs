#!/usr/bin/env node
// Adds (or updates) one repository in corpus/manifest.json, safely when several labellers run at once:
//   node corpus/add-repo.mjs owner/name <commit> <kind> <library[,library]> ["notes"]
// kind: production | sample | tutorial | library-examples
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const [repo, commit, kind, libraries, notes] = process.argv.slice(2);
if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo) || !/^[0-9a-f]{40}$/.test(commit ?? '') || !kind || !libraries) {
  console.error('usage: node corpus/add-repo.mjs owner/name <40-hex commit> <kind> <library[,library]> ["notes"]');
  process.exit(2);
}
const lock = path.join(dir, '.manifest.lock');
for (let i = 0; ; i++) {
  try {
    closeSync(openSync(lock, 'wx'));
    break;
  } catch {
    if (i > 200) throw new Error(`cannot take ${lock}; remove it if no labeller is running`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
try {
  const file = path.join(dir, 'manifest.json');
  const manifest = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { version: 1, repositories: [] };
  const entry = { repo, commit, kind, libraries: libraries.split(','), ...(notes ? { notes } : {}) };
  const index = manifest.repositories.findIndex((r) => r.repo === repo);
  if (index >= 0) manifest.repositories[index] = entry;
  else manifest.repositories.push(entry);
  manifest.repositories.sort((a, b) => a.repo.localeCompare(b.repo));
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`${index >= 0 ? 'updated' : 'added'} ${repo} @ ${commit.slice(0, 10)}`);
} finally {
  rmSync(lock, { force: true });
}
