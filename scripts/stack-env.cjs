// Reads deploy/local/stack.env (KEY=VALUE lines) and fills process.env with any value the
// environment does not already set. One place for the local stack's defaults, shared with bash.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function loadStackEnv(root = path.resolve(__dirname, '..')) {
  const text = fs.readFileSync(path.join(root, 'deploy/local/stack.env'), 'utf8');
  const fromEnvironment = new Set(Object.keys(process.env));
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && !fromEnvironment.has(m[1])) process.env[m[1]] = m[2];
  }
  const localDir = path.resolve(root, process.env.VERITY_LOCAL_DIR || '.local');
  const state = path.join(localDir, 'state');
  // deploy/local/start.sh writes the URL of the Postgres it chose (existing or started).
  const chosen = path.join(state, 'database-url');
  if (!fromEnvironment.has('DATABASE_URL') && fs.existsSync(chosen)) {
    process.env.DATABASE_URL = fs.readFileSync(chosen, 'utf8').trim();
  }
  // Only while start.sh runs a Zipkin (VERITY_ZIPKIN=1): its URL; services export spans when set.
  const zipkin = path.join(state, 'zipkin-url');
  if (!fromEnvironment.has('ZIPKIN_URL') && fs.existsSync(zipkin)) {
    process.env.ZIPKIN_URL = fs.readFileSync(zipkin, 'utf8').trim();
  }
  // The local stack's token key and operator password: random per machine, kept in
  // .local/state, never in the repository.
  process.env.JWT_SECRET ||= localSecret(state, 'jwt-secret');
  process.env.BOOTSTRAP_ADMIN_EMAIL ||= 'admin@verity.local';
  process.env.BOOTSTRAP_ADMIN_PASSWORD ||= localSecret(state, 'admin-password');
  // The key sealing content dead letters (AES-256-GCM): 32 random bytes, base64.
  process.env.DLQ_ENCRYPTION_KEY ||= localSecret(state, 'dlq-encryption-key', 32, 'base64');
  return process.env;
}

function localSecret(state, name, bytes = 24, encoding = 'base64url') {
  const file = path.join(state, name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(state, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(bytes).toString(encoding), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { loadStackEnv };
