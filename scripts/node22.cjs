// The project runs on Node.js 22, which `npm ci` brings as the `node` package. The machine may
// have another Node: anything started through here re-executes itself on the project's own.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const node22 = path.join(root, 'node_modules/.bin/node');

function ensureNode22() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major === 22) return;
  if (!fs.existsSync(node22)) {
    console.error(`Node 22 is not installed in node_modules (running ${process.version}); run: npm ci`);
    process.exit(1);
  }
  const r = spawnSync(node22, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

module.exports = { ensureNode22, node22, root };
