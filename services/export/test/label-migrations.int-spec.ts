import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import {
  AggregationMethod,
  createEvent,
  DecisionEvent,
  decodeEvent,
  LabelEvent,
  LabelStatus,
  newEnvelope,
  OptionMigrationKind,
  ProjectChange,
  ProjectEvent,
  QuestionKind,
  RelabelPolicy,
  TOPICS,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { ExportModule } from '../src/export.module';
import { ExportConfig, exportConfigShape } from '../src/export.settings';
import { sampleDecision } from './support/decisions';

// Export in-process on the real stack: labels decided under ontology v1 (decisions.v1, as
// quality publishes them), then v2 published on projects.v1 with a migration map (as the
// gateway publishes it) and relabel policy EXCLUDE for the rest.
describe('export: ontology migration maps rewrite labels (real stack)', () => {
  stackEnv();
  const run = uniqueName('mig');
  const projectId = `${run}-p`;
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let labels: TopicTap;

  const item = (k: string) => `${run}-${k}`;
  const t0 = new Date(Date.now() - 120000);
  const decision = (itemId: string, label: string, questionId = 'q1', at = t0): DecisionEvent => {
    const d = sampleDecision(itemId, questionId, label, at);
    d.envelope!.projectId = projectId;
    d.decisionId = `${d.decisionId}-${label}`;
    return d;
  };
  const options = (...ids: string[]) => ids.map((optionId) => ({ optionId, label: optionId }));
  const entries = [
    { questionId: 'q1', kind: OptionMigrationKind.RENAME, fromOptionIds: ['toxic'], toOptionIds: ['abusive'] },
    { questionId: 'q1', kind: OptionMigrationKind.MERGE, fromOptionIds: ['spam', 'ads'], toOptionIds: ['promo'] },
    { questionId: 'q1', kind: OptionMigrationKind.SPLIT, fromOptionIds: ['other'], toOptionIds: ['neutral', 'off_topic'] },
  ];
  const snapshot = (revision: bigint, change: ProjectChange): ProjectEvent =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change,
      project: {
        projectId,
        name: projectId,
        revision,
        currentOntology: {
          version: 2,
          questions: [
            { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Which?', options: options('abusive', 'promo', 'neutral', 'off_topic', 'fine') },
            { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Also?', options: options('toxic', 'fine') },
          ],
        },
        currentRelabelPolicy: RelabelPolicy.EXCLUDE,
        currentMigrations: entries,
      },
      ontologyPublished:
        change === ProjectChange.ONTOLOGY_PUBLISHED ? { ontologyVersion: 2, previousVersion: 1, relabelPolicy: RelabelPolicy.EXCLUDE, migrations: entries } : undefined,
    });

  const ours = (): LabelEvent[] =>
    labels.records.map((r) => decodeEvent(TOPICS.labels, r.value)).filter((e) => e.envelope?.projectId === projectId);
  const versionsInDb = async (): Promise<number> => {
    const [{ n }] = await ds.query(`SELECT count(*) AS n FROM export.label_versions WHERE project_id = $1`, [projectId]);
    return Number(n);
  };
  const processed = (consumer: string, eventId: string) => async () =>
    ((await ds.query(`SELECT 1 FROM export.inbox WHERE consumer = $1 AND event_id = $2`, [consumer, eventId])) as unknown[]).length ? true : undefined;
  const latest = (itemId: string, questionId = 'q1') =>
    ours()
      .filter((e) => e.itemId === itemId && e.questionId === questionId)
      .sort((a, b) => b.labelVersion - a.labelVersion)[0];

  beforeAll(async () => {
    const config: ExportConfig = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'export-mig-it' });
    producer = new EventProducer(kafka, protobufCodec, 'export-mig-it');
    await producer.connect();
    labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.init();
    ds = app.get(DATA_SOURCE);
  });

  afterAll(async () => {
    await labels?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('rename and merge rewrite current labels once (new versions, v2, migration provenance); split and EXCLUDE leave and withdraw the rest', async () => {
    // v1 labels: one per mapped kind, one split, one unmapped, one on another question.
    const v1 = [
      decision(item('renamed'), 'toxic'),
      decision(item('merged-a'), 'spam'),
      decision(item('merged-b'), 'ads'),
      decision(item('split'), 'other'),
      decision(item('unmapped'), 'fine'),
      decision(item('renamed'), 'toxic', 'q2'),
    ];
    await producer.publishMany(TOPICS.decisions, v1);
    await eventually('the v1 labels on labels.v1', () => (ours().length === v1.length ? true : undefined), 90000);

    const published = snapshot(2n, ProjectChange.ONTOLOGY_PUBLISHED);
    await producer.publish(TOPICS.projects, published);
    // rename, 2 × merge, and EXCLUDE of the unmapped label and of q2 (the split label stays in force).
    await eventually('the migrated and excluded versions on labels.v1', () => (ours().length === v1.length + 5 ? true : undefined), 90000);

    const renamed = latest(item('renamed'));
    expect(renamed).toMatchObject({ label: 'abusive', labelVersion: 2, ontologyVersion: 2, status: LabelStatus.ACTIVE, confidence: 0.75 });
    expect(renamed.softLabel).toEqual({ abusive: 0.75, other: 0.25 });
    expect(renamed.answer?.value.case === 'choice' && renamed.answer.value.value.optionIds).toEqual(['abusive']);
    expect(renamed.envelope).toMatchObject({ causationId: published.envelope!.eventId, correlationId: 'content-evt-1' });
    expect(renamed.provenance?.aggregation).toMatchObject({
      method: AggregationMethod.ONTOLOGY_MIGRATION,
      parameters: { previous_method: 'DAWID_SKENE', from_ontology_version: '1', to_ontology_version: '2', from_label_version: '1' },
    });
    expect(renamed.provenance?.migration).toMatchObject({
      fromOntologyVersion: 1,
      toOntologyVersion: 2,
      fromLabelVersion: 1,
      fromLabel: 'toxic',
      projectEventId: published.envelope!.eventId,
    });
    expect(renamed.provenance?.migration?.entries.map((e) => [e.kind, e.fromOptionIds, e.toOptionIds])).toEqual([[OptionMigrationKind.RENAME, ['toxic'], ['abusive']]]);
    expect(renamed.provenance?.answers.map((a) => a.annotatorId)).toEqual(['u1', 'model:m1']);

    for (const [k, from] of [
      ['merged-a', 'spam'],
      ['merged-b', 'ads'],
    ]) {
      expect(latest(item(k))).toMatchObject({ label: 'promo', labelVersion: 2, ontologyVersion: 2, status: LabelStatus.ACTIVE });
      expect(latest(item(k)).provenance?.migration).toMatchObject({ fromLabel: from, fromLabelVersion: 1 });
      expect(latest(item(k)).provenance?.migration?.entries[0].kind).toBe(OptionMigrationKind.MERGE);
    }
    expect(latest(item('split'))).toMatchObject({ label: 'other', labelVersion: 1, ontologyVersion: 1, status: LabelStatus.ACTIVE });
    expect(latest(item('unmapped'))).toMatchObject({ label: 'fine', labelVersion: 2, ontologyVersion: 1, status: LabelStatus.EXCLUDED });
    expect(latest(item('renamed'), 'q2')).toMatchObject({ label: 'toxic', labelVersion: 2, status: LabelStatus.EXCLUDED });
    expect(await versionsInDb()).toBe(v1.length + 5);
    const [map] = await ds.query(`SELECT from_version, labels_rewritten FROM export.ontology_migrations WHERE project_id = $1 AND to_version = 2`, [projectId]);
    expect(map).toEqual({ from_version: 1, labels_rewritten: 3 });

    // The same event redelivered, and a later snapshot repeating the map (another event id): nothing new.
    const later = snapshot(3n, ProjectChange.MEMBERS_CHANGED);
    await producer.publishMany(TOPICS.projects, [published, later]);
    await eventually('the later snapshot processed', processed('export.projects', later.envelope!.eventId), 60000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await versionsInDb()).toBe(v1.length + 5);
    expect(ours()).toHaveLength(v1.length + 5);
    const perVersion = new Map<string, number>();
    for (const e of ours()) perVersion.set(`${e.itemId}/${e.questionId}/${e.labelVersion}`, (perVersion.get(`${e.itemId}/${e.questionId}/${e.labelVersion}`) ?? 0) + 1);
    expect([...perVersion.values()].every((n) => n === 1)).toBe(true);
  });

  it('a decision made under v1 that arrives after the map is mapped on its way in', async () => {
    await eventually('the map recorded', async () =>
      ((await ds.query(`SELECT 1 FROM export.ontology_migrations WHERE project_id = $1`, [projectId])) as unknown[]).length ? true : undefined,
    );
    const late = decision(item('late'), 'ads', 'q1', new Date());
    late.envelope!.occurredAt = timestampFromDate(new Date());
    await producer.publish(TOPICS.decisions, late);
    const label = await eventually('the late label', () => latest(item('late')), 60000);
    expect(label).toMatchObject({ label: 'promo', labelVersion: 1, ontologyVersion: 2, status: LabelStatus.ACTIVE });
    expect(label.softLabel).toEqual({ promo: 0.75, other: 0.25 });
    expect(label.provenance?.aggregation?.method).toBe(AggregationMethod.DAWID_SKENE);
    expect(label.provenance?.migration).toMatchObject({ fromOntologyVersion: 1, toOntologyVersion: 2, fromLabelVersion: 0, fromLabel: 'ads' });
    expect(label.provenance?.decisionEventId).toBe(late.envelope!.eventId);
  });
});
