import http from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { serviceAudience, verifyJwt } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process against the real stack, with quality- and prelabel-service doubles:
// suspending / reinstating an annotator (people only, project managers and quality analysts of
// the project, admins) and the models report's query string.

/** Test double of an upstream: records what reached it, answers canned JSON. */
class UpstreamDouble {
  readonly received: { method: string; url: string; authorization?: string; body: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      this.received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const run = uniqueName('gw-qdash');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';

let app: INestApplication;
let base: string;
let quality: UpstreamDouble;
let prelabel: UpstreamDouble;

async function call<T = Record<string, unknown>>(method: string, path: string, opts: { token?: string; apiKey?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as T };
}

async function signIn(email: string): Promise<string> {
  const r = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

let admin: string;
let pm: { id: string; token: string };
let qa: { id: string; token: string };
let annotator: { id: string; token: string };
let outsider: { id: string; token: string };
let projectId: string;

beforeAll(async () => {
  quality = new UpstreamDouble();
  prelabel = new UpstreamDouble();
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    QUALITY_URL: await quality.start(),
    PRELABEL_URL: await prelabel.start(),
    UPSTREAM_TIMEOUT_MS: '3000',
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  admin = await signIn(adminEmail);
  const person = async (name: string, roles: string[]) => {
    const email = `${name}-${run}@it.verity`;
    const r = await call<{ id: string }>('POST', '/v1/users', { token: admin, body: { email, displayName: name, password, roles } });
    expect(r.status).toBe(201);
    return { id: r.body.id, token: await signIn(email) };
  };
  pm = await person('pm', ['project_manager']);
  qa = await person('qa', ['quality_analyst']);
  annotator = await person('annotator', ['annotator']);
  outsider = await person('outsider', ['project_manager']);
  const p = await call<{ id: string }>('POST', '/v1/projects', { token: pm.token, body: { name: `Dashboards ${run}`, contentTypes: ['text'] } });
  expect(p.status).toBe(201);
  projectId = p.body.id;
  expect((await call('PUT', `/v1/projects/${projectId}/members/${qa.id}`, { token: pm.token, body: { roles: ['quality_analyst'] } })).status).toBe(200);
  expect((await call('PUT', `/v1/projects/${projectId}/members/${annotator.id}`, { token: pm.token, body: { roles: ['annotator'] } })).status).toBe(200);
}, 120000);

afterAll(async () => {
  await app?.close();
  await quality?.stop();
  await prelabel?.stop();
});

describe('POST /v1/projects/{projectId}/annotators/{annotatorId}/suspend | reinstate', () => {
  it('forwards a project manager’s or quality analyst’s call to quality with the body, as the caller', async () => {
    const before = quality.received.length;
    const s = await call('POST', `/v1/projects/${projectId}/annotators/${annotator.id}/suspend`, { token: pm.token, body: { reason: 'rushing' } });
    expect(s.status).toBe(200);
    expect(s.body).toEqual({ ok: true });
    const r = await call('POST', `/v1/projects/${projectId}/annotators/${annotator.id}/reinstate`, { token: qa.token, body: {} });
    expect(r.status).toBe(200);
    const got = quality.received.slice(before);
    expect(got.map((g) => `${g.method} ${g.url} ${g.body}`)).toEqual([
      `POST /v1/projects/${projectId}/annotators/${annotator.id}/suspend {"reason":"rushing"}`,
      `POST /v1/projects/${projectId}/annotators/${annotator.id}/reinstate {}`,
    ]);
    expect(verifyJwt(got[0]!.authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('quality'))).toMatchObject({ sub: pm.id });
    expect(verifyJwt(got[1]!.authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('quality'))).toMatchObject({ sub: qa.id });
    // An admin needs no membership.
    expect((await call('POST', `/v1/projects/${projectId}/annotators/${annotator.id}/suspend`, { token: admin, body: { reason: 'x' } })).status).toBe(200);
  });

  it('refuses everyone else, forwarding nothing: 401, 403 for an API key or a member without the role, 404 for a non-member', async () => {
    const key = await call<{ token: string }>('POST', '/v1/api-keys', { token: admin, body: { name: `reader ${run}`, roles: ['consumer'], projectIds: [projectId] } });
    expect(key.status).toBe(201);
    const path = `/v1/projects/${projectId}/annotators/${annotator.id}/suspend`;
    const body = { reason: 'x' };
    const before = quality.received.length;
    expect((await call('POST', path, { body })).status).toBe(401);
    expect((await call('POST', path, { apiKey: key.body.token, body })).status).toBe(403);
    expect((await call('POST', path, { token: annotator.token, body })).status).toBe(403);
    expect((await call('POST', path, { token: outsider.token, body })).status).toBe(404);
    expect((await call('POST', `/v1/projects/${projectId}/annotators/bad%20id/suspend`, { token: pm.token, body })).status).toBe(404);
    expect(quality.received.length).toBe(before);
  });

  it('is in the OpenAPI document', async () => {
    const r = await call<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(r.body.paths).toHaveProperty(['/v1/projects/{projectId}/annotators/{annotatorId}/suspend', 'post']);
    expect(r.body.paths).toHaveProperty(['/v1/projects/{projectId}/annotators/{annotatorId}/reinstate', 'post']);
    expect(JSON.stringify(r.body)).toContain('#/components/schemas/AnnotatorSuspension');
  });
});

describe('GET /v1/projects/{projectId}/prelabel/models', () => {
  it('forwards the query string (buckets, bucketMs)', async () => {
    const before = prelabel.received.length;
    const r = await call('GET', `/v1/projects/${projectId}/prelabel/models?buckets=5&bucketMs=3600000`, { token: qa.token });
    expect(r.status).toBe(200);
    expect(prelabel.received.slice(before).map((g) => `${g.method} ${g.url}`)).toEqual([`GET /v1/projects/${projectId}/prelabel/models?buckets=5&bucketMs=3600000`]);
  });
});
