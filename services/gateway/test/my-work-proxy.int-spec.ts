import http from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { Kafka, logLevel } from 'kafkajs';
import { serviceAudience, verifyJwt } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { decodeEvent, ProjectEvent, TOPICS } from '@verity/contracts';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { TopicTap } from '@verity/messaging';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process against the real stack, with a quality-service double: the
// showAnnotatorAccuracy policy flag (PATCH, GET, projects.v1) and the "my work" forwarding.

/** Test double of the quality service: records what reached it, answers canned JSON. */
class QualityDouble {
  readonly received: { method: string; url: string; authorization?: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    this.received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ answers: [], nextCursor: null, accuracy: null }));
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const run = uniqueName('gw-mywork');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';

let app: INestApplication;
let base: string;
let quality: QualityDouble;
let kafka: Kafka;

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
let pm: string;
let annotator: { id: string; token: string };
let projectId: string;

beforeAll(async () => {
  quality = new QualityDouble();
  const qualityUrl = await quality.start();
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
    QUALITY_URL: qualityUrl,
    UPSTREAM_TIMEOUT_MS: '3000',
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  kafka = new Kafka({ brokers: stackEnv().brokers, clientId: `it-${run}`, logLevel: logLevel.NOTHING });

  admin = await signIn(adminEmail);
  const person = async (name: string, roles: string[]) => {
    const email = `${name}-${run}@it.verity`;
    const r = await call<{ id: string }>('POST', '/v1/users', { token: admin, body: { email, displayName: name, password, roles } });
    expect(r.status).toBe(201);
    return { id: r.body.id, token: await signIn(email) };
  };
  pm = (await person('pm', ['project_manager'])).token;
  annotator = await person('annotator', ['annotator']);
  const p = await call<{ id: string; policy: Record<string, unknown> }>('POST', '/v1/projects', { token: pm, body: { name: `My work ${run}`, contentTypes: ['text'] } });
  expect(p.status).toBe(201);
  projectId = p.body.id;
  expect(p.body.policy.showAnnotatorAccuracy).toBe(false); // off by default
  expect((await call('PUT', `/v1/projects/${projectId}/members/${annotator.id}`, { token: pm, body: { roles: ['annotator'] } })).status).toBe(200);
}, 120000);

afterAll(async () => {
  await app?.close();
  await quality?.stop();
});

describe('policy: showAnnotatorAccuracy', () => {
  it('is set through PATCH like the other policy fields, shown by GET and carried on projects.v1', async () => {
    const tap = await new TopicTap(kafka, TOPICS.projects.name).start();
    try {
      const patched = await call<{ policy: Record<string, unknown> }>('PATCH', `/v1/projects/${projectId}`, { token: pm, body: { policy: { showAnnotatorAccuracy: true } } });
      expect(patched.status).toBe(200);
      expect(patched.body.policy).toMatchObject({ showAnnotatorAccuracy: true, answersPerTask: 3 });
      const got = await call<{ policy: Record<string, unknown> }>('GET', `/v1/projects/${projectId}`, { token: annotator.token });
      expect(got.body.policy.showAnnotatorAccuracy).toBe(true);
      // Another patch that does not name it keeps it.
      expect((await call('PATCH', `/v1/projects/${projectId}`, { token: pm, body: { policy: { answersPerTask: 2 } } })).status).toBe(200);
      expect((await call<{ policy: Record<string, unknown> }>('GET', `/v1/projects/${projectId}`, { token: pm })).body.policy.showAnnotatorAccuracy).toBe(true);
      const bad = await call<{ errors: { field: string }[] }>('PATCH', `/v1/projects/${projectId}`, { token: pm, body: { policy: { showAnnotatorAccuracy: 'yes' } } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e) => e.field)).toEqual(['policy.showAnnotatorAccuracy']);

      const snapshots = await eventually('both snapshots on projects.v1', () => {
        // The creation snapshot is relayed by the outbox asynchronously and may land after the tap
        // started; it is the only one with the flag off, so the patches' snapshots follow it.
        const mine = tap.records
          .map((r) => decodeEvent(TOPICS.projects, r.value) as ProjectEvent)
          .filter((e) => e.project?.projectId === projectId && e.project.policy?.showAnnotatorAccuracy === true);
        return mine.length >= 2 ? mine : undefined;
      }, 60000);
      expect(snapshots.map((e) => [e.project!.policy!.showAnnotatorAccuracy, e.project!.policy!.answersPerTask])).toEqual([
        [true, 3],
        [true, 2],
      ]);
      expect(snapshots[0].envelope!.schemaVersion).toBe(TOPICS.projects.schemaVersion);
    } finally {
      await tap.stop();
    }
  });
});

describe('GET /v1/projects/{projectId}/my-work', () => {
  it('is forwarded to quality for a person, query string kept, as the caller (gateway-signed token)', async () => {
    const before = quality.received.length;
    const r = await call('GET', `/v1/projects/${projectId}/my-work?limit=20&after=abc_-1`, { token: annotator.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ answers: [], nextCursor: null, accuracy: null });
    const got = quality.received.slice(before);
    expect(got.map((g) => `${g.method} ${g.url}`)).toEqual([`GET /v1/projects/${projectId}/my-work?limit=20&after=abc_-1`]);
    const forwarded = verifyJwt(got[0].authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('quality'));
    expect(forwarded).toMatchObject({ sub: annotator.id, roles: ['annotator'] });
    expect(forwarded.exp - forwarded.iat).toBeLessThanOrEqual(60);
  });

  it('refuses API keys (403) and missing credentials (401), forwarding nothing', async () => {
    const key = await call<{ token: string }>('POST', '/v1/api-keys', { token: admin, body: { name: `reader ${run}`, roles: ['consumer'], projectIds: [projectId] } });
    expect(key.status).toBe(201);
    const before = quality.received.length;
    expect((await call('GET', `/v1/projects/${projectId}/my-work`, { apiKey: key.body.token })).status).toBe(403);
    expect((await call('GET', `/v1/projects/${projectId}/my-work`)).status).toBe(401);
    expect(quality.received.length).toBe(before);
  });

  it('is in the OpenAPI document', async () => {
    const r = await call<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(r.body.paths).toHaveProperty(['/v1/projects/{projectId}/my-work', 'get']);
    const doc = JSON.stringify(r.body);
    for (const name of ['MyWork', 'MyWorkAnswer', 'CheckAccuracy']) expect(doc).toContain(`#/components/schemas/${name}`);
  });
});
