import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  ContentType,
  createEvent,
  decodeEvent,
  ModelBackend,
  newEnvelope,
  PrelabelMode,
  PrelabelRoute,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TaskOrigin,
  TOPICS,
  uuidv7,
  type PrelabelEvent,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';
import { OpenAiTestDouble } from './support/openai-test-double';

// Imported (Label Studio) predictions as drafts, on the real stack with prelabel in-process and
// an LLM test double: a prediction posted before its task is parked and becomes the task's draft
// when the task arrives, with the import's model version and no LLM call; one posted after its
// task is published at once; posting the same again publishes nothing. A task without an import
// still goes to the LLM (the control that the double is wired).
describe('imported prelabels on the real stack', () => {
  const env = stackEnv();
  jest.setTimeout(180000);
  const projectId = uniqueName('pl-imp');
  const otherProjectId = uniqueName('pl-imp-other');
  const source = uniqueName('ls');
  const questionId = 'sentiment';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const llm = new OpenAiTestDouble();
  let app: INestApplication;
  let producer: EventProducer;
  let kafka: Kafka;
  let prelabels: TopicTap;
  let ds: DataSource;
  let baseUrl: string;

  const question = {
    questionId,
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Sentiment?',
    options: [{ optionId: 'pos', label: 'Positive' }, { optionId: 'neg', label: 'Negative' }],
  };
  const pm = signServiceToken({ kind: 'user', id: 'pm-imp', roles: ['project_manager'] }, 'prelabel', jwtSecret);
  const otherPm = signServiceToken({ kind: 'user', id: 'pm-other', roles: ['project_manager'] }, 'prelabel', jwtSecret);
  const post = async (body: unknown, token = pm, project = projectId) => {
    const res = await fetch(`${baseUrl}/v1/projects/${project}/imported-prelabels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const item = (n: string) => `${projectId}-item-${n}`;
  /** A task of the item; `carriesSource`: decomposition filled the content's source ids into it. */
  const taskEvent = (n: string, text: string, carriesSource: boolean) =>
    createEvent(TOPICS.tasks, {
      envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
      task: {
        taskId: uuidv7(), itemId: item(n), projectId, questionId, ontologyVersion: 1, question, contentType: ContentType.TEXT,
        answersRequired: 1, priority: 0, origin: TaskOrigin.NEW_ITEM, maskedText: text,
        ...(carriesSource ? { source, sourceId: n } : {}),
      },
    } as never);
  const itemEvent = (n: string) =>
    createEvent(TOPICS.items, { envelope: newEnvelope({ producer: 'ingestion', projectId: '', spec: TOPICS.items }), itemId: item(n), content: { source, sourceId: n } } as never);
  const mine = () =>
    prelabels.records.map((r) => decodeEvent(TOPICS.prelabels, r.value) as PrelabelEvent).filter((e) => e.envelope?.projectId === projectId);
  const draftsOf = (n: string) => mine().filter((e) => e.task?.itemId === item(n));
  const llmSaw = (text: string) => llm.requests.some((r) => JSON.stringify(r.body).includes(text));
  const prelabel = (sourceId: string, optionId: string, modelVersion: string, score?: number) => ({
    source, sourceId, questionId, optionIds: [optionId], modelVersion, ...(score === undefined ? {} : { score }),
  });

  beforeAll(async () => {
    llm.program({ kind: 'answer', content: '{"option_id":"neg","confidence":0.6}' });
    const llmUrl = await llm.start();
    const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, {
      ...process.env,
      JWT_SECRET: jwtSecret,
      LLM_BASE_URL: llmUrl,
      LLM_MODEL: 'test-double',
      LLM_API_KEY: 'test',
      PRELABEL_AL_INTERVAL_MS: '0',
    } as NodeJS.ProcessEnv);
    kafka = createKafka({ brokers: env.brokers, clientId: 'prelabel-imp-it' });
    producer = new EventProducer(kafka, protobufCodec, 'prelabel-imp-it');
    await producer.connect();
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    app = await NestFactory.create(PrelabelModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    ds = app.get(DATA_SOURCE);
    for (const [id, manager] of [[projectId, 'pm-imp'], [otherProjectId, 'pm-other']] as const) {
      await producer.publish(
        TOPICS.projects,
        createEvent(TOPICS.projects, {
          envelope: newEnvelope({ producer: 'gateway', projectId: id, spec: TOPICS.projects }),
          change: ProjectChange.ONTOLOGY_PUBLISHED,
          project: {
            projectId: id, name: id, revision: 1n, policy: { answersPerTask: 1, prelabelMode: PrelabelMode.LLM },
            // A source nobody sends: later suites' content must not become tasks here.
            filter: { sources: [`${id}-no-content`] },
            currentOntology: { version: 1, questions: [question] },
            members: [{ userId: manager, roles: [ProjectRole.PROJECT_MANAGER], active: true }],
          },
        } as never),
      );
    }
    await eventually('both projects copied with their managers', async () => {
      const [r] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.project_access WHERE project_id = ANY($1)`, [[projectId, otherProjectId]]);
      return r.n === 2 ? true : undefined;
    }, 60000, 300);
  });

  afterAll(async () => {
    await prelabels?.stop();
    await app?.close();
    await producer?.disconnect();
    await llm.stop();
  });

  it('refuses a bad body naming the field, and another project’s manager', async () => {
    const bad = await post({ prelabels: [{ ...prelabel('1', 'pos', 'bert-v2'), score: 2 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'prelabels.0.score', reason: expect.any(String) }]);
    const intruder = await post({ prelabels: [prelabel('1', 'pos', 'bert-v2')] }, otherPm);
    expect([403, 404]).toContain(intruder.status);
    const [r] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.imported_prelabels WHERE project_id = $1`, [projectId]);
    expect(r.n).toBe(0);
  });

  it('parked before the task: the task gets the imported draft with its model version, and the LLM is not asked', async () => {
    const parked = await post({ prelabels: [prelabel('1', 'pos', 'bert-v2', 0.83), prelabel('2', 'neg', 'bert-v2')] });
    expect(parked).toEqual({ status: 200, body: { received: 2, applied: 0, parked: 2, duplicates: 0 } });

    // Item 1's task carries its source ids; item 2's does not, prelabel learns them from items.v1.
    await producer.publish(TOPICS.items, itemEvent('2'));
    await eventually('item 2’s source ids learnt', async () => ((await ds.query(`SELECT 1 FROM prelabel.item_sources WHERE item_id = $1`, [item('2')])).length ? true : undefined), 60000, 200);
    await producer.publish(TOPICS.tasks, taskEvent('1', 'imported one: what a lovely day', true));
    await producer.publish(TOPICS.tasks, taskEvent('2', 'imported two: this is awful', false));
    // The control: a task with no import goes to the LLM.
    await producer.publish(TOPICS.tasks, taskEvent('control', 'control: no import for me', true));

    await eventually('three drafts on prelabels.v1', async () => (['1', '2', 'control'].every((n) => draftsOf(n).length === 1) ? true : undefined), 90000, 300);
    const [one] = draftsOf('1');
    expect(one.route).toBe(PrelabelRoute.HUMAN_WITH_DRAFT);
    expect(one.draft?.value).toEqual({ case: 'choice', value: expect.objectContaining({ optionIds: ['pos'] }) });
    expect(one.model).toMatchObject({ backend: ModelBackend.EXTERNAL, modelId: 'label-studio', modelVersion: 'bert-v2', confidence: 0.83 });
    expect(one.usage).toBeUndefined();
    const [two] = draftsOf('2');
    expect(two.model).toMatchObject({ modelId: 'label-studio', modelVersion: 'bert-v2' });
    expect(two.model?.confidence).toBeUndefined();
    expect(two.draft?.value).toEqual({ case: 'choice', value: expect.objectContaining({ optionIds: ['neg'] }) });
    // The control got a model's draft. (Which model depends on which prelabel instance of the
    // shared consumer group took it: this one asks the LLM double, one started by another test may not.)
    const [control] = draftsOf('control');
    expect(control.model?.modelId).not.toBe('label-studio');
    expect([ModelBackend.LLM, ModelBackend.LOCAL]).toContain(control.model?.backend);

    expect(llmSaw('imported one')).toBe(false);
    expect(llmSaw('imported two')).toBe(false);
    // No instance paid an LLM call for the imported tasks (usage rows are written by whichever instance drafted).
    const usage = await ds.query(`SELECT t.item_id FROM prelabel.llm_usage u JOIN prelabel.tasks t ON t.task_id = u.task_id WHERE u.project_id = $1 AND t.item_id <> $2`, [projectId, item('control')]);
    expect(usage).toEqual([]);
    const applied = await ds.query(
      `SELECT p.source_id, t.item_id FROM prelabel.imported_prelabels p JOIN prelabel.tasks t ON t.task_id = p.applied_task_id WHERE p.project_id = $1 ORDER BY 1`,
      [projectId],
    );
    expect(applied).toEqual([{ source_id: '1', item_id: item('1') }, { source_id: '2', item_id: item('2') }]);
  });

  it('posted after the task: published at once, replacing the model’s draft; the same post again publishes nothing', async () => {
    await producer.publish(TOPICS.items, itemEvent('3'));
    await producer.publish(TOPICS.tasks, taskEvent('3', 'late import: meh', true));
    await eventually('item 3’s LLM draft, and its source ids learnt', async () => {
      const learnt = (await ds.query(`SELECT 1 FROM prelabel.item_sources WHERE item_id = $1`, [item('3')])).length > 0;
      return learnt && draftsOf('3').length === 1 ? true : undefined;
    }, 90000, 300);
    expect([ModelBackend.LLM, ModelBackend.LOCAL]).toContain(draftsOf('3')[0]!.model?.backend);

    const body = { prelabels: [prelabel('3', 'pos', 'ls-model-7', 0.55), prelabel('4', 'neg', 'ls-model-7')] };
    expect(await post(body)).toEqual({ status: 200, body: { received: 2, applied: 1, parked: 1, duplicates: 0 } });
    await eventually('item 3’s imported draft', async () => (draftsOf('3').length === 2 ? true : undefined), 60000, 200);
    const late = draftsOf('3')[1]!;
    expect(late.model).toMatchObject({ backend: ModelBackend.EXTERNAL, modelId: 'label-studio', modelVersion: 'ls-model-7', confidence: 0.55 });
    expect(late.route).toBe(PrelabelRoute.HUMAN_WITH_DRAFT);
    expect(late.task?.taskId).toBe(draftsOf('3')[0]!.task?.taskId);
    const [row] = await ds.query(`SELECT backend, model_version, option_id, event_id FROM prelabel.drafts d JOIN prelabel.tasks t USING (task_id) WHERE t.item_id = $1`, [item('3')]);
    expect(row).toEqual({ backend: 'external', model_version: 'ls-model-7', option_id: 'pos', event_id: late.envelope!.eventId });

    const before = mine().length;
    expect(await post(body)).toEqual({ status: 200, body: { received: 2, applied: 0, parked: 0, duplicates: 2 } });
    expect(await post({ prelabels: [prelabel('1', 'pos', 'bert-v2', 0.83)] })).toEqual({ status: 200, body: { received: 1, applied: 0, parked: 0, duplicates: 1 } });
    await new Promise((r) => setTimeout(r, 3000));
    expect(mine().length).toBe(before);
    const [n] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.imported_prelabels WHERE project_id = $1`, [projectId]);
    expect(n.n).toBe(4);
  });
});
