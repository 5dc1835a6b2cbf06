import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AdjudicationEvent,
  AdjudicationReason,
  AggregationMethod,
  AnnotatorChange,
  AnnotatorEvent,
  AnswerSource,
  createEvent,
  DecisionEvent,
  decodeEvent,
  newEnvelope,
  ProjectChange,
  QuestionKind,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';

// Quality in-process against the real stack: projects.v1 + annotations.v1 in;
// decisions.v1 / adjudications.v1 / annotators.v1 out.
describe('quality on the real stack', () => {
  stackEnv();
  const projectId = uniqueName('q-proj');
  const question = 'toxicity';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  let decisions: TopicTap;
  let adjudications: TopicTap;
  let annotators: TopicTap;

  const projectEvent = (revision: bigint) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: ProjectChange.CREATED,
      project: {
        projectId,
        name: projectId,
        revision,
        policy: { answersPerTask: 3, agreementThreshold: 0.7, posteriorThreshold: 0.6, reliabilityFloor: 0.6, honeypotRate: 0.1 },
        currentOntology: {
          version: 1,
          questions: [
            {
              questionId: question,
              kind: QuestionKind.SINGLE_CHOICE,
              prompt: 'Is this comment toxic?',
              options: [{ optionId: 'non-toxic' }, { optionId: 'harassment' }, { optionId: 'hate' }],
            },
          ],
        },
      },
    });

  const annotation = (
    a: { taskId: string; itemId: string; annotatorId: string; option: string },
    extra: { honeypot?: string; source?: AnswerSource } = {},
  ) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId: a.taskId,
      itemId: a.itemId,
      questionId: question,
      ontologyVersion: 1,
      annotatorId: a.annotatorId,
      source: extra.source ?? AnswerSource.HUMAN,
      answer: { value: { case: 'choice', value: { optionIds: [a.option] } } },
      timeSpentMs: 1200n,
      submittedAt: timestampFromDate(new Date()),
      honeypot: extra.honeypot !== undefined,
      expectedAnswer: extra.honeypot !== undefined ? { value: { case: 'choice', value: { optionIds: [extra.honeypot] } } } : undefined,
    });

  const mine = <T extends { envelope?: { projectId: string } }>(tap: TopicTap, topic: typeof TOPICS.decisions | typeof TOPICS.adjudications | typeof TOPICS.annotators) =>
    tap.records.map((r) => decodeEvent(topic as never, r.value) as unknown as T).filter((e) => e.envelope?.projectId === projectId);
  const decisionsFor = (itemId: string) => mine<DecisionEvent>(decisions, TOPICS.decisions).filter((e) => e.itemId === itemId);
  const adjudicationsFor = (itemId: string) => mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((e) => e.itemId === itemId);
  const annotatorEvents = (annotatorId: string) => mine<AnnotatorEvent>(annotators, TOPICS.annotators).filter((e) => e.annotatorId === annotatorId);

  const u = (n: string) => `${projectId}-${n}`;

  beforeAll(async () => {
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, {
      ...process.env,
      JWT_SECRET: jwtSecret,
      QUALITY_DS_REFIT_EVERY: '5',
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'quality-it' });
    producer = new EventProducer(kafka, protobufCodec, 'quality-it');
    await producer.connect();
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    ds = app.get(DATA_SOURCE);
    decisions = await new TopicTap(kafka, TOPICS.decisions.name).start();
    adjudications = await new TopicTap(kafka, TOPICS.adjudications.name).start();
    annotators = await new TopicTap(kafka, TOPICS.annotators.name).start();
    await producer.publish(TOPICS.projects, projectEvent(1n));
    await eventually(
      'quality to copy the project',
      async () => ((await ds.query(`SELECT 1 FROM quality.projects WHERE project_id = $1`, [projectId])).length ? true : undefined),
      60000,
    );
  });

  afterAll(async () => {
    await decisions?.stop();
    await adjudications?.stop();
    await annotators?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('three agreeing answers → a DecisionEvent with label, soft label summing to 1, confidence, agreement 1, method parameters', async () => {
    const taskId = u('task-agree');
    const itemId = u('item-agree');
    const sent = [u('alice'), u('bob'), u('carol')].map((annotatorId) =>
      Object.assign(annotation({ taskId, itemId, annotatorId, option: 'non-toxic' }), { taskEventId: `${taskId}-tasks-evt` }),
    );
    for (const e of sent) await producer.publish(TOPICS.annotations, e);
    const [d] = await eventually('the decision', () => (decisionsFor(itemId).length ? decisionsFor(itemId) : undefined), 60000);
    expect(d.label).toBe('non-toxic');
    expect(d.taskId).toBe(taskId);
    // The audit chain: the task's tasks.v1 event, and each answer's annotations.v1 event.
    expect(d.taskEventId).toBe(`${taskId}-tasks-evt`);
    expect(d.answers.map((a) => a.eventId).sort()).toEqual(sent.map((e) => e.envelope!.eventId).sort());
    for (const a of d.answers) expect(a.taskEventId).toBe(`${taskId}-tasks-evt`);
    const soft = Object.values(d.softLabel).reduce((a, b) => a + b, 0);
    expect(soft).toBeCloseTo(1, 9);
    expect(Object.keys(d.softLabel).sort()).toEqual(['harassment', 'hate', 'non-toxic']);
    expect(d.confidence).toBe(1); // cold start: majority vote, 3 of 3
    expect(d.confidence).toBe(d.softLabel['non-toxic']);
    expect(d.agreement?.pairwise).toBe(1);
    expect(d.agreement?.answerCount).toBe(3);
    // A fresh question has too few answers for Dawid-Skene (QUALITY_DS_MIN_ANSWERS): majority vote, said so.
    expect(d.aggregation?.method).toBe(AggregationMethod.MAJORITY_VOTE);
    expect(d.aggregation?.parameters).toMatchObject({ mv_label: 'non-toxic', mv_share: '1.000000', mv_tie_rule: 'class-order' });
    expect(d.aggregation?.parameters.reason).toContain('Dawid-Skene not used');
    expect(d.answers).toHaveLength(3);
    for (const a of d.answers) expect(a.reliability).toBeGreaterThan(0);
    expect(d.envelope?.producer).toBe('quality');
    expect(adjudicationsFor(itemId)).toHaveLength(0);
  });

  it('the one-comment trace: non-toxic, harassment, non-toxic → agreement 1/3 < 0.7 → adjudication with LOW_AGREEMENT, no decision', async () => {
    const taskId = u('task-ambiguous');
    const itemId = u('item-ambiguous');
    const answers = [
      [u('alice'), 'non-toxic'],
      [u('bob'), 'harassment'],
      [u('carol'), 'non-toxic'],
    ];
    for (const [annotatorId, option] of answers) await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId, option }));
    const [a] = await eventually('the adjudication request', () => (adjudicationsFor(itemId).length ? adjudicationsFor(itemId) : undefined), 60000);
    expect(a.reasons).toContain(AdjudicationReason.LOW_AGREEMENT);
    expect(a.agreement?.pairwise).toBeCloseTo(1 / 3, 9);
    expect(a.agreementThreshold).toBeCloseTo(0.7, 9);
    expect(a.detail).toContain('pairwise agreement 0.33 < 0.70');
    expect(a.answers).toHaveLength(3);
    expect(a.answers.map((r) => [r.annotatorId, r.answer?.value.case === 'choice' ? r.answer.value.value.optionIds[0] : '']).sort()).toEqual(answers.sort());
    for (const r of a.answers) {
      expect(r.reliability).toBeGreaterThan(0);
      expect(r.reliability).toBeLessThanOrEqual(1);
    }
    expect(a.proposedLabel).toBe('non-toxic');
    expect(Object.values(a.posterior).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
    await new Promise((r) => setTimeout(r, 1500));
    expect(decisionsFor(itemId)).toHaveLength(0);
  });

  it('expert feedback: EXPERT_VERDICT observations and confirmed gold move reliabilities the right way, counted once, no loop', async () => {
    const taskId = u('task-feedback');
    const itemId = u('item-feedback');
    const answers: [string, string][] = [
      [u('dave'), 'non-toxic'],
      [u('erin'), 'harassment'],
      [u('frank'), 'non-toxic'],
    ];
    for (const [annotatorId, option] of answers) await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId, option }));
    const [req] = await eventually('the adjudication request', () => (adjudicationsFor(itemId).length ? adjudicationsFor(itemId) : undefined), 60000);
    const carried = new Map(req.answers.map((r) => [r.annotatorId, r.reliability ?? 0.7]));
    const choice = (o: string) => ({ value: { case: 'choice' as const, value: { optionIds: [o] } } });
    const observation = (annotatorId: string, option: string) =>
      createEvent(TOPICS.annotators, {
        envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.annotators }),
        annotatorId,
        change: AnnotatorChange.EXPERT_VERDICT,
        reliability: 0.5,
        suspended: true, // a copy consumers must ignore
        expertObservation: {
          requestId: req.requestId,
          decisionId: 'd-1',
          annotationId: req.answers.find((r) => r.annotatorId === annotatorId)!.annotationId,
          itemId,
          questionId: question,
          ontologyVersion: 1,
          agreed: option === 'harassment',
          answer: choice(option),
          verdict: choice('harassment'),
        },
      });
    // Quality's own kind of event is never input (no loop): it must change nothing.
    await producer.publish(
      TOPICS.annotators,
      createEvent(TOPICS.annotators, {
        envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.annotators }),
        annotatorId: u('dave'),
        change: AnnotatorChange.RELIABILITY_UPDATED,
        reliability: 0.1,
      }),
    );
    for (const [annotatorId, option] of answers) await producer.publish(TOPICS.annotators, observation(annotatorId, option));
    const mineFrom = (id: string) => annotatorEvents(id).filter((e) => e.envelope?.producer === 'quality' && e.triggerEventId !== '');
    const published = await eventually(
      "quality's reliability updates",
      () => {
        const all = answers.map(([id]) => mineFrom(id).filter((e) => e.goldScored === 1));
        return all.every((l) => l.length > 0) ? all.map((l) => l[l.length - 1]) : undefined;
      },
      60000,
    );
    for (const [i, [id, option]] of answers.entries()) {
      const e = published[i];
      expect(e.change).not.toBe(AnnotatorChange.EXPERT_VERDICT);
      expect(e.goldAccuracy).toBe(option === 'harassment' ? 1 : 0);
      if (option === 'harassment') expect(e.reliability).toBeGreaterThan(carried.get(id)!);
      else expect(e.reliability).toBeLessThan(carried.get(id)!);
      expect(e.suspended).toBe(false); // one judged answer is not enough evidence to suspend
    }
    // The gold confirmation of the same verdict: a gold item, and no second count.
    const gold = createEvent(TOPICS.decisions, {
      envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.decisions }),
      decisionId: uuidv7(),
      taskId,
      itemId,
      questionId: question,
      ontologyVersion: 1,
      label: 'harassment',
      answer: choice('harassment'),
      adjudicated: true,
      gold: true,
      aggregation: { method: AggregationMethod.ADJUDICATION },
    });
    await producer.publish(TOPICS.decisions, gold);
    await producer.publish(TOPICS.annotators, observation(u('dave'), 'non-toxic')); // re-sent observation: same answer, counted once
    await eventually('the gold item', async () => {
      const rows = await ds.query(`SELECT label_key FROM quality.gold_items WHERE project_id = $1 AND item_id = $2 AND source = 'adjudication'`, [projectId, itemId]);
      return rows.length ? rows : undefined;
    }, 60000).then((rows) => expect(rows).toEqual([{ label_key: 'harassment' }]));
    await eventually('both handled', async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM quality.inbox WHERE consumer = 'quality.feedback' AND event_id = ANY($1)`, [
        [gold.envelope!.eventId],
      ]);
      return n === 1 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    const stats = await ds.query(
      `SELECT annotator_id, gold_answered, gold_correct FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = ANY($2) ORDER BY annotator_id`,
      [projectId, answers.map(([id]) => id)],
    );
    expect(stats).toEqual([
      { annotator_id: u('dave'), gold_answered: 1, gold_correct: 0 },
      { annotator_id: u('erin'), gold_answered: 1, gold_correct: 1 },
      { annotator_id: u('frank'), gold_answered: 1, gold_correct: 0 },
    ]);
  });

  it('redelivery: the same AnnotationEvent published twice counts once', async () => {
    const taskId = u('task-redeliver');
    const itemId = u('item-redeliver');
    const first = annotation({ taskId, itemId, annotatorId: u('alice'), option: 'hate' });
    await producer.publish(TOPICS.annotations, first);
    await producer.publish(TOPICS.annotations, first); // same event id: the inbox skips it
    await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId: u('bob'), option: 'hate' }));
    await eventually('both events handled', async () => {
      const rows = await ds.query(`SELECT count(*)::int AS n FROM quality.inbox WHERE consumer = 'quality.annotations' AND event_id = $1`, [first.envelope!.eventId]);
      const [t] = await ds.query(`SELECT human_answers FROM quality.tasks WHERE task_id = $1`, [taskId]);
      return rows[0].n === 1 && t?.human_answers === 2 ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    const [t] = await ds.query(`SELECT human_answers, status FROM quality.tasks WHERE task_id = $1`, [taskId]);
    expect(t).toEqual({ human_answers: 2, status: 'open' }); // 2 of 3: not decided on a duplicate
    expect(decisionsFor(itemId)).toHaveLength(0);
    await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId: u('carol'), option: 'hate' }));
    const [d] = await eventually('the decision', () => (decisionsFor(itemId).length ? decisionsFor(itemId) : undefined), 60000);
    expect(d.answers).toHaveLength(3);
    expect(d.label).toBe('hate');
  });

  it('an annotator failing honeypots is suspended; honeypot accuracy stays apart from agreement with a colluding majority', async () => {
    const mallory = u('mallory');
    // Real tasks: mallory and two colluders always agree.
    for (let i = 0; i < 2; i++) {
      const taskId = u(`task-collude-${i}`);
      const itemId = u(`item-collude-${i}`);
      for (const annotatorId of [mallory, u('col1'), u('col2')]) {
        await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId, option: 'non-toxic' }));
      }
      await eventually('the colluders\' decision', () => (decisionsFor(itemId).length ? true : undefined), 60000);
    }
    // Honeypots: mallory answers every one wrong (expected harassment); QUALITY_MIN_HONEYPOTS is 8.
    for (let i = 0; i < 8; i++) {
      await producer.publish(
        TOPICS.annotations,
        annotation({ taskId: u(`hp-task-${i}`), itemId: u(`hp-item-${i}`), annotatorId: mallory, option: 'non-toxic' }, { honeypot: 'harassment' }),
      );
    }
    const suspension = await eventually(
      'mallory\'s suspension',
      () => annotatorEvents(mallory).find((e) => e.change === AnnotatorChange.SUSPENDED),
      60000,
    );
    expect(suspension.suspended).toBe(true);
    expect(suspension.honeypotAccuracy).toBe(0);
    expect(suspension.honeypotsScored).toBeGreaterThanOrEqual(8);
    expect(suspension.agreement).toBe(1); // agreement is not correctness
    expect(suspension.reliability).toBeLessThan(0.6);
    expect(suspension.reliabilityFloor).toBeCloseTo(0.6, 9);
    expect(suspension.reason).toContain('honeypot accuracy 0.00');
    expect(suspension.envelope?.projectId).toBe(projectId);
    await eventually('all eight honeypots scored', async () => {
      const [s] = await ds.query(`SELECT honeypots_answered FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = $2`, [projectId, mallory]);
      return s?.honeypots_answered === 8 ? true : undefined;
    });
    // Honeypots never count toward a real task.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM quality.tasks WHERE task_id LIKE $1`, [`${projectId}-hp-task-%`]);
    expect(n).toBe(0);

    // Mallory's in-flight answer on a task afterwards: pivotal → adjudication with HONEYPOT_FAILURE.
    const taskId = u('task-after');
    const itemId = u('item-after');
    await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId: mallory, option: 'hate' }));
    await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId: u('col1'), option: 'hate' }));
    await producer.publish(TOPICS.annotations, annotation({ taskId, itemId, annotatorId: u('alice'), option: 'non-toxic' }));
    const [a] = await eventually('the adjudication', () => (adjudicationsFor(itemId).length ? adjudicationsFor(itemId) : undefined), 60000);
    expect(a.reasons).toContain(AdjudicationReason.HONEYPOT_FAILURE);
    const m = a.answers.find((r) => r.annotatorId === mallory)!;
    expect(m.reliability).toBeLessThan(0.6);
  });

  it('GET /v1/projects/:id/quality: deny by default, global roles from the token, window metrics and reliabilities', async () => {
    const url = `${baseUrl}/v1/projects/${projectId}/quality`;
    expect((await fetch(url)).status).toBe(401);
    const annotatorToken = signServiceToken({ kind: 'user', id: 'ann-1', roles: ['annotator'] }, 'quality', jwtSecret);
    expect((await fetch(url, { headers: { authorization: `Bearer ${annotatorToken}` } })).status).toBe(403);
    // Membership is ProjectAccess's (test/authorization-matrix.int-spec.ts); an admin passes it.
    const token = signServiceToken({ kind: 'user', id: 'qa-1', roles: ['admin'] }, 'quality', jwtSecret);
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = (await res.json()) as any;
    expect(body.projectId).toBe(projectId);
    const q = body.windows[0].questions.find((x: { questionId: string }) => x.questionId === question);
    expect(q.tasks).toBeGreaterThanOrEqual(5);
    expect(typeof q.fleissKappa.value).toBe('number');
    expect(typeof q.krippendorffAlpha.value).toBe('number');
    expect(q.cohenKappa.length).toBeGreaterThan(0);
    const mallory = body.annotators.find((x: { annotatorId: string }) => x.annotatorId === u('mallory'));
    // Agreement: 2 colluding tasks (2 of 2 others agree, twice) + task-after (1 of 2) → 5/6.
    expect(mallory).toMatchObject({ suspended: true, honeypot: { answered: 8, correct: 0, accuracy: 0 } });
    expect(mallory.agreement).toBeCloseTo(5 / 6, 12);
    expect(mallory.honeypot.high).toBeLessThan(0.5);
    expect(body.tasks.decided).toBeGreaterThanOrEqual(4);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  });
});
