// Starts every service under services/*/src/main.ts as a child process on the local stack,
// logs to .local/logs/<service>.log, and waits for each /readyz. Used by the demo.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// Fixed local ports, gateway first (the one users call).
const ORDER = ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'];
const BASE_PORT = Number(process.env.VERITY_BASE_PORT || 8080);

function discoverServices() {
  const found = fs
    .readdirSync(path.join(root, 'services'))
    .filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));
  return [...ORDER.filter((s) => found.includes(s)), ...found.filter((s) => !ORDER.includes(s)).sort()];
}

function portOf(name) {
  const i = ORDER.indexOf(name);
  return BASE_PORT + (i >= 0 ? i : ORDER.length + 1);
}

function startServices(extraEnv = {}) {
  const logs = path.join(path.resolve(root, process.env.VERITY_LOCAL_DIR || '.local'), 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const names = discoverServices();
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${portOf(n)}`]));
  const children = names.map((name) => {
    const out = fs.openSync(path.join(logs, `${name}.log`), 'a');
    const child = spawn(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), `services/${name}/src/main.ts`], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(portOf(name)),
        ASSIGNMENT_URL: process.env.ASSIGNMENT_URL || urls.assignment || '',
        ...extraEnv,
      },
      stdio: ['ignore', out, out],
    });
    return { name, child, url: urls[name], log: path.join(logs, `${name}.log`) };
  });
  return children;
}

async function waitReady(services, timeoutMs = 120000) {
  const end = Date.now() + timeoutMs;
  for (const s of services) {
    for (;;) {
      if (s.child.exitCode !== null) throw new Error(`${s.name} exited with code ${s.child.exitCode}; see ${s.log}`);
      const ok = await fetch(`${s.url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > end) throw new Error(`${s.name} not ready after ${timeoutMs} ms; see ${s.log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function stopServices(services) {
  await Promise.all(
    services.map(
      (s) =>
        new Promise((resolve) => {
          if (s.child.exitCode !== null) return resolve();
          const t = setTimeout(() => s.child.kill('SIGKILL'), 20000);
          s.child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          s.child.kill('SIGTERM');
        }),
    ),
  );
}

module.exports = { startServices, waitReady, stopServices, discoverServices };
