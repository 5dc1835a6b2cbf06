// Installs what the project needs on a fresh machine, so the README's commands work from a
// clean clone: npm packages (Node 22 among them) when missing or older than the lock file, the
// web console's build, and the Debian packages some tests use.
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

// The web console (services/console), which the gateway serves at `/`: built with Vite, skipped
// when the build is newer than its sources.
console.log('[bootstrap] web console: npm run console:build');
try {
  execSync(`"${path.join(root, 'node_modules/.bin/node')}" scripts/console-build.cjs`, { cwd: root, stdio: 'inherit' });
} catch {
  console.error('[bootstrap] the web console did not build (see above)');
  process.exit(1);
}

// Debian packages some tests use, installed when missing and we may (root with apt-get):
// docker-compose, which validates docker-compose.yml (no engine needed), chromium, which the
// console's browser tests drive through playwright-core, prometheus, whose promtool checks
// and unit-tests the alert rules in deploy/k8s/alerts/, and what the Python training job
// (examples/training-consumer-python) runs on: Debian's python3 modules and protoc.
function has(cmd) {
  return require('node:child_process').spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}
function hasPython(mod) {
  return require('node:child_process').spawnSync('/usr/bin/python3', ['-c', `import ${mod}`]).status === 0;
}
const wanted = [
  { pkg: 'docker-compose', missing: !has('docker-compose'), why: 'the compose-file test' },
  { pkg: 'chromium', missing: !fs.existsSync('/usr/bin/chromium'), why: 'the console browser tests' },
  ...[
    ['python3-confluent-kafka', 'confluent_kafka'],
    ['python3-protobuf', 'google.protobuf'],
    ['python3-boto3', 'boto3'],
  ].map(([pkg, mod]) => ({ pkg, missing: !hasPython(mod), why: 'the Python training job' })),
  { pkg: 'protobuf-compiler', missing: !has('protoc'), why: 'the Python training job' },
  // protoc's well-known types (google/protobuf/timestamp.proto): a recommend of protobuf-compiler,
  // which --no-install-recommends leaves out.
  { pkg: 'libprotobuf-dev', missing: !fs.existsSync('/usr/include/google/protobuf/timestamp.proto'), why: 'the Python training job' },
  { pkg: 'prometheus', missing: !has('promtool'), why: 'the alert-rules test (promtool)' },
].filter((w) => w.missing);
if (wanted.length > 0 && has('apt-get') && process.getuid && process.getuid() === 0) {
  const pkgs = wanted.map((w) => w.pkg).join(' ');
  console.log(`[bootstrap] installing ${pkgs} (Debian packages) for ${[...new Set(wanted.map((w) => w.why))].join(' and ')}…`);
  try {
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkgs}`, {
      stdio: 'inherit',
    });
  } catch {
    console.error(`[bootstrap] could not install ${pkgs}; the tests that need them will fail and say so`);
  }
}
