#!/usr/bin/env node
// Launcher for `verity`: runs the TypeScript entry point through the project's runner (Node 22 + SWC).
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '../../..');
const r = spawnSync(
  process.execPath,
  [
    path.join(root, 'scripts/run-ts.cjs'),
    path.join(root, 'libs/cli/src/main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(r.status === null ? 1 : r.status);
