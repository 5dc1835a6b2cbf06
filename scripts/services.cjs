// Starts every service under services/*/src/main.ts as a child process on the local stack,
// logs to .local/logs/<service>.log, and waits for each /readyz. Used by the demo.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// Fixed local ports, gateway first (the one users call).
const ORDER = ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'];
const DEFAULT_BASE_PORT = Number(process.env.VERITY_BASE_PORT || 8080);

function discoverServices() {
  const found = fs
    .readdirSync(path.join(root, 'services'))
    .filter((d) => fs.existsSync(path.join(root, 'services', d, 'src/main.ts')));
  return [...ORDER.filter((s) => found.includes(s)), ...found.filter((s) => !ORDER.includes(s)).sort()];
}

function portOf(name, basePort) {
  const i = ORDER.indexOf(name);
  return basePort + (i >= 0 ? i : ORDER.length + 1);
}

/** opts: { names?: string[] (default: every service), basePort?: number, env?: object, logSuffix?: string } */
function startServices(opts = {}) {
  const basePort = opts.basePort ?? DEFAULT_BASE_PORT;
  const logs = path.join(path.resolve(root, process.env.VERITY_LOCAL_DIR || '.local'), 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const names = opts.names ?? discoverServices();
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${portOf(n, basePort)}`]));
  const extraEnv = opts.env ?? {};
  const upstream = (name) => (urls[name] ? { [`${name.toUpperCase()}_URL`]: urls[name] } : {});
  const children = names.map((name) => {
    const log = path.join(logs, `${name}${opts.logSuffix ?? ''}.log`);
    const out = fs.openSync(log, 'a');
    const child = spawn(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), `services/${name}/src/main.ts`], {
      cwd: root,
      env: {
        // The platform's path: decomposition → prelabel → assignment (overridable, e.g. `tasks`
        // for a run without the prelabel service).
        ASSIGNMENT_TASK_SOURCE: 'prelabels',
        ...process.env,
        PORT: String(portOf(name, basePort)),
        ...upstream('assignment'),
        ...upstream('adjudication'),
        ...upstream('quality'),
        ...upstream('prelabel'),
        ...upstream('export'),
        ...upstream('ingestion'),
        ...extraEnv,
      },
      stdio: ['ignore', out, out],
    });
    return { name, child, url: urls[name], log };
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
