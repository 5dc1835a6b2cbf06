import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import {
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  newEnvelope,
  OptionMigrationKind,
  ProjectChange,
  QuestionKind,
  RelabelPolicy,
  TaskEvent,
  TaskOrigin,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { DecompositionModule } from '../src/decomposition.module';
import { decompositionSettings } from '../src/decomposition.settings';

// Decomposition in-process on the real stack: ontology v1, items and their labels (labels.v1, as
// export publishes them), then v2 published with relabel policy RELABEL and a map (a split and a
// rename): every item labeled under v1 is asked again under v2, question by question, except what
// the rename rewrites; the questions new in v2 go to every known item whose content they accept.
describe('decomposition: relabel policy RELABEL asks labeled items again under the new version (real stack)', () => {
  stackEnv();
  const projectId = uniqueName('proj-relabel');
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let tasks: TopicTap;

  const options = (...ids: string[]) => ids.map((optionId) => ({ optionId, label: optionId }));
  const v1 = {
    version: 1,
    questions: [
      { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Which?', required: true, options: options('toxic', 'other', 'fine') },
      { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Also?', required: true, options: options('yes', 'no') },
    ],
  };
  const v2 = {
    version: 2,
    guidelines: { text: 'Version 2 guidelines.' },
    questions: [
      { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Which one?', required: true, options: options('abusive', 'neutral', 'off_topic', 'fine') },
      { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Also?', required: true, options: options('yes', 'no') },
      { questionId: 'q4', kind: QuestionKind.FREE_TEXT, prompt: 'Anything else?' },
      { questionId: 'q5', kind: QuestionKind.SINGLE_CHOICE, prompt: 'A logo?', options: options('yes', 'no'), contentTypes: [ContentType.IMAGE] },
    ],
  };
  const map = [
    { questionId: 'q1', kind: OptionMigrationKind.SPLIT, fromOptionIds: ['other'], toOptionIds: ['neutral', 'off_topic'] },
    { questionId: 'q1', kind: OptionMigrationKind.RENAME, fromOptionIds: ['toxic'], toOptionIds: ['abusive'] },
  ];
  const project = (revision: bigint, version: 1 | 2, change = ProjectChange.ONTOLOGY_PUBLISHED) => {
    const policy = version === 2 ? RelabelPolicy.RELABEL : RelabelPolicy.KEEP;
    return createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change,
      project: {
        projectId,
        name: projectId,
        revision,
        filter: { sources: [uniqueName('nothing')] },
        policy: { answersPerTask: 2 },
        currentOntology: version === 1 ? v1 : v2,
        currentRelabelPolicy: policy,
        currentMigrations: version === 2 ? map : [],
      },
      ontologyPublished:
        change === ProjectChange.ONTOLOGY_PUBLISHED
          ? { ontologyVersion: version, previousVersion: version === 2 ? 1 : undefined, relabelPolicy: policy, migrations: version === 2 ? map : [] }
          : undefined,
    });
  };
  const item = (contentType = ContentType.TEXT) => {
    const contentEventId = uuidv7();
    return createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items, causationId: contentEventId, correlationId: contentEventId }),
      itemId: uuidv7(),
      content: { source: 'it', sourceId: uniqueName('s'), contentType, contentSha256: 'a'.repeat(64) },
      maskedText: contentType === ContentType.TEXT ? 'some text' : undefined,
      detectedLanguage: 'en',
      matchedProjectIds: [projectId],
      contentEventId,
    });
  };
  const label = (task: TaskEvent, value: string, over: { labelVersion?: number; status?: LabelStatus; ontologyVersion?: number } = {}) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId: task.task!.itemId,
      questionId: task.task!.questionId,
      ontologyVersion: 1,
      labelVersion: 1,
      status: LabelStatus.ACTIVE,
      label: value,
      answer: { value: { case: 'choice', value: { optionIds: [value] } } },
      confidence: 0.9,
      provenance: { taskId: task.task!.taskId },
      ...over,
    });
  const tasksOf = (itemId: string) => tasks.records.map((r) => decodeEvent(TOPICS.tasks, r.value)).filter((t) => t.task?.itemId === itemId);
  const taskOf = (itemId: string, questionId: string, version = 1) =>
    eventually(`the v${version} ${questionId} task of ${itemId}`, () => tasksOf(itemId).find((t) => t.task!.questionId === questionId && t.task!.ontologyVersion === version), 60000);
  const labelsKnown = (n: number) => async () => {
    const [{ c }] = await ds.query(`SELECT count(*) AS c FROM decomposition.labels WHERE project_id = $1`, [projectId]);
    return Number(c) === n ? true : undefined;
  };
  const revisionApplied = (revision: string) => async () => {
    const rows = await ds.query(`SELECT revision FROM decomposition.projects WHERE project_id = $1`, [projectId]);
    return rows[0]?.revision === revision ? true : undefined;
  };

  beforeAll(async () => {
    const config = loadConfig('decomposition', { ...platformSettings, ...decompositionSettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'decomposition-relabel-it' });
    producer = new EventProducer(kafka, protobufCodec, 'decomposition-relabel-it');
    await producer.connect();
    app = await NestFactory.create(DecompositionModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.init();
    ds = app.get(DATA_SOURCE);
    tasks = await new TopicTap(kafka, TOPICS.tasks.name).start();
    await producer.publish(TOPICS.projects, project(1n, 1));
    await eventually('decomposition to copy the project', async () => {
      const rows = await ds.query(`SELECT ontology_version FROM decomposition.projects WHERE project_id = $1`, [projectId]);
      return rows[0]?.ontology_version === 1 ? true : undefined;
    }, 60000);
  });

  afterAll(async () => {
    await producer?.publish(TOPICS.projects, { ...project(9n, 2, ProjectChange.ARCHIVED), project: { ...project(9n, 2).project!, archived: true } }).catch(() => undefined);
    await tasks?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('asks every v1 label again under v2 (not the renamed or excluded ones), new questions of every known item once; redelivery and later snapshots ask nothing more; a late v1 label is asked too', async () => {
    const [relabeled, renamed, split, excluded, late, unlabeled] = [item(), item(), item(), item(), item(), item()];
    const image = item(ContentType.IMAGE);
    await producer.publishMany(TOPICS.items, [relabeled, renamed, split, excluded, late, unlabeled, image]);
    const q1 = {
      relabeled: await taskOf(relabeled.itemId, 'q1'),
      renamed: await taskOf(renamed.itemId, 'q1'),
      split: await taskOf(split.itemId, 'q1'),
      excluded: await taskOf(excluded.itemId, 'q1'),
      late: await taskOf(late.itemId, 'q1'),
    };
    const q2relabeled = await taskOf(relabeled.itemId, 'q2');
    await taskOf(unlabeled.itemId, 'q1');
    await taskOf(image.itemId, 'q1');
    await producer.publishMany(TOPICS.labels, [
      label(q1.relabeled, 'other'),
      label(q1.relabeled, 'fine', { labelVersion: 2 }), // the current version: not a split option
      label(q2relabeled, 'yes'),
      label(q1.renamed, 'toxic'),
      label(q1.split, 'other'),
      label(q1.excluded, 'fine', { status: LabelStatus.EXCLUDED }),
    ]);
    await eventually('the labels known to decomposition', labelsKnown(5), 60000);

    const published = project(2n, 2);
    await producer.publish(TOPICS.projects, published);

    const relabel = await taskOf(relabeled.itemId, 'q1', 2);
    expect(relabel.task).toMatchObject({
      projectId,
      questionId: 'q1',
      ontologyVersion: 2,
      origin: TaskOrigin.RELABEL,
      parentTaskId: q1.relabeled.task!.taskId,
      answersRequired: 2,
      guidelines: 'Version 2 guidelines.',
      maskedText: 'some text',
    });
    expect(relabel.task!.question!.prompt).toBe('Which one?');
    expect(relabel.task!.question!.options.map((o) => o.optionId)).toEqual(['abusive', 'neutral', 'off_topic', 'fine']);
    expect(relabel.envelope).toMatchObject({ causationId: published.envelope!.eventId, correlationId: relabeled.envelope!.correlationId });
    expect((await taskOf(relabeled.itemId, 'q2', 2)).task).toMatchObject({ origin: TaskOrigin.RELABEL, parentTaskId: q2relabeled.task!.taskId });
    expect((await taskOf(split.itemId, 'q1', 2)).task).toMatchObject({ origin: TaskOrigin.RELABEL, parentTaskId: q1.split.task!.taskId });
    const newQuestion = await taskOf(unlabeled.itemId, 'q4', 2);
    expect(newQuestion.task).toMatchObject({ origin: TaskOrigin.RELABEL, ontologyVersion: 2, question: { prompt: 'Anything else?' } });
    expect(newQuestion.task!.parentTaskId ?? '').toBe('');
    expect(newQuestion.envelope).toMatchObject({ causationId: published.envelope!.eventId, correlationId: unlabeled.envelope!.correlationId });
    expect((await taskOf(image.itemId, 'q5', 2)).task).toMatchObject({ origin: TaskOrigin.RELABEL, contentType: ContentType.IMAGE });

    // Redelivered, published again under a new event id, repeated by a later snapshot: nothing more.
    await producer.publishMany(TOPICS.projects, [published, project(3n, 2), project(4n, 2, ProjectChange.MEMBERS_CHANGED)]);
    await eventually('the later snapshots applied', revisionApplied('4'), 60000);

    // A label of v2 (a relabel task decided) asks nothing; a label of v1 that arrives after the publish is asked again.
    await producer.publishMany(TOPICS.labels, [label(relabel, 'fine', { labelVersion: 3, ontologyVersion: 2 }), label(q1.late, 'fine')]);
    const lateTask = await taskOf(late.itemId, 'q1', 2);
    expect(lateTask.task).toMatchObject({ questionId: 'q1', origin: TaskOrigin.RELABEL, parentTaskId: q1.late.task!.taskId });

    await new Promise((r) => setTimeout(r, 1500));
    const expected = [
      [relabeled.itemId, 'q1'],
      [relabeled.itemId, 'q2'],
      [relabeled.itemId, 'q4'],
      [renamed.itemId, 'q4'],
      [split.itemId, 'q1'],
      [split.itemId, 'q4'],
      [excluded.itemId, 'q4'],
      [late.itemId, 'q1'],
      [late.itemId, 'q4'],
      [unlabeled.itemId, 'q4'],
      [image.itemId, 'q4'],
      [image.itemId, 'q5'],
    ].sort();
    const v2Tasks = tasks.records
      .map((r) => decodeEvent(TOPICS.tasks, r.value))
      .filter((t) => t.task?.projectId === projectId && t.task.ontologyVersion === 2)
      .map((t) => [t.task!.itemId, t.task!.questionId]);
    expect(v2Tasks.sort()).toEqual(expected);
    const rows: { item_id: string; question_id: string; origin: number }[] = await ds.query(
      `SELECT item_id, question_id, origin FROM decomposition.tasks WHERE project_id = $1 AND ontology_version = 2`,
      [projectId],
    );
    expect(rows.map((r) => [r.item_id, r.question_id]).sort()).toEqual(expected);
    expect(rows.every((r) => r.origin === TaskOrigin.RELABEL)).toBe(true);
    const [{ relabel_policy }] = await ds.query(`SELECT relabel_policy FROM decomposition.ontology_versions WHERE project_id = $1 AND version = 2`, [projectId]);
    expect(relabel_policy).toBe(RelabelPolicy.RELABEL);
  });
});
