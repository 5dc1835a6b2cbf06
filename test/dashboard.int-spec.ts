import http from 'node:http';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import {
  AggregationMethod,
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  ModelBackend,
  newEnvelope,
  QuestionKind,
  TOPICS,
  uuidv7,
  type ProjectEvent,
} from '@verity/contracts';
import { signServiceToken } from '@verity/auth';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Issue 11's dashboards on the real stack: gateway, ingestion, assignment and export as real
// processes (the README's way), a prelabel-service test double for its token costs. Content goes
// in through the gateway, tasks arrive on tasks.v1, annotators lease and answer over HTTP,
// decisions.v1 makes labels: then the gateway's progress and cost numbers must equal what the
// services' tables hold and the policy's prices. Then: a failing or slow service leaves its part
// null with a reason; only project managers and quality analysts of the project (and admins) see
// the dashboards.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

interface Started {
  name: string;
  url: string;
}

/** Test double of the prelabel service's costs route: a fixed token bill, or a failure on demand. */
class PrelabelDouble {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  readonly received: { url: string; authorization?: string }[] = [];
  private readonly server = http.createServer((req, res) => {
    this.received.push({ url: req.url!, authorization: req.headers.authorization });
    if (this.mode === 'hang') return; // never answers: the gateway's timeout decides
    if (this.mode === 'fail') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: 'token ledger offline' }));
      return;
    }
    const projectId = /\/v1\/projects\/([^/]+)\/prelabel\/costs/.exec(req.url ?? '')?.[1] ?? '';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        projectId,
        models: [{ purpose: 'drafts', model: 'fake-llm', tasks: 3, calls: 3, promptTokens: 3000, completionTokens: 300, costMicroUsd: 1_500_000, failures: 0 }],
        totalCostMicroUsd: 1_500_000,
        totalCostUsd: 1.5,
      }),
    );
  });
  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const PRICES = { humanPerAnswer: 0.1, humanPerHour: 30, expertPerVerdict: 2, expertPerHour: 90 };
const password = 'correct horse battery staple';

