import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { type Role, signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { AggregationMethod, AnswerSource, createEvent, newEnvelope, ProjectChange, ProjectRole, QuestionKind, TOPICS, uuidv7 } from '@verity/contracts';
import { wilsonInterval } from '@verity/label-science';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';

interface FinalLabel {
  label: string | null;
  answer: unknown;
  method: string;
  decidedAt: string;
}
interface Answer {
  annotationId: string;
  taskId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  answer: unknown;
  submittedAt: string;
  timeSpentMs: number;
  finalLabel: FinalLabel | null;
}
interface Check {
  correct: number;
  total: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}
interface MyWork {
  answers: Answer[];
  nextCursor: string | null;
  accuracy: { gold: Check; honeypots: Check } | null;
}

// GET /v1/projects/:projectId/my-work, quality in-process against the real stack: members and the
// showAnnotatorAccuracy flag from projects.v1, answers from annotations.v1, an expert's decision
// from decisions.v1.
describe('quality: an annotator\'s own work', () => {
  stackEnv();
  const projectId = uniqueName('q-mywork');
  const question = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;

  const u = (n: string) => `${projectId}-${n}`;
  const [alice, bob, carol, pm, former, stranger] = ['alice', 'bob', 'carol', 'pm', 'former', 'stranger'].map(u);
  const token = (sub: string, roles: Role[] = ['annotator']) => signServiceToken({ kind: 'user', id: sub, roles }, 'quality', jwtSecret, { ttlSeconds: 600 });
  const choice = (option: string) => ({ value: { case: 'choice' as const, value: { optionIds: [option] } } });
  const t0 = Date.now() - 3_600_000;

  const projectEvent = (revision: bigint, showAnnotatorAccuracy: boolean) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: ProjectChange.UPDATED,
      project: {
        projectId,
        name: projectId,
        revision,
        policy: { answersPerTask: 3, agreementThreshold: 0.7, posteriorThreshold: 0.6, reliabilityFloor: 0.6, honeypotRate: 0.1, showAnnotatorAccuracy },
        currentOntology: {
          version: 1,
          questions: [{ questionId: question, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam' }, { optionId: 'ham' }] }],
        },
        members: [
          ...[alice, bob, carol].map((userId) => ({ userId, roles: [ProjectRole.ANNOTATOR], active: true })),
          { userId: pm, roles: [ProjectRole.PROJECT_MANAGER], active: true },
          { userId: former, roles: [ProjectRole.ANNOTATOR], active: false },
        ],
      },
    });

  /** A human answer submitted `offsetS` seconds after t0; `expected` makes it a honeypot copy's. */
  const answer = (taskId: string, itemId: string, annotatorId: string, option: string, offsetS: number, expected?: string) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId,
      itemId,
      questionId: question,
      ontologyVersion: 1,
      annotatorId,
      source: AnswerSource.HUMAN,
      answer: choice(option),
      timeSpentMs: BigInt(1000 + offsetS),
      submittedAt: timestampFromDate(new Date(t0 + offsetS * 1000)),
      honeypot: expected !== undefined,
      expectedAnswer: expected !== undefined ? choice(expected) : undefined,
    });

  async function get<T = MyWork>(path: string, bearer?: string): Promise<{ status: number; body: T }> {
    const r = await fetch(`${baseUrl}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    return { status: r.status, body: (await r.json()) as T };
  }
  const myWork = (who: string, query = '') => get(`/v1/projects/${projectId}/my-work${query}`, token(who));

  /** Alice's answers by annotation id (sent below). */
  const sent: Record<string, ReturnType<typeof answer>> = {};

  beforeAll(async () => {
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, { ...process.env, JWT_SECRET: jwtSecret });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'quality-my-work-it' });
    producer = new EventProducer(kafka, protobufCodec, 'quality-my-work-it');
    await producer.connect();
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    ds = app.get(DATA_SOURCE);
    await producer.publish(TOPICS.projects, projectEvent(1n, false));
    await eventually('quality to copy the project and its members', async () => {
      const rows = await ds.query(`SELECT 1 FROM quality.project_access WHERE project_id = $1`, [projectId]);
      return rows.length === 5 ? true : undefined;
    }, 60000);

    // task-agree: three agree → decided by quality (majority vote).
    // task-split: 1/3 agreement → adjudication; then the expert's decision (confirmed gold) says ham.
    // task-open: only Alice so far → undecided.
    // Two honeypot copies (task-c1, task-c2; ids as neutral as assignment's): Alice right on one, wrong on the other.
    const alices = [
      answer(u('task-agree'), u('item-agree'), alice, 'spam', 10),
      answer(u('task-split'), u('item-split'), alice, 'spam', 20),
      answer(u('task-c1'), u('item-c1'), alice, 'spam', 30, 'spam'),
      answer(u('task-open'), u('item-open'), alice, 'ham', 40),
      answer(u('task-c2'), u('item-c2'), alice, 'spam', 50, 'ham'),
    ];
    for (const e of alices) sent[e.annotationId] = e;
    const others = [
      answer(u('task-agree'), u('item-agree'), bob, 'spam', 11),
      answer(u('task-agree'), u('item-agree'), carol, 'spam', 12),
      answer(u('task-split'), u('item-split'), bob, 'ham', 21),
      answer(u('task-split'), u('item-split'), carol, 'spam', 22),
    ];
    for (const e of [...alices, ...others]) await producer.publish(TOPICS.annotations, e);
    await eventually('quality to close both tasks', async () => {
      const rows: { task_id: string; status: string }[] = await ds.query(`SELECT task_id, status FROM quality.tasks WHERE task_id = ANY($1) ORDER BY task_id`, [
        [u('task-agree'), u('task-split')],
      ]);
      return rows.map((r) => r.status).join(',') === 'decided,adjudication' ? true : undefined;
    }, 60000);
    await producer.publish(
      TOPICS.decisions,
      createEvent(TOPICS.decisions, {
        envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.decisions }),
        decisionId: uuidv7(),
        taskId: u('task-split'),
        itemId: u('item-split'),
        questionId: question,
        ontologyVersion: 1,
        label: 'ham',
        answer: choice('ham'),
        adjudicated: true,
        gold: true,
        aggregation: { method: AggregationMethod.ADJUDICATION },
      }),
    );
    await eventually('the expert decision and its gold judgement', async () => {
      const [t] = await ds.query(`SELECT final_method FROM quality.tasks WHERE task_id = $1`, [u('task-split')]);
      const [s] = await ds.query(`SELECT gold_answered, honeypots_answered FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = $2`, [projectId, alice]);
      return t?.final_method === 'adjudication' && s?.gold_answered === 1 && s?.honeypots_answered === 2 ? true : undefined;
    }, 60000);
  }, 180000);

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
  });

  it('lists only the caller\'s answers, newest first, with final labels where decided; accuracy null while the policy hides it', async () => {
    const r = await myWork(alice);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['accuracy', 'answers', 'nextCursor']);
    expect(r.body.accuracy).toBeNull();
    expect(r.body.nextCursor).toBeNull();
    const ids = r.body.answers.map((a) => a.taskId);
    expect(ids).toEqual([u('task-c2'), u('task-open'), u('task-c1'), u('task-split'), u('task-agree')]);
    for (const a of r.body.answers) {
      const e = sent[a.annotationId];
      expect(e).toBeDefined(); // Alice's own, nobody else's
      expect(a).toMatchObject({
        taskId: e.taskId,
        itemId: e.itemId,
        questionId: question,
        ontologyVersion: 1,
        answer: { choice: { optionIds: [e.answer!.value.case === 'choice' ? e.answer!.value.value.optionIds[0] : ''] } },
        submittedAt: new Date(Number(e.submittedAt!.seconds) * 1000 + e.submittedAt!.nanos / 1e6).toISOString(),
        timeSpentMs: Number(e.timeSpentMs),
      });
    }
    const byTask = new Map(r.body.answers.map((a) => [a.taskId, a]));
    expect(byTask.get(u('task-agree'))!.finalLabel).toEqual({ label: 'spam', answer: { choice: { optionIds: ['spam'] } }, method: 'majority_vote', decidedAt: expect.any(String) });
    expect(byTask.get(u('task-split'))!.finalLabel).toEqual({ label: 'ham', answer: { choice: { optionIds: ['ham'] } }, method: 'adjudication', decidedAt: expect.any(String) });
    expect(byTask.get(u('task-open'))!.finalLabel).toBeNull();

    // Bob sees his two answers only.
    const b = await myWork(bob);
    expect(b.status).toBe(200);
    expect(b.body.answers.map((a) => a.taskId)).toEqual([u('task-split'), u('task-agree')]);
    expect(b.body.answers.some((a) => sent[a.annotationId])).toBe(false);
  });

  it('nothing distinguishes an answer to a honeypot copy from an answer whose task is undecided', async () => {
    const r = await myWork(alice);
    const byTask = new Map(r.body.answers.map((a) => [a.taskId, a]));
    const undecided = byTask.get(u('task-open'))!;
    for (const hp of [byTask.get(u('task-c1'))!, byTask.get(u('task-c2'))!]) {
      expect(hp.finalLabel).toBeNull(); // never the expected answer
      expect(Object.keys(hp)).toEqual(Object.keys(undecided));
      for (const k of Object.keys(hp) as (keyof Answer)[]) expect(typeof hp[k]).toBe(typeof undecided[k]);
      expect(JSON.stringify(hp)).not.toMatch(/honeypot|expected|gold|correct|check/i);
    }
    // The whole response with the flag off says nothing about checks.
    expect(JSON.stringify(r.body)).not.toMatch(/honeypot|expected|correct/i);
  });

  it('with showAnnotatorAccuracy on: honeypot and gold counts with 95 % Wilson intervals', async () => {
    await producer.publish(TOPICS.projects, projectEvent(2n, true));
    const r = await eventually('the flag to reach quality', async () => {
      const got = await myWork(alice);
      return got.body.accuracy ? got : undefined;
    }, 60000);
    const w = (c: number, n: number) => {
      const x = wilsonInterval(c, n);
      if (!x.defined) throw new Error('undefined interval');
      return { correct: c, total: n, rate: c / n, low: x.value.low, high: x.value.high };
    };
    // Honeypots: 1 of 2 right. Gold: the confirmed gold said ham where Alice said spam: 0 of 1.
    expect(r.body.accuracy).toEqual({ honeypots: w(1, 2), gold: w(0, 1) });
    expect(r.body.accuracy!.honeypots.low).toBeCloseTo(0.0945, 3); // Wilson 95 % for 1/2: [0.095, 0.905]
    expect(r.body.accuracy!.honeypots.high).toBeCloseTo(0.9055, 3);
    expect(r.body.accuracy!.gold).toMatchObject({ rate: 0, low: 0 });
    // The list itself is unchanged by the flag.
    expect(r.body.answers.find((a) => a.taskId === u('task-c1'))!.finalLabel).toBeNull();
  });

  it('pages with limit and after (keyset), every answer once; a bad limit or cursor is 400 naming it', async () => {
    const all = (await myWork(alice)).body.answers.map((a) => a.annotationId);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const q: string = `?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const r = await myWork(alice, q);
      expect(r.status).toBe(200);
      expect(r.body.answers.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.answers.map((a) => a.annotationId));
      after = r.body.nextCursor;
      pages++;
    } while (after && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);

    for (const limit of ['0', '201', 'abc']) {
      const r = await get<{ errors: { field: string }[] }>(`/v1/projects/${projectId}/my-work?limit=${limit}`, token(alice));
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e) => e.field)).toEqual(['limit']);
    }
    const bad = await get<{ errors: { field: string }[] }>(`/v1/projects/${projectId}/my-work?after=nonsense`, token(alice));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['after']);
  });

  it('refuses everyone but the project\'s active annotators: 401 without a token, 403 without the role, 404 for non-members', async () => {
    expect((await get(`/v1/projects/${projectId}/my-work`)).status).toBe(401);
    expect((await get(`/v1/projects/${projectId}/my-work`, token(alice, ['quality_analyst']))).status).toBe(403);
    for (const who of [stranger, pm, former]) expect((await myWork(who)).status).toBe(404);
    expect((await get(`/v1/projects/${u('no-such-project')}/my-work`, token(alice))).status).toBe(404);
  });
});
