// Installs what the project needs on a fresh machine, so the README's commands work from a
// clean clone: npm packages (Node 22 among them) when missing or older than the lock file.
const fs = require('node:fs');
const path = require('node:path');
const { execSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'node_modules/.package-lock.json');
const lock = path.join(root, 'package-lock.json');

function installNeeded() {
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(root, 'node_modules/.bin/node'))) return true;
  return fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
}

if (installNeeded()) {
  console.log('[bootstrap] installing npm packages (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
const v = execSync(`"${path.join(root, 'node_modules/.bin/node')}" --version`).toString().trim();
if (!v.startsWith('v22.')) {
  console.error(`[bootstrap] expected Node 22 in node_modules, found ${v}`);
  process.exit(1);
}

// The compose-file test validates docker-compose.yml with Debian's docker-compose (no engine
// needed). Install it when missing and we may (root with apt-get).
function has(cmd) {
  return require('node:child_process').spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
if (!has('docker-compose') && has('apt-get') && process.getuid && process.getuid() === 0) {
  console.log('[bootstrap] installing docker-compose (Debian package) for the compose-file test…');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose', {
      stdio: 'inherit',
    });
  } catch {
    console.error('[bootstrap] could not install docker-compose; the compose-file test will fail and say so');
  }
}