describe('project dashboards (progress, cost) on the real stack', () => {
  const env = stackEnv();
  const run = uniqueName('dash');
  const source = `${run}-source`;
  let services: Started[] = [];
  let failing: Started[] = [];
  let gateway: string;
  let prelabel: PrelabelDouble;
  let slowExport: http.Server;
  let kafka: Kafka;
  let producer: EventProducer;
  let db: Client;
  let projectId: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = async <T = Record<string, unknown>>(base: string, method: string, p: string, opts: { token?: string; apiKey?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.apiKey) headers['x-api-key'] = opts.apiKey;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${base}${p}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  const gw = <T = Record<string, unknown>>(method: string, p: string, opts: { token?: string; apiKey?: string; body?: unknown } = {}) => call<T>(gateway, method, p, opts);
  const signIn = async (email: string, pw = password) => (await gw<{ accessToken: string }>('POST', '/v1/auth/token', { body: { email, password: pw } })).body.accessToken;

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    }
    prelabel = new PrelabelDouble();
    const prelabelUrl = await prelabel.start();
    services = startServices({
      names: ['gateway', 'ingestion', 'assignment', 'export'],
      basePort: 18880,
      logSuffix: '.dashboard',
      env: { ASSIGNMENT_TASK_SOURCE: 'tasks', PRELABEL_URL: prelabelUrl, UPSTREAM_TIMEOUT_MS: '5000' },
    });
    await waitReady(services, 240000);
    const url = Object.fromEntries(services.map((s) => [s.name, s.url]));
    gateway = url.gateway;

    // A second gateway whose ingestion is unreachable and whose export never answers in time.
    slowExport = http.createServer(() => undefined);
    await new Promise<void>((r) => slowExport.listen(0, '127.0.0.1', r));
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    failing = startServices({
      names: ['gateway'],
      basePort: 18900,
      logSuffix: '.dashboard-failing',
      env: {
        ASSIGNMENT_URL: url.assignment,
        EXPORT_URL: `http://127.0.0.1:${(slowExport.address() as AddressInfo).port}`,
        INGESTION_URL: `http://127.0.0.1:${closedPort}`,
        PRELABEL_URL: prelabelUrl,
        UPSTREAM_TIMEOUT_MS: '1500',
      },
    });
    await waitReady(failing, 240000);

    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    kafka = createKafka({ brokers: env.brokers, clientId: `dashboard-${run}` });
    producer = new EventProducer(kafka, protobufCodec, 'dashboard-test');
    await producer.connect();

    const admin = await signIn(process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    tokens.admin = admin;
    for (const [name, roles] of Object.entries({
      pm: ['project_manager'],
      qa: ['quality_analyst'],
      a1: ['annotator'],
      a2: ['annotator'],
      outsider: ['project_manager', 'quality_analyst'],
    })) {
      const email = `${name}-${run}@it.verity`;
      const r = await gw<{ id: string }>('POST', '/v1/users', { token: admin, body: { email, displayName: name, password, roles } });
      expect(r.status).toBe(201);
      ids[name] = r.body.id;
      tokens[name] = await signIn(email);
    }
    const p = await gw<{ id: string; policy: { costs: unknown } }>('POST', '/v1/projects', {
      token: tokens.pm,
      body: {
        name: `Dashboard ${run}`,
        contentTypes: ['text'],
        // A source nobody else sends: ingestion matches this project to the test's content only.
        filter: { sources: [source] },
        policy: { answersPerTask: 2, honeypotRate: 0, costs: { humanPerAnswer: PRICES.humanPerAnswer, humanPerHour: 1 } },
      },
    });
    expect(p.status).toBe(201);
    projectId = p.body.id;
    expect(p.body.policy.costs).toEqual({ humanPerAnswer: 0.1, humanPerHour: 1, expertPerVerdict: 0, expertPerHour: 0 });
    for (const [who, roles] of [['a1', ['annotator']], ['a2', ['annotator']], ['qa', ['quality_analyst', 'annotator']]] as const) {
      expect((await gw('PUT', `/v1/projects/${projectId}/members/${ids[who]}`, { token: tokens.pm, body: { roles } })).status).toBe(200);
    }
    // The services have the project (and its members): ingestion matches by it, assignment leases by it.
    await eventually('ingestion and assignment copied the project', async () => {
      const ing = await db.query(`SELECT 1 FROM ingestion.projects WHERE project_id = $1`, [projectId]);
      const asg = await db.query(`SELECT count(*)::int AS n FROM assignment.members WHERE project_id = $1`, [projectId]);
      return ing.rowCount === 1 && asg.rows[0].n === 4 ? true : undefined;
    }, 120000, 500);
    // …and the membership copies the services check callers against (ProjectAccess) have all four.
    await eventually('the services copied the members', async () => {
      const r = await db.query(
        ['assignment', 'export', 'ingestion'].map((s) => `SELECT count(*)::int AS n FROM ${s}.project_access WHERE project_id = $1`).join(' UNION ALL '),
        [projectId],
      );
      return r.rows.every((x: { n: number }) => x.n === 4) ? true : undefined;
    }, 120000, 500);
  }, 600000);

  afterAll(async () => {
    await producer?.disconnect();
    await db?.end();
    await stopServices([...services, ...failing]);
    await prelabel?.stop();
    slowExport?.closeAllConnections();
    await new Promise<void>((r) => (slowExport ? slowExport.close(() => r()) : r()));
  }, 60000);

  it('PATCH sets the policy costs field by field; projects.v1 carries them; a negative price is refused by name', async () => {
    const tap = await new TopicTap(kafka, TOPICS.projects.name).start();
    try {
      const patched = await gw<{ policy: { costs: unknown } }>('PATCH', `/v1/projects/${projectId}`, {
        token: tokens.pm,
        body: { policy: { costs: { humanPerHour: PRICES.humanPerHour, expertPerVerdict: PRICES.expertPerVerdict, expertPerHour: PRICES.expertPerHour } } },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.policy.costs).toEqual(PRICES);
      const bad = await gw<{ errors: { field: string }[] }>('PATCH', `/v1/projects/${projectId}`, { token: tokens.pm, body: { policy: { costs: { expertPerHour: -5 } } } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e) => e.field)).toEqual(['policy.costs.expertPerHour']);
      const snapshot = await eventually('the priced snapshot on projects.v1', () =>
        tap.records
          .map((r) => decodeEvent(TOPICS.projects, r.value) as ProjectEvent)
          .find((e) => e.project?.projectId === projectId && e.project.policy?.costExpertPerHour === PRICES.expertPerHour),
      60000);
      expect(snapshot.project!.policy).toMatchObject({
        costHumanPerAnswer: PRICES.humanPerAnswer,
        costHumanPerHour: PRICES.humanPerHour,
        costExpertPerVerdict: PRICES.expertPerVerdict,
        costExpertPerHour: PRICES.expertPerHour,
      });
    } finally {
      await tap.stop();
    }
  });

  it('after content, tasks, leases, answers and labels, progress and cost equal the services’ own records', async () => {
    // Items in: three comments through the gateway (content.v1 → ingestion).
    for (let i = 0; i < 3; i++) {
      const r = await gw('POST', '/v1/content', { token: tokens.admin, body: { source, sourceId: `${run}-${i}`, contentType: 'text', text: `comment ${i} of ${run}` } });
      expect(r.status).toBe(202);
    }
    await eventually('3 items matched', async () => ((await db.query(`SELECT count(*)::int AS n FROM ingestion.item_projects WHERE project_id = $1`, [projectId])).rows[0].n === 3 ? true : undefined), 120000, 500);

    // Tasks: three, two answers each (tasks.v1, as decomposition publishes them).
    const taskIds = [0, 1, 2].map(() => uuidv7());
    await producer.publishMany(
      TOPICS.tasks,
      taskIds.map((taskId) =>
        createEvent(TOPICS.tasks, {
          envelope: newEnvelope({ producer: 'decomposition', projectId }),
          task: {
            taskId,
            itemId: uuidv7(),
            projectId,
            questionId: 'q1',
            ontologyVersion: 1,
            question: {
              questionId: 'q1',
              kind: QuestionKind.SINGLE_CHOICE,
              prompt: 'Spam?',
              options: [
                { optionId: 'yes', label: 'Yes', description: '' },
                { optionId: 'no', label: 'No', description: '' },
              ],
              required: true,
              contentTypes: [],
            },
            contentType: ContentType.TEXT,
            language: 'en',
            requiredSkills: [],
            answersRequired: 2,
            priority: 0,
            maskedText: `task text ${taskId}`,
            guidelines: '',
          },
        } as never),
      ),
    );
    await eventually('3 tasks queued', async () => ((await db.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [projectId])).rows[0].n === 3 ? true : undefined), 120000, 500);

    // Leases and answers over HTTP (forwarded to assignment): a1 and a2 answer one task (60 s and
    // 120 s measured), then a1 takes another and keeps it.
    const answer = async (who: string, ms: number) => {
      const next = await gw<{ taskId: string; leaseId: string }>('POST', `/v1/projects/${projectId}/tasks/next`, { token: tokens[who] });
      expect(next.status).toBe(200);
      const sub = await gw('POST', `/v1/tasks/${next.body.taskId}/submit`, { token: tokens[who], body: { leaseId: next.body.leaseId, answer: { choice: { optionIds: ['yes'] } }, timeSpentMs: ms } });
      expect(sub.status).toBe(201);
    };
    await answer('a1', 60_000);
    await answer('a2', 120_000);
    expect((await gw('POST', `/v1/projects/${projectId}/tasks/next`, { token: tokens.a1 })).status).toBe(200);

    // Labels out: a human decision, an expert verdict (10 min measured), a local-model auto-accept,
    // a weak label auto-accepted (the label model over LF votes).
    const decision = (itemId: string, over: Record<string, unknown>) =>
      createEvent(TOPICS.decisions, {
        envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.decisions }),
        decisionId: uuidv7(),
        taskId: uuidv7(),
        itemId,
        questionId: 'q1',
        ontologyVersion: 1,
        label: 'yes',
        answer: { value: { case: 'choice', value: { optionIds: ['yes'] } } },
        softLabel: { yes: 0.9, no: 0.1 },
        confidence: 0.9,
        agreement: { pairwise: 1, answerCount: 2 },
        ...over,
      } as never);
    const human = { annotationId: uuidv7(), annotatorId: ids.a1, source: AnswerSource.HUMAN, timeSpentMs: 60_000n, answer: { value: { case: 'choice', value: { optionIds: ['yes'] } } } };
    await producer.publishMany(TOPICS.decisions, [
      decision(`${run}-i1`, { aggregation: { method: AggregationMethod.DAWID_SKENE }, answers: [human] }),
      decision(`${run}-i2`, {
        adjudicated: true,
        aggregation: { method: AggregationMethod.ADJUDICATION },
        verdict: { requestId: `${run}-req`, adjudicatorId: ids.qa, tier: 1, answer: { value: { case: 'choice', value: { optionIds: ['yes'] } } }, confidence: 0.9 },
        answers: [human, { annotationId: `adjudication:${run}-req`, annotatorId: ids.qa, source: AnswerSource.EXPERT, timeSpentMs: 600_000n }],
      }),
      decision(`${run}-i3`, {
        aggregation: { method: AggregationMethod.MACHINE_AUTO_ACCEPT, parameters: { backend: 'LOCAL' } },
        answers: [{ annotationId: uuidv7(), annotatorId: 'model:local', source: AnswerSource.MACHINE, model: { backend: ModelBackend.LOCAL, modelId: 'local-lr/x/q1' } }],
      }),
      decision(`${run}-i4`, {
        aggregation: { method: AggregationMethod.WEAK_SUPERVISION, parameters: { backend: 'LABEL_MODEL', lf_votes: '[]' } },
        answers: [
          {
            annotationId: uuidv7(), annotatorId: 'model:labelmodel/x/q1', source: AnswerSource.MACHINE,
            model: { backend: ModelBackend.LABEL_MODEL, modelId: 'labelmodel/x/q1', lfVotes: [{ lfId: 'kw', lfVersion: 1, optionId: 'yes' }] },
          },
        ],
      }),
    ]);
    await eventually('4 label versions', async () => ((await db.query(`SELECT count(*)::int AS n FROM export.label_versions WHERE project_id = $1`, [projectId])).rows[0].n === 4 ? true : undefined), 120000, 500);

    // What the services hold, counted directly.
    const slots = Object.fromEntries(
      (await db.query(`SELECT s.state, count(*)::int AS n FROM assignment.slots s JOIN assignment.tasks t USING (task_id) WHERE s.project_id = $1 AND t.kind = 'real' GROUP BY 1`, [projectId])).rows.map((r) => [r.state, r.n]),
    );
    expect(slots).toEqual({ open: 3, leased: 1, done: 2 });
    const [{ answers, ms }] = (await db.query(`SELECT count(*)::int AS answers, sum(time_spent_ms)::int AS ms FROM assignment.answers WHERE project_id = $1`, [projectId])).rows;
    expect([answers, ms]).toEqual([2, 180_000]);

    const progress = await gw<Record<string, unknown> & { throughput: { answers: number; itemsIn: number; labelsOut: number }[]; answersPerHour: number; etaSeconds: number }>(
      'GET',
      `/v1/projects/${projectId}/dashboard/progress?bucket=minute`,
      { token: tokens.pm },
    );
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({
      projectId,
      bucket: 'minute',
      totals: { itemsIn: 3, tasks: { open: 3, leased: 1, done: 2, void: 0 }, labelsOut: 4, answers: 2 },
      queueDepth: 3,
      rateWindowSeconds: 900,
      unavailable: [],
    });
    const sum = (k: 'answers' | 'itemsIn' | 'labelsOut') => progress.body.throughput.reduce((s, t) => s + t[k], 0);
    expect([sum('itemsIn'), sum('answers'), sum('labelsOut')]).toEqual([3, 2, 4]);
    expect(progress.body.throughput).toHaveLength(121); // 120 minutes back and the current one
    // ETA: the 4 open + leased slots at the measured rate (2 answers over the window so far).
    expect(progress.body.answersPerHour).toBeGreaterThan(0);
    expect(progress.body.etaSeconds).toBeCloseTo(4 / (progress.body.answersPerHour / 3600), -2);

    const cost = await gw<{ perSource: { source: string; labels: number; cost: number; costPerLabel: number | null }[]; total: unknown; mix: { bySource: Record<string, number> }[] } & Record<string, unknown>>(
      'GET',
      `/v1/projects/${projectId}/dashboard/cost?bucket=hour`,
      { token: tokens.pm },
    );
    expect(cost.status).toBe(200);
    // human: 2 answers × 0.10 + 0.05 h × 30 = 1.70; expert: 1 verdict × 2 + 1/6 h × 90 = 17; LLM: the double's 1.5 USD.
    expect(cost.body.perSource).toEqual([
      { source: 'human', labels: 1, cost: 1.7, costPerLabel: 1.7 },
      { source: 'expert', labels: 1, cost: 17, costPerLabel: 17 },
      { source: 'llm', labels: 0, cost: 1.5, costPerLabel: null },
      { source: 'local_model', labels: 1, cost: 0, costPerLabel: 0 },
      { source: 'weak_supervision', labels: 1, cost: 0, costPerLabel: 0 },
    ]);
    expect(cost.body.total).toEqual({ labels: 4, cost: 20.2, costPerLabel: 5.05 });
    expect(cost.body).toMatchObject({
      currency: 'USD',
      inputs: { humanAnswers: 2, humanHours: 0.05, expertVerdicts: 1, expertHours: 0.166667, llmCostUsd: 1.5 },
      settings: { humanCostPerAnswer: 0.1, humanCostPerHour: 30, expertCostPerVerdict: 2, expertCostPerHour: 90 },
      unavailable: [],
    });
    const mix = cost.body.mix.reduce<Record<string, number>>((acc, m) => {
      for (const [k, v] of Object.entries(m.bySource)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    expect(mix).toEqual({ human: 1, expert: 1, llm: 0, local_model: 1, weak_supervision: 1, machine: 1 });
    // The prelabel double was asked as the caller, with a short-lived token.
    expect(prelabel.received.at(-1)?.url).toBe(`/v1/projects/${projectId}/prelabel/costs`);
  });

  it('a failing or slow service leaves its part null with the reason; the rest of the page answers', async () => {
    const failingGateway = failing[0].url;
    const t0 = Date.now();
    const r = await call<{ totals: Record<string, unknown>; unavailable: { part: string; reason: string }[]; throughput: { itemsIn: unknown; labelsOut: unknown; answers: unknown }[] }>(
      failingGateway,
      'GET',
      `/v1/projects/${projectId}/dashboard/progress`,
      { token: tokens.pm },
    );
    expect(Date.now() - t0).toBeLessThan(4500); // the calls run in parallel: one timeout, not a sum
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ itemsIn: null, tasks: { open: 3, leased: 1, done: 2, void: 0 }, labelsOut: null, answers: 2 });
    expect(r.body.throughput.every((t) => t.itemsIn === null && t.labelsOut === null && typeof t.answers === 'number')).toBe(true);
    expect(r.body.unavailable).toEqual([
      { part: 'export', reason: 'export service did not answer within 1500 ms' },
      { part: 'ingestion', reason: 'ingestion service unreachable' },
    ]);

    prelabel.mode = 'fail';
    try {
      const c = await gw<{ perSource: { source: string; cost: number | null }[]; total: { cost: unknown }; unavailable: unknown[] }>('GET', `/v1/projects/${projectId}/dashboard/cost`, { token: tokens.pm });
      expect(c.status).toBe(200);
      expect(c.body.perSource.find((s) => s.source === 'llm')?.cost).toBeNull();
      expect(c.body.perSource.find((s) => s.source === 'human')?.cost).toBe(1.7);
      expect(c.body.total.cost).toBeNull();
      expect(c.body.unavailable).toEqual([{ part: 'prelabel', reason: 'prelabel service answered 500: token ledger offline' }]);
    } finally {
      prelabel.mode = 'ok';
    }
  });

  it('access: PMs and quality analysts of the project and admins; others 403 or 404, keys 403, no credentials 401', async () => {
    const progress = `/v1/projects/${projectId}/dashboard/progress`;
    const cost = `/v1/projects/${projectId}/dashboard/cost`;
    expect((await gw('GET', progress, { token: tokens.qa })).status).toBe(200);
    expect((await gw('GET', cost, { token: tokens.qa })).status).toBe(403); // costs: project managers only
    expect((await gw('GET', progress, { token: tokens.admin })).status).toBe(200);
    expect((await gw('GET', cost, { token: tokens.admin })).status).toBe(200);
    expect((await gw('GET', progress, { token: tokens.a1 })).status).toBe(403);
    expect((await gw('GET', cost, { token: tokens.a1 })).status).toBe(403);
    expect((await gw('GET', progress, { token: tokens.outsider })).status).toBe(404);
    expect((await gw('GET', cost, { token: tokens.outsider })).status).toBe(404);
    expect((await gw('GET', `/v1/projects/${run}-nope/dashboard/progress`, { token: tokens.pm })).status).toBe(404);
    const key = await gw<{ token: string }>('POST', '/v1/api-keys', { token: tokens.admin, body: { name: `reader ${run}`, roles: ['consumer'], projectIds: [projectId] } });
    expect(key.status).toBe(201);
    expect((await gw('GET', progress, { apiKey: key.body.token })).status).toBe(403);
    expect((await gw('GET', progress)).status).toBe(401);
    const bad = await gw<{ errors: { field: string }[] }>('GET', `${progress}?bucket=week`, { token: tokens.pm });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['bucket']);
    // The services refuse a caller the gateway would not have let through: a person's own token
    // (services take only the gateway's tokens for them), and the outsider even with one.
    const assignmentUrl = services.find((s) => s.name === 'assignment')!.url;
    expect((await call(assignmentUrl, 'GET', `/v1/projects/${projectId}/stats`, { token: tokens.outsider })).status).toBe(401);
    const forAssignment = signServiceToken({ kind: 'user', id: ids.outsider!, roles: ['project_manager', 'quality_analyst'] }, 'assignment', process.env.JWT_SECRET!);
    expect((await call(assignmentUrl, 'GET', `/v1/projects/${projectId}/stats`, { token: forAssignment })).status).toBe(404);
  });
});
