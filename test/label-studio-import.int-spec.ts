import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { AnswerSource, decodeEvent, ModelBackend, PrelabelRoute, TOPICS, type AnnotationEvent, type PrelabelEvent } from '@verity/contracts';
import { createKafka, TopicTap } from '@verity/messaging';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { startInProcess } from './support/service-routes';

// Issue #16, a Label Studio export into a project through the gateway, with the services it
// reaches running in this process on the real stack (ingestion, decomposition, prelabel,
// assignment, gateway): three LS tasks, one with a prediction and two answered by two LS users,
// become content → items → tasks; the prediction becomes the first task's draft (model
// "label-studio", the LS model version) and the annotations human answers on annotations.v1 by
// `label-studio:<id>`. A config that does not match the ontology is refused naming the
// question, and so are callers who do not manage the project.

const password = 'correct horse battery staple';
const SERVICES = ['ingestion', 'decomposition', 'prelabel', 'assignment'];

const config = `<View>
  <Header value="How does the review feel?"/>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text" choice="single"><Choice value="pos"/><Choice value="neg"/></Choices>
</View>`;

describe('POST /v1/projects/:id/imports/label-studio (real stack, services in-process)', () => {
  const env = stackEnv();
  const run = uniqueName('ls-import');
  const source = `ls-${run}`;
  const apps: INestApplication[] = [];
  const url: Record<string, string> = {};
  let kafka: Kafka;
  let taps: { prelabels: TopicTap; annotations: TopicTap };
  let db: Client;
  let projectId = '';
  const tokens: Record<string, string> = {};

  const call = async (method: string, p: string, token: string, body?: unknown) => {
    const r = await fetch(`${url.gateway}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const importPath = () => `/v1/projects/${projectId}/imports/label-studio`;

  /** The LS export: 101 with a prediction; 102 and 103 answered by LS users 7 and 8. */
  const lsTasks = [
    {
      id: 101,
      data: { review: `Lovely product, works great ${run}` },
      predictions: [{ model_version: 'bert-ls-1', score: 0.91, result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['pos'] } }] }],
    },
    ...[102, 103].map((id, i) => ({
      id,
      data: { review: `${i === 0 ? 'Broke after a day' : 'Not worth it'} ${run}` },
      annotations: [7, 8].map((user) => ({
        id: id * 10 + user,
        completed_by: user,
        created_at: `2024-05-0${i + 1}T10:0${user - 6}:00.000Z`,
        lead_time: 12.5,
        result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [user === 7 ? 'neg' : 'pos'] } }],
      })),
    })),
  ];

  beforeAll(async () => {
    const serviceEnv = { ...process.env, KAFKA_CLIENT_ID: undefined, LLM_BASE_URL: '' };
    for (const name of SERVICES) {
      const started = await startInProcess(name, serviceEnv);
      apps.push(started.app);
      url[name] = started.url;
    }
    const gateway = await startInProcess('gateway', { ...serviceEnv, PRELABEL_URL: url.prelabel, ASSIGNMENT_URL: url.assignment });
    apps.push(gateway.app);
    url.gateway = gateway.url;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    kafka = createKafka({ brokers: env.brokers, clientId: `ls-import-${run}` });
    taps = {
      prelabels: await new TopicTap(kafka, TOPICS.prelabels.name).start(),
      annotations: await new TopicTap(kafka, TOPICS.annotations.name).start(),
    };

    const admin = (await (await fetch(`${url.gateway}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: process.env.BOOTSTRAP_ADMIN_EMAIL, password: process.env.BOOTSTRAP_ADMIN_PASSWORD }),
    })).json()) as { accessToken: string };
    const ids: Record<string, string> = {};
    for (const [name, roles] of Object.entries({ pm: ['project_manager'], otherPm: ['project_manager'], annotator: ['annotator'] })) {
      const email = `${name}-${run}@it.verity`;
      const r = await call('POST', '/v1/users', admin.accessToken, { email, displayName: name, password, roles });
      expect(r.status).toBe(201);
      ids[name] = r.body.id;
      const t = await fetch(`${url.gateway}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      tokens[name] = ((await t.json()) as { accessToken: string }).accessToken;
    }
    const project = await call('POST', '/v1/projects', tokens.pm!, { name: `LS import ${run}`, contentTypes: ['text'], filter: { sources: [source] }, policy: { answersPerTask: 2 } });
    expect(project.status).toBe(201);
    projectId = project.body.id;
    // The other manager manages a project of their own, not this one.
    expect((await call('POST', '/v1/projects', tokens.otherPm!, { name: `Other ${run}`, contentTypes: ['text'] })).status).toBe(201);
    expect((await call('PUT', `/v1/projects/${projectId}/members/${ids.annotator}`, tokens.pm!, { roles: ['annotator'] })).status).toBe(200);
    const draft = await call('POST', `/v1/projects/${projectId}/ontologies`, tokens.pm!, {
      questions: [{ id: 'sentiment', type: 'single_choice', prompt: 'Sentiment?', options: [{ id: 'pos', label: 'Positive' }, { id: 'neg', label: 'Negative' }], contentTypes: ['text'] }],
    });
    expect(draft.status).toBe(201);
    expect((await call('POST', `/v1/projects/${projectId}/ontologies/1/publish`, tokens.pm!, {})).status).toBe(200);
    // Every service's copy of the project (filter, ontology, members) before content arrives.
    await eventually('the services copied the project', async () => {
      const r = await db.query(
        `SELECT (SELECT count(*) FROM ingestion.projects WHERE project_id = $1)::int AS ingestion,
                (SELECT count(*) FROM decomposition.ontology_versions WHERE project_id = $1)::int AS decomposition,
                (SELECT count(*) FROM prelabel.project_access WHERE project_id = $1)::int AS prelabel,
                (SELECT count(*) FROM assignment.project_access WHERE project_id = $1)::int AS assignment`,
        [projectId],
      );
      const c = r.rows[0];
      return c.ingestion === 1 && c.decomposition === 1 && c.prelabel === 2 && c.assignment === 2 ? true : undefined;
    }, 120000, 500);
  }, 600000);

  afterAll(async () => {
    await Promise.all(Object.values(taps ?? {}).map((t) => t.stop()));
    await db?.end();
    for (const app of apps.reverse()) await app.close();
  }, 60000);

  it('refuses a config that does not match the ontology (422 naming the question), a bad config (naming the tag) and callers who do not manage the project', async () => {
    const neutral = config.replace('<Choice value="neg"/>', '<Choice value="neutral"/>');
    const mismatch = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config: neutral, source });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([
      { field: 'config.Choices[name="sentiment"]', reason: 'question "sentiment": option "neutral" not in the ontology' },
      { field: 'config.Choices[name="sentiment"]', reason: 'question "sentiment": the ontology\'s option "neg" missing from the config' },
    ]);
    const unknown = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config: config.replace('name="sentiment"', 'name="mood"'), source });
    expect([unknown.status, unknown.body.errors?.[0]?.field]).toEqual([422, 'config.Choices[name="mood"]']);
    expect(unknown.body.message).toMatch(/"mood" is not in the project's published ontology/);
    const rating = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config: config.replace('</View>', '<Rating name="stars" toName="text"/></View>'), source });
    expect(rating.status).toBe(422);
    expect(rating.body.errors[0].field).toBe('config');
    expect(rating.body.message).toMatch(/Rating/);
    const noSource = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config });
    expect([noSource.status, noSource.body.errors?.[0]?.field]).toEqual([422, 'source']);

    // Another project's manager does not see this project (404, as everywhere); its annotator may not import (403).
    expect((await call('POST', importPath(), tokens.otherPm!, { tasks: lsTasks, config, source })).status).toBe(404);
    const annotator = await call('POST', importPath(), tokens.annotator!, { tasks: lsTasks, config, source });
    expect(annotator.status).toBe(403);
    const r = await db.query(`SELECT (SELECT count(*) FROM prelabel.imported_prelabels WHERE project_id = $1)::int AS n`, [projectId]);
    expect(r.rows[0].n).toBe(0);
  });

  it('takes a body of 1000 tasks above the other routes’ JSON limit, and refuses more than 1000 tasks naming `tasks`', async () => {
    const big = Array.from({ length: 1000 }, (_, i) => ({ id: 5000 + i, data: { review: `${'x'.repeat(4000)} ${i}` } }));
    const body = JSON.stringify({ tasks: big, config: config.replace('name="sentiment"', 'name="mood"'), source });
    expect(body.length).toBeGreaterThan(4_000_000);
    // Parsed (the 422 comes from the config check, after the body was read), where another route answers 413.
    expect((await call('POST', importPath(), tokens.pm!, body)).status).toBe(422);
    expect((await call('POST', `/v1/projects/${projectId}/ontologies`, tokens.pm!, body)).status).toBe(413);
    const tooMany = await call('POST', importPath(), tokens.pm!, { tasks: [...big, { id: 1, data: { review: 'one more' } }], config, source });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.errors).toEqual([{ field: 'tasks', reason: '1001 tasks; at most 1000 per call' }]);
  });

  it('imports content, the prediction as a draft and the annotations as human answers; the same import again changes nothing', async () => {
    const res = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config, source });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      counts: { tasks: 3, imported_tasks: 3, annotations: 4, cancelled: 0, final_labels: 0, predictions: 1 },
      errors: [],
      content: { published: 3 },
      prelabels: { received: 1, applied: 0, parked: 1, duplicates: 0 },
      answers: { received: 4, applied: 0, parked: 4, duplicates: 0 },
    });

    // The content became items and tasks of the project.
    await eventually('three tasks in prelabel and assignment', async () => {
      const r = await db.query(
        `SELECT (SELECT count(*) FROM prelabel.drafts WHERE project_id = $1)::int AS drafted,
                (SELECT count(*) FROM assignment.tasks WHERE project_id = $1 AND kind = 'real')::int AS queued`,
        [projectId],
      );
      return r.rows[0].drafted === 3 && r.rows[0].queued === 3 ? true : undefined;
    }, 120000, 500);
    const items = await db.query(`SELECT i.source_id FROM ingestion.items i JOIN ingestion.item_projects p ON p.item_id = i.item_id WHERE p.project_id = $1 ORDER BY 1`, [projectId]);
    expect(items.rows.map((r) => r.source_id)).toEqual(['101', '102', '103']);

    // The prediction is task 101's draft: model "label-studio", the LS model version and score, shown to humans.
    const drafts = await eventually('the prelabels of the three tasks', async () => {
      const mine = taps.prelabels.records.map((r) => decodeEvent(TOPICS.prelabels, r.value) as PrelabelEvent).filter((e) => e.envelope?.projectId === projectId);
      return mine.length === 3 ? mine : undefined;
    }, 60000, 300);
    const imported = drafts.filter((e) => e.model?.modelId === 'label-studio');
    expect(imported).toHaveLength(1);
    expect(imported[0]!.task?.sourceId).toBe('101');
    expect(imported[0]!.route).toBe(PrelabelRoute.HUMAN_WITH_DRAFT);
    expect(imported[0]!.model).toMatchObject({ backend: ModelBackend.EXTERNAL, modelVersion: 'bert-ls-1', confidence: 0.91 });
    expect(imported[0]!.draft?.value).toEqual({ case: 'choice', value: expect.objectContaining({ optionIds: ['pos'] }) });
    // Assignment queued task 101 with that draft.
    const queued = await eventually('task 101 queued with the imported draft', async () => {
      const r = await db.query(`SELECT draft, draft_model FROM assignment.tasks WHERE project_id = $1 AND task_id = $2 AND draft IS NOT NULL`, [projectId, imported[0]!.task!.taskId]);
      return r.rows[0];
    }, 60000, 300);
    expect(JSON.stringify(queued.draft_model)).toContain('bert-ls-1');

    // The annotations are human answers by label-studio:7 and label-studio:8 on tasks 102 and 103.
    const answers = await eventually('four imported answers on annotations.v1', async () => {
      const mine = taps.annotations.records.map((r) => decodeEvent(TOPICS.annotations, r.value) as AnnotationEvent).filter((e) => e.envelope?.projectId === projectId);
      return mine.length >= 4 ? mine : undefined;
    }, 60000, 300);
    const taskSource = new Map(drafts.map((d) => [d.task!.taskId, d.task!.sourceId]));
    const seen = answers
      .map((a) => `${taskSource.get(a.taskId)} ${a.annotatorId} ${a.source === AnswerSource.HUMAN ? 'human' : a.source} ${a.answer?.value.case === 'choice' ? a.answer.value.value.optionIds.join(',') : '?'} ${a.timeSpentMs}`)
      .sort();
    expect(seen).toEqual([
      '102 label-studio:7 human neg 12500',
      '102 label-studio:8 human pos 12500',
      '103 label-studio:7 human neg 12500',
      '103 label-studio:8 human pos 12500',
    ]);

    // Again: nothing new anywhere.
    const before = { prelabels: taps.prelabels.records.length, annotations: taps.annotations.records.length };
    const again = await call('POST', importPath(), tokens.pm!, { tasks: lsTasks, config, source });
    expect(again.status).toBe(200);
    expect(again.body.prelabels).toEqual({ received: 1, applied: 0, parked: 0, duplicates: 1 });
    expect(again.body.answers).toEqual({ received: 4, applied: 0, parked: 0, duplicates: 4 });
    await new Promise((r) => setTimeout(r, 4000));
    const after = await db.query(`SELECT count(*)::int AS n FROM ingestion.item_projects WHERE project_id = $1`, [projectId]);
    expect(after.rows[0].n).toBe(3);
    const mineSince = (tap: TopicTap, from: number, topic: typeof TOPICS.prelabels | typeof TOPICS.annotations) =>
      tap.records.slice(from).filter((r) => (decodeEvent(topic as never, r.value) as { envelope?: { projectId?: string } }).envelope?.projectId === projectId).length;
    expect(mineSince(taps.prelabels, before.prelabels, TOPICS.prelabels)).toBe(0);
    expect(mineSince(taps.annotations, before.annotations, TOPICS.annotations)).toBe(0);
  });
});
