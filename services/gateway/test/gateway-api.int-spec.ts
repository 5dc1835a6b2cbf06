import { readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { Kafka, logLevel } from 'kafkajs';
import { serviceAudience, signJwt, verifyJwt } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { ContentEvent, ContentType, decodeEvent, ProjectChange, ProjectEvent, ProjectRole, QuestionKind, RelabelPolicy, TOPICS } from '@verity/contracts';
import { eventually, readTopic, stackEnv, uniqueName } from '@verity/testing';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process against the real stack (Kafka, Postgres, S3), driven over HTTP.

/** Test double of the assignment service: records what reached it and answers canned JSON. */
/** Test double of an upstream service (assignment, export…): records what reached it, answers canned JSON. */
class UpstreamServiceDouble {
  constructor(private readonly name: string) {}
  readonly received: { method: string; url: string; authorization?: string; body: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      this.received.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ taskId: 't-1', from: `${this.name}-double` }));
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

const run = uniqueName('gw');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const adminPassword = 'correct horse battery staple';
const TEXT_MAX = 4096;

let app: INestApplication;
let base: string;
let assignment: UpstreamServiceDouble;
let exporter: UpstreamServiceDouble;
let prelabel: UpstreamServiceDouble;
let kafka: Kafka;

interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
}

async function call<T = Record<string, unknown>>(method: string, path: string, opts: { token?: string; apiKey?: string; body?: unknown; raw?: string; type?: string } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = opts.type ?? 'application/json';
  const r = await fetch(`${base}${path}`, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: body as T };
}

async function token(email: string, password: string): Promise<string> {
  const r = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status).toBe(200);
  return r.body.accessToken;
}

async function person(adminToken: string, name: string, roles: string[]): Promise<{ id: string; token: string }> {
  const email = `${name}-${run}@it.verity`;
  const r = await call<{ id: string }>('POST', '/v1/users', { token: adminToken, body: { email, displayName: name, password: adminPassword, roles } });
  expect(r.status).toBe(201);
  return { id: r.body.id, token: await token(email, adminPassword) };
}

const yesNo = [
  { id: 'yes', label: 'Yes' },
  { id: 'no', label: 'No' },
];
const ontologyV1 = {
  guidelines: { text: 'Label spam.', examples: [{ content: 'BUY NOW', questionId: 'spam', answer: { choice: ['yes'] } }] },
  questions: [
    { id: 'spam', type: 'single_choice', prompt: 'Is it spam?', options: yesNo },
    { id: 'kind', type: 'multiple_choice', prompt: 'Which kind?', options: [{ id: 'ad', label: 'Ad' }, { id: 'scam', label: 'Scam' }], condition: { questionId: 'spam', anyOf: ['yes'] } },
  ],
};

let admin: string;
let pm: { id: string; token: string };
let annotator: { id: string; token: string };
let projectA: string;
let projectB: string;

beforeAll(async () => {
  assignment = new UpstreamServiceDouble('assignment');
  const assignmentUrl = await assignment.start();
  exporter = new UpstreamServiceDouble('export');
  const exportUrl = await exporter.start();
  prelabel = new UpstreamServiceDouble('prelabel');
  const prelabelUrl = await prelabel.start();
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    ASSIGNMENT_URL: assignmentUrl,
    EXPORT_URL: exportUrl,
    PRELABEL_URL: prelabelUrl,
    UPSTREAM_TIMEOUT_MS: '3000',
    CONTENT_TEXT_MAX_BYTES: String(TEXT_MAX),
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  kafka = new Kafka({ brokers: stackEnv().brokers, clientId: `it-${run}`, logLevel: logLevel.NOTHING });

  // The operator's bootstrap admin exists (created or its password reset) whatever the table held.
  const adminToken = await call<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email: adminEmail, password: adminPassword } });
  expect(adminToken.status).toBe(200);
  admin = adminToken.body.accessToken;
  pm = await person(admin, 'pm', ['project_manager']);
  annotator = await person(admin, 'annotator', ['annotator']);
  const a = await call<{ id: string }>('POST', '/v1/projects', { token: pm.token, body: { name: `A ${run}`, contentTypes: ['text'] } });
  const b = await call<{ id: string }>('POST', '/v1/projects', { token: pm.token, body: { name: `B ${run}`, contentTypes: ['text'] } });
  expect([a.status, b.status]).toEqual([201, 201]);
  projectA = a.body.id;
  projectB = b.body.id;
  const m = await call('PUT', `/v1/projects/${projectA}/members/${annotator.id}`, { token: pm.token, body: { roles: ['annotator'], skills: ['spam'], languages: ['en'] } });
  expect(m.status).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await assignment?.stop();
  await exporter?.stop();
  await prelabel?.stop();
});

