// The migration Job's entry point (manifests/02-migrate-job.yaml): brings each named service's
// schema up to date, one service after another, then exits 0. Services migrate while they start
// (libs/persistence openDataSource) and answer /healthz only after, so each is started on
// loopback, waited for until /healthz answers, and stopped with SIGTERM (a clean stop).
// Exits non-zero, naming the service, when one exits early or does not come up in time.
//   node deploy/k8s/migrate-once.cjs gateway ingestion …
const { spawn } = require('node:child_process');

const PORT = Number(process.env.MIGRATE_PORT ?? 3999);
const TIMEOUT_MS = Number(process.env.MIGRATE_TIMEOUT_MS ?? 180_000);

/** The command starting one service (the image's way; see the Dockerfile's CMD). */
const serviceCommand = (name) => [
  process.execPath,
  ['-r', '@swc-node/register', `services/${name}/src/main.ts`],
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(2000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts `command`, waits for /healthz on `port`, stops it. Resolves when it has exited cleanly. */
async function migrateOne(
  name,
  { command = serviceCommand(name), port = PORT, timeoutMs = TIMEOUT_MS, log = console.log } = {},
) {
  const [file, args] = command;
  const child = spawn(file, args, {
    env: { ...process.env, SERVICE_NAME: name, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let early;
  exited.then((e) => (early = e));
  const deadline = Date.now() + timeoutMs;
  while (!early && !(await healthy(port))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(
        `${name}: not healthy within ${timeoutMs} ms, so its migrations may not have run`,
      );
    }
    await sleep(500);
  }
  if (early)
    throw new Error(
      `${name}: exited (code ${early.code}, signal ${early.signal}) before it was healthy; its log above says why`,
    );
  child.kill('SIGTERM');
  const end = await exited;
  if (end.code !== 0 && end.signal !== 'SIGTERM')
    throw new Error(`${name}: migrated, but stopped with code ${end.code}`);
  log(`[migrate] ${name}: schema up to date`);
}

async function main(names) {
  if (names.length === 0) {
    console.error('usage: node deploy/k8s/migrate-once.cjs <service>…');
    process.exit(2);
  }
  for (const name of names) await migrateOne(name);
}

module.exports = { migrateOne };
if (require.main === module)
  main(process.argv.slice(2)).catch((err) => {
    console.error(`[migrate] ${err.message}`);
    process.exit(1);
  });
