import path from 'node:path';
import net from 'node:net';
import { ChildProcess, spawn } from 'node:child_process';
import { eventually } from '@verity/testing';

// The gateway as a user runs it: a real process against the real local stack.
const root = path.resolve(__dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function startGateway(env: NodeJS.ProcessEnv) {
  let output = '';
  const child = spawn(process.execPath, [path.join(root, 'scripts/run-ts.cjs'), 'services/gateway/src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}

describe('gateway service', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    running?.kill('SIGKILL');
    running = undefined;
  });

  it('answers /healthz and /readyz with Kafka, Postgres and S3 checked, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const gw = startGateway({ ...process.env, PORT: String(port) });
    running = gw.child;
    const base = `http://127.0.0.1:${port}`;
    const health = await eventually(
      `gateway to listen (output: ${gw.output().slice(-500)})`,
      async () => {
        const r = await fetch(`${base}/healthz`).catch(() => undefined);
        return r?.ok ? r.json() : undefined;
      },
      60000,
      250,
    );
    expect(health).toEqual({ status: 'ok' });

    const ready = await fetch(`${base}/readyz`);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(ready.status).toBe(200);
    expect(body.status).toBe('ready');
    for (const part of ['kafka', 'postgres', 's3']) expect(body.checks[part].ok).toBe(true);

    gw.child.kill('SIGTERM');
    const exit = await gw.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    running = undefined;
  });

  it('does not start when a dependency is unreachable, and says which', async () => {
    const deadPort = await freePort();
    const gw = startGateway({ ...process.env, PORT: String(await freePort()), S3_ENDPOINT: `http://127.0.0.1:${deadPort}` });
    running = gw.child;
    const exit = await gw.exited;
    expect(exit.code).toBe(1);
    expect(gw.output()).toMatch(/failed to start/);
    expect(gw.output()).toMatch(new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1:${deadPort}`));
  });

  it('refuses to start without a required setting, naming it', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    env.KAFKA_BROKERS = 'not-a-broker-list';
    const gw = startGateway(env);
    const exit = await gw.exited;
    expect(exit.code).toBe(78);
    expect(gw.output()).toMatch(/DATABASE_URL: is required but not set/);
    expect(gw.output()).toMatch(/KAFKA_BROKERS: every broker must be host:port/);
  });
});
