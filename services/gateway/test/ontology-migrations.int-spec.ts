import { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectEventHandlers } from '@verity/service-runtime';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@verity/config';
import { decodeEvent, OptionMigration, OptionMigrationKind, ProjectChange, RelabelPolicy, TOPICS } from '@verity/contracts';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { TopicTap } from '@verity/messaging';
import { GatewayModule } from '../src/gateway.module';
import { gatewayConfigShape } from '../src/gateway.settings';

// The gateway in-process on the real stack: publishing v2 with a migration map over HTTP (every
// fault named at once), reading it back, the diff, and the map on projects.v1.

const run = uniqueName('gwmig');
const secret = process.env.JWT_SECRET ?? 'x'.repeat(48);
const adminEmail = `admin-${run}@it.verity`;
const password = 'correct horse battery staple';

let app: INestApplication;
let base: string;
let kafka: Kafka;
let projects: TopicTap;
let pm: string;
let member: string;
let memberId: string;
let projectId: string;

async function call<T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function person(admin: string, name: string, roles: string[]): Promise<{ id: string; token: string }> {
  const email = `${name}-${run}@it.verity`;
  const created = await call<{ id: string }>('POST', '/v1/users', admin, { email, displayName: name, password, roles });
  expect(created.status).toBe(201);
  const t = await fetch(`${base}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { id: created.body.id, token: ((await t.json()) as { accessToken: string }).accessToken };
}

const opts = (...ids: string[]) => ids.map((id) => ({ id, label: id.toUpperCase() }));
const v1 = {
  guidelines: { text: 'Label comments.' },
  questions: [
    { id: 'q1', type: 'single_choice', prompt: 'Which?', options: opts('toxic', 'spam', 'ads', 'other', 'fine') },
    { id: 'q2', type: 'free_text', prompt: 'Why?' },
  ],
};
const v2 = {
  guidelines: { text: 'Label comments. Spam and ads are promotion now.' },
  questions: [
    { id: 'q1', type: 'single_choice', prompt: 'Which one?', options: [...opts('abusive', 'promo', 'neutral', 'off_topic'), { id: 'fine', label: 'Fine!' }] },
    { id: 'q3', type: 'single_choice', prompt: 'Language?', options: opts('en', 'fr') },
  ],
};
const map = [
  { questionId: 'q1', kind: 'rename', from: ['toxic'], to: ['abusive'] },
  { questionId: 'q1', kind: 'merge', from: ['spam', 'ads'], to: ['promo'] },
  { questionId: 'q1', kind: 'split', from: ['other'], to: ['neutral', 'off_topic'] },
];

beforeAll(async () => {
  const config = loadConfig('gateway', gatewayConfigShape, {
    ...process.env,
    JWT_SECRET: secret,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: password,
  });
  app = await NestFactory.create(GatewayModule.register(config), { logger: ['error', 'warn'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  kafka = new Kafka({ brokers: stackEnv().brokers, clientId: `it-${run}`, logLevel: logLevel.NOTHING });
  projects = await new TopicTap(kafka, TOPICS.projects.name).start();
  const t = await fetch(`${base}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password }) });
  const admin = ((await t.json()) as { accessToken: string }).accessToken;
  pm = (await person(admin, 'pm', ['project_manager'])).token;
  const annotator = await person(admin, 'annotator', ['annotator']);
  member = annotator.token;
  memberId = annotator.id;
  const p = await call<{ id: string }>('POST', '/v1/projects', pm, { name: `Migrations ${run}`, contentTypes: ['text'] });
  projectId = p.body.id;
  expect((await call('PUT', `/v1/projects/${projectId}/members/${annotator.id}`, pm, { roles: ['annotator'] })).status).toBe(200);
  expect((await call('POST', `/v1/projects/${projectId}/ontologies`, pm, v1)).status).toBe(201);
});

afterAll(async () => {
  await projects?.stop();
  await app?.close();
});

