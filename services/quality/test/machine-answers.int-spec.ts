import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AdjudicationReason,
  AdjudicationTier,
  AggregationMethod,
  AnswerSource,
  createEvent,
  decodeEvent,
  ModelBackend,
  newEnvelope,
  ProjectChange,
  QuestionKind,
  TOPICS,
  uuidv7,
  type AdjudicationEvent,
  type AnnotationEvent,
  type DecisionEvent,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { context } from '@verity/telemetry';
import { QualityModule } from '../src/quality.module';
import { qualitySettings } from '../src/quality.settings';
import { RecordAnnotationBatchUseCase } from '../src/use-cases/record-annotation-batch.use-case';
import { AUDIT_CHECK_DETAIL, LABEL_CHECK_DETAIL } from '../src/use-cases/second-look.service';

// Machine answers in quality, in-process against the real stack: an auto-accepted one finalizes
// its task; an audited one waits for the humans' (or an expert's) label and feeds the machine's
// precision; neither ever judges a human.
describe('quality: auto-accepted and audited machine answers', () => {
  stackEnv();
  const projectId = uniqueName('q-machine');
  const question = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  let decisions: TopicTap;
  let adjudications: TopicTap;
  let dlq: TopicTap;

  const u = (n: string) => `${projectId}-${n}`;
  const choice = (option: string) => ({ value: { case: 'choice' as const, value: { optionIds: [option] } } });
  const human = (taskId: string, itemId: string, annotatorId: string, option: string) =>
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
      timeSpentMs: 900n,
      submittedAt: timestampFromDate(new Date()),
    });
  const machine = (
    taskId: string,
    itemId: string,
    option: string,
    o: { audit: boolean; modelId: string; calibrated?: number; backend?: ModelBackend; lfVotes?: { lfId: string; lfVersion: number; optionId: string }[]; labelCheck?: boolean },
  ) =>
    createEvent(TOPICS.annotations, {
      envelope: newEnvelope({ producer: 'prelabel', projectId, spec: TOPICS.annotations }),
      annotationId: uuidv7(),
      taskId,
      itemId,
      questionId: question,
      ontologyVersion: 1,
      annotatorId: `model:${o.modelId}`,
      source: AnswerSource.MACHINE,
      answer: choice(option),
      submittedAt: timestampFromDate(new Date()),
      model: { backend: o.backend ?? ModelBackend.LOCAL, modelId: o.modelId, modelVersion: 'v2', promptVersion: '', confidence: 0.91, calibratedConfidence: o.calibrated, lfVotes: o.lfVotes ?? [] },
      audit: o.audit,
      labelCheck: o.labelCheck ?? false,
    });
  const expertDecision = (taskId: string, itemId: string, label: string, requestId: string) =>
    createEvent(TOPICS.decisions, {
      envelope: newEnvelope({ producer: 'adjudication', projectId, spec: TOPICS.decisions }),
      decisionId: uuidv7(),
      taskId,
      itemId,
      questionId: question,
      ontologyVersion: 1,
      label,
      answer: choice(label),
      softLabel: { [label]: 0.9, [label === 'spam' ? 'ham' : 'spam']: 0.1 },
      confidence: 0.9,
      aggregation: { method: AggregationMethod.ADJUDICATION },
      adjudicated: true,
      verdict: { requestId, adjudicatorId: u('expert'), tier: AdjudicationTier.EXPERT, answer: choice(label), confidence: 0.9 },
    });
  const mine = <T extends { envelope?: { projectId: string } }>(tap: TopicTap, topic: { name: string }) =>
    tap.records.map((r) => decodeEvent(topic as never, r.value) as unknown as T).filter((e) => e.envelope?.projectId === projectId);
  const decisionsFor = (taskId: string) => mine<DecisionEvent>(decisions, TOPICS.decisions).filter((d) => d.taskId === taskId);
  const precisionOf = async (modelId: string) => {
    const res = await fetch(`${baseUrl}/v1/projects/${projectId}/quality`, {
      headers: { authorization: `Bearer ${signServiceToken({ kind: 'user', id: 'qa', roles: ['admin'] }, 'quality', jwtSecret)}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { machinePrecision: { modelId: string; count: number; correct: number; precision: number | null; low: number | null; high: number | null; pending: number }[] };
    return body.machinePrecision.find((m) => m.modelId === modelId);
  };

  beforeAll(async () => {
    const config = loadConfig('quality', { ...platformSettings, ...qualitySettings }, { ...process.env, JWT_SECRET: jwtSecret });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'quality-machine-it' });
    producer = new EventProducer(kafka, protobufCodec, 'quality-machine-it');
    await producer.connect();
    app = await NestFactory.create(QualityModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    ds = app.get(DATA_SOURCE);
    decisions = await new TopicTap(kafka, TOPICS.decisions.name).start();
    adjudications = await new TopicTap(kafka, TOPICS.adjudications.name).start();
    dlq = await new TopicTap(kafka, `${TOPICS.annotations.name}.dlq`).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: {
          projectId,
          name: projectId,
          revision: 1n,
          // A source nobody sends: ingestion would otherwise turn every other run's content into tasks here.
          filter: { sources: [`${projectId}-answers-only`] },
          policy: { answersPerTask: 2, agreementThreshold: 0.7, posteriorThreshold: 0.5, reliabilityFloor: 0.6, honeypotRate: 0 },
          currentOntology: {
            version: 1,
            questions: [{ questionId: question, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'ham' }, { optionId: 'spam' }] }],
          },
        },
      }),
    );
    await eventually('the project copy', async () => ((await ds.query(`SELECT 1 FROM quality.projects WHERE project_id = $1`, [projectId])).length ? true : undefined), 60000);
  });

  afterAll(async () => {
    await decisions?.stop();
    await adjudications?.stop();
    await dlq?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('an auto-accepted machine answer finalizes its task (MACHINE_AUTO_ACCEPT); later human answers are kept, not counted, not judged', async () => {
    const [taskId, itemId, modelId] = [u('auto-task'), u('auto-item'), u('model-auto')];
    await producer.publish(TOPICS.annotations, machine(taskId, itemId, 'spam', { audit: false, modelId, calibrated: 0.97 }));
    const [d] = await eventually('the auto-accept decision', () => (decisionsFor(taskId).length ? decisionsFor(taskId) : undefined), 60000);
    expect(d!.envelope?.producer).toBe('quality');
    expect(d!.aggregation?.method).toBe(AggregationMethod.MACHINE_AUTO_ACCEPT);
    expect(d!.aggregation?.parameters).toMatchObject({ model_id: modelId, model_version: 'v2', calibrated_confidence: '0.97' });
    expect(d!.label).toBe('spam');
    expect(d!.confidence).toBe(0.97);
    expect(d!.softLabel.spam).toBeCloseTo(0.97, 9);
    expect(d!.softLabel.ham).toBeCloseTo(0.03, 9);
    expect(d!.adjudicated).toBe(false);
    expect(d!.gold).toBe(false);
    expect(d!.answers).toHaveLength(1);
    expect(d!.answers[0]).toMatchObject({ source: AnswerSource.MACHINE, annotatorId: `model:${modelId}` });
    expect(d!.answers[0]!.model).toMatchObject({ modelId, modelVersion: 'v2', calibratedConfidence: 0.97 });

    // Two humans answer the closed task anyway: stored, not counted, no second decision, nobody judged.
    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('late-1'), 'ham'));
    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('late-2'), 'ham'));
    await eventually('the late answers stored', async () => {
      const rows = await ds.query(`SELECT counted FROM quality.answers WHERE task_id = $1 AND source = 1`, [taskId]);
      return rows.length === 2 ? rows : undefined;
    }, 60000);
    expect((await ds.query(`SELECT bool_or(counted) AS any FROM quality.answers WHERE task_id = $1`, [taskId]))[0].any).toBe(false);
    const stats = await ds.query(`SELECT annotator_id FROM quality.annotator_stats WHERE project_id = $1 AND annotator_id = ANY($2)`, [
      projectId,
      [`model:${modelId}`, u('late-1'), u('late-2')],
    ]);
    expect(stats).toEqual([]);
    expect(decisionsFor(taskId)).toHaveLength(1);
    expect(await precisionOf(modelId)).toBeUndefined(); // not an audit
  }, 120000);

  it('a weak label auto-accepted (backend LABEL_MODEL) finalizes its task by WEAK_SUPERVISION, its provenance naming every LF vote', async () => {
    const [taskId, itemId, modelId] = [u('weak-task'), u('weak-item'), u('labelmodel')];
    const lfVotes = [
      { lfId: 'link', lfVersion: 1, optionId: 'spam' },
      { lfId: 'check-out', lfVersion: 3, optionId: 'spam' },
    ];
    await producer.publish(TOPICS.annotations, machine(taskId, itemId, 'spam', { audit: false, modelId, calibrated: 0.96, backend: ModelBackend.LABEL_MODEL, lfVotes }));
    const [d] = await eventually('the weak-supervision decision', () => (decisionsFor(taskId).length ? decisionsFor(taskId) : undefined), 60000);
    expect(d!.aggregation?.method).toBe(AggregationMethod.WEAK_SUPERVISION);
    expect(JSON.parse(d!.aggregation!.parameters.lf_votes!)).toEqual([
      { lf_id: 'link', lf_version: 1, option_id: 'spam' },
      { lf_id: 'check-out', lf_version: 3, option_id: 'spam' },
    ]);
    expect(d!.label).toBe('spam');
    expect(d!.confidence).toBe(0.96);
    expect(d!.answers).toHaveLength(1);
    expect(d!.answers[0]!.model?.backend).toBe(ModelBackend.LABEL_MODEL);
    expect(d!.answers[0]!.model?.lfVotes.map((v) => `${v.lfId}@${v.lfVersion}`)).toEqual(['link@1', 'check-out@3']);
  }, 120000);

  it('an audited machine answer does not decide: the humans do, even against it; the disagreement goes to the expert, blind, whose verdict resolves the audit', async () => {
    const [taskId, itemId, modelId] = [u('audit-task'), u('audit-item'), u('model-audit')];
    await producer.publish(TOPICS.annotations, machine(taskId, itemId, 'spam', { audit: true, modelId, calibrated: 0.99 }));
    await eventually('the audit recorded', async () => ((await precisionOf(modelId))?.pending === 1 ? true : undefined), 60000);
    expect(decisionsFor(taskId)).toEqual([]);

    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('ann-1'), 'ham'));
    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('ann-2'), 'ham'));
    const [d] = await eventually('the humans’ decision', () => (decisionsFor(taskId).length ? decisionsFor(taskId) : undefined), 60000);
    expect(d!.label).toBe('ham');
    expect(d!.aggregation?.method).not.toBe(AggregationMethod.MACHINE_AUTO_ACCEPT);
    // The machine's answer stays in provenance.
    expect(d!.answers.map((a) => a.source).sort()).toEqual([AnswerSource.HUMAN, AnswerSource.HUMAN, AnswerSource.MACHINE].sort());
    // The machine disagreed with the crowd: the expert takes a second look, without the machine's answer.
    const [req] = await eventually('the second look', () => {
      const a = mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((x) => x.taskId === taskId);
      return a.length ? a : undefined;
    }, 60000);
    expect(req!.reasons).toEqual([AdjudicationReason.MACHINE_DISAGREEMENT]);
    expect(req!.detail).toBe(AUDIT_CHECK_DETAIL);
    expect(req!.proposedLabel).toBe('ham');
    expect(req!.machineDraft).toBeUndefined();
    expect(req!.answers.map((a) => a.annotatorId).sort()).toEqual([u('ann-1'), u('ann-2')].sort());
    // Until the verdict, the audit counts neither way.
    expect(await precisionOf(modelId)).toMatchObject({ count: 0, pending: 1 });

    await producer.publish(TOPICS.decisions, expertDecision(taskId, itemId, 'ham', req!.requestId));
    const p = await eventually('the audit resolved by the verdict', async () => {
      const m = await precisionOf(modelId);
      return m?.count === 1 ? m : undefined;
    }, 60000);
    expect(p).toMatchObject({ count: 1, correct: 0, precision: 0, pending: 0 });
    expect(p.low).toBe(0);
    expect(p.high).toBeGreaterThan(0.5);
  }, 120000);

  it('in one batch: the humans decide, then the audited machine answer arrives — the audit is resolved against their label', async () => {
    const batchUseCase = app.get(RecordAnnotationBatchUseCase);
    const [taskId, itemId, modelId] = [u('same-batch-task'), u('same-batch-item'), u('model-same-batch')];
    const answers = [human(taskId, itemId, u('ann-1'), 'spam'), human(taskId, itemId, u('ann-2'), 'spam'), machine(taskId, itemId, 'spam', { audit: true, modelId, calibrated: 0.99 })];
    const results = await ds.transaction((tx) => batchUseCase.execute(tx, answers.map((event) => ({ event, trace: context.active() }))));
    expect(results).toEqual(['waiting', 'decided', 'audit']);
    // The closing is written with the batch, and the audit read it (a closing held back until the flush would leave it pending).
    const [task] = await ds.query(`SELECT status, label, final_label, final_method FROM quality.tasks WHERE task_id = $1`, [taskId]);
    expect(task).toMatchObject({ status: 'decided', label: 'spam', final_label: 'spam' });
    expect(await precisionOf(modelId)).toMatchObject({ count: 1, correct: 1, pending: 0 });
  });

  it('in one batch: the humans decide, then a disagreeing audited machine answer arrives — a second look for the expert, the audit left pending', async () => {
    const batchUseCase = app.get(RecordAnnotationBatchUseCase);
    const [taskId, itemId, modelId] = [u('late-audit-task'), u('late-audit-item'), u('model-late-audit')];
    const answers = [human(taskId, itemId, u('ann-1'), 'spam'), human(taskId, itemId, u('ann-2'), 'spam'), machine(taskId, itemId, 'ham', { audit: true, modelId, calibrated: 0.99 })];
    const results = await ds.transaction((tx) => batchUseCase.execute(tx, answers.map((event) => ({ event, trace: context.active() }))));
    expect(results).toEqual(['waiting', 'decided', 'audit']);
    const [req] = await eventually('the second look', () => {
      const a = mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((x) => x.taskId === taskId);
      return a.length ? a : undefined;
    }, 60000);
    expect(req).toMatchObject({ detail: AUDIT_CHECK_DETAIL, proposedLabel: 'spam', reasons: [AdjudicationReason.MACHINE_DISAGREEMENT] });
    expect(req!.answers.map((a) => a.annotatorId).sort()).toEqual([u('ann-1'), u('ann-2')].sort());
    expect(await precisionOf(modelId)).toMatchObject({ count: 0, pending: 1 });
  });

  it('an audited task the humans disagree on is resolved by the expert’s decision', async () => {
    const [taskId, itemId, modelId] = [u('adj-task'), u('adj-item'), u('model-adj')];
    await producer.publish(TOPICS.annotations, machine(taskId, itemId, 'spam', { audit: true, modelId, calibrated: 0.99 }));
    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('ann-3'), 'ham'));
    await producer.publish(TOPICS.annotations, human(taskId, itemId, u('ann-4'), 'spam'));
    const [req] = await eventually('the adjudication request', () => {
      const a = mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((x) => x.taskId === taskId);
      return a.length ? a : undefined;
    }, 60000);
    expect(req!.machineDraft).toBeUndefined(); // the expert decides blind too
    expect((await precisionOf(modelId))).toMatchObject({ count: 0, pending: 1, precision: null });

    await producer.publish(TOPICS.decisions, expertDecision(taskId, itemId, 'spam', req!.requestId));
    const p = await eventually('the audit resolved by the verdict', async () => {
      const m = await precisionOf(modelId);
      return m?.count === 1 ? m : undefined;
    }, 60000);
    expect(p).toMatchObject({ count: 1, correct: 1, precision: 1, pending: 0 });
  }, 120000);

  it('a machine answer to auto-accept without a calibrated confidence is dead-lettered, naming the field', async () => {
    const [taskId, itemId] = [u('uncal-task'), u('uncal-item')];
    await producer.publish(TOPICS.annotations, machine(taskId, itemId, 'spam', { audit: false, modelId: u('model-uncal') }));
    const rec = await eventually('the dead letter', () =>
      dlq.records.find((r) => (decodeEvent(TOPICS.annotations, r.value) as AnnotationEvent).taskId === taskId), 60000);
    expect(rec.headers['verity-error-message']).toMatch(/model\.calibrated_confidence is absent/);
    expect(decisionsFor(taskId)).toEqual([]);
  }, 120000);

  it('a label check on a decided task the model disagrees with sends the item to the expert, blind; agreeing, open or unknown tasks are left alone', async () => {
    const batchUseCase = app.get(RecordAnnotationBatchUseCase);
    const modelId = u('model-check');
    const check = (taskId: string, itemId: string, option: string) => machine(taskId, itemId, option, { audit: false, modelId, labelCheck: true });
    // Two tasks decided "spam" by two humans each, one still open.
    const [disagreed, agreed, open] = ['check-a', 'check-b', 'check-open'].map((n) => ({ taskId: u(`${n}-task`), itemId: u(`${n}-item`) }));
    const answers = [
      human(disagreed.taskId, disagreed.itemId, u('c-1'), 'spam'), human(disagreed.taskId, disagreed.itemId, u('c-2'), 'spam'),
      human(agreed.taskId, agreed.itemId, u('c-1'), 'spam'), human(agreed.taskId, agreed.itemId, u('c-2'), 'spam'),
      human(open.taskId, open.itemId, u('c-1'), 'spam'),
    ];
    await ds.transaction((tx) => batchUseCase.execute(tx, answers.map((event) => ({ event, trace: context.active() }))));
    const checks = [check(disagreed.taskId, disagreed.itemId, 'ham'), check(agreed.taskId, agreed.itemId, 'spam'), check(open.taskId, open.itemId, 'ham'), check(u('never-seen-task'), u('never-seen-item'), 'ham')];
    const results = await ds.transaction((tx) => batchUseCase.execute(tx, checks.map((event) => ({ event, trace: context.active() }))));
    expect(results).toEqual(['label_check_sent', 'label_check_agrees', 'label_check_skipped', 'label_check_skipped']);

    const [request] = await eventually('the expert request', () => {
      const r = mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((a) => a.taskId === disagreed.taskId);
      return r.length ? r : undefined;
    }, 60000);
    expect(request!.itemId).toBe(disagreed.itemId);
    expect(request!.reasons).toEqual([AdjudicationReason.MACHINE_DISAGREEMENT]);
    expect(request!.detail).toBe(LABEL_CHECK_DETAIL);
    expect(request!.proposedLabel).toBe('spam');
    // The humans' answers, not the machine's: the expert decides blind.
    expect(request!.answers.map((a) => a.annotatorId).sort()).toEqual([u('c-1'), u('c-2')].sort());
    expect(request!.machineDraft).toBeUndefined();
    // Nothing stored, nothing created, the decided task untouched.
    expect(await ds.query(`SELECT 1 FROM quality.answers WHERE project_id = $1 AND source = 2 AND task_id = ANY($2)`, [projectId, checks.map((c) => c.taskId)])).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM quality.tasks WHERE task_id = $1`, [u('never-seen-task')])).toEqual([]);
    const [task] = await ds.query(`SELECT status, final_label FROM quality.tasks WHERE task_id = $1`, [disagreed.taskId]);
    expect(task).toEqual({ status: 'decided', final_label: 'spam' });
    expect(mine<AdjudicationEvent>(adjudications, TOPICS.adjudications).filter((a) => [agreed.taskId, open.taskId].includes(a.taskId))).toEqual([]);
  }, 120000);
});
