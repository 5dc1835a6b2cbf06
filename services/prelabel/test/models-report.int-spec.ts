import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { AnswerSource, ContentType, createEvent, LabelStatus, newEnvelope, PrelabelMode, ProjectChange, QuestionKind, TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { rng, shuffle, TextClassifier } from '../src/domain/text.classifier';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';
import { loadYoutubeSpam } from './support/youtube-spam';

/* eslint-disable @typescript-eslint/no-explicit-any */

// The model loop in GET /v1/projects/:id/prelabel/models, prelabel in-process on the real stack:
// two retrains of the local model from labels.v1 (40 labels each), then per version the accuracy
// against the previous version on the same labels, the label → model latency, and the
// auto-accept share per time bucket.
describe('prelabel models report: the model loop after two retrains', () => {
  stackEnv();
  jest.setTimeout(240000);
  const projectId = uniqueName('pl-loop');
  const questionId = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const data = shuffle(loadYoutubeSpam(), rng(7)).slice(0, 100);
  const [batch1, batch2, unlabeled] = [data.slice(0, 40), data.slice(40, 80), data.slice(80)];
  const minutes = 60000;
  let app: INestApplication;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;

  const question = {
    questionId,
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this comment spam?',
    options: [{ optionId: 'ham', label: 'Not spam' }, { optionId: 'spam', label: 'Spam' }],
  };
  const item = (i: number) => `${projectId}-item-${i}`;
  const taskEvent = (itemId: string, text: string) =>
    createEvent(TOPICS.tasks, {
      envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
      task: {
        taskId: uuidv7(), itemId, projectId, questionId, ontologyVersion: 1, question, contentType: ContentType.TEXT,
        answersRequired: 1, priority: 0, origin: TaskOrigin.NEW_ITEM, maskedText: text,
      },
    } as never);
  const labelEvent = (itemId: string, label: string, decidedAt: Date) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId, questionId, ontologyVersion: 1, labelVersion: 1, status: LabelStatus.ACTIVE, label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } }, confidence: 1,
      provenance: { answers: [{ annotatorId: 'alice', source: AnswerSource.HUMAN }] },
      decidedAt: timestampFromDate(decidedAt),
    } as never);
  const models = async (query = '') => {
    const res = await fetch(`${baseUrl}/v1/projects/${projectId}/prelabel/models${query}`, {
      headers: { authorization: `Bearer ${signServiceToken({ kind: 'user', id: 'qa', roles: ['admin'] }, 'prelabel', jwtSecret)}` },
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const versions = async () => (await ds.query(`SELECT version FROM prelabel.models WHERE project_id = $1 AND backend = 'local' ORDER BY version`, [projectId])).map((r: { version: number }) => r.version);

  beforeAll(async () => {
    const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, {
      ...process.env,
      JWT_SECRET: jwtSecret,
      LLM_BASE_URL: '',
      PRELABEL_LOCAL_MIN_LABELS: '40',
      PRELABEL_LOCAL_RETRAIN_EVERY: '40',
      PRELABEL_THRESHOLD_MIN_SUPPORT: '10',
      PRELABEL_AL_INTERVAL_MS: '0',
    } as NodeJS.ProcessEnv);
    producer = new EventProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'prelabel-loop-it' }), protobufCodec, 'prelabel-loop-it');
    await producer.connect();
    app = await NestFactory.create(PrelabelModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    ds = app.get(DATA_SOURCE);
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: { projectId, name: projectId, revision: 1n, policy: { answersPerTask: 1, targetPrecision: 0.9, auditRate: 0, prelabelMode: PrelabelMode.LOCAL } },
      } as never),
    );
    await eventually('the project copy', async () => ((await ds.query(`SELECT 1 FROM prelabel.projects WHERE project_id = $1`, [projectId])).length ? true : undefined), 60000);
    for (const [i, c] of data.entries()) await producer.publish(TOPICS.tasks, taskEvent(item(i), c.text));
    await eventually('100 drafts', async () => ((await ds.query(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE project_id = $1`, [projectId]))[0].n === 100 ? true : undefined), 120000, 500);

    // Two retrains: 40 labels decided ten minutes ago → v1; then 40 decided five minutes ago → v2.
    const decided1 = new Date(Date.now() - 10 * minutes);
    for (const [i, c] of batch1.entries()) await producer.publish(TOPICS.labels, labelEvent(item(i), c.label, decided1));
    await eventually('v1', async () => ((await versions()).length === 1 ? true : undefined), 120000, 500);
    const decided2 = new Date(Date.now() - 5 * minutes);
    for (const [i, c] of batch2.entries()) await producer.publish(TOPICS.labels, labelEvent(item(40 + i), c.label, decided2));
    await eventually('v2', async () => ((await versions()).length === 2 ? true : undefined), 120000, 500);
    // Tasks after the second retrain are routed with v2's drafts.
    for (const [i, c] of unlabeled.entries()) await producer.publish(TOPICS.tasks, taskEvent(`${projectId}-late-${i}`, c.text));
    await eventually('120 drafts', async () => ((await ds.query(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE project_id = $1`, [projectId]))[0].n === 120 ? true : undefined), 120000, 500);
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
  });

  it('every version newest first; v2 against v1 on the 40 labels v2 added (v1 never saw them), with the same numbers as v1 scored directly', async () => {
    const r = await models();
    expect(r.status).toBe(200);
    const [m] = r.body.models;
    expect(m).toMatchObject({ backend: 'local', questionId, version: 2 });
    expect(m.report.loop).toBeUndefined(); // the loop is per version, below
    expect(m.report.pairs).toBeUndefined();
    expect(m.versions.map((v: any) => v.version)).toEqual([2, 1]);
    const [v2, v1] = m.versions;
    expect(v1).toMatchObject({ version: 1, nLabels: 40, newLabels: 40, vsPrevious: null });
    expect(v2).toMatchObject({ version: 2, nLabels: 80, newLabels: 40 });
    expect(v2.eceRaw).toEqual(m.report.eceRaw);
    expect(v2.eceCalibrated).toEqual(m.report.eceCalibrated);

    const d = v2.vsPrevious;
    expect(d).toMatchObject({ previousVersion: 1, on: 'labels_new_since_previous', labels: 40 });
    expect(d.accuracy).toBeCloseTo(d.correct / 40, 12);
    expect(d.previousAccuracy).toBeCloseTo(d.previousCorrect / 40, 12);
    expect(d.delta).toBeCloseTo(d.accuracy - d.previousAccuracy, 12);
    // v1, as stored, scored on batch 2 here: the same count of right answers.
    const [{ state }] = await ds.query(`SELECT state FROM prelabel.models WHERE project_id = $1 AND backend = 'local' AND version = 1`, [projectId]);
    const v1Model = TextClassifier.fromState(state);
    expect(batch2.filter((c) => v1Model.predict(c.text).label === c.label).length).toBe(d.previousCorrect);
    console.log(`v1 ${d.previousAccuracy.toFixed(3)} → v2 ${d.accuracy.toFixed(3)} on the same 40 labels (delta ${d.delta.toFixed(3)})`);
  });

  it('label → model latency per version: p50 / p90 of (trained at − label decided at)', async () => {
    const [v2, v1] = (await models()).body.models[0].versions;
    for (const [v, ago] of [[v1, 10], [v2, 5]] as const) {
      expect(v.labelLatencyMs.labels).toBe(40);
      // Every label of a batch was decided at the same instant: p50 = p90, a little over `ago` minutes (the run's own time).
      expect(v.labelLatencyMs.p50).toBeGreaterThanOrEqual(ago * minutes);
      expect(v.labelLatencyMs.p50).toBeLessThan(ago * minutes + 3 * minutes);
      expect(v.labelLatencyMs.p90).toBeCloseTo(v.labelLatencyMs.p50, 6);
    }
  });

  it('auto-accept share per time bucket (?buckets=&bucketMs=): auto-accepted ÷ every task routed', async () => {
    const r = await models(`?buckets=3&bucketMs=${60 * minutes}`);
    expect(r.body.bucketMs).toBe(60 * minutes);
    const points = r.body.autoAccept.filter((p: any) => p.questionId === questionId);
    expect(points).toHaveLength(3);
    const [now, before] = points;
    expect(now.routed).toBe(120);
    expect(now.autoAccepted + now.audited + now.humanWithDraft + now.humanWithoutDraft).toBe(120);
    expect(now.humanWithoutDraft).toBeGreaterThanOrEqual(100); // before the first model: no draft
    expect(now.share).toBeCloseTo(now.autoAccepted / 120, 12);
    expect(before).toMatchObject({ routed: 0, share: null });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.drafts WHERE project_id = $1 AND route = 'auto_accept'`, [projectId]);
    expect(now.autoAccepted).toBe(n);
    // Defaults: 10 daily buckets; out of range → 400.
    const d = await models();
    expect(d.body.bucketMs).toBe(24 * 60 * minutes);
    expect(d.body.autoAccept.filter((p: any) => p.questionId === questionId)).toHaveLength(10);
    expect((await models('?buckets=0')).status).toBe(400);
  });
});