describe('auth', () => {
  it('issues a token for a valid user, and /v1/me shows the account', async () => {
    const me = await call<{ email: string; roles: string[] }>('GET', '/v1/me', { token: annotator.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: `annotator-${run}@it.verity`, roles: ['annotator'] });
  });

  it('refuses a wrong password and an unknown e-mail with the same generic 401', async () => {
    const wrong = await call('POST', '/v1/auth/token', { body: { email: `annotator-${run}@it.verity`, password: 'not the password' } });
    const unknown = await call('POST', '/v1/auth/token', { body: { email: `nobody-${run}@it.verity`, password: 'whatever' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe('invalid e-mail or password');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('refuses an expired JWT', async () => {
    const expired = signJwt({ sub: annotator.id, roles: ['annotator'] }, secret, 60, Date.now() - 3600_000);
    const r = await call('GET', '/v1/me', { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/expired/);
  });

  it('refuses a wrong API key and a revoked one; accepts a live one', async () => {
    const created = await call<{ id: string; token: string }>('POST', '/v1/api-keys', { token: admin, body: { name: `probe ${run}`, roles: ['consumer'] } });
    expect(created.status).toBe(201);
    expect((await call('GET', '/v1/me', { apiKey: created.body.token })).status).toBe(200);
    // Same key id, another secret (the secret may itself contain '_': build it, do not edit it).
    const wrongSecret = `${created.body.token.slice(0, 'vk_'.length + 12)}_${'A'.repeat(32)}`;
    expect((await call('GET', '/v1/me', { apiKey: wrongSecret })).status).toBe(401);
    expect((await call('GET', '/v1/me', { apiKey: 'vk_000000000000_' + 'B'.repeat(32) })).status).toBe(401);
    const listed = await call<{ apiKeys: Record<string, unknown>[] }>('GET', '/v1/api-keys', { token: admin });
    const mine = listed.body.apiKeys.find((k) => k.id === created.body.id)!;
    expect(mine).toBeDefined();
    // The whole secret (everything after `vk_<id>_`; it may itself contain '_') is never listed.
    const secret = created.body.token.slice('vk_'.length + 12 + 1);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect((await call('DELETE', `/v1/api-keys/${created.body.id}`, { token: admin })).status).toBe(200);
    expect((await call('GET', '/v1/me', { apiKey: created.body.token })).status).toBe(401);
  });

  it('forbids an annotator an admin endpoint (403)', async () => {
    expect((await call('GET', '/v1/users', { token: annotator.token })).status).toBe(403);
    expect((await call('POST', '/v1/api-keys', { token: annotator.token, body: { name: 'x', roles: ['producer'] } })).status).toBe(403);
  });

  it('refuses a deactivated person new tokens', async () => {
    const gone = await person(admin, 'leaver', ['annotator']);
    expect((await call('POST', `/v1/users/${gone.id}/deactivate`, { token: admin })).status).toBe(200);
    const r = await call('POST', '/v1/auth/token', { body: { email: `leaver-${run}@it.verity`, password: adminPassword } });
    expect(r.status).toBe(401);
  });
});

describe('access', () => {
  it("gives an annotator of project A 404 for project B's details, members and ontologies, and leaves B out of the list", async () => {
    expect((await call('GET', `/v1/projects/${projectA}`, { token: annotator.token })).status).toBe(200);
    for (const path of [`/v1/projects/${projectB}`, `/v1/projects/${projectB}/members`, `/v1/projects/${projectB}/ontologies`, `/v1/projects/${projectB}/ontologies/1`]) {
      const r = await call('GET', path, { token: annotator.token });
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
    }
    const guessed = await call('GET', `/v1/projects/01a00000-0000-7000-8000-000000000000`, { token: annotator.token });
    expect(guessed.status).toBe(404);
    const list = await call<{ projects: { id: string }[] }>('GET', '/v1/projects', { token: annotator.token });
    const ids = list.body.projects.map((p) => p.id);
    expect(ids).toContain(projectA);
    expect(ids).not.toContain(projectB);
  });

  it('gives a member without the project role 403 (annotator editing project A)', async () => {
    expect((await call('PATCH', `/v1/projects/${projectA}`, { token: annotator.token, body: { name: 'mine now' } })).status).toBe(403);
    expect((await call('POST', `/v1/projects/${projectA}/ontologies`, { token: annotator.token, body: ontologyV1 })).status).toBe(403);
  });

  it('names every faulty policy field in a 400', async () => {
    const r = await call<{ errors: { field: string }[] }>('POST', '/v1/projects', {
      token: pm.token,
      body: { name: 'bad', contentTypes: ['text', 'pdf'], policy: { answersPerTask: 0, honeypotRate: 1.5, routing: { matchLanguage: 'yes' } } },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.field).sort()).toEqual(['contentTypes.1', 'policy.answersPerTask', 'policy.honeypotRate', 'policy.routing.matchLanguage']);
  });
});

describe('ontologies', () => {
  const bad = async (questions: unknown[]) => {
    const r = await call<{ message: string; errors: { field: string; reason: string }[] }>('POST', `/v1/projects/${projectB}/ontologies`, { token: pm.token, body: { questions } });
    expect(r.status).toBe(400);
    return r.body;
  };

  it('refuses invalid ontologies with a 400 naming the fault', async () => {
    expect((await bad([{ id: 'q1', type: 'rating', prompt: 'Stars?', options: yesNo }])).errors).toEqual([
      { field: 'questions.0.type', reason: expect.stringContaining('unknown question type "rating"') },
    ]);
    expect((await bad([{ id: 'q1', type: 'free_text', prompt: 'Why?', condition: { questionId: 'q0', anyOf: ['yes'] } }])).errors).toEqual([
      { field: 'questions.0.condition.questionId', reason: expect.stringContaining('"q0", which does not exist') },
    ]);
    expect((await bad([{ id: 'q1', type: 'single_choice', prompt: 'A', options: [...yesNo, { id: 'yes', label: 'Yes!' }] }])).errors).toEqual([
      { field: 'questions.0.options.2.id', reason: 'duplicate option id "yes" in question "q1"' },
    ]);
    const cycle = await bad([
      { id: 'q1', type: 'single_choice', prompt: 'A', options: yesNo, condition: { questionId: 'q2', anyOf: ['yes'] } },
      { id: 'q2', type: 'single_choice', prompt: 'B', options: yesNo, condition: { questionId: 'q1', anyOf: ['yes'] } },
    ]);
    expect(cycle.message).toMatch(/condition cycle: q1 → q2 → q1/);
  });

  it('makes a published version immutable (409) and requires a relabel policy for v2', async () => {
    const v1 = await call<{ version: number; status: string }>('POST', `/v1/projects/${projectB}/ontologies`, { token: pm.token, body: ontologyV1 });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, status: 'draft' });
    expect((await call('PUT', `/v1/projects/${projectB}/ontologies/1`, { token: pm.token, body: ontologyV1 })).status).toBe(200);
    expect((await call('POST', `/v1/projects/${projectB}/ontologies/1/publish`, { token: pm.token, body: {} })).status).toBe(200);
    const edit = await call('PUT', `/v1/projects/${projectB}/ontologies/1`, { token: pm.token, body: ontologyV1 });
    expect(edit.status).toBe(409);
    expect(edit.body.message).toMatch(/immutable/);

    const v2 = await call<{ version: number }>('POST', `/v1/projects/${projectB}/ontologies`, { token: pm.token, body: ontologyV1 });
    expect(v2.body.version).toBe(2);
    const noPolicy = await call<{ errors: { field: string }[] }>('POST', `/v1/projects/${projectB}/ontologies/2/publish`, { token: pm.token, body: {} });
    expect(noPolicy.status).toBe(400);
    expect(noPolicy.body.errors[0].field).toBe('relabelPolicy');
    const ok = await call('POST', `/v1/projects/${projectB}/ontologies/2/publish`, { token: pm.token, body: { relabelPolicy: 'relabel' } });
    expect(ok.status).toBe(200);
    const project = await call('GET', `/v1/projects/${projectB}`, { token: pm.token });
    expect(project.body).toMatchObject({ currentOntologyVersion: 2, currentRelabelPolicy: 'relabel' });
  });
});

describe('projects.v1', () => {
  it('announces create, member added and ontology published as complete snapshots with increasing revisions', async () => {
    const v = await call('POST', `/v1/projects/${projectA}/ontologies`, { token: pm.token, body: ontologyV1 });
    expect(v.status).toBe(201);
    expect((await call('POST', `/v1/projects/${projectA}/ontologies/1/publish`, { token: pm.token, body: {} })).status).toBe(200);

    const events = await eventually('three snapshots of project A on projects.v1', async () => {
      const all = await readAll(TOPICS.projects.name);
      const mine = all.map((r) => decodeEvent(TOPICS.projects, r.value) as ProjectEvent).filter((e) => e.project?.projectId === projectA);
      return mine.length >= 3 ? mine : undefined;
    }, 60000, 1000);
    const revisions = events.map((e) => Number(e.project!.revision));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(events[0].change).toBe(ProjectChange.CREATED);

    const latest = events[events.length - 1];
    expect(latest.envelope?.projectId).toBe(projectA);
    expect(latest.change).toBe(ProjectChange.ONTOLOGY_PUBLISHED);
    expect(latest.ontologyPublished).toMatchObject({ ontologyVersion: 1, relabelPolicy: RelabelPolicy.KEEP });
    expect(latest.ontologyPublished?.previousVersion).toBeUndefined();
    const p = latest.project!;
    expect(p.policy).toMatchObject({ answersPerTask: 3, leaseSeconds: 900 });
    expect(p.currentOntology?.version).toBe(1);
    expect(p.currentOntology?.questions.map((q) => [q.questionId, q.kind])).toEqual([
      ['spam', QuestionKind.SINGLE_CHOICE],
      ['kind', QuestionKind.MULTIPLE_CHOICE],
    ]);
    expect(p.currentOntology?.questions[1].condition).toMatchObject({ questionId: 'spam', anyOfOptionIds: ['yes'] });
    expect(p.currentOntology?.guidelines?.examples[0].answer?.value).toMatchObject({ case: 'choice' });
    const members = Object.fromEntries(p.members.map((m) => [m.userId, m]));
    expect(members[pm.id].roles).toEqual([ProjectRole.PROJECT_MANAGER]);
    expect(members[annotator.id]).toMatchObject({ roles: [ProjectRole.ANNOTATOR], skills: ['spam'], languages: ['en'], active: true });
  });
});

describe('content', () => {
  let producerKey: string;
  beforeAll(async () => {
    const k = await call<{ token: string }>('POST', '/v1/api-keys', { token: admin, body: { name: `producer ${run}`, roles: ['producer'] } });
    producerKey = k.body.token;
  });

  it('publishes posted content as a ContentEvent on content.v1', async () => {
    const sourceId = `doc-${run}`;
    const r = await call<{ eventId: string }>('POST', '/v1/content', {
      apiKey: producerKey,
      body: { source: 'it-gateway', sourceId, contentType: 'text', text: 'hello there', language: 'en', tags: ['t1'], metadata: { author: 'x' } },
    });
    expect(r.status).toBe(202);
    const found = await eventually('the content event on content.v1', async () => {
      const all = await readAll(TOPICS.content.name);
      return all.map((rec) => decodeEvent(TOPICS.content, rec.value) as ContentEvent).find((e) => e.sourceId === sourceId);
    }, 60000, 1000);
    expect(found.envelope?.eventId).toBe(r.body.eventId);
    expect(found).toMatchObject({ source: 'it-gateway', contentType: ContentType.TEXT, body: { case: 'text', value: 'hello there' }, language: 'en', tags: ['t1'] });
  });

  it('answers malformed JSON with 400', async () => {
    const r = await call('POST', '/v1/content', { apiKey: producerKey, raw: '{"source": "s", ' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/malformed JSON/);
  });

  it('answers an unknown content type with 400 naming contentType', async () => {
    const r = await call<{ errors: { field: string }[] }>('POST', '/v1/content', { apiKey: producerKey, body: { source: 's', sourceId: '1', contentType: 'hologram', text: 'x' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e) => e.field)).toEqual(['contentType']);
  });

  it('answers oversized text with 413 stating the limit', async () => {
    const r = await call('POST', '/v1/content', { apiKey: producerKey, body: { source: 's', sourceId: '1', contentType: 'text', text: 'a'.repeat(TEXT_MAX + 1) } });
    expect(r.status).toBe(413);
    expect(r.body.message).toContain(`limit is ${TEXT_MAX} bytes`);
  });

  it('forbids an annotator token (403)', async () => {
    const r = await call('POST', '/v1/content', { token: annotator.token, body: { source: 's', sourceId: '1', contentType: 'text', text: 'x' } });
    expect(r.status).toBe(403);
  });

  it('takes JSON lines and reports faulty ones by line number', async () => {
    const lines = [
      JSON.stringify({ source: 'it-gateway', sourceId: `b1-${run}`, contentType: 'text', text: 'one' }),
      '{not json',
      JSON.stringify({ source: 'it-gateway', sourceId: `b3-${run}`, contentType: 'pdf', text: 'three' }),
      JSON.stringify({ source: 'it-gateway', sourceId: `b4-${run}`, contentType: 'text', text: 'four' }),
    ].join('\n');
    const r = await call<{ accepted: { line: number }[]; rejected: { line: number; message: string }[] }>('POST', '/v1/content:batch', {
      apiKey: producerKey,
      raw: lines,
      type: 'application/x-ndjson',
    });
    expect(r.status).toBe(202);
    expect(r.body.accepted.map((a) => a.line)).toEqual([1, 4]);
    expect(r.body.rejected.map((e) => e.line)).toEqual([2, 3]);
    expect(r.body.rejected[1].message).toMatch(/contentType/);
  });
});

describe('OpenAPI', () => {
  it('serves the document with the project and ontology paths and the three security schemes', async () => {
    const r = await call<{ paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } }>('GET', '/openapi.json');
    expect(r.status).toBe(200);
    for (const path of ['/v1/projects', '/v1/projects/{projectId}', '/v1/projects/{projectId}/members/{userId}', '/v1/projects/{projectId}/ontologies', '/v1/projects/{projectId}/ontologies/{version}/publish', '/v1/content']) {
      expect(r.body.paths).toHaveProperty([path]);
    }
    expect(Object.keys(r.body.components.securitySchemes).sort()).toEqual(['api-key', 'bearer', 'session']);
  });

  it('serves the very document the console is typed from (services/console/src/api/openapi.json, built offline)', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(readFileSync(`${__dirname}/../../console/src/api/openapi.json`, 'utf8')));
  });
});

describe('annotator API proxy', () => {
  it('forwards an authenticated request as the caller (a gateway-signed token) and returns the upstream status and body', async () => {
    const before = assignment.received.length;
    const r = await call('POST', `/v1/projects/${projectA}/tasks/next`, { token: annotator.token, body: { want: 1 } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ taskId: 't-1', from: 'assignment-double' });
    const got = assignment.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ method: 'POST', url: `/v1/projects/${projectA}/tasks/next`, body: '{"want":1}' });
    const forwarded = verifyJwt(got[0].authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('assignment'));
    expect(forwarded).toMatchObject({ sub: annotator.id, roles: ['annotator'] });
    expect(forwarded.exp - forwarded.iat).toBeLessThanOrEqual(60);
  });

  it('refuses a request without a token (401) or with an expired one, forwarding nothing', async () => {
    const before = assignment.received.length;
    expect((await call('POST', '/v1/tasks/t-1/submit', { body: { answers: [] } })).status).toBe(401);
    const expired = signJwt({ sub: annotator.id, roles: ['annotator'] }, secret, 60, Date.now() - 3600_000);
    expect((await call('GET', `/v1/projects/${projectA}/tasks/mine`, { token: expired })).status).toBe(401);
    expect(assignment.received.length).toBe(before);
  });
});

