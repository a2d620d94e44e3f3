#!/usr/bin/env node
// How much of the hand-counted handlers the consumer inventory lists, per repository:
//   node corpus/inventory-check.mjs owner/name [owner/name …]
// Runs `bin/idempotency-lint.js --list-consumers --format json` at the root of each materialised tree
// (.cache/real-corpus/trees, made by `npm run eval:real`) and matches it against the handlers listed in
// the repository's labels (every handler of every labelled file): a labelled handler is listed when an
// entry sits in its file within 2 lines, or an entry elsewhere says it is `written in` that place.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repos = process.argv.slice(2);
if (repos.length === 0) {
  console.error('usage: node corpus/inventory-check.mjs owner/name [owner/name …]');
  process.exit(2);
}
for (const repo of repos) {
  const tree = path.join(root, '.cache/real-corpus/trees', repo.replace('/', '+'));
  const labels = JSON.parse(readFileSync(path.join(root, 'corpus/labels', `${repo.replace('/', '+')}.json`), 'utf8'));
  const out = execFileSync(process.execPath, [path.join(root, 'bin/idempotency-lint.js'), '--list-consumers', '--format', 'json'], { cwd: tree, maxBuffer: 64 << 20 });
  const { consumers } = JSON.parse(out.toString('utf8'));
  const written = consumers.map((c) => /^written in (.+):(\d+)$/.exec(c.via)).filter(Boolean).map((m) => ({ file: m[1], line: Number(m[2]) }));
  let counted = 0;
  let listed = 0;
  const missing = [];
  for (const file of labels.files) {
    for (const handler of file.handlers) {
      if (handler.delivery === 'not-a-delivery') continue;
      counted++;
      const near = (c) => c.file === file.path && Math.abs(c.line - handler.line) <= 2;
      if (consumers.some(near) || written.some(near)) listed++;
      else missing.push(`${file.path}:${handler.line} ${handler.name}`);
    }
  }
  console.log(`${repo}: ${listed} of ${counted} labelled handlers listed (${consumers.length} entries in all)`);
  for (const m of missing) console.log(`  not listed: ${m}`);
}
