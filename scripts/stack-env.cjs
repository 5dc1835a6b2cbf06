// Reads deploy/local/stack.env (KEY=VALUE lines) and fills process.env with any value the
// environment does not already set. One place for the local stack's defaults, shared with bash.
const fs = require('node:fs');
const path = require('node:path');

function loadStackEnv(root = path.resolve(__dirname, '..')) {
  const file = path.join(root, 'deploy/local/stack.env');
  const text = fs.readFileSync(file, 'utf8');
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
  // deploy/local/start.sh writes the URL of the Postgres it chose (existing or started).
  const chosen = path.join(root, '.local/state/database-url');
  if (!process.env.VERITY_DATABASE_URL_SET && fs.existsSync(chosen)) {
    process.env.DATABASE_URL = fs.readFileSync(chosen, 'utf8').trim();
  }
  return process.env;
}

module.exports = { loadStackEnv };
