import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AnswerSource,
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  newEnvelope,
  PrelabelFailure,
  PrelabelMode,
  PrelabelRoute,
  ProjectChange,
  QuestionKind,
  TaskOrigin,
  TOPICS,
  uuidv7,
  type AnnotationEvent,
  type PrelabelEvent,
} from '@verity/contracts';
import { createKafka, dlqName, EventProducer, HEADER, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { rng, shuffle } from '../src/domain/text.classifier';
import { auditWeight } from '../src/domain/routing.rule';
import { LabelRepository } from '../src/db/label.repository';
import { ProjectPolicyRepository } from '../src/db/project-policy.repository';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';
import { loadYoutubeSpam } from './support/youtube-spam';

// Routing end to end on the real stack: prelabel in-process, LOCAL mode, the local model trained
// from labels.v1, then confident tasks auto-accepted (MACHINE answer), unsure ones to humans with
// the draft, and an audit share (audit_rate 0.5) of the auto-accepted ones to humans too.
describe('prelabel routing on the real stack', () => {
  stackEnv();
  jest.setTimeout(240000);
  const projectId = uniqueName('pl-proj');
  const questionId = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const data = shuffle(loadYoutubeSpam(), rng(99));
  const train = data.slice(0, 600);
  const probe = data.slice(600, 700);
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  let prelabels: TopicTap;
  let annotations: TopicTap;
  let auditedProbe = new Set<string>();
  let humanProbe = new Set<string>();

  const question = {
    questionId,
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this comment spam?',
    options: [{ optionId: 'ham', label: 'Not spam' }, { optionId: 'spam', label: 'Spam' }],
  };
  const taskEvent = (itemId: string, text: string) =>
    createEvent(TOPICS.tasks, {
      envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
      task: {
        taskId: uuidv7(), itemId, projectId, questionId, ontologyVersion: 1, question, contentType: ContentType.TEXT,
        answersRequired: 1, priority: 0, origin: TaskOrigin.NEW_ITEM, maskedText: text, guidelines: 'Links and self-promotion are spam.',
      },
    } as never);
  const labelEvent = (itemId: string, label: string, confidence = 1) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId, questionId, ontologyVersion: 1, labelVersion: 1, status: LabelStatus.ACTIVE, label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } }, confidence,
      provenance: { answers: [{ annotatorId: 'alice', source: AnswerSource.HUMAN }] },
    } as never);
  const mine = <T>(tap: TopicTap, topic: typeof TOPICS.prelabels | typeof TOPICS.annotations) =>
    tap.records.map((r) => decodeEvent(topic as never, r.value) as unknown as T).filter((e) => (e as { envelope?: { projectId: string } }).envelope?.projectId === projectId);

  beforeAll(async () => {
    const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, {
      ...process.env,
      JWT_SECRET: jwtSecret,
      LLM_BASE_URL: '',
      // All 600 training labels, not whichever 500+ had arrived when a retrain started.
      PRELABEL_LOCAL_MIN_LABELS: '600',
      PRELABEL_LOCAL_RETRAIN_EVERY: '100000',
      PRELABEL_AL_INTERVAL_MS: '0',
    } as NodeJS.ProcessEnv);
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'prelabel-it' });
    producer = new EventProducer(kafka, protobufCodec, 'prelabel-it');
    await producer.connect();
    app = await NestFactory.create(PrelabelModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    ds = app.get(DATA_SOURCE);
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    annotations = await new TopicTap(kafka, TOPICS.annotations.name).start();
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: { projectId, name: projectId, revision: 1n, policy: { answersPerTask: 1, targetPrecision: 0.98, auditRate: 0.5, prelabelMode: PrelabelMode.LOCAL } },
      } as never),
    );
    await eventually('the project copy', async () => ((await ds.query(`SELECT 1 FROM prelabel.projects WHERE project_id = $1`, [projectId])).length ? true : undefined), 60000);
  });

  afterAll(async () => {
    await prelabels?.stop();
    await annotations?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  const count = async (sql: string) => (await ds.query(sql, [projectId]))[0].n as number;

  it('before any model: tasks go to humans without a draft (NO_MODEL)', async () => {
    for (const [i, c] of train.entries()) await producer.publish(TOPICS.tasks, taskEvent(`${projectId}-train-${i}`, c.text));
    await eventually('600 drafts', async () => ((await count(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE project_id = $1`)) === 600 ? true : undefined), 120000, 500);
    const evs = await eventually('600 prelabels relayed', () => {
      const e = mine<PrelabelEvent>(prelabels, TOPICS.prelabels);
      return e.length >= 600 ? e : undefined;
    }, 60000, 500);
    expect(evs.length).toBe(600);
    expect(evs.every((e) => e.route === PrelabelRoute.HUMAN_WITHOUT_DRAFT && !e.draft)).toBe(true);
    // A few comments are emoji only (no letter or digit): UNSUPPORTED_CONTENT; the rest NO_MODEL.
    expect(evs.every((e) => e.failure === PrelabelFailure.NO_MODEL || e.failure === PrelabelFailure.UNSUPPORTED_CONTENT)).toBe(true);
    expect(evs.filter((e) => e.failure === PrelabelFailure.NO_MODEL).length).toBeGreaterThan(580);
  });

  it('labels.v1 trains the local model; confident tasks auto-accept (MACHINE answer), unsure ones get the draft, half the confident ones are audited', async () => {
    // Every tenth label is less sure: the model checks its held-out answers against it with that confidence.
    const lessSure = (i: number) => i % 10 === 0;
    for (const [i, c] of train.entries()) await producer.publish(TOPICS.labels, labelEvent(`${projectId}-train-${i}`, c.label, lessSure(i) ? 0.9 : 1));
    const [model] = await eventually('a trained local model', async () => {
      const rows = await ds.query(`SELECT version, threshold, report FROM prelabel.models WHERE project_id = $1 AND backend = 'local'`, [projectId]);
      return rows.length ? rows : undefined;
    }, 120000, 500);
    expect(model.threshold).not.toBeNull();
    expect(model.report.accuracy).toBeGreaterThan(0.85);
    const [stored] = await ds.query(`SELECT count(*) FILTER (WHERE confidence = 0.9)::int AS unsure, count(*) FILTER (WHERE confidence = 1)::int AS sure FROM prelabel.labels WHERE project_id = $1`, [projectId]);
    expect(stored).toEqual({ unsure: train.filter((_, i) => lessSure(i)).length, sure: train.filter((_, i) => !lessSure(i)).length });
    // Held-out answers checked against a 0.9 label count for (1 − 0.1)/0.8 or −0.1/0.8, not 1 or 0 (decision 63).
    const credits = new Set((model.report.pairs as [number, number][]).map(([, credit]) => credit));
    expect([...credits].some((c) => c === 1.125 || c === -0.125)).toBe(true);

    prelabels.records.length = 0;
    for (const [i, c] of probe.entries()) await producer.publish(TOPICS.tasks, taskEvent(`${projectId}-probe-${i}`, c.text));
    const evs = await eventually('100 probe prelabels', () => {
      const e = mine<PrelabelEvent>(prelabels, TOPICS.prelabels);
      return e.length >= 100 ? e : undefined;
    }, 120000, 500);
    const by = (r: PrelabelRoute) => evs.filter((e) => e.route === r);
    const auto = by(PrelabelRoute.AUTO_ACCEPT);
    const audit = by(PrelabelRoute.AUDIT);
    const unsure = by(PrelabelRoute.HUMAN_WITH_DRAFT);
    console.log(`threshold ${model.threshold}: auto ${auto.length}, audit ${audit.length}, human_with_draft ${unsure.length}`);
    expect(auto.length).toBeGreaterThan(0);
    expect(audit.length).toBeGreaterThan(0);
    expect(unsure.length).toBeGreaterThan(0);
    for (const e of [...auto, ...audit]) expect(e.model!.calibratedConfidence!).toBeGreaterThanOrEqual(e.autoAcceptThreshold!);
    for (const e of unsure) {
      expect(e.draft?.value.case).toBe('choice');
      expect(e.model!.calibratedConfidence!).toBeLessThan(e.autoAcceptThreshold!);
    }
    for (const e of audit) expect(e.draft).toBeUndefined(); // blind audit
    // audit_rate 0.5 of the confident ones (binomial; wide bounds)
    expect(audit.length / (auto.length + audit.length)).toBeGreaterThan(0.2);
    expect(audit.length / (auto.length + audit.length)).toBeLessThan(0.8);

    const machine = await eventually('the machine answers', () => {
      // Label checks (machine answers on labeled items the model disagrees with) are label-checks.int-spec's.
      const a = mine<AnnotationEvent>(annotations, TOPICS.annotations).filter((e) => !e.labelCheck);
      return a.length >= auto.length + audit.length ? a : undefined;
    }, 60000, 500);
    const confidentTasks = new Set([...auto, ...audit].map((e) => e.task!.taskId));
    expect(new Set(machine.map((a) => a.taskId))).toEqual(confidentTasks);
    for (const a of machine) {
      expect(a.source).toBe(AnswerSource.MACHINE);
      expect(a.annotatorId).toBe(`model:local-lr/${projectId}/${questionId}`);
      expect(a.model?.modelVersion).toBe(`v${model.version}`);
      expect(a.honeypot).toBe(false);
    }
    expect(machine.filter((a) => a.audit).length).toBe(audit.length);
    auditedProbe = new Set(audit.map((e) => e.task!.itemId));
    humanProbe = new Set(unsure.map((e) => e.task!.itemId));
  });

  it("an audited item's label comes back marked audited, to stand for 1 / audit rate of the confident items in the next model's held-out answers", async () => {
    // The humans' labels of the audited and the unsure probe items arrive (auto-accepted ones never come back as training labels).
    const probeItems = [...auditedProbe, ...humanProbe];
    const labelOf = new Map(probe.map((c, i) => [`${projectId}-probe-${i}`, c.label]));
    for (const itemId of probeItems) await producer.publish(TOPICS.labels, labelEvent(itemId, labelOf.get(itemId)!));
    const labels = await eventually('the probe labels', async () => {
      const { labels } = await app.get(LabelRepository).trainingLabels(ds, projectId, questionId, 10000);
      const probeLabels = labels.filter((l) => l.itemId.includes('-probe-'));
      return probeLabels.length === probeItems.length ? labels : undefined;
    }, 60000, 500);
    expect(new Set(labels.filter((l) => l.audited).map((l) => l.itemId))).toEqual(auditedProbe);
    // The project's audit rate is 0.5: an audited label counts twice.
    const weight = auditWeight((await app.get(ProjectPolicyRepository).get(ds, projectId))!.auditRate);
    expect(labels.filter((l) => l.audited).map((l) => weight(l.audited))).toEqual([...auditedProbe].map(() => 2));
    expect(labels.filter((l) => !l.audited).every((l) => weight(l.audited) === 1)).toBe(true);
  });

  it('in batches: a task is drafted and announced once however often it comes; a poison task is dead-lettered alone', async () => {
    const dlq = await new TopicTap(kafka, dlqName(TOPICS.tasks.name)).start();
    try {
      prelabels.records.length = 0;
      const [t1, t2] = [taskEvent(`${projectId}-batch-1`, probe[0].text), taskEvent(`${projectId}-batch-2`, probe[1].text)];
      const again = createEvent(TOPICS.tasks, { ...t1, envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }) } as never); // same task, new event id
      // One key: one partition, so the records come to the handler together and in this order.
      await producer.publishMany(TOPICS.tasks, [t1, t1, again, t2], { key: `${projectId}:batch` });
      const taskIds = [t1, t2].map((t) => t.task!.taskId);
      await eventually('both batch tasks drafted', async () => {
        const rows = await ds.query(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE task_id = ANY($1)`, [taskIds]);
        return rows[0].n === 2 ? true : undefined;
      }, 60000, 500);
      await new Promise((r) => setTimeout(r, 2000)); // a second prelabel of t1 would be relayed by now
      const evs = mine<PrelabelEvent>(prelabels, TOPICS.prelabels).filter((e) => taskIds.includes(e.task!.taskId));
      expect(evs.map((e) => e.task!.taskId).sort()).toEqual([...taskIds].sort());

      const [t3, t4] = [taskEvent(`${projectId}-batch-3`, probe[2].text), taskEvent(`${projectId}-batch-4`, probe[3].text)];
      const poison = taskEvent(`${projectId}-batch-poison`, probe[4].text);
      poison.task!.question = undefined;
      await producer.publishMany(TOPICS.tasks, [t3, poison, t4], { key: `${projectId}:batch` });
      const dead = await eventually('the poison task in the DLQ', () => {
        // Other consumers of tasks.v1 dead-letter it too, under their own group.
        const ours = dlq.records.filter((r) => r.headers[HEADER.eventId] === poison.envelope!.eventId && r.headers[HEADER.consumerGroup] === 'prelabel');
        return ours.length ? ours : undefined;
      }, 60000, 500);
      expect(dead).toHaveLength(1);
      expect(dead[0].headers[HEADER.errorMessage]).toBe(`task ${poison.task!.taskId} has no question snapshot`);
      await eventually('both neighbours drafted', async () => {
        const rows = await ds.query(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE task_id = ANY($1)`, [[t3.task!.taskId, t4.task!.taskId]]);
        return rows[0].n === 2 ? true : undefined;
      }, 60000, 500);
      for (const e of [t3, t4]) expect(dlq.records.filter((r) => r.headers[HEADER.eventId] === e.envelope!.eventId && r.headers[HEADER.consumerGroup] === 'prelabel')).toHaveLength(0);
    } finally {
      await dlq.stop();
    }
  });

  it('GET …/prelabel/costs and …/models need a token (roles and membership: test/authorization-matrix.int-spec.ts)', async () => {
    const anon = await fetch(`${baseUrl}/v1/projects/${projectId}/prelabel/costs`);
    expect(anon.status).toBe(401);
    const token = signServiceToken({ kind: 'user', id: 'pm', roles: ['admin'] }, 'prelabel', jwtSecret);
    const ok = await fetch(`${baseUrl}/v1/projects/${projectId}/prelabel/models`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { models: { backend: string; questionId: string; report: { eceCalibrated: number } }[] };
    expect(body.models[0]).toMatchObject({ backend: 'local', questionId });
    expect(body.models[0].report.eceCalibrated).toBeLessThan(0.1);
  });
});
