import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { serviceAudience, verifyJwt } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { parseRange } from '@verity/storage';
import { uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process (real Postgres for people; Kafka, S3 for readiness) forwarding the two
// media routes to a test double of the assignment / adjudication services that serves a real
// file with byte ranges the way they do. What is checked: Range/If-Range reach the upstream,
// status, bytes and media headers come back, the body streams, the header timeout does not cut
// a long body, redirects are refused, and the gateway's own safety headers are forced.

const wav = fs.readFileSync(path.resolve(__dirname, '../../../demo/data/media/speech.wav'));
const UPSTREAM_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
  'content-security-policy': "default-src 'none'; sandbox",
};

/** Serves `wav` at /v1/tasks/:id/media and /v1/adjudications/:id/media like the services do. */
class MediaServiceDouble {
  readonly received: { url: string; authorization?: string; range?: string; ifRange?: string }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private later(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
  private readonly server = http.createServer((req, res) => {
    this.received.push({ url: req.url!, authorization: req.headers.authorization, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined });
    const id = /^\/v1\/(?:tasks|adjudications)\/([^/]+)\/media$/.exec(req.url!)?.[1];
    if (id === 'redirect') {
      res.writeHead(302, { location: 'http://example.com/' }).end();
      return;
    }
    if (id === 'html') {
      res.writeHead(200, { 'content-type': 'text/html', 'x-secret': 'leak', 'set-cookie': 'a=b' }).end('<script>alert(1)</script>');
      return;
    }
    if (id === 'slow-body') {
      // Headers at once, then the body over 1.5 s: longer than the gateway's 1 s header timeout.
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(wav.length), ...UPSTREAM_HEADERS });
      res.write(wav.subarray(0, 1000));
      this.later(() => res.write(wav.subarray(1000, 2000)), 700);
      this.later(() => res.end(wav.subarray(2000)), 1500);
      return;
    }
    if (id === 'slow-headers') {
      this.later(() => res.writeHead(200, { 'content-type': 'audio/wav' }).end('late'), 2500);
      return;
    }
    if (id !== 't-1' && id !== 'r-1') {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end('{"statusCode":404,"message":"task media not found"}');
      return;
    }
    const wanted = parseRange(req.headers['if-range'] && req.headers['if-range'] !== '"v1"' ? undefined : req.headers.range, wav.length);
    const base = { 'content-type': 'audio/wav', 'accept-ranges': 'bytes', etag: '"v1"', ...UPSTREAM_HEADERS };
    if (wanted.kind === 'unsatisfiable') {
      res.writeHead(416, { ...base, 'content-range': `bytes */${wav.length}`, 'content-length': '0' }).end();
    } else if (wanted.kind === 'partial') {
      const { start, end } = wanted;
      res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${wav.length}`, 'content-length': String(end - start + 1) }).end(wav.subarray(start, end + 1));
    } else {
      res.writeHead(200, { ...base, 'content-length': String(wav.length) }).end(wav);
    }
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    for (const t of this.timers) clearTimeout(t);
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const run = uniqueName('gwmedia');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';
let app: INestApplication;
let base: string;
const assignment = new MediaServiceDouble();
const adjudication = new MediaServiceDouble();
let annotator: { id: string; token: string };

async function json(method: string, p: string, body: unknown, token?: string) {
  const r = await fetch(`${base}${p}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as Record<string, string> };
}

beforeAll(async () => {
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    ASSIGNMENT_URL: await assignment.start(),
    ADJUDICATION_URL: await adjudication.start(),
    UPSTREAM_TIMEOUT_MS: '1000',
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const admin = await json('POST', '/v1/auth/token', { email: adminEmail, password });
  expect(admin.status).toBe(200);
  const email = `annotator-${run}@it.verity`;
  const created = await json('POST', '/v1/users', { email, displayName: 'annotator', password, roles: ['annotator'] }, admin.body.accessToken);
  expect(created.status).toBe(201);
  const token = await json('POST', '/v1/auth/token', { email, password });
  annotator = { id: created.body.id!, token: token.body.accessToken! };
}, 120000);

afterAll(async () => {
  await app?.close();
  await assignment.stop();
  await adjudication.stop();
});

const get = (p: string, headers: Record<string, string> = {}, token: string | null = annotator.token) =>
  fetch(`${base}${p}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
const bytesOf = async (r: Response) => Buffer.from(await r.arrayBuffer());
const MEDIA_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'cache-control', 'content-disposition', 'x-content-type-options', 'content-security-policy', 'etag'];
const headersOf = (r: Response) => Object.fromEntries(MEDIA_HEADERS.map((k) => [k, r.headers.get(k)]));

describe('media forwarding (streaming)', () => {
  it('forwards a ranged request as the caller and returns the same 206 bytes and media headers', async () => {
    for (const [double, p] of [
      [assignment, '/v1/tasks/t-1/media'],
      [adjudication, '/v1/adjudications/r-1/media'],
    ] as const) {
      const before = double.received.length;
      const r = await get(p, { range: 'bytes=100-1099' });
      expect(r.status).toBe(206);
      expect(headersOf(r)).toEqual({
        'content-type': 'audio/wav',
        'content-length': '1000',
        'content-range': `bytes 100-1099/${wav.length}`,
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-store',
        'content-disposition': null,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        etag: '"v1"',
      });
      expect((await bytesOf(r)).equals(wav.subarray(100, 1100))).toBe(true);
      const got = double.received.slice(before);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ url: p, range: 'bytes=100-1099' });
      expect(verifyJwt(got[0]!.authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience(double === assignment ? 'assignment' : 'adjudication'))).toMatchObject({ sub: annotator.id, roles: ['annotator'] });
    }
  });

  it('passes If-Range along, answers 200 whole without Range and 416 when unsatisfiable', async () => {
    const whole = await get('/v1/tasks/t-1/media');
    expect([whole.status, whole.headers.get('accept-ranges'), whole.headers.get('content-length')]).toEqual([200, 'bytes', String(wav.length)]);
    expect((await bytesOf(whole)).equals(wav)).toBe(true);
    const stale = await get('/v1/tasks/t-1/media', { range: 'bytes=0-9', 'if-range': '"v0"' });
    expect(stale.status).toBe(200);
    expect(assignment.received.at(-1)).toMatchObject({ range: 'bytes=0-9', ifRange: '"v0"' });
    await stale.arrayBuffer();
    const fresh = await get('/v1/tasks/t-1/media', { range: 'bytes=0-9', 'if-range': '"v1"' });
    expect(fresh.status).toBe(206);
    expect((await bytesOf(fresh)).equals(wav.subarray(0, 10))).toBe(true);
    const none = await get('/v1/tasks/t-1/media', { range: `bytes=${wav.length}-` });
    expect([none.status, none.headers.get('content-range')]).toEqual([416, `bytes */${wav.length}`]);
  });

  it('streams: the first bytes arrive before the upstream finished, and the header timeout does not cut a long body', async () => {
    const started = Date.now();
    const r = await get('/v1/tasks/slow-body/media');
    expect(r.status).toBe(200);
    const reader = r.body!.getReader();
    const first = await reader.read();
    expect(Date.now() - started).toBeLessThan(600); // the upstream sends the rest 0.7 s and 1.5 s later
    const chunks = [Buffer.from(first.value!)];
    for (let c = await reader.read(); !c.done; c = await reader.read()) chunks.push(Buffer.from(c.value));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400); // longer than UPSTREAM_TIMEOUT_MS = 1000
    expect(Buffer.concat(chunks).equals(wav)).toBe(true);
  });

  it('keeps the forwarding rules: upstream errors pass through, headers timeout → 504, redirect → 502, ids restricted, people only', async () => {
    const missing = await get('/v1/tasks/t-404/media');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await missing.json()).toMatchObject({ message: 'task media not found' });
    expect((await get('/v1/tasks/slow-headers/media')).status).toBe(504);
    expect((await get('/v1/tasks/redirect/media')).status).toBe(502);
    const n = assignment.received.length;
    expect((await get('/v1/tasks/a%2F..%2Fb/media')).status).toBe(404);
    expect((await get('/v1/tasks/t-1/media', {}, null)).status).toBe(401);
    expect(assignment.received.length).toBe(n);
  });

  it('never lets the upstream serve something runnable or leak other headers', async () => {
    const r = await get('/v1/adjudications/html/media');
    expect(r.status).toBe(200);
    expect(headersOf(r)).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(r.headers.get('x-secret')).toBeNull();
    expect(r.headers.get('set-cookie')).toBeNull();
    await r.arrayBuffer();
  });
});
