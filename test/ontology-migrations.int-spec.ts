import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import {
  AggregationMethod,
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  newEnvelope,
  OptionMigrationKind,
  ProjectChange,
  TaskOrigin,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { DecompositionModule } from '../services/decomposition/src/decomposition.module';
import { decompositionSettings } from '../services/decomposition/src/decomposition.settings';
import { ExportModule } from '../services/export/src/export.module';
import { exportConfigShape } from '../services/export/src/export.settings';
import { GatewayModule } from '../services/gateway/src/gateway.module';
import { gatewayConfigShape } from '../services/gateway/src/gateway.settings';

// Issue 11 end to end, three services in-process on the real stack: the gateway publishes
// ontology v1 and then v2 with a migration map over HTTP; decomposition makes the tasks; the
// decisions are played by this test (as quality publishes them); export makes the labels and
// rewrites them under the map; decomposition learns the labels from labels.v1 and sends the
// items a split covers back to humans. The projects.v1 event is then redelivered.
describe('ontology migration maps, end to end (gateway, decomposition, export in-process, real stack)', () => {
  const env = stackEnv();
  const run = uniqueName('onto-mig');
  const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
  const adminEmail = `admin-${run}@it.verity`;
  const password = 'correct horse battery staple';
  const apps: INestApplication[] = [];
  let base: string;
  let kafka: Kafka;
  let producer: EventProducer;
  let decompositionDb: DataSource;
  let exportDb: DataSource;
  let taps: { tasks: TopicTap; labels: TopicTap; projects: TopicTap };
  let pm: string;
  let projectId: string;

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token = pm) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const opts = (...ids: string[]) => ids.map((id) => ({ id, label: id }));
  const labels = () => taps.labels.records.map((r) => decodeEvent(TOPICS.labels, r.value)).filter((e) => e.envelope?.projectId === projectId);
  const tasks = () => taps.tasks.records.map((r) => decodeEvent(TOPICS.tasks, r.value)).filter((e) => e.envelope?.projectId === projectId);
  const exportVersions = async () => Number((await exportDb.query(`SELECT count(*) AS n FROM export.label_versions WHERE project_id = $1`, [projectId]))[0].n);

  beforeAll(async () => {
    const base_env = { ...process.env, JWT_SECRET: secret };
    const gateway = await NestFactory.create(
      GatewayModule.register(loadConfig('gateway', gatewayConfigShape, { ...base_env, BOOTSTRAP_ADMIN_EMAIL: adminEmail, BOOTSTRAP_ADMIN_PASSWORD: password })),
      { logger: ['error'] },
    );
    await connectEventHandlers(gateway);
    await gateway.listen(0, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
    const decomposition = await NestFactory.create(
      DecompositionModule.register(loadConfig('decomposition', { ...platformSettings, ...decompositionSettings }, base_env)),
      { logger: ['error'] },
    );
    await connectEventHandlers(decomposition);
    await decomposition.init();
    apps.push(decomposition);
    decompositionDb = decomposition.get(DATA_SOURCE);
    const exporter = await NestFactory.create(ExportModule.register(loadConfig('export', exportConfigShape, base_env)), { logger: ['error'] });
    await connectEventHandlers(exporter);
    await exporter.init();
    apps.push(exporter);
    exportDb = exporter.get(DATA_SOURCE);

    kafka = new Kafka({ brokers: env.brokers, clientId: `it-${run}`, logLevel: logLevel.NOTHING });
    producer = new EventProducer(createKafka({ brokers: env.brokers, clientId: `it-${run}-p` }), protobufCodec, `it-${run}`);
    await producer.connect();
    taps = {
      tasks: await new TopicTap(kafka, TOPICS.tasks.name).start(),
      labels: await new TopicTap(kafka, TOPICS.labels.name).start(),
      projects: await new TopicTap(kafka, TOPICS.projects.name).start(),
    };
    const t = await call<{ accessToken: string }>('POST', '/v1/auth/token', { email: adminEmail, password }, '');
    const admin = t.body.accessToken;
    const email = `pm-${run}@it.verity`;
    expect((await call('POST', '/v1/users', { email, displayName: 'PM', password, roles: ['project_manager'] }, admin)).status).toBe(201);
    pm = (await call<{ accessToken: string }>('POST', '/v1/auth/token', { email, password }, '')).body.accessToken;
  }, 180000);

  afterAll(async () => {
    if (projectId) await call('POST', `/v1/projects/${projectId}/archive`).catch(() => undefined);
    for (const t of Object.values(taps ?? {})) await t.stop();
    for (const a of apps.reverse()) await a.close();
    await producer?.disconnect();
  });

  it('v2 with rename and merge rewrites the labels once, and its split re-queues exactly the items it covers', async () => {
    projectId = (await call<{ id: string }>('POST', '/v1/projects', { name: `Migrations ${run}`, contentTypes: ['text'], policy: { answersPerTask: 1 } })).body.id;
    expect(projectId).toBeTruthy();
    expect((await call('POST', `/v1/projects/${projectId}/ontologies`, { questions: [{ id: 'q1', type: 'single_choice', prompt: 'Which?', options: opts('toxic', 'spam', 'ads', 'other', 'fine') }] })).status).toBe(201);
    expect((await call('POST', `/v1/projects/${projectId}/ontologies/1/publish`, {})).status).toBe(200);
    await eventually('decomposition to have v1', async () => {
      const r = await decompositionDb.query(`SELECT ontology_version FROM decomposition.projects WHERE project_id = $1`, [projectId]);
      return r[0]?.ontology_version === 1 ? true : undefined;
    }, 60000);

    // Five items (as ingestion publishes them), their q1 tasks, and a decision for each (as quality publishes it).
    const answers = ['toxic', 'spam', 'ads', 'other', 'fine'];
    const items = answers.map(() => {
      const contentEventId = uuidv7();
      return createEvent(TOPICS.items, {
        envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items, causationId: contentEventId, correlationId: contentEventId }),
        itemId: uuidv7(),
        content: { source: 'it', sourceId: uniqueName('s'), contentType: ContentType.TEXT, contentSha256: 'b'.repeat(64) },
        maskedText: 'a comment',
        matchedProjectIds: [projectId],
        contentEventId,
      });
    });
    await producer.publishMany(TOPICS.items, items);
    const v1Tasks = await eventually('the five v1 tasks', () => (tasks().length === 5 ? tasks() : undefined), 60000);
    const taskOf = (i: number) => v1Tasks.find((t) => t.task!.itemId === items[i].itemId)!;
    const decisions = answers.map((label, i) =>
      createEvent(TOPICS.decisions, {
        envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.decisions, occurredAt: new Date(Date.now() - 60000), correlationId: items[i].envelope!.correlationId }),
        decisionId: uuidv7(),
        taskId: taskOf(i).task!.taskId,
        itemId: items[i].itemId,
        questionId: 'q1',
        ontologyVersion: 1,
        label,
        answer: { value: { case: 'choice', value: { optionIds: [label] } } },
        softLabel: { [label]: 1 },
        confidence: 1,
        aggregation: { method: AggregationMethod.MAJORITY_VOTE },
        taskEventId: taskOf(i).envelope!.eventId,
      }),
    );
    await producer.publishMany(TOPICS.decisions, decisions);
    await eventually('five v1 labels on labels.v1', () => (labels().length === 5 ? true : undefined), 60000);
    await eventually('decomposition to know the five labels', async () => {
      const r = await decompositionDb.query(`SELECT count(*) AS n FROM decomposition.labels WHERE project_id = $1`, [projectId]);
      return Number(r[0].n) === 5 ? true : undefined;
    }, 60000);

    // v2 over HTTP: toxic → abusive, spam + ads → promo, other → neutral | off_topic; fine stays.
    expect((await call('POST', `/v1/projects/${projectId}/ontologies`, { questions: [{ id: 'q1', type: 'single_choice', prompt: 'Which?', options: opts('abusive', 'promo', 'neutral', 'off_topic', 'fine') }] })).status).toBe(201);
    const publish = await call('POST', `/v1/projects/${projectId}/ontologies/2/publish`, {
      relabelPolicy: 'keep',
      migrations: [
        { questionId: 'q1', kind: 'rename', from: ['toxic'], to: ['abusive'] },
        { questionId: 'q1', kind: 'merge', from: ['spam', 'ads'], to: ['promo'] },
        { questionId: 'q1', kind: 'split', from: ['other'], to: ['neutral', 'off_topic'] },
      ],
    });
    expect(publish.status).toBe(200);

    const migrated = await eventually('three migrated labels', () => {
      const v2 = labels().filter((l) => l.ontologyVersion === 2);
      return v2.length === 3 ? v2 : undefined;
    }, 60000);
    const byItem = new Map(migrated.map((l) => [l.itemId, l]));
    for (const [i, to, kind] of [
      [0, 'abusive', OptionMigrationKind.RENAME],
      [1, 'promo', OptionMigrationKind.MERGE],
      [2, 'promo', OptionMigrationKind.MERGE],
    ] as const) {
      const l = byItem.get(items[i].itemId)!;
      expect(l).toMatchObject({ label: to, labelVersion: 2, ontologyVersion: 2, status: LabelStatus.ACTIVE });
      expect(l.provenance?.aggregation?.method).toBe(AggregationMethod.ONTOLOGY_MIGRATION);
      expect(l.provenance?.migration).toMatchObject({ fromOntologyVersion: 1, toOntologyVersion: 2, fromLabelVersion: 1, fromLabel: answers[i] });
      expect(l.provenance?.migration?.entries.map((e) => e.kind)).toEqual([kind]);
      expect(l.provenance?.taskId).toBe(taskOf(i).task!.taskId);
    }
    const relabel = await eventually('the split item asked again under v2', () => tasks().find((t) => t.task!.ontologyVersion === 2), 60000);
    expect(relabel.task).toMatchObject({ itemId: items[3].itemId, questionId: 'q1', origin: TaskOrigin.RELABEL, parentTaskId: taskOf(3).task!.taskId });
    expect(relabel.task!.question!.options.map((o) => o.optionId)).toEqual(['abusive', 'promo', 'neutral', 'off_topic', 'fine']);

    // The ONTOLOGY_PUBLISHED record redelivered as is (same key, value and headers).
    const record = taps.projects.records.find((r) => {
      const e = decodeEvent(TOPICS.projects, r.value);
      return e.project?.projectId === projectId && e.change === ProjectChange.ONTOLOGY_PUBLISHED && e.ontologyPublished?.ontologyVersion === 2;
    })!;
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({ topic: TOPICS.projects.name, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    await raw.disconnect();
    const redelivered = decodeEvent(TOPICS.projects, record.value).envelope!.eventId;
    await eventually('the redelivery seen by both', async () => {
      const e = await exportDb.query(`SELECT count(*) AS n FROM export.inbox WHERE consumer = 'export.projects' AND event_id = $1`, [redelivered]);
      const d = await decompositionDb.query(`SELECT count(*) AS n FROM decomposition.inbox WHERE consumer = 'decomposition.projects' AND event_id = $1`, [redelivered]);
      return Number(e[0].n) === 1 && Number(d[0].n) === 1 ? true : undefined;
    }, 60000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(labels()).toHaveLength(8);
    expect(await exportVersions()).toBe(8);
    expect(tasks().filter((t) => t.task!.ontologyVersion === 2)).toHaveLength(1);
    expect(labels().find((l) => l.itemId === items[4].itemId && l.labelVersion > 1)).toBeUndefined();
  });
});
