#!/usr/bin/env node
'use strict';
// Thin shim: the command line itself is bundled into dist/cli.js by `npm run build`.
const { existsSync } = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`idempotency-lint: ${cli} is missing; run \`npm run build\` first\n`);
  process.exit(2);
}
// A closed pipe (`idempotency-lint | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = require(cli).run(process.argv.slice(2));