describe('releases, audit and prelabel forwarding (membership checked at the gateway)', () => {
  it('forwards a member\'s read, and answers a non-member 404 and a member without the role 403 without forwarding', async () => {
    const before = exporter.received.length;
    const read = await call('GET', `/v1/projects/${projectA}/releases`, { token: annotator.token });
    expect(read.status).toBe(201); // the double's canned status: the request went through
    expect(exporter.received.slice(before).map((r) => r.url)).toEqual([`/v1/projects/${projectA}/releases`]);

    const n = exporter.received.length;
    expect((await call('GET', `/v1/projects/${projectB}/releases`, { token: annotator.token })).status).toBe(404);
    expect((await call('GET', `/v1/projects/${projectB}/labels/i1/q1/audit`, { token: annotator.token })).status).toBe(404);
    expect((await call('POST', `/v1/projects/${projectA}/releases`, { token: annotator.token, body: {} })).status).toBe(403);
    expect(exporter.received.length).toBe(n);
  });

  it('forwards prelabel costs, models and the active-learning selection to the prelabel service for a project manager member', async () => {
    const before = prelabel.received.length;
    expect((await call('GET', `/v1/projects/${projectA}/prelabel/costs`, { token: pm.token })).status).toBe(201);
    expect((await call('GET', `/v1/projects/${projectA}/prelabel/models`, { token: pm.token })).status).toBe(201);
    expect((await call('POST', `/v1/projects/${projectA}/prelabel/active-learning/select`, { token: pm.token })).status).toBe(201);
    const got = prelabel.received.slice(before);
    expect(got.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /v1/projects/${projectA}/prelabel/costs`,
      `GET /v1/projects/${projectA}/prelabel/models`,
      `POST /v1/projects/${projectA}/prelabel/active-learning/select`,
    ]);
    expect(verifyJwt(got[0].authorization!.replace(/^Bearer /, ''), secret, Date.now(), serviceAudience('prelabel'))).toMatchObject({ sub: pm.id, roles: ['project_manager'] });
  });

  it('answers a member without the project role 403 and a non-member 404 for prelabel routes, forwarding nothing', async () => {
    const n = prelabel.received.length;
    expect((await call('GET', `/v1/projects/${projectA}/prelabel/costs`, { token: annotator.token })).status).toBe(403);
    expect((await call('POST', `/v1/projects/${projectA}/prelabel/active-learning/select`, { token: annotator.token })).status).toBe(403);
    expect((await call('GET', `/v1/projects/${projectB}/prelabel/costs`, { token: annotator.token })).status).toBe(404);
    expect(prelabel.received.length).toBe(n);
  });

  it('answers 503 naming a service whose URL is not configured', async () => {
    const r = await call<{ message: string }>('POST', `/v1/projects/${projectA}/adjudications/next`, { token: annotator.token });
    expect(r.status).toBe(503);
    expect(r.body.message).toBe('adjudication service not configured');
  });
});

async function readAll(topic: string) {
  // Read whatever is there now: count=Infinity ends on the timeout, so ask for the topic's size.
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    return total === 0 ? [] : await readTopic(kafka, topic, total, 30000);
  } finally {
    await admin.disconnect();
  }
}
