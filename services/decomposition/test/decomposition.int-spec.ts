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
  newEnvelope,
  ProjectChange,
  QuestionKind,
  TaskEvent,
  TaskOrigin,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, dlqName, EventProducer, HEADER, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { DecompositionModule } from '../src/decomposition.module';
import { decompositionSettings } from '../src/decomposition.settings';

// Decomposition in-process against the real stack: items.v1 + projects.v1 + decisions.v1 in, tasks.v1 out.
describe('decomposition on the real stack', () => {
  stackEnv();
  const projectId = uniqueName('proj-dec');
  const lateProjectId = uniqueName('proj-late');
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let tasks: TopicTap;
  let dlq: TopicTap;

  const ontology = {
    version: 1,
    questions: [
      {
        questionId: 'q1',
        kind: QuestionKind.SINGLE_CHOICE,
        prompt: 'Is it spam?',
        required: true,
        options: [
          { optionId: 'yes', label: 'Yes' },
          { optionId: 'no', label: 'No' },
        ],
      },
      {
        questionId: 'q2',
        kind: QuestionKind.SINGLE_CHOICE,
        prompt: 'Is it a scam?',
        options: [
          { optionId: 'scam', label: 'Scam' },
          { optionId: 'ads', label: 'Ads' },
        ],
        condition: { questionId: 'q1', anyOfOptionIds: ['yes'] },
      },
    ],
  };
  const project = (id: string, revision: bigint, withOntology: boolean, archived = false) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId: id, spec: TOPICS.projects }),
      change: withOntology ? ProjectChange.ONTOLOGY_PUBLISHED : ProjectChange.CREATED,
      project: {
        projectId: id,
        name: id,
        revision,
        archived,
        filter: { sources: [uniqueName('nothing')] },
        policy: { answersPerTask: 3, routing: { requiredSkills: ['spam'] } },
        currentOntology: withOntology ? ontology : undefined,
      },
    });
  const item = (pid: string) => {
    const contentEventId = uuidv7();
    return createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId: pid, spec: TOPICS.items, causationId: contentEventId, correlationId: contentEventId }),
      itemId: uuidv7(),
      content: { source: 'it', sourceId: uniqueName('s'), contentType: ContentType.TEXT, contentSha256: 'a'.repeat(64) },
      maskedText: 'some text',
      detectedLanguage: 'en',
      languageConfidence: 0.9,
      matchedProjectIds: [pid],
      contentEventId,
    });
  };
  const decision = (task: TaskEvent, label: string) =>
    createEvent(TOPICS.decisions, {
      envelope: newEnvelope({ producer: 'quality', projectId: task.task!.projectId, spec: TOPICS.decisions }),
      decisionId: uuidv7(),
      taskId: task.task!.taskId,
      itemId: task.task!.itemId,
      questionId: task.task!.questionId,
      ontologyVersion: task.task!.ontologyVersion,
      label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } },
      confidence: 0.95,
    });
  const tasksOf = (itemId: string) =>
    tasks.records.map((r) => decodeEvent(TOPICS.tasks, r.value)).filter((t) => t.task?.itemId === itemId);

  beforeAll(async () => {
    const config = loadConfig('decomposition', { ...platformSettings, ...decompositionSettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'decomposition-it' });
    producer = new EventProducer(kafka, protobufCodec, 'decomposition-it');
    await producer.connect();
    app = await NestFactory.create(DecompositionModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.init();
    ds = app.get(DATA_SOURCE);
    tasks = await new TopicTap(kafka, TOPICS.tasks.name).start();
    dlq = await new TopicTap(kafka, dlqName(TOPICS.items.name)).start();
    await producer.publish(TOPICS.projects, project(projectId, 1n, true));
    await eventually(
      'decomposition to copy the project',
      async () => {
        const rows = await ds.query(`SELECT ontology_version FROM decomposition.projects WHERE project_id = $1`, [projectId]);
        return rows[0]?.ontology_version === 1 ? true : undefined;
      },
      60000,
    );
  });

  afterAll(async () => {
    await producer
      ?.publishMany(TOPICS.projects, [project(projectId, 9n, true, true), project(lateProjectId, 9n, true, true)])
      .catch(() => undefined);
    await tasks?.stop();
    await dlq?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('creates Q1 first, and Q2 only after Q1 is decided "yes"', async () => {
    const x = item(projectId);
    const y = item(projectId);
    await producer.publishMany(TOPICS.items, [x, y]);
    const [q1x] = await eventually('the Q1 task of item X', () => (tasksOf(x.itemId).length ? tasksOf(x.itemId) : undefined));
    const [q1y] = await eventually('the Q1 task of item Y', () => (tasksOf(y.itemId).length ? tasksOf(y.itemId) : undefined));
    for (const [t, it] of [
      [q1x, x],
      [q1y, y],
    ] as const) {
      expect(t.task).toMatchObject({
        projectId,
        questionId: 'q1',
        ontologyVersion: 1,
        origin: TaskOrigin.NEW_ITEM,
        answersRequired: 3,
        requiredSkills: ['spam'],
        language: 'en',
        contentType: ContentType.TEXT,
        source: 'it',
        sourceId: it.content!.sourceId,
      });
      expect(t.task!.question!.prompt).toBe('Is it spam?');
      expect(t.envelope!.projectId).toBe(projectId);
      expect(t.envelope!.causationId).toBe(it.envelope!.eventId);
      expect(t.envelope!.correlationId).toBe(it.envelope!.correlationId);
    }

    await producer.publishMany(TOPICS.decisions, [decision(q1x, 'yes'), decision(q1y, 'no')]);
    const q2x = await eventually('the Q2 task of item X', () => tasksOf(x.itemId).find((t) => t.task!.questionId === 'q2'));
    // Made from the stored item: it still carries the content's source ids.
    expect(q2x.task).toMatchObject({ origin: TaskOrigin.CONDITION_MET, parentTaskId: q1x.task!.taskId, ontologyVersion: 1, source: 'it', sourceId: x.content!.sourceId });
    expect(q2x.task!.question!.condition!.anyOfOptionIds).toEqual(['yes']);

    // Y's decision was handled (recorded) and made no Q2 task.
    await eventually('the decision on Y to be recorded', async () => {
      const rows = await ds.query(
        `SELECT status, decided_options FROM decomposition.tasks WHERE project_id = $1 AND task_id = $2`,
        [projectId, q1y.task!.taskId],
      );
      return rows[0]?.status === 'decided' ? rows[0] : undefined;
    }).then((row) => expect(row.decided_options).toEqual(['no']));
    await new Promise((r) => setTimeout(r, 1500));
    expect(tasksOf(y.itemId).map((t) => t.task!.questionId)).toEqual(['q1']);
    const rows = await ds.query(
      `SELECT item_id, question_id, ontology_version, status FROM decomposition.tasks WHERE project_id = $1 ORDER BY item_id, question_id`,
      [projectId],
    );
    expect(rows).toHaveLength(3);

    // A redelivered item or decision changes nothing.
    await producer.publish(TOPICS.items, x);
    await producer.publish(TOPICS.decisions, decision(q1x, 'yes'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(tasksOf(x.itemId)).toHaveLength(2);
  });

  it('in one batch: a redelivered item takes effect once; a poison item is dead-lettered alone', async () => {
    const [x, y, z] = [item(projectId), item(projectId), item(projectId)];
    // One key: one partition, so the records come to the handler together.
    await producer.publishMany(TOPICS.items, [x, y, x, z], { key: `${projectId}:batch` });
    await eventually('the Q1 tasks of X, Y and Z', () => ([x, y, z].every((i) => tasksOf(i.itemId).length) ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500)); // a second task of X would show up now
    expect([x, y, z].map((i) => tasksOf(i.itemId).map((t) => t.task!.questionId))).toEqual([['q1'], ['q1'], ['q1']]);

    const poison = createEvent(TOPICS.items, { ...item(projectId), itemId: '' });
    const [p1, p2] = [item(projectId), item(projectId)];
    await producer.publishMany(TOPICS.items, [p1, poison, p2], { key: `${projectId}:poison` });
    await eventually('the Q1 tasks of both neighbours', () => (tasksOf(p1.itemId).length && tasksOf(p2.itemId).length ? true : undefined));
    const dead = await eventually('the poison item in the DLQ', () => {
      // Other consumers of items.v1 (export, adjudication) dead-letter it too, under their own group.
      const ours = dlq.records.filter((r) => r.headers[HEADER.eventId] === poison.envelope!.eventId && r.headers[HEADER.consumerGroup] === 'decomposition');
      return ours.length ? ours : undefined;
    });
    expect(dead).toHaveLength(1);
    expect(dead[0].headers[HEADER.errorMessage]).toBe('item event without item_id');
    for (const n of [p1, p2]) expect(dlq.records.filter((r) => r.headers[HEADER.eventId] === n.envelope!.eventId && r.headers[HEADER.consumerGroup] === 'decomposition')).toHaveLength(0);
  });

  it('keeps items of a project without an ontology pending, and decomposes them when the first version arrives', async () => {
    await producer.publish(TOPICS.projects, project(lateProjectId, 1n, false));
    const z = item(lateProjectId);
    await producer.publish(TOPICS.items, z);
    await eventually('item Z to be pending', async () => {
      const rows = await ds.query(`SELECT status FROM decomposition.items WHERE project_id = $1 AND item_id = $2`, [lateProjectId, z.itemId]);
      return rows[0]?.status === 'pending' ? true : undefined;
    });
    expect(tasksOf(z.itemId)).toHaveLength(0);

    await producer.publish(TOPICS.projects, project(lateProjectId, 2n, true));
    const [q1z] = await eventually('the Q1 task of item Z', () => (tasksOf(z.itemId).length ? tasksOf(z.itemId) : undefined));
    expect(q1z.task).toMatchObject({ questionId: 'q1', ontologyVersion: 1, projectId: lateProjectId });
    expect(q1z.envelope!.correlationId).toBe(z.envelope!.correlationId);
    const [{ status }] = await ds.query(`SELECT status FROM decomposition.items WHERE project_id = $1 AND item_id = $2`, [
      lateProjectId,
      z.itemId,
    ]);
    expect(status).toBe('decomposed');
  });
});
