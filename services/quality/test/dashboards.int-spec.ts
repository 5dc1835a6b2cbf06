import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { type Role, signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AggregationMethod,
  AnnotatorChange,
  type AnnotatorEvent,
  AnswerSource,
  createEvent,
  decodeEvent,
  ModelBackend,
  newEnvelope,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName, untilProjectAccess } from '@verity/testing';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';

/* eslint-disable @typescript-eslint/no-explicit-any */

// The dashboard data quality serves (issue #11), in-process against the real stack: drift alarms
// and chart-sized windows, median time per annotator, human answers per item over time, machine
// precision per model version; and suspending / reinstating an annotator by hand (annotators.v1).
describe('quality: dashboard data and manual suspension', () => {
  stackEnv();
  const projectId = uniqueName('q-dash');
  const question = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const u = (n: string) => `${projectId}-${n}`;
  const [pm, qa, annA, annB, annC, annD, other, stranger] = ['pm', 'qa', 'ann-a', 'ann-b', 'ann-c', 'ann-d', 'other', 'stranger'].map(u);
  const modelId = u('model');
  const hour = 3600000;
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  let annotators: TopicTap;

  const token = (sub: string, roles: Role[]) => signServiceToken({ kind: 'user', id: sub, roles }, 'quality', jwtSecret, { ttlSeconds: 600 });
  const call = async (method: string, path: string, who?: string, roles: Role[] = ['project_manager'], body?: unknown) => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${token(who, roles)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: (await r.json().catch(() => ({}))) as any };
  };
  const quality = (query = '') => call('GET', `/v1/projects/${projectId}/quality${query}`, qa, ['quality_analyst']);
  const choice = (o: string) => ({ value: { case: 'choice' as const, value: { optionIds: [o] } } });
  const human = (taskId: string, annotatorId: string, option: string, o: { ms?: number; at?: Date; honeypot?: string } = {}) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId,
      itemId: `${taskId}-item`,
      questionId: question,
      ontologyVersion: 1,
      annotatorId,
      source: AnswerSource.HUMAN,
      answer: choice(option),
      timeSpentMs: BigInt(o.ms ?? 0),
      submittedAt: timestampFromDate(o.at ?? new Date()),
      honeypot: o.honeypot !== undefined,
      expectedAnswer: o.honeypot !== undefined ? choice(o.honeypot) : undefined,
    });
  const machine = (taskId: string, option: string, version: string, audit: boolean) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'prelabel', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId,
      itemId: `${taskId}-item`,
      questionId: question,
      ontologyVersion: 1,
      annotatorId: `model:${modelId}`,
      source: AnswerSource.MACHINE,
      answer: choice(option),
      submittedAt: timestampFromDate(new Date()),
      model: { backend: ModelBackend.LOCAL, modelId, modelVersion: version, promptVersion: '', confidence: 0.95, calibratedConfidence: 0.97 },
      audit,
    });
  const annotatorEvents = (annotatorId: string) =>
    annotators.records
      .map((r) => decodeEvent(TOPICS.annotators as never, r.value) as unknown as AnnotatorEvent)
      .filter((e) => e.envelope?.projectId === projectId && e.annotatorId === annotatorId);

  beforeAll(async () => {
    // Majority vote throughout (no Dawid-Skene fit): the labels here are what the answers say.
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, { ...process.env, JWT_SECRET: jwtSecret, QUALITY_DS_MIN_ANSWERS: '100000' });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'quality-dash-it' });
    producer = new EventProducer(kafka, protobufCodec, 'quality-dash-it');
    await producer.connect();
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    ds = app.get(DATA_SOURCE);
    annotators = await new TopicTap(kafka, TOPICS.annotators.name).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: {
          projectId,
          name: projectId,
          revision: 1n,
          filter: { sources: [`${projectId}-answers-only`] },
          policy: { answersPerTask: 2, agreementThreshold: 0.5, posteriorThreshold: 0.5, reliabilityFloor: 0.6, honeypotRate: 0 },
          currentOntology: {
            version: 1,
            questions: [{ questionId: question, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'ham' }, { optionId: 'spam' }] }],
          },
          members: [
            { userId: pm, roles: [ProjectRole.PROJECT_MANAGER], active: true },
            { userId: qa, roles: [ProjectRole.QUALITY_ANALYST], active: true },
            ...[annA, annB, annC, annD, other].map((userId) => ({ userId, roles: [ProjectRole.ANNOTATOR], active: true })),
          ],
        },
      }),
    );
    await eventually('the project', async () => ((await ds.query(`SELECT 1 FROM quality.projects WHERE project_id = $1`, [projectId])).length ? true : undefined), 60000);
    await untilProjectAccess(ds, 'quality', projectId);

    // An hour and a half ago: 10 tasks both annotators called "ham"; now: 10 tasks they call "spam".
    const earlier = new Date(Date.now() - 1.5 * hour);
    for (let i = 0; i < 20; i++) {
      const [option, at] = i < 10 ? ['ham', earlier] : ['spam', new Date()];
      await producer.publish(TOPICS.annotations, human(u(`task-${i}`), annA, option, { ms: (i + 1) * 100, at }));
      await producer.publish(TOPICS.annotations, human(u(`task-${i}`), annB, option, { ms: 700, at }));
    }
    // The machine: one auto-accepted task, and one audit per model version (v1 right, v2 wrong:
    // the humans say spam on both); the audits' humans report no time.
    await producer.publish(TOPICS.annotations, machine(u('auto'), 'spam', 'v1', false));
    await producer.publish(TOPICS.annotations, machine(u('audit-v1'), 'spam', 'v1', true));
    await producer.publish(TOPICS.annotations, machine(u('audit-v2'), 'ham', 'v2', true));
    for (const task of [u('audit-v1'), u('audit-v2')]) {
      await producer.publish(TOPICS.annotations, human(task, annC, 'spam'));
      await producer.publish(TOPICS.annotations, human(task, annD, 'spam'));
    }
    // The v2 audit disagrees with the crowd: the expert takes a second look (decision 80) and,
    // as adjudication would, says spam on decisions.v1, which resolves it.
    await eventually('the v2 audit escalated', async () =>
      ((await ds.query(`SELECT 1 FROM quality.machine_audits WHERE project_id = $1 AND task_id = $2 AND escalated_at IS NOT NULL`, [projectId, u('audit-v2')])).length ? true : undefined), 60000);
    const spam = { value: { case: 'choice' as const, value: { optionIds: ['spam'] } } };
    await producer.publish(
      TOPICS.decisions,
      createEvent(TOPICS.decisions, {
        envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.decisions }),
        decisionId: uuidv7(), taskId: u('audit-v2'), itemId: `${u('audit-v2')}-item`, questionId: question, ontologyVersion: 1, label: 'spam', answer: spam,
        softLabel: { spam: 1 }, confidence: 1, aggregation: { method: AggregationMethod.ADJUDICATION }, adjudicated: true,
        verdict: { requestId: uuidv7(), adjudicatorId: u('expert'), answer: spam, confidence: 1 },
      }),
    );
    await eventually('every task finalized', async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM quality.tasks WHERE project_id = $1 AND final_at IS NOT NULL`, [projectId]);
      const [{ r }] = await ds.query(`SELECT count(*)::int AS r FROM quality.machine_audits WHERE project_id = $1 AND final_key IS NOT NULL`, [projectId]);
      return n === 23 && r === 2 ? true : undefined;
    }, 90000);
  }, 180000);

  afterAll(async () => {
    await annotators?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('chart windows (?windows=&windowMs=), drift alarms per question, human answers per item, machine precision per model version', async () => {
    const r = await quality(`?windows=3&windowMs=${hour}`);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b.windowMs).toBe(hour);
    expect(b.windows).toHaveLength(3);
    expect(new Date(b.windows[0].to).getTime() - new Date(b.windows[0].from).getTime()).toBe(hour);
    expect(b.windows[1].questions[0]).toMatchObject({ questionId: question, tasks: 10, answers: 20 });

    // Drift: two tests per window; the label distribution flipped from ham to spam between window 1 and 0.
    const drift = b.drift.filter((d: any) => d.questionId === question);
    expect(drift).toHaveLength(6);
    const flip = drift.find((d: any) => d.test === 'label_distribution' && d.window.from === b.windows[0].from);
    expect(flip).toMatchObject({ ontologyVersion: 1, alarm: true, threshold: 0.05, window: { from: b.windows[0].from, to: b.windows[0].to } });
    expect(flip.statistic).toBeGreaterThan(10);
    expect(flip.pValue).toBeLessThan(0.001);
    // Agreement stayed at 1 (both annotators always agree): no agreement alarm.
    expect(drift.find((d: any) => d.test === 'agreement' && d.window.from === b.windows[0].from)).toMatchObject({ alarm: false });
    // Window 1 against window 2 (no answers there): undefined, with the reason.
    const first = drift.find((d: any) => d.test === 'label_distribution' && d.window.from === b.windows[1].from);
    expect(first).toMatchObject({ alarm: false, statistic: null, pValue: null });
    expect(typeof first.reason).toBe('string');

    // Human answers per finalized item: every task was finalized now (window 0): 20 human tasks
    // (40 answers), 2 audits (4 answers), 1 auto-accepted (0 answers).
    expect(b.answersPerItem).toHaveLength(3);
    expect(b.answersPerItem[0]).toEqual({ at: b.windows[0].from, answers: 44, items: 23, ratio: 44 / 23 });
    expect(b.answersPerItem[1]).toEqual({ at: b.windows[1].from, answers: 0, items: 0, ratio: null });

    // Median time per answer: annA spent 100, 200, …, 2000 ms → (1000 + 1100) / 2; annB always 700;
    // annC reported no time.
    const ann = (id: string) => b.annotators.find((a: any) => a.annotatorId === id);
    expect(ann(annA)).toMatchObject({ medianTimeMs: 1050, timedAnswers: 20, suspended: false, suspension: null });
    expect(ann(annB)).toMatchObject({ medianTimeMs: 700, timedAnswers: 20 });
    expect(ann(annC)).toMatchObject({ medianTimeMs: null, timedAnswers: 0 });

    // Machine precision per model (both versions together) and per version.
    expect(b.machinePrecision.find((m: any) => m.modelId === modelId)).toMatchObject({ count: 2, correct: 1 });
    const byVersion = b.machinePrecisionByVersion.filter((m: any) => m.modelId === modelId);
    expect(byVersion.map((m: any) => [m.modelVersion, m.count, m.correct, m.precision])).toEqual([
      ['v1', 1, 1, 1],
      ['v2', 1, 0, 0],
    ]);
    expect(byVersion[0].low).toBeGreaterThan(0);
    expect(byVersion[1].high).toBeLessThan(1);
  });

  it('keeps its defaults (one window of QUALITY_METRICS_WINDOW_MS) and refuses out-of-range windows', async () => {
    const r = await quality();
    expect(r.status).toBe(200);
    expect(r.body.windows).toHaveLength(1);
    expect(r.body.windowMs).toBe(24 * hour);
    expect(r.body.answersPerItem).toHaveLength(1);
    for (const q of ['?windows=51', '?windowMs=10', '?windows=0']) expect((await quality(q)).status).toBe(400);
    expect((await quality('?windows=50&windowMs=60000')).body.windows).toHaveLength(50);
  });

  it('suspend by hand: SUSPENDED on annotators.v1 with who and why, idempotent, shown in the quality view, never lifted by the rule', async () => {
    const path = `/v1/projects/${projectId}/annotators/${annB}`;
    const r = await call('POST', `${path}/suspend`, pm, ['project_manager'], { reason: 'rushing through tasks' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ projectId, annotatorId: annB, suspended: true, manual: true, changed: true, by: pm, reason: 'rushing through tasks' });
    expect(r.body.eventId).toEqual(expect.any(String));
    const [ev] = await eventually('the SUSPENDED event', () => {
      const e = annotatorEvents(annB).filter((x) => x.change === AnnotatorChange.SUSPENDED);
      return e.length ? e : undefined;
    }, 60000);
    expect(ev!.envelope).toMatchObject({ eventId: r.body.eventId, producer: 'quality', projectId });
    expect(ev!.suspended).toBe(true);
    expect(ev!.reason).toContain(`suspended by ${pm}: rushing through tasks`);
    expect(ev!.reliabilityFloor).toBeCloseTo(0.6, 9);
    expect(ev!.answersCounted).toBe(20);
    const [hist] = await ds.query(`SELECT change, actor_id, suspended FROM quality.reliability_history WHERE event_id = $1`, [r.body.eventId]);
    expect(hist).toEqual({ change: 'SUSPENDED', actor_id: pm, suspended: true });

    // Again: nothing changes, nothing is published.
    const again = await call('POST', `${path}/suspend`, pm, ['project_manager'], { reason: 'still rushing' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ suspended: true, changed: false, eventId: null, by: pm, reason: 'rushing through tasks' });

    const view = (await quality()).body.annotators.find((a: any) => a.annotatorId === annB);
    expect(view).toMatchObject({ suspended: true, suspension: { manual: true, by: pm, reason: 'rushing through tasks' } });

    // New evidence (a correct honeypot) recomputes the reliability: the rule does not lift a person's suspension.
    await producer.publish(TOPICS.annotations, human(u('hp-1'), annB, 'spam', { honeypot: 'spam' }));
    await eventually('the honeypot scored', async () => {
      const [s] = await ds.query(`SELECT honeypots_answered FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = $2`, [projectId, annB]);
      return s?.honeypots_answered === 1 ? true : undefined;
    }, 60000);
    await new Promise((res) => setTimeout(res, 1500));
    const events = annotatorEvents(annB);
    expect(events.filter((e) => e.change === AnnotatorChange.SUSPENDED)).toHaveLength(1);
    expect(events.filter((e) => e.change === AnnotatorChange.REINSTATED)).toHaveLength(0);
    // Every event since (RELIABILITY_UPDATED after the honeypot, if the move was material) carries the suspension.
    const since = events.slice(events.findIndex((e) => e.change === AnnotatorChange.SUSPENDED));
    for (const e of since) expect(e.suspended).toBe(true);
    const [s] = await ds.query(`SELECT suspended, suspension_manual FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = $2`, [projectId, annB]);
    expect(s).toEqual({ suspended: true, suspension_manual: true });
  });

  it('reinstate by hand (quality analyst, reason optional): REINSTATED on annotators.v1, idempotent', async () => {
    const path = `/v1/projects/${projectId}/annotators/${annB}/reinstate`;
    const r = await call('POST', path, qa, ['quality_analyst'], {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ suspended: false, manual: false, changed: true, by: qa, reason: '' });
    const [ev] = await eventually('the REINSTATED event', () => {
      const e = annotatorEvents(annB).filter((x) => x.change === AnnotatorChange.REINSTATED);
      return e.length ? e : undefined;
    }, 60000);
    expect(ev!.envelope).toMatchObject({ eventId: r.body.eventId, producer: 'quality', projectId });
    expect(ev!.suspended).toBe(false);
    expect(ev!.reason).toContain(`reinstated by ${qa}`);
    const again = await call('POST', path, qa, ['quality_analyst'], { reason: 'twice' });
    expect(again.body).toMatchObject({ suspended: false, changed: false, eventId: null });
    expect((await quality()).body.annotators.find((a: any) => a.annotatorId === annB)).toMatchObject({ suspended: false, suspension: { manual: false, by: qa } });
  });

  it('who may: project managers, quality analysts and admins; 401 / 403 / 404 for everyone else, 400 without a reason', async () => {
    const path = `/v1/projects/${projectId}/annotators/${annA}/suspend`;
    const body = { reason: 'test' };
    expect((await call('POST', path, undefined, [], body)).status).toBe(401);
    expect((await call('POST', path, other, ['annotator'], body)).status).toBe(403); // a member without the role
    expect((await call('POST', path, stranger, ['project_manager'], body)).status).toBe(404); // not a member
    expect((await call('POST', `/v1/projects/${u('nope')}/annotators/${annA}/suspend`, pm, ['project_manager'], body)).status).toBe(404);
    expect((await call('POST', `/v1/projects/${projectId}/annotators/${u('nobody')}/suspend`, pm, ['project_manager'], body)).status).toBe(404);
    const noReason = await call('POST', path, pm, ['project_manager'], {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect((await call('POST', path, pm, ['project_manager'], { reason: '   ' })).status).toBe(400);
    // An admin needs no membership.
    const admin = await call('POST', path, stranger, ['admin'], body);
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ suspended: true, changed: true, by: stranger });
    expect((await call('POST', `/v1/projects/${projectId}/annotators/${annA}/reinstate`, stranger, ['admin'], {})).body).toMatchObject({ suspended: false, changed: true });
  });
});
