// `npm run console:build`: builds the web console (services/console, React + Vite) into
// services/console/dist, which the gateway serves at `/`. Skipped when the build is newer than
// every source of it, so the README's commands (which run it through bootstrap) stay fast.
//   node scripts/console-build.cjs           build when a source changed since the last build
//   node scripts/console-build.cjs --force   build anyway
// Runs Vite from the root node_modules on the project's Node 22.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/** What the build is made from: src/ and public/ (every file), index.html and vite.config.*. */
function sourceFiles(consoleDir) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  for (const dir of ['src', 'public']) {
    const full = path.join(consoleDir, dir);
    if (fs.existsSync(full)) walk(full);
  }
  for (const name of fs.readdirSync(consoleDir)) {
    if (name === 'index.html' || /^vite\.config\.[cm]?[jt]s$/.test(name)) files.push(path.join(consoleDir, name));
  }
  return files;
}

/**
 * Why the console must be (re)built, or null when dist/index.html is newer than every source.
 * A missing build, or a source at least as new as it, means build.
 */
function buildNeeded(consoleDir) {
  const built = path.join(consoleDir, 'dist', 'index.html');
  if (!fs.existsSync(built)) return 'no build yet';
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = sourceFiles(consoleDir).find((f) => fs.statSync(f).mtimeMs >= builtAt);
  return newer ? `${path.relative(consoleDir, newer)} changed` : null;
}

function main() {
  const { ensureNode22, root } = require('./node22.cjs');
  ensureNode22();
  const consoleDir = path.join(root, 'services', 'console');
  if (!fs.existsSync(path.join(consoleDir, 'index.html'))) {
    console.log('[console:build] no services/console/index.html: nothing to build');
    return;
  }
  const why = process.argv.includes('--force') ? 'forced' : buildNeeded(consoleDir);
  if (!why) {
    console.log('[console:build] services/console/dist is up to date');
    return;
  }
  console.log(`[console:build] building the web console (${why})…`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build'], { cwd: consoleDir, stdio: 'inherit', env: process.env });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`[console:build] vite build failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

module.exports = { buildNeeded, sourceFiles };
if (require.main === module) main();
