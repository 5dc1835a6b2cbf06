import { signJwt } from '@verity/auth';
import { assertValidKey, ObjectStore, sha256Hex } from '@verity/storage';
import { VerityClient } from '@verity/sdk';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { FaultPlatform, isUp } from './support/fault-platform';

// Faults 8 and 9: resource limits and path traversal, against real processes. Oversized bodies,
// out-of-range `limit`s and deeply nested JSON get 400/413 naming the field, through the gateway
// and on services' own ports, and the services stay up. Hostile strings (`../`, absolute paths,
// NUL) in everything a user supplies that could reach an S3 key leave no key outside its prefix:
// the test lists the bucket afterwards.
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
const HOSTILE = ['../../../etc/passwd', '/etc/passwd', '..', 'a/../../b', 'x\u0000y', '..\\..\\win'];

describe('fault: hostile input (resource limits, path traversal)', () => {
  const platform = new FaultPlatform({
    basePort: 20500,
    logSuffix: '.fault-hostile',
    names: ['gateway', 'ingestion', 'assignment', 'export'],
    // Texts longer than 16 bytes are stored in S3 (content-addressed) rather than inline.
    env: { CONTENT_BATCH_MAX_BYTES: String(256 * 1024), CONTENT_BATCH_MAX_LINES: '50', INGESTION_INLINE_MAX_BYTES: '16' },
  });
  const run = uniqueName('hostile');
  let admin: VerityClient;
  let token: string;

  const send = async (url: string, method: string, body?: string, contentType = 'application/json') => {
    const res = await fetch(url, { method, headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
    const text = await res.text();
    let json: { message?: string; errors?: { field: string; reason: string }[] } = {};
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON: the assertions below say so */
    }
    return { status: res.status, body: json, text };
  };
  const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    await platform.start();
    admin = await VerityClient.signIn(platform.gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    const signIn = await fetch(`${platform.gateway}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: process.env.BOOTSTRAP_ADMIN_EMAIL, password: process.env.BOOTSTRAP_ADMIN_PASSWORD }),
    });
    token = ((await signIn.json()) as { accessToken: string }).accessToken;
  }, 360000);
  afterAll(() => platform.stop(), 60000);

  it('limits: oversized payload and batch → 413, bad limit → 400 naming limit, deep nesting → 400 naming body', async () => {
    const gw = platform.gateway;
    const big = await send(`${gw}/v1/content`, 'POST', JSON.stringify({ source: run, sourceId: 'big', contentType: 'text', text: 'x'.repeat(512 * 1024 + 1) }));
    expect(big.status).toBe(413);
    expect(big.text).toMatch(/text/);

    const line = JSON.stringify({ source: run, sourceId: 'b', contentType: 'text', text: 'y'.repeat(1000) });
    const batch = await send(`${gw}/v1/content:batch`, 'POST', Array(400).fill(line).join('\n'), 'application/x-ndjson');
    expect(batch.status).toBe(413);
    expect(fields(batch)).toEqual(['body']);
    const lines = await send(`${gw}/v1/content:batch`, 'POST', Array(60).fill(line.slice(0, 200) + '"}').join('\n'), 'application/x-ndjson');
    expect([400, 413]).toContain(lines.status);
    expect(lines.text).toMatch(/line/);

    for (const limit of ['-1', '1000000000', '1e9', 'abc']) {
      const r = await send(`${gw}/v1/users?limit=${limit}`, 'GET');
      expect({ limit, status: r.status, fields: fields(r) }).toEqual({ limit, status: 400, fields: ['limit'] });
    }
    const project = await admin.createProject({ name: `Hostile ${run}`, contentTypes: ['text'], filter: { sources: [run] } });
    for (const limit of ['-1', '1000000000']) {
      const r = await send(`${gw}/v1/projects/${project.id}/releases?limit=${limit}`, 'GET');
      expect({ limit, status: r.status, fields: fields(r) }).toEqual({ limit, status: 400, fields: ['limit'] });
    }

    const deep = await send(`${gw}/v1/projects`, 'POST', `{"name":${nested(100000)}}`);
    expect(deep.status).toBe(400);
    expect(fields(deep)).toEqual(['body']);
    // On the services' own ports: the same parser, before any guard.
    for (const name of ['ingestion', 'assignment', 'export']) {
      const url = `${platform.url(name)}/v1/projects/${project.id}/releases`;
      const d = await send(url, 'POST', nested(5000));
      expect({ name, status: d.status, fields: fields(d) }).toEqual({ name, status: 400, fields: ['body'] });
      const o = await send(url, 'POST', JSON.stringify({ name: 'z'.repeat(2 * 1024 * 1024) }));
      expect({ name, status: o.status, fields: fields(o) }).toEqual({ name, status: 413, fields: ['body'] });
    }
    for (const p of platform.procs) expect(await isUp(p.url)).toBe(true);
  }, 120000);

  it('path traversal: no hostile id, name or key puts an object outside its prefix', async () => {
    const env = stackEnv();
    const store = new ObjectStore(env.s3);
    const gw = platform.gateway;
    const before = new Set((await store.listAll('')).map((e) => e.key));

    // A payload key that leaves its folder is refused at the edge, naming the field (a NUL
    // anywhere in a body is refused by the body parser already, naming the body).
    for (const key of HOSTILE) {
      const r = await send(`${gw}/v1/content`, 'POST', JSON.stringify({ source: run, sourceId: 'ref', contentType: 'image', payloadRef: { key, sha256: 'a'.repeat(64), size: 1 } }));
      const field = key.includes('\u0000') ? 'body' : 'payloadRef.key';
      expect({ key, status: r.status, fields: fields(r) }).toEqual({ key, status: 400, fields: [field] });
    }
    // Hostile source ids reach ingestion, which stores the text content-addressed: its key names no id.
    const project = await admin.createProject({ name: `Traversal ${run}`, contentTypes: ['text'], filter: { sources: [run] } });
    const texts = HOSTILE.map((_, i) => `hostile ${run} ${i}`);
    for (const [i, sourceId] of HOSTILE.entries()) {
      const r = await send(`${gw}/v1/content`, 'POST', JSON.stringify({ source: run, sourceId, contentType: 'text', text: texts[i] }));
      expect([202, 400]).toContain(r.status);
    }
    const accepted = texts.filter((_, i) => !HOSTILE[i]!.includes('\u0000'));
    await eventually('the hostile-id content stored by ingestion', async () => {
      const heads = await Promise.all(accepted.map((t) => store.head(`ingestion/masked/sha256/${sha256Hex(t)}`)));
      return heads.every(Boolean) ? true : undefined;
    }, 120000, 1000);

    // Hostile project ids on export's own port and through the gateway; a hostile release name.
    const exportToken = signJwt({ sub: 'fault-admin', roles: ['admin'] }, process.env.JWT_SECRET!, 3600);
    for (const id of HOSTILE) {
      const direct = await fetch(`${platform.url('export')}/v1/projects/${encodeURIComponent(id)}/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${exportToken}` },
        body: '{}',
      });
      expect({ id, status: direct.status >= 400 && direct.status < 500 }).toEqual({ id, status: true });
      const viaGateway = await send(`${gw}/v1/projects/${encodeURIComponent(id)}/releases`, 'POST', '{}');
      expect({ id, status: viaGateway.status >= 400 && viaGateway.status < 500 }).toEqual({ id, status: true });
    }
    const release = await send(`${gw}/v1/projects/${project.id}/releases`, 'POST', JSON.stringify({ name: '../../../escape' }));
    expect([201, 202, 400, 409]).toContain(release.status);

    // The bucket afterwards: every new key is a valid key under a known prefix, no hostile part in it.
    const added = await eventually('the release files listed', async () => {
      const keys = (await store.listAll('')).map((e) => e.key).filter((k) => !before.has(k));
      return release.status >= 400 || keys.some((k) => k.startsWith(`releases/${project.id}/`)) ? keys : undefined;
    }, 60000, 1000);
    expect(added.length).toBeGreaterThanOrEqual(accepted.length);
    // Other runs on the shared stack write too: every new key must be valid and free of the
    // hostile parts; this project's keys must sit in its own release folder.
    for (const key of added) {
      expect(() => assertValidKey(key)).not.toThrow();
      expect(key).not.toMatch(/passwd|escape|win|\.\./);
      if (key.includes(project.id)) expect(key.startsWith(`releases/${project.id}/`)).toBe(true);
    }
    if (release.status < 300) expect(added.filter((k) => k.startsWith(`releases/${project.id}/`)).length).toBeGreaterThan(0);
    for (const p of platform.procs) expect(await isUp(p.url)).toBe(true);
  }, 240000);
});
