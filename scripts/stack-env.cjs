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
  // The local stack's token key: random per machine, never in the repository.
  if (!process.env.JWT_SECRET) {
    const file = path.join(state, 'jwt-secret');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(state, { recursive: true });
      fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    process.env.JWT_SECRET = fs.readFileSync(file, 'utf8').trim();
  }
  return process.env;
}

module.exports = { loadStackEnv };
