import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

// Which stack the integration tier runs on: deploy/local unless VERITY_STACK says otherwise, and
// testcontainers only where a Docker engine itself answers (a `docker` binary is not enough).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chooseStack, dockerEngine, dockerEndpoint } = require('../scripts/stack-choice.cjs');

type Engine = { ok: boolean; where: string; why?: string };

/** A fake Docker engine on a unix socket: answers GET /_ping with `status` and `body`. */
async function fakeEngine(status: number, body: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
  const socketPath = path.join(dir, 'docker.sock');
  const pings: string[] = [];
  const server = http.createServer((req, res) => {
    pings.push(`${req.method} ${req.url}`);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>((r) => server.listen(socketPath, r));
  return {
    env: { DOCKER_HOST: `unix://${socketPath}` },
    pings,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('stack choice (VERITY_STACK)', () => {
  it('is deploy/local when unset, empty or `local`, whatever Docker says', () => {
    const engine: Engine = { ok: true, where: 'unix:///var/run/docker.sock' };
    for (const v of [undefined, '', ' ', 'local']) expect(chooseStack(v, engine).kind).toBe('local');
    expect(chooseStack(undefined, undefined).kind).toBe('local');
    expect(chooseStack('external', undefined).kind).toBe('external');
  });

  it('is testcontainers only where the engine answered, and otherwise says why, naming the setting', () => {
    expect(chooseStack('testcontainers', { ok: true, where: 'tcp://d:2375' })).toMatchObject({ kind: 'testcontainers', note: expect.stringContaining('tcp://d:2375') });
    expect(() => chooseStack('testcontainers', { ok: false, where: 'unix:///var/run/docker.sock', why: 'ENOENT' })).toThrow(
      /VERITY_STACK=testcontainers needs a Docker engine.*unix:\/\/\/var\/run\/docker\.sock \(ENOENT\)/,
    );
    expect(() => chooseStack('docker', undefined)).toThrow(/VERITY_STACK="docker": must be one of local, external, testcontainers/);
  });

  it('asks the engine itself (GET /_ping), not the docker binary', async () => {
    const up = await fakeEngine(200, 'OK');
    try {
      await expect(dockerEngine(up.env)).resolves.toMatchObject({ ok: true, where: up.env.DOCKER_HOST });
      expect(up.pings).toEqual(['GET /_ping']);
    } finally {
      await up.close();
    }
    const broken = await fakeEngine(500, 'daemon is starting');
    try {
      await expect(dockerEngine(broken.env)).resolves.toMatchObject({ ok: false, why: expect.stringContaining('500') });
    } finally {
      await broken.close();
    }
    // No engine behind the socket (our CI machines): not a Docker machine.
    await expect(dockerEngine({ DOCKER_HOST: `unix://${path.join(os.tmpdir(), 'no-such-engine.sock')}` })).resolves.toMatchObject({ ok: false, why: 'ENOENT' });
  });

  it('reads DOCKER_HOST as unix:// or tcp:// and refuses anything else', () => {
    expect(dockerEndpoint({})).toMatchObject({ socketPath: '/var/run/docker.sock' });
    expect(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2376' })).toMatchObject({ host: '10.0.0.5', port: 2376 });
    expect(dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' }).error).toMatch(/neither unix:\/\/ nor tcp:\/\//);
  });
});
