// Runs a TypeScript entry point on Node 22 through SWC (decorator metadata on, for NestJS),
// in this same process, so signals (SIGTERM for a clean stop, SIGKILL in crash tests) reach it.
// Usage: node scripts/run-ts.cjs path/to/main.ts [args…]
const path = require('node:path');
const { ensureNode22, root } = require('./node22.cjs');

ensureNode22();
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.cjs <entry.ts> [args…]');
  process.exit(2);
}
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(root, 'tsconfig.json');
// Stack traces point into our TypeScript; node_modules' own maps are not loaded (about 15 MiB of
// heap per process, their sources kept as strings, for frames nobody debugs there).
const { setSourceMapsSupport } = require('node:module');
if (setSourceMapsSupport) setSourceMapsSupport(true, { nodeModules: false });
else process.setSourceMapsEnabled(true); // Node 22 before 22.14

require('@swc-node/register');
const file = path.resolve(process.cwd(), entry);
process.argv = [process.argv[0], file, ...args];
require(file);
