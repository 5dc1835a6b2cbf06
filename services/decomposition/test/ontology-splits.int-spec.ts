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
// export publishes them), then v2 published with a migration map whose split sends exactly the
// items labeled with the split option back to humans.
describe('decomposition: a split in a migration map re-queues exactly the affected items (real stack)', () => {
  stackEnv();
  const projectId = uniqueName('proj-split');
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
    questions: [
      { questionId: 'q1', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Which one?', required: true, options: options('abusive', 'neutral', 'off_topic', 'fine') },
      { questionId: 'q2', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Also?', required: true, options: options('yes', 'no') },
    ],
  };
  const map = [
    { questionId: 'q1', kind: OptionMigrationKind.SPLIT, fromOptionIds: ['other'], toOptionIds: ['neutral', 'off_topic'] },
    { questionId: 'q1', kind: OptionMigrationKind.RENAME, fromOptionIds: ['toxic'], toOptionIds: ['abusive'] },
  ];
  const project = (revision: bigint, version: 1 | 2, change = ProjectChange.ONTOLOGY_PUBLISHED) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change,
      project: {
        projectId,
        name: projectId,
        revision,
        filter: { sources: [uniqueName('nothing')] },
        policy: { answersPerTask: 2 },
        currentOntology: version === 1 ? v1 : v2,
        currentRelabelPolicy: RelabelPolicy.KEEP,
        currentMigrations: version === 2 ? map : [],
      },
      ontologyPublished:
        change === ProjectChange.ONTOLOGY_PUBLISHED
          ? { ontologyVersion: version, previousVersion: version === 2 ? 1 : undefined, relabelPolicy: RelabelPolicy.KEEP, migrations: version === 2 ? map : [] }
          : undefined,
    });
  const item = () => {
    const contentEventId = uuidv7();
    return createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items, causationId: contentEventId, correlationId: contentEventId }),
      itemId: uuidv7(),
      content: { source: 'it', sourceId: uniqueName('s'), contentType: ContentType.TEXT, contentSha256: 'a'.repeat(64) },
      maskedText: 'some text',
      detectedLanguage: 'en',
      matchedProjectIds: [projectId],
      contentEventId,
    });
  };
  const label = (task: TaskEvent, value: string, over: { labelVersion?: number; status?: LabelStatus } = {}) =>
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
  const q1Task = (itemId: string) => eventually(`the q1 task of ${itemId}`, () => tasksOf(itemId).find((t) => t.task!.questionId === 'q1'), 60000);
  const labelsKnown = (n: number) => async () => {
    const [{ c }] = await ds.query(`SELECT count(*) AS c FROM decomposition.labels WHERE project_id = $1`, [projectId]);
    return Number(c) === n ? true : undefined;
  };

  beforeAll(async () => {
    const config = loadConfig('decomposition', { ...platformSettings, ...decompositionSettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'decomposition-split-it' });
    producer = new EventProducer(kafka, protobufCodec, 'decomposition-split-it');
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

  it('asks q1 again, under v2, for the items labeled "other" only; redelivery and later snapshots ask nothing more; a label that arrives late is asked too', async () => {
    const [split, renamed, fine, excluded, late] = [item(), item(), item(), item(), item()];
    await producer.publishMany(TOPICS.items, [split, renamed, fine, excluded, late]);
    const q1 = {
      split: await q1Task(split.itemId),
      renamed: await q1Task(renamed.itemId),
      fine: await q1Task(fine.itemId),
      excluded: await q1Task(excluded.itemId),
      late: await q1Task(late.itemId),
    };
    const q2split = await eventually('the q2 task of the split item', () => tasksOf(split.itemId).find((t) => t.task!.questionId === 'q2'));
    await producer.publishMany(TOPICS.labels, [
      label(q1.split, 'fine'),
      label(q1.split, 'other', { labelVersion: 2 }), // the current version names the split option
      label(q1.renamed, 'toxic'),
      label(q1.fine, 'fine'),
      label(q1.excluded, 'other', { status: LabelStatus.EXCLUDED }),
      label(q2split, 'yes'),
    ]);
    await eventually('the labels known to decomposition', labelsKnown(5), 60000);

    const published = project(2n, 2);
    await producer.publish(TOPICS.projects, published);
    const relabel = await eventually('the v2 task of the split item', () => tasksOf(split.itemId).find((t) => t.task!.ontologyVersion === 2), 60000);
    expect(relabel.task).toMatchObject({
      projectId,
      questionId: 'q1',
      ontologyVersion: 2,
      origin: TaskOrigin.RELABEL,
      parentTaskId: q1.split.task!.taskId,
      answersRequired: 2,
    });
    expect(relabel.task!.question!.prompt).toBe('Which one?');
    expect(relabel.task!.question!.options.map((o) => o.optionId)).toEqual(['abusive', 'neutral', 'off_topic', 'fine']);
    expect(relabel.envelope).toMatchObject({ causationId: published.envelope!.eventId, correlationId: split.envelope!.correlationId });

    // Redelivered, and repeated by a later snapshot: nothing more.
    await producer.publishMany(TOPICS.projects, [published, project(3n, 2, ProjectChange.MEMBERS_CHANGED)]);
    await eventually('the later snapshot applied', async () => {
      const rows = await ds.query(`SELECT revision FROM decomposition.projects WHERE project_id = $1`, [projectId]);
      return rows[0]?.revision === '3' ? true : undefined;
    }, 60000);

    // A label of v1 that arrives after the split was published: asked again too.
    await producer.publish(TOPICS.labels, label(q1.late, 'other'));
    const lateTask = await eventually('the v2 task of the late-labeled item', () => tasksOf(late.itemId).find((t) => t.task!.ontologyVersion === 2), 60000);
    expect(lateTask.task).toMatchObject({ questionId: 'q1', origin: TaskOrigin.RELABEL, parentTaskId: q1.late.task!.taskId });

    await new Promise((r) => setTimeout(r, 1500));
    const v2Tasks = tasks.records
      .map((r) => decodeEvent(TOPICS.tasks, r.value))
      .filter((t) => t.task?.projectId === projectId && t.task.ontologyVersion === 2)
      .map((t) => [t.task!.itemId, t.task!.questionId]);
    expect(v2Tasks.sort()).toEqual([[split.itemId, 'q1'], [late.itemId, 'q1']].sort());
    const rows = await ds.query(`SELECT item_id, question_id FROM decomposition.tasks WHERE project_id = $1 AND ontology_version = 2`, [projectId]);
    expect(rows).toHaveLength(2);
  });
});
