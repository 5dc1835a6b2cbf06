// deploy/k8s/migrate-once.cjs (the migration Job's entry point): waits for a service to answer
// /healthz (its migrations run before it listens), stops it cleanly, and fails naming the service
// when it exits early or never comes up. A small stand-in process plays the service.
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS deploy script
const { migrateOne } = require(path.join(__dirname, '../deploy/k8s/migrate-once.cjs')) as {
  migrateOne: (
    name: string,
    opts: {
      command: [string, string[]];
      port: number;
      timeoutMs: number;
      log: (m: string) => void;
    },
  ) => Promise<void>;
};

const port = 39_000 + (process.pid % 500);
/** Listens after `delayMs` (as a service does after its migrations), answers /healthz, exits 0 on SIGTERM. */
const standIn = (delayMs: number): [string, string[]] => [
  process.execPath,
  [
    '-e',
    `setTimeout(() => {
       const s = require('node:http').createServer((q, r) => { r.statusCode = q.url === '/healthz' ? 200 : 404; r.end(); });
       s.listen(Number(process.env.PORT), process.env.HOST);
       process.on('SIGTERM', () => process.exit(0));
     }, ${delayMs});`,
  ],
];

describe('migrate-once', () => {
  it('waits until the service is healthy, then stops it and reports it migrated', async () => {
    const logs: string[] = [];
    const started = Date.now();
    await migrateOne('quality', {
      command: standIn(800),
      port,
      timeoutMs: 20_000,
      log: (m) => logs.push(m),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(logs).toEqual(['[migrate] quality: schema up to date']);
    // The port is free again: the process is gone.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);

  it('fails naming the service when it exits before it is healthy (a failed migration)', async () => {
    await expect(
      migrateOne('export', {
        command: [process.execPath, ['-e', 'process.exit(3)']],
        port,
        timeoutMs: 20_000,
        log: () => undefined,
      }),
    ).rejects.toThrow(/^export: exited \(code 3/);
  }, 30_000);

  it('fails naming the service when it does not come up in time, and kills it', async () => {
    await expect(
      migrateOne('gateway', {
        command: standIn(60_000),
        port,
        timeoutMs: 1500,
        log: () => undefined,
      }),
    ).rejects.toThrow(/^gateway: not healthy within 1500 ms/);
  }, 30_000);
});
