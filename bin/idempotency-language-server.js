#!/usr/bin/env node
'use strict';
// The language server for any LSP editor: `idempotency-language-server --stdio`.
const path = require('node:path');
const { existsSync } = require('node:fs');

const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!existsSync(bundle)) {
  process.stderr.write('idempotency-language-server: dist/server.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
require(bundle);
