// The project runs on Node.js 22, which `npm ci` brings as the `node` package. The machine may
// have another Node: anything started through here re-executes itself on the project's own.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const node22 = path.join(root, 'node_modules/.bin/node');

function ensureNode22() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major === 22) return;
  if (!fs.existsSync(node22)) {
    console.error(`Node 22 is not installed in node_modules (running ${process.version}); run: npm ci`);
    process.exit(1);
  }
  // Re-run this script on Node 22, passing signals on so a stop request reaches the real process.
  const child = spawn(node22, process.argv.slice(1), { stdio: 'inherit' });
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Nothing below this call may run on the old Node: park until the child ends.
  throw new ReExecuted();
}

class ReExecuted extends Error {}
process.on('uncaughtException', (err) => {
  if (err instanceof ReExecuted) return;
  console.error(err);
  process.exit(1);
});

module.exports = { ensureNode22, node22, root };
