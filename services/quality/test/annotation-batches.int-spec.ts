import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import { AggregationMethod, AnswerSource, createEvent, DecisionEvent, decodeEvent, newEnvelope, ProjectChange, QuestionKind, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, dlqName, EventProducer, HEADER, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, EventRuntime, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';
import { RefitModelUseCase } from '../src/use-cases/refit-model.use-case';

// Quality in-process on the real stack, fed many answers at once so they arrive in Kafka batches:
// one transaction per batch must leave exactly the state that one answer at a time leaves.
describe('quality: annotations.v1 in batches', () => {
  stackEnv();
  const projectId = uniqueName('qb-proj');
  const question = 'spam';
  const TASKS = 24;
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let decisions: TopicTap;
  let dlq: TopicTap;

  const u = (n: string) => `${projectId}-${n}`;
  const annotators = [u('ann'), u('ben'), u('cat')];

  const annotation = (i: number, annotatorId: string, option: string, over: { taskId?: string } = {}) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId: over.taskId ?? u(`task-${i}`),
      itemId: u(`item-${i}`),
      questionId: question,
      ontologyVersion: 1,
      annotatorId,
      source: AnswerSource.HUMAN,
      answer: { value: { case: 'choice', value: { optionIds: [option] } } },
      timeSpentMs: 900n,
      submittedAt: timestampFromDate(new Date()),
      answersRequired: 3,
    });

  const mine = () =>
    decisions.records.map((r) => decodeEvent(TOPICS.decisions, r.value) as DecisionEvent).filter((d) => d.envelope?.projectId === projectId);

  beforeAll(async () => {
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
      QUALITY_DS_REFIT_EVERY: '5',
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'quality-batches-it' });
    producer = new EventProducer(kafka, protobufCodec, 'quality-batches-it');
    await producer.connect();
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    ds = app.get(DATA_SOURCE);
    decisions = await new TopicTap(kafka, TOPICS.decisions.name).start();
    dlq = await new TopicTap(kafka, dlqName(TOPICS.annotations.name)).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: {
          projectId,
          name: projectId,
          revision: 1n,
          policy: { answersPerTask: 3, agreementThreshold: 0.3, posteriorThreshold: 0.5, reliabilityFloor: 0 }, // task 0's 2–1 (agreement 1/3) is decided
          currentOntology: {
            version: 1,
            questions: [{ questionId: question, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam' }, { optionId: 'ham' }] }],
          },
        },
      }),
    );
    await eventually(
      'quality to copy the project',
      async () => ((await ds.query(`SELECT 1 FROM quality.projects WHERE project_id = $1`, [projectId])).length ? true : undefined),
      60000,
    );
  });

  afterAll(async () => {
    await decisions?.stop();
    await dlq?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('every task decided once with the right counts, a redelivered answer counted once, a poison answer dead-lettered alone', async () => {
    const events = [];
    for (let i = 0; i < TASKS; i++) {
      const truth = i % 3 === 0 ? 'spam' : 'ham';
      // Task 0 disagrees 2–1; the others agree.
      for (const [k, a] of annotators.entries()) events.push(annotation(i, a, i === 0 && k === 2 ? 'ham' : truth));
    }
    const redelivered = events[4];
    // Same item (same partition, same batch) as task 1's answers, but no task id: NonRetryable.
    const poison = annotation(1, u('dan'), 'spam', { taskId: '' });
    await producer.publishMany(TOPICS.annotations, [...events.slice(0, 5), redelivered, poison, ...events.slice(5)]);

    const got = await eventually('every task decided', () => (mine().length >= TASKS ? mine() : undefined), 90000);
    await new Promise((r) => setTimeout(r, 2000)); // a second decision for any task would show up now
    expect(mine()).toHaveLength(TASKS);
    expect(new Set(got.map((d) => d.taskId)).size).toBe(TASKS);
    for (const d of got) {
      const i = Number(d.taskId.split('-task-')[1]);
      expect(d.label).toBe(i % 3 === 0 ? 'spam' : 'ham');
      expect(d.answers).toHaveLength(3);
      expect(d.agreement?.pairwise).toBeCloseTo(i === 0 ? 1 / 3 : 1, 9);
    }
    // With 72 answers the question passes QUALITY_DS_MIN_ANSWERS: later tasks are scored by Dawid-Skene.
    // The default aggregation keeps Dawid-Skene or MACE (by BIC); either way the fitted model decided.
    expect(got.some((d) => d.aggregation?.method === AggregationMethod.DAWID_SKENE || d.aggregation?.method === AggregationMethod.MACE)).toBe(true);
    // The method names the model that decided, as its parameters record it.
    for (const d of got.filter((x) => x.aggregation?.method === AggregationMethod.DAWID_SKENE || x.aggregation?.method === AggregationMethod.MACE))
      expect(d.aggregation!.parameters).toMatchObject({
        fit_model: d.aggregation!.method === AggregationMethod.MACE ? 'mace' : 'dawid_skene',
        // The fit's prior that an annotator tends to give the true class (decision 86), as the service runs it.
        diagonal_prior: '2',
      });

    const dead = await eventually('the poison answer in the DLQ', () => {
      const mineDead = dlq.records.filter((r) => r.headers[HEADER.eventId] === poison.envelope!.eventId);
      return mineDead.length ? mineDead : undefined;
    }, 60000);
    expect(dead).toHaveLength(1);
    expect(dead[0].headers[HEADER.errorClass]).toBe('NonRetryableError');
    expect(dead[0].headers[HEADER.errorMessage]).toBe('AnnotationEvent without task_id');
    const ownDead = dlq.records.filter((r) => decodeEvent(TOPICS.annotations, r.value).envelope?.projectId === projectId);
    expect(ownDead).toHaveLength(1); // its neighbours were applied, not dead-lettered

    const tasks = await ds.query(`SELECT human_answers, status FROM quality.tasks WHERE project_id = $1`, [projectId]);
    expect(tasks).toHaveLength(TASKS);
    for (const t of tasks) expect(t).toEqual({ human_answers: 3, status: 'decided' });
    const stats = await ds.query(
      `SELECT annotator_id, answers_counted, agreement_pairs, agreeing_pairs FROM quality.annotator_stats WHERE project_id = $1 ORDER BY annotator_id`,
      [projectId],
    );
    // 24 tasks × 2 pairs each; task 0's dissenter (cat) agrees with nobody there, the others with each other.
    expect(stats).toEqual([
      { annotator_id: u('ann'), answers_counted: TASKS, agreement_pairs: 2 * TASKS, agreeing_pairs: 2 * TASKS - 1 },
      { annotator_id: u('ben'), answers_counted: TASKS, agreement_pairs: 2 * TASKS, agreeing_pairs: 2 * TASKS - 1 },
      { annotator_id: u('cat'), answers_counted: TASKS, agreement_pairs: 2 * TASKS, agreeing_pairs: 2 * TASKS - 2 },
    ]);
    const [fit] = await ds.query(`SELECT answers_in_fit + answers_since_fit AS seen, fits FROM quality.ds_fits WHERE project_id = $1`, [projectId]);
    expect(fit.fits).toBeGreaterThanOrEqual(1);
    expect(fit.seen).toBe(3 * TASKS); // every answer counted once towards the fit: in the last fit, or since it
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM quality.answers WHERE project_id = $1`, [projectId]);
    expect(n).toBe(3 * TASKS);

    // Refits thin out as the fit grows: say the last fit held 1,000 answers; at
    // QUALITY_DS_REFIT_GROWTH 0.1 the next is due after 100 new answers, not after
    // QUALITY_DS_REFIT_EVERY (5).
    await ds.query(`UPDATE quality.ds_fits SET answers_in_fit = 1000, answers_since_fit = 0 WHERE project_id = $1`, [projectId]);
    const fitsNow = async () => (await ds.query(`SELECT fits FROM quality.ds_fits WHERE project_id = $1`, [projectId]))[0].fits as number;
    const before = await fitsNow();
    const model = app.get(RefitModelUseCase);
    const key = { projectId, questionId: question, ontologyVersion: 1 };
    const cause = newEnvelope({ producer: 'quality-batches-it', projectId, spec: TOPICS.annotations });
    const count = (k: number) => ds.transaction(async (tx) => {
      for (let i = 0; i < k; i++) await model.afterAnswer(tx, key, ['spam', 'ham'], cause);
    });
    await count(99);
    expect(await fitsNow()).toBe(before);
    await count(1);
    expect(await fitsNow()).toBe(before + 1);
  }, 150000);

  it('kicks its outbox relay only for a batch that announced something', async () => {
    const kick = jest.spyOn(app.get(EventRuntime).relay, 'kick');
    try {
      const handled = async (a: ReturnType<typeof annotation>) => {
        await eventually('the answer stored', async () =>
          (await ds.query(`SELECT 1 FROM quality.answers WHERE annotation_id = $1`, [a.annotationId])).length ? true : undefined,
        );
        await new Promise((r) => setTimeout(r, 500)); // the handler returns after its commit
      };
      // The first answer of a task needing three decides nothing and announces nothing.
      const first = annotation(100, annotators[0]!, 'spam');
      await producer.publish(TOPICS.annotations, first);
      await handled(first);
      expect(kick).not.toHaveBeenCalled();
      // The third one decides the task: its decision is in the outbox, and the relay is kicked.
      const rest = [annotation(100, annotators[1]!, 'spam'), annotation(100, annotators[2]!, 'spam')];
      await producer.publishMany(TOPICS.annotations, rest);
      await handled(rest[1]!);
      await eventually('the decision', () => (mine().some((d) => d.taskId === u('task-100')) ? true : undefined), 30000);
      expect(kick).toHaveBeenCalled();
    } finally {
      kick.mockRestore();
    }
  }, 60000);
});
