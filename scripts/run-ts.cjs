// Runs a TypeScript entry point on Node 22 through SWC (decorator metadata on, for NestJS).
// Usage: node scripts/run-ts.cjs path/to/main.ts [args…]
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureNode22, root } = require('./node22.cjs');

ensureNode22();
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.cjs <entry.ts> [args…]');
  process.exit(2);
}
const r = spawnSync(
  process.execPath,
  ['--enable-source-maps', '-r', '@swc-node/register', path.resolve(process.cwd(), entry), ...args],
  { stdio: 'inherit', env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.json') } },
);
process.exit(r.status === null ? 1 : r.status);
