import 'reflect-metadata';
import { createHmac, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { type Role, signJwt, signServiceToken } from '@verity/auth';
import {
  AdjudicationReason,
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  newEnvelope,
  QuestionKind,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { sampleDecision } from '../services/export/test/support/decisions';
import { fill, paramsOf, routesOf, serviceNames, startInProcess, type ServiceRoute } from './support/service-routes';

// Issue 12: authorization holds at every door. People of project A (annotator, expert, analyst,
// manager; with generous global roles, so only membership can stop them) and forged or stolen
// credentials call every route that takes an id, with ids of project B and of B's objects, both
// through the gateway and on each service's own port. Every cell must be refused (401, 403 or
// 404) and none may change a row of B or publish an event about B. Routes are read from the
// services' Nest modules, so a new route is in the matrix without editing this test. The
// services run in this process (each its own Nest app on its own port, built as its main.ts
// builds it): one compile instead of seven keeps the suite short.

const password = 'correct horse battery staple';
const REFUSED = [401, 403, 404];
/** Services that keep a membership copy (every one with a route taking an id). */
const ACCESS_SCHEMAS = ['adjudication', 'assignment', 'export', 'ingestion', 'prelabel', 'quality'];
const SCHEMAS = ['gateway', ...ACCESS_SCHEMAS];
/** Topics an HTTP route can cause events on. */
const TAPPED = [TOPICS.projects, TOPICS.annotations, TOPICS.decisions, TOPICS.annotators, TOPICS.releases, TOPICS.tasks, TOPICS.adjudications];

/** A valid labeling-function definition for B's question (prelabel checks it against B's task). */
const lfBody = { question_id: 'q1', kind: 'keywords', keywords: ['matrix'], votes: 'yes' };
/** A Label Studio config matching B's ontology (q1: yes / no). */
const lsConfig = '<View><Text name="text" value="$text"/><Choices name="q1" toName="text"><Choice value="yes"/><Choice value="no"/></Choices></View>';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('authorization matrix: every route × every caller who must be refused', () => {
  const env = stackEnv();
  const run = uniqueName('authz');
  const secret = process.env.JWT_SECRET!;
  const apps: INestApplication[] = [];
  const url: Record<string, string> = {};
  let kafka: Kafka;
  let producer: EventProducer;
  let taps: TopicTap[] = [];
  let db: Client;
  const people: Record<string, { id: string; roles: Role[]; token: string }> = {};
  const ids: Record<string, string> = {};

  const call = async (base: string, method: string, p: string, headers: Record<string, string> = {}, body?: unknown) => {
    const h = { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    const r = await fetch(`${base}${p}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      /* media or text */
    }
    return { status: r.status, body: parsed as Record<string, unknown> };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const gw = (method: string, p: string, token: string, body?: unknown) => call(url.gateway!, method, p, bearer(token), body);

  /** Row counts and hashes of project B's rows in every service's tables (and B's people in the gateway's). */
  const snapshotOfB = async (): Promise<Record<string, string>> => {
    const tables = await db.query<{ table_schema: string; table_name: string }>(
      `SELECT c.table_schema, c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
       WHERE c.table_schema = ANY($1) AND c.column_name = 'project_id' ORDER BY 1, 2`,
      [SCHEMAS],
    );
    const out: Record<string, string> = {};
    for (const { table_schema: s, table_name: t } of tables.rows) {
      const r = await db.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM "${s}"."${t}" x WHERE project_id = $1`,
        [ids.projectB],
      );
      out[`${s}.${t}`] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
    }
    const users = await db.query<{ h: string }>(`SELECT md5(string_agg(u::text, '|' ORDER BY u.id)) AS h FROM gateway.users u WHERE u.id = ANY($1)`, [
      [people.bManager!.id, people.bAnnotator!.id],
    ]);
    out['gateway.users (B)'] = users.rows[0]!.h;
    const project = await db.query<{ h: string }>(`SELECT md5(p::text) AS h FROM gateway.projects p WHERE p.id = $1`, [ids.projectB]);
    out['gateway.projects (B)'] = project.rows[0]!.h;
    return out;
  };

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) throw new Error(`run this test on Node 22, not ${process.version}`);
    const serviceEnv = { ...process.env, ASSIGNMENT_TASK_SOURCE: 'tasks', KAFKA_CLIENT_ID: undefined };
    for (const name of ACCESS_SCHEMAS) {
      const started = await startInProcess(name, serviceEnv);
      apps.push(started.app);
      url[name] = started.url;
    }
    const upstreams = Object.fromEntries(ACCESS_SCHEMAS.map((name) => [`${name.toUpperCase()}_URL`, url[name]]));
    const gateway = await startInProcess('gateway', { ...serviceEnv, ...upstreams });
    apps.push(gateway.app);
    url.gateway = gateway.url;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    kafka = createKafka({ brokers: env.brokers, clientId: `authz-${run}` });
    producer = new EventProducer(kafka, protobufCodec, 'authz-test');
    await producer.connect();

    const admin = (await call(url.gateway!, 'POST', '/v1/auth/token', {}, { email: process.env.BOOTSTRAP_ADMIN_EMAIL, password: process.env.BOOTSTRAP_ADMIN_PASSWORD })).body
      .accessToken as string;
    // Project A's people hold every global role their project role could need, so that only
    // membership stands between them and project B.
    const accounts: Record<string, Role[]> = {
      annotator: ['annotator'],
      expert: ['quality_analyst', 'annotator'],
      analyst: ['quality_analyst'],
      manager: ['project_manager', 'quality_analyst', 'annotator'],
      bManager: ['project_manager'],
      bAnnotator: ['annotator'],
    };
    for (const [name, roles] of Object.entries(accounts)) {
      const email = `${name}-${run}@it.verity`;
      const r = await gw('POST', '/v1/users', admin, { email, displayName: name, password, roles });
      expect(r.status).toBe(201);
      const token = (await call(url.gateway!, 'POST', '/v1/auth/token', {}, { email, password })).body.accessToken as string;
      people[name] = { id: r.body.id as string, roles, token };
    }
    const project = async (owner: string, name: string) => {
      const r = await gw('POST', '/v1/projects', people[owner]!.token, { name: `${name} ${run}`, contentTypes: ['text'], filter: { sources: [`${run}-${name}`] } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    ids.projectA = await project('manager', 'A');
    ids.projectB = await project('bManager', 'B');
    const members: [string, string, string[]][] = [
      [ids.projectA, 'annotator', ['annotator']],
      [ids.projectA, 'expert', ['quality_analyst', 'annotator']],
      [ids.projectA, 'analyst', ['quality_analyst']],
      [ids.projectA, 'manager', ['project_manager', 'quality_analyst', 'annotator']],
      [ids.projectB, 'bAnnotator', ['annotator']],
    ];
    for (const [projectId, who, roles] of members) {
      const owner = projectId === ids.projectA ? 'manager' : 'bManager';
      expect((await gw('PUT', `/v1/projects/${projectId}/members/${people[who]!.id}`, people[owner]!.token, { roles })).status).toBe(200);
    }
    // Every service's membership copy holds both projects' final member lists.
    await eventually('the services copied A and B with their members', async () => {
      const r = await db.query<{ n: number }>(
        ACCESS_SCHEMAS.map((s) => `SELECT count(*)::int AS n FROM "${s}".project_access WHERE project_id = ANY($1)`).join(' UNION ALL '),
        [[ids.projectA, ids.projectB]],
      );
      return r.rows.every((x) => x.n === 6) ? true : undefined;
    }, 120000, 500);

    // B's objects: a task leased by B's annotator, an adjudication request, a label and a release.
    const q = { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'yes', label: 'Yes', description: '' }, { optionId: 'no', label: 'No', description: '' }], required: true, contentTypes: [] };
    ids.itemId = uuidv7();
    ids.questionId = 'q1';
    await producer.publish(
      TOPICS.tasks,
      createEvent(TOPICS.tasks, {
        envelope: newEnvelope({ producer: 'decomposition', projectId: ids.projectB }),
        task: { taskId: uuidv7(), itemId: ids.itemId, projectId: ids.projectB, questionId: 'q1', ontologyVersion: 1, question: q, contentType: ContentType.TEXT, language: 'en', requiredSkills: [], answersRequired: 1, priority: 0, maskedText: `B's text ${run}`, guidelines: '' },
      }),
    );
    const lease = await eventually('B’s annotator leases B’s task', async () => {
      const r = await gw('POST', `/v1/projects/${ids.projectB}/tasks/next`, people.bAnnotator!.token);
      return r.status === 200 ? r.body : undefined;
    }, 120000, 500);
    ids.taskId = lease.taskId as string;
    ids.leaseId = lease.leaseId as string;
    ids.requestId = uuidv7();
    await producer.publish(
      TOPICS.adjudications,
      createEvent(TOPICS.adjudications, {
        envelope: newEnvelope({ producer: 'quality', projectId: ids.projectB, spec: TOPICS.adjudications }),
        requestId: ids.requestId,
        taskId: uuidv7(),
        itemId: ids.itemId,
        questionId: 'q1',
        ontologyVersion: 1,
        reasons: [AdjudicationReason.LOW_AGREEMENT],
        detail: 'disagreement',
        answers: [
          { annotationId: uuidv7(), annotatorId: people.bAnnotator!.id, source: AnswerSource.HUMAN, answer: { value: { case: 'choice', value: { optionIds: ['yes'] } } }, reliability: 0.8, timeSpentMs: 1000n },
        ],
        proposedLabel: 'yes',
        maskedText: `B's text ${run}`,
      }),
    );
    const decision = sampleDecision(ids.itemId, 'q1', 'yes', new Date());
    decision.envelope!.projectId = ids.projectB;
    await producer.publish(TOPICS.decisions, decision);
    // Adjudication holds the request, export the label, and prelabel has learnt it from labels.v1.
    await eventually('adjudication, export and prelabel hold B’s request and label', async () => {
      const r = await db.query(
        `SELECT 1 FROM adjudication.requests WHERE request_id = $1
         UNION ALL SELECT 1 FROM export.label_versions WHERE item_id = $2
         UNION ALL SELECT 1 FROM prelabel.labels WHERE item_id = $2`,
        [ids.requestId, ids.itemId],
      );
      return r.rowCount === 3 ? true : undefined;
    }, 120000, 500);
    const release = await gw('POST', `/v1/projects/${ids.projectB}/releases`, people.bManager!.token, { name: `B ${run}` });
    expect(release.status).toBe(201);
    ids.releaseId = release.body.releaseId as string;
    // A labeling function of B (prelabel), created through the gateway: the LF routes' cells aim at it.
    ids.lfId = 'b-keywords';
    const lf = await gw('POST', `/v1/projects/${ids.projectB}/prelabel/labeling-functions`, people.bManager!.token, { ...lfBody, id: ids.lfId });
    expect([lf.status, lf.body.id]).toEqual([201, ids.lfId]);

    // B's rows settle (every consumer done) before the matrix: unchanged over three seconds.
    let last = '';
    let still = 0;
    await eventually('project B’s rows are still', async () => {
      const now = JSON.stringify(await snapshotOfB());
      still = now === last ? still + 1 : 0;
      last = now;
      return still >= 3 ? true : undefined;
    }, 90000, 1000);
    taps = await Promise.all(TAPPED.map((t) => new TopicTap(kafka, t.name).start()));
  }, 600000);

  afterAll(async () => {
    await Promise.all(taps.map((t) => t.stop()));
    await producer?.disconnect();
    await db?.end();
    for (const app of apps.reverse()) await app.close();
  }, 60000);

  /** Values of project B (and its objects) for every path parameter a route may take. */
  const valueOf = (): Record<string, string> => ({
    projectId: ids.projectB!,
    taskId: ids.taskId!,
    requestId: ids.requestId!,
    releaseId: ids.releaseId!,
    otherId: ids.releaseId!,
    name: 'manifest.json',
    itemId: ids.itemId!,
    questionId: ids.questionId!,
    annotatorId: people.bAnnotator!.id,
    userId: people.bManager!.id,
    keyId: '0123456789ab',
    version: '1',
    a: '1',
    b: '1',
    topic: TOPICS.projects.name,
    erasureId: uuidv7(),
    lfId: ids.lfId!,
  });

  /** A body that would be valid where the route takes one: refusals must not depend on a bad body. */
  const bodyFor = (route: Pick<ServiceRoute, 'method' | 'path'>): unknown => {
    if (route.method === 'GET' || route.method === 'DELETE') return undefined;
    if (route.path.endsWith('/submit')) return { leaseId: ids.leaseId, answer: { choice: { optionIds: ['yes'] } }, timeSpentMs: 1000 };
    if (route.path.endsWith('/skip')) return { leaseId: ids.leaseId, reason: 'not mine' };
    if (route.path.endsWith('/verdict')) return { label: 'yes', answer: { choice: { optionIds: ['yes'] } }, rationale: 'x' };
    if (route.path.endsWith('/suspend') || route.path.endsWith('/escalate')) return { reason: 'matrix' };
    if (route.path.includes('/members/')) return { roles: ['project_manager'] };
    if (route.path.includes('/labeling-functions')) return { ...lfBody, id: route.method === 'POST' ? 'matrix-new' : ids.lfId };
    // Label Studio import (gateway) and the imported work it forwards (prelabel, assignment): valid for B's question q1.
    if (route.path.endsWith('/imports/label-studio')) return { tasks: [{ id: 1, data: { text: 'matrix' }, predictions: [{ model_version: 'm', result: [{ from_name: 'q1', to_name: 'text', type: 'choices', value: { choices: ['yes'] } }] }] }], config: lsConfig };
    if (route.path.endsWith('/imported-prelabels')) return { prelabels: [{ source: 'matrix', sourceId: '1', questionId: 'q1', optionIds: ['yes'], modelVersion: 'm' }] };
    if (route.path.endsWith('/imported-answers'))
      return { answers: [{ source: 'matrix', sourceId: '1', questionId: 'q1', annotatorId: 'label-studio:1', optionIds: ['yes'], submittedAt: new Date().toISOString(), externalId: '1' }] };
    return {};
  };

  /** Credentials that must never be accepted, for a door that takes people's tokens (gateway) or only its own (`service`). */
  const forged = (service?: string): Record<string, Record<string, string>> => {
    const aud = service ? `verity:${service}` : 'verity';
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: people.manager!.id, roles: ['admin'], iat: now, exp: now + 300, iss: 'verity', aud };
    const h = b64({ alg: 'HS256', typ: 'JWT' });
    const wrongKey = `${h}.${b64(claims)}`;
    const expired = service
      ? signServiceToken({ kind: 'user', id: people.manager!.id, roles: ['admin'] }, service, secret, { now: Date.now() - 3600_000 })
      : signJwt({ sub: people.manager!.id, roles: ['admin'] }, secret, 60, Date.now() - 3600_000);
    const cases: Record<string, Record<string, string>> = {
      'no token': {},
      'expired token': bearer(expired),
      'alg none': bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`),
      'wrong key': bearer(`${wrongKey}.${createHmac('sha256', randomBytes(32)).update(wrongKey).digest('base64url')}`),
    };
    if (service) {
      cases["a person's token"] = bearer(people.manager!.token);
      cases["another service's token (admin)"] = bearer(signServiceToken({ kind: 'user', id: people.manager!.id, roles: ['admin'] }, service === 'export' ? 'quality' : 'export', secret));
      cases['an API key'] = { 'x-api-key': `vk_0123456789ab_${'x'.repeat(32)}` };
    }
    return cases;
  };

  const A_PEOPLE = ['annotator', 'expert', 'analyst', 'manager'];

  it('lists every route of every service, and only id-less routes are public', () => {
    const all = serviceNames().flatMap(routesOf);
    const publicWithIds = all.filter((r) => r.public && paramsOf(r.path).length > 0).map((r) => `${r.service} ${r.method} ${r.path}`);
    // The gateway's public routes with a parameter serve its own static files (API docs), never project data.
    expect(publicWithIds).toEqual(['gateway GET /docs/:file']);
    expect(all.filter((r) => r.service !== 'gateway' && !r.public).length).toBeGreaterThan(30);
  });

  it('positive controls: B’s manager reaches B on each service’s port with the gateway’s token for it', async () => {
    const bm = people.bManager!;
    const principal = { kind: 'user' as const, id: bm.id, roles: bm.roles };
    for (const [service, p] of [
      ['export', `/v1/projects/${ids.projectB}/releases`],
      ['quality', `/v1/projects/${ids.projectB}/quality`],
      ['prelabel', `/v1/projects/${ids.projectB}/prelabel/costs`],
      ['ingestion', `/v1/projects/${ids.projectB}/stats`],
      ['assignment', `/v1/projects/${ids.projectB}/stats`],
    ] as const) {
      const r = await call(url[service]!, 'GET', p, bearer(signServiceToken(principal, service, secret)));
      expect([service, r.status]).toEqual([service, 200]);
    }
    expect((await gw('GET', `/v1/projects/${ids.projectB}/quality`, bm.token)).status).toBe(200);
  });

  it('refuses every cell, through the gateway and on every service’s port, and changes nothing of B', async () => {
    const before = await snapshotOfB();
    const values = valueOf();
    const cells: { door: string; caller: string; method: string; path: string; headers: Record<string, string>; body: unknown }[] = [];
    const all = serviceNames().flatMap(routesOf).filter((r) => !r.public);
    for (const route of all) {
      if (route.service === 'gateway' && paramsOf(route.path).length === 0) continue; // takes no id: nothing of B to reach
      const base = url[route.service];
      if (!base) throw new Error(`${route.service} has routes taking ids but is not started by this test`);
      const p = fill(route.path, values, `${route.service} ${route.method} ${route.path}`);
      const callers: Record<string, Record<string, string>> = { ...forged(route.service === 'gateway' ? undefined : route.service) };
      for (const who of A_PEOPLE) {
        const person = people[who]!;
        callers[`${who} of A`] =
          route.service === 'gateway' ? bearer(person.token) : bearer(signServiceToken({ kind: 'user', id: person.id, roles: person.roles }, route.service, secret));
      }
      for (const [caller, headers] of Object.entries(callers)) {
        cells.push({ door: route.service, caller, method: route.method, path: p, headers, body: bodyFor(route) });
      }
    }
    const wrong: string[] = [];
    const queue = [...cells];
    // A few cells at a time: every call is independent, and the suite stays short.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const r = await call(url[c.door]!, c.method, c.path, c.headers, c.body);
          if (!REFUSED.includes(r.status)) wrong.push(`${c.door} ${c.method} ${c.path} as ${c.caller}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
        }
      }),
    );
    wrong.sort();
    expect(wrong).toEqual([]);
    expect(cells.length).toBeGreaterThan(500);

    // Nothing of B changed, and no event about B was published.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await snapshotOfB()).toEqual(before);
    const aboutB = taps.flatMap((tap, i) =>
      tap.records
        .map((rec) => decodeEvent(TAPPED[i] as never, rec.value) as { envelope?: { projectId?: string } })
        .filter((e) => e.envelope?.projectId === ids.projectB)
        .map(() => TAPPED[i]!.name),
    );
    expect(aboutB).toEqual([]);
  }, 240000);
});