describe('ontology versions with migration maps', () => {
  it('refuses a map on the first version', async () => {
    const r = await call<{ errors: { field: string; reason: string }[] }>('POST', `/v1/projects/${projectId}/ontologies/1/publish`, pm, {
      migrations: [map[0]],
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'migrations', reason: 'version 1 is the first published version: there is nothing to migrate from' }]);
    expect((await call('POST', `/v1/projects/${projectId}/ontologies/1/publish`, pm, {})).status).toBe(200);
  });

  it('names every fault of a bad map at once (400, platform error shape)', async () => {
    expect((await call('POST', `/v1/projects/${projectId}/ontologies`, pm, v2)).status).toBe(201);
    const r = await call<{ statusCode: number; error: string; message: string; errors: { field: string; reason: string }[] }>(
      'POST',
      `/v1/projects/${projectId}/ontologies/2/publish`,
      pm,
      {
        migrations: [
          { questionId: 'q1', kind: 'rename', from: ['x'], to: ['abusive'] },
          { questionId: 'q2', kind: 'rename', from: ['a'], to: ['b'] },
          { questionId: 'q1', kind: 'merge', from: ['spam'], to: ['nope'] },
          { questionId: 'q1', kind: 'rename', from: ['spam'], to: ['promo'] },
          { questionId: 'q1', kind: 'rename', from: ['fine'], to: ['promo'] },
          { questionId: 'q1', kind: 'split', from: ['other'], to: ['fine'] },
        ],
      },
    );
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(r.body.errors).toEqual([
      { field: 'relabelPolicy', reason: 'required (keep, relabel or exclude) because version 1 was published before' },
      { field: 'migrations.0.from.0', reason: 'option "x" is not an option of question q1 in version 1' },
      { field: 'migrations.1.questionId', reason: 'question "q2" is not a question of version 2' },
      { field: 'migrations.1.from.0', reason: 'option "a" is not an option of question q2 in version 1' },
      { field: 'migrations.2.from', reason: 'a merge maps two or more options (from has 1)' },
      { field: 'migrations.2.to.0', reason: 'option "nope" is not an option of question q1 in version 2' },
      { field: 'migrations.3.from.0', reason: 'option "spam" of question q1 is already mapped by migrations.2' },
      { field: 'migrations.5.to', reason: 'a split maps to two or more options (to has 1)' },
    ]);
    expect(r.body.message).toMatch(/^invalid request body: relabelPolicy: required/);
    expect(r.body.message).toContain('migrations.0.from.0: option "x" is not an option of question q1 in version 1');
    // A draft that is refused stays a draft.
    expect((await call<{ status: string }>('GET', `/v1/projects/${projectId}/ontologies/2`, member)).body.status).toBe('draft');

    const cycle = await call<{ errors: { field: string; reason: string }[] }>('POST', `/v1/projects/${projectId}/ontologies/2/publish`, pm, {
      relabelPolicy: 'keep',
      migrations: [
        { questionId: 'q1', kind: 'rename', from: ['toxic'], to: ['fine'] },
        { questionId: 'q1', kind: 'rename', from: ['fine'], to: ['toxic'] },
      ],
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.errors).toEqual([
      { field: 'migrations.1.to.0', reason: 'option "toxic" is not an option of question q1 in version 2' },
      { field: 'migrations.1', reason: 'cycle in the map of question q1: fine → toxic → fine (migrations.1, migrations.0)' },
    ]);
  });

  it('publishes v2 with the map, returns it from GET, diffs v1 → v2, and announces it on projects.v1', async () => {
    const ok = await call<{ version: number; status: string; migrations: unknown[] }>('POST', `/v1/projects/${projectId}/ontologies/2/publish`, pm, {
      relabelPolicy: 'exclude',
      migrations: map,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, status: 'published', migrations: map });
    expect((await call('GET', `/v1/projects/${projectId}/ontologies/2`, member)).body).toMatchObject({ relabelPolicy: 'exclude', migrations: map });
    expect((await call('GET', `/v1/projects/${projectId}/ontologies/1`, member)).body).toMatchObject({ migrations: [] });

    const diff = await call('GET', `/v1/projects/${projectId}/ontologies/1/diff/2`, member);
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      guidelinesChanged: true,
      questions: {
        added: ['q3'],
        removed: ['q2'],
        changed: [
          {
            questionId: 'q1',
            prompt: { from: 'Which?', to: 'Which one?' },
            optionsAdded: ['abusive', 'promo', 'neutral', 'off_topic'],
            optionsRemoved: ['toxic', 'spam', 'ads', 'other'],
            optionsRelabeled: [{ id: 'fine', from: 'FINE', to: 'Fine!' }],
            conditionChanged: false,
            otherChanged: [],
          },
        ],
      },
      migrations: map,
    });
    expect((await call<{ migrations: unknown[] }>('GET', `/v1/projects/${projectId}/ontologies/2/diff/1`, member)).body.migrations).toEqual([]);
    expect((await call('GET', `/v1/projects/${projectId}/ontologies/1/diff/9`, member)).status).toBe(404);
    expect((await call('GET', `/v1/projects/${projectId}/ontologies/1/diff/x`, member)).status).toBe(400);

    const published = await eventually('the v2 snapshot on projects.v1', () =>
      projects.records
        .map((r) => decodeEvent(TOPICS.projects, r.value))
        .find((e) => e.project?.projectId === projectId && e.change === ProjectChange.ONTOLOGY_PUBLISHED && e.ontologyPublished?.ontologyVersion === 2),
    60000);
    expect(published.ontologyPublished).toMatchObject({ previousVersion: 1, relabelPolicy: RelabelPolicy.EXCLUDE });
    const wire = (ms: OptionMigration[]) => ms.map((m) => [m.questionId, m.kind, m.fromOptionIds, m.toOptionIds]);
    const expected = [
      ['q1', OptionMigrationKind.RENAME, ['toxic'], ['abusive']],
      ['q1', OptionMigrationKind.MERGE, ['spam', 'ads'], ['promo']],
      ['q1', OptionMigrationKind.SPLIT, ['other'], ['neutral', 'off_topic']],
    ];
    expect(wire(published.ontologyPublished!.migrations)).toEqual(expected);
    expect(wire(published.project!.currentMigrations)).toEqual(expected);
    expect(published.envelope?.schemaVersion).toBe(TOPICS.projects.schemaVersion);

    // A later snapshot (members changed) repeats the current version's map: it survives compaction.
    expect((await call('PUT', `/v1/projects/${projectId}/members/${memberId}`, pm, { roles: ['annotator'], skills: ['spam'] })).status).toBe(200);
    const later = await eventually('a later snapshot', () =>
      projects.records.map((r) => decodeEvent(TOPICS.projects, r.value)).find((e) => e.project?.projectId === projectId && e.change === ProjectChange.MEMBERS_CHANGED && e.project.currentOntology?.version === 2),
    60000);
    expect(wire(later.project!.currentMigrations)).toEqual(expected);
    expect(later.ontologyPublished).toBeUndefined();
  });
});
