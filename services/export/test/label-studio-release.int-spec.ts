import 'reflect-metadata';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Role, signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { AnswerRecordSchema, AnswerSchema, AnswerSource, ContentReferenceSchema, ContentType, createEvent, DecisionEvent, newEnvelope, TOPICS } from '@verity/contracts';
import type { LabelStudioTask } from '@verity/interchange';
import { createKafka, EventProducer } from '@verity/messaging';
import { connectEventHandlers, DATA_SOURCE, OBJECT_STORE, protobufCodec } from '@verity/service-runtime';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, type ProjectRoleName, publishProjectMembers, stackEnv, uniqueName, untilProjectAccess } from '@verity/testing';
import { ExportModule } from '../src/export.module';
import { exportConfigShape } from '../src/export.settings';
import { sampleDecision } from './support/decisions';

// Issue 16, export's side: a release as Label Studio tasks, on the real stack (Kafka, Postgres,
// S3Proxy). Items arrive on items.v1 as ingestion sends them (a small text inline and masked, a
// large one as a masked payload in S3, an unmasked original kept beside), decisions on
// decisions.v1; the tasks carry the masked texts (never the original), the final labels as the
// consensus annotation, each person's answers as their annotation (an imported
// "label-studio:<id>" annotator back as that LS user id), machine drafts as predictions.
describe('a release as Label Studio tasks (real stack)', () => {
  stackEnv();
  const run = uniqueName('lsx');
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const token = (id: string, roles: Role[]) => signServiceToken({ kind: 'user', id, roles }, 'export', secret, { ttlSeconds: 3600 });
  const pm = token('pm-lsx', ['project_manager']);
  const analyst = token('qa-lsx', ['quality_analyst']);
  const annotator = token('ann-lsx', ['annotator', 'quality_analyst']);
  const outsider = token('out-lsx', ['project_manager']);
  const projectId = `${run}-p`;
  const oldProject = `${run}-old`;
  const id = (s: string) => `${run}-${s}`;
  let app: INestApplication;
  let base: string;
  let ds: DataSource;
  let store: ObjectStore;
  let producer: EventProducer;

  const get = (path: string, tok = pm) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tok}` } });
  const post = async (path: string, body: unknown, tok = pm) => {
    const r = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as { releaseId: string; label_count: number } };
  };

  const choice = (ids: string[]) => create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ids } } });
  /** A decision as quality publishes it: each answer record holds its answer. */
  const decision = (project: string, itemId: string, questionId: string, label: string, answers: DecisionEvent['answers'], final = [label]) => {
    const d = sampleDecision(itemId, questionId, label, new Date(Date.now() - 60_000));
    d.envelope!.projectId = project;
    d.answer = choice(final);
    d.answers = answers;
    return d;
  };
  const at = new Date('2026-01-02T03:04:05.000Z');
  const human = (annotatorId: string, ids: string[], ms: number) =>
    create(AnswerRecordSchema, {
      annotationId: `ann-${annotatorId}-${ids.join('+')}`,
      annotatorId,
      source: AnswerSource.HUMAN,
      answer: choice(ids),
      submittedAt: timestampFromDate(at),
      timeSpentMs: BigInt(ms),
    });
  const machine = (ids: string[], confidence: number) =>
    create(AnswerRecordSchema, {
      annotationId: `pre-${ids.join('+')}`,
      annotatorId: 'model:clf',
      source: AnswerSource.MACHINE,
      answer: choice(ids),
      model: { modelId: 'clf', modelVersion: 'v3', confidence, calibratedConfidence: confidence },
      prelabelEventId: `prelabel-${ids.join('+')}`,
    });

  beforeAll(async () => {
    const config = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    producer = new EventProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'export-lsx-it' }), protobufCodec, 'export-lsx-it');
    await producer.connect();
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = app.get(DATA_SOURCE);
    store = app.get(OBJECT_STORE);
    const members: Record<string, ProjectRoleName[]> = { 'pm-lsx': ['project_manager'], 'qa-lsx': ['quality_analyst'], 'ann-lsx': ['annotator'] };
    for (const p of [projectId, oldProject]) await publishProjectMembers(producer, p, members);
    for (const p of [projectId, oldProject]) await untilProjectAccess(ds, 'export', p);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
  });

  it('writes one task per item with its masked text, the consensus, the annotators and the predictions', async () => {
    // Item a: a small text, masked inline; its unmasked original kept in S3 (never to be read here).
    const original = await store.putContentAddressed('it/original', `Write to ana@example.org (${run})`, { contentType: 'text/plain' });
    // Item b: a large text, stored masked in S3 (no inline text); numeric source id → task id.
    const long = `Call [PHONE] ${'long '.repeat(20)}`.trim();
    const masked = await store.putContentAddressed('it/masked', long, { contentType: 'text/plain' });
    const objectRef = (r: { key: string; sha256: string; size: number }) => ({ bucket: store.bucket, key: r.key, sha256: r.sha256, sizeBytes: BigInt(r.size) });
    const items = [
      { itemId: id('a'), sourceId: `${run}-a`, maskedText: 'Write to [EMAIL]', originalRef: objectRef(original) },
      { itemId: id('b'), sourceId: '4711', payloadRef: objectRef(masked) },
      { itemId: id('c'), sourceId: `${run}-c`, maskedText: 'to be erased' },
    ];
    for (const it of items) {
      await producer.publish(
        TOPICS.items,
        createEvent(TOPICS.items, {
          envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items }),
          itemId: it.itemId,
          content: { source: 'ls-it', sourceId: it.sourceId, contentType: ContentType.TEXT, contentSha256: sha256Hex(Buffer.from(it.itemId)) },
          ...(it.maskedText ? { maskedText: it.maskedText } : {}),
          ...(it.payloadRef ? { payloadRef: it.payloadRef } : {}),
          ...(it.originalRef ? { originalRef: it.originalRef } : {}),
          contentEventId: `content-${it.itemId}`,
        }),
      );
    }
    await eventually('item contents', async () => {
      const r: unknown[] = await ds.query(`SELECT 1 FROM export.item_contents WHERE item_id = ANY($1)`, [items.map((i) => i.itemId)]);
      return r.length === 3 ? true : undefined;
    }, 90_000);
    await producer.publishMany(TOPICS.decisions, [
      decision(projectId, id('a'), 'sentiment', 'neg', [human('label-studio:7', ['neg'], 4200), human('u-bo', ['pos'], 1000), machine(['neg'], 0.9)]),
      decision(projectId, id('a'), 'topics', '', [human('label-studio:7', ['delivery', 'price'], 3000)], ['delivery', 'price']),
      decision(projectId, id('b'), 'sentiment', 'pos', [machine(['pos'], 0.97)]),
      decision(projectId, id('c'), 'sentiment', 'pos', [human('u-bo', ['pos'], 500)]),
    ]);
    await eventually('label versions', async () => {
      const r: unknown[] = await ds.query(`SELECT 1 FROM export.label_versions WHERE project_id = $1`, [projectId]);
      return r.length === 4 ? true : undefined;
    }, 90_000);
    const release = await post(`/v1/projects/${projectId}/releases`, { name: `ls ${run}` });
    expect(release.status).toBe(201);
    expect(release.body.label_count).toBe(4);
    // Item c is erased after the release: its content goes, the release is marked (as the erasure does).
    await ds.query(`DELETE FROM export.item_contents WHERE item_id = $1`, [id('c')]);
    await ds.query(`INSERT INTO export.release_erasures (release_id, item_id, erasure_id) VALUES ($1, $2, 'erasure-it')`, [release.body.releaseId, id('c')]);

    const res = await get(`/v1/projects/${projectId}/releases/${release.body.releaseId}/label-studio`, analyst);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ls_${run}-label-studio.json"; filename*=UTF-8''ls%20${run}-label-studio.json`);
    const tasks = (await res.json()) as LabelStudioTask[];

    expect(tasks.map((t) => [t.id, t.data, t.meta])).toEqual([
      [undefined, { text: 'Write to [EMAIL]' }, { verity_item_id: id('a'), verity_source_id: `${run}-a`, verity_source: 'ls-it' }],
      [4711, { text: long }, { verity_item_id: id('b'), verity_source_id: '4711', verity_source: 'ls-it' }],
    ]);
    const [a, b] = tasks;
    const results = (x: { result: { from_name: string; value: { choices: string[] } }[] }) => x.result.map((r) => [r.from_name, r.value.choices]);
    expect(a.annotations.map((n) => [n.completed_by, n.meta.verity.role, results(n), n.lead_time])).toEqual([
      [
        'verity:consensus',
        'final_label',
        [
          ['sentiment', ['neg']],
          ['topics', ['delivery', 'price']],
        ],
        undefined,
      ],
      [
        7,
        'answer',
        [
          ['sentiment', ['neg']],
          ['topics', ['delivery', 'price']],
        ],
        4.2,
      ],
      ['u-bo', 'answer', [['sentiment', ['pos']]], 1],
    ]);
    expect(a.annotations[1].created_at).toBe('2026-01-02T03:04:05Z'); // proto JSON of the submission time
    expect(a.predictions).toEqual([
      { model_version: 'v3', score: 0.9, result: [expect.objectContaining({ from_name: 'sentiment', to_name: 'text', value: { choices: ['neg'] }, score: 0.9 })] },
    ]);
    expect(b.annotations.map((n) => [n.completed_by, results(n)])).toEqual([['verity:consensus', [['sentiment', ['pos']]]]]);
    expect(b.predictions.map((p) => [p.model_version, p.score, results(p)])).toEqual([['v3', 0.97, [['sentiment', ['pos']]]]]);
    expect(JSON.stringify(tasks)).not.toContain('ana@example.org');

    // Who may read it: the release's file readers; another member 403, a non-member 404; an unknown release 404.
    expect((await get(`/v1/projects/${projectId}/releases/${release.body.releaseId}/label-studio`, pm)).status).toBe(200);
    expect((await get(`/v1/projects/${projectId}/releases/${release.body.releaseId}/label-studio`, annotator)).status).toBe(403);
    expect((await get(`/v1/projects/${projectId}/releases/${release.body.releaseId}/label-studio`, outsider)).status).toBe(404);
    const missing = await get(`/v1/projects/${projectId}/releases/no-such-release/label-studio`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe(`release no-such-release not found in project ${projectId}`);
  }, 240_000);

  it('refuses with 422, before any byte, a release whose item text export does not hold, naming the row', async () => {
    // An item recorded before export kept texts: a content reference without payload, no masked text.
    const itemId = id('old');
    const content = create(ContentReferenceSchema, { source: 'ls-it', sourceId: 'old', contentType: ContentType.TEXT, contentSha256: 'ab'.repeat(32) });
    await ds.query(
      `INSERT INTO export.item_contents (item_id, content, content_sha256, content_event_id, item_event_id, correlation_id)
       VALUES ($1, $2, $3, 'c', 'i', 'k')`,
      [itemId, Buffer.from(toBinary(ContentReferenceSchema, content)), content.contentSha256],
    );
    await producer.publish(TOPICS.items, createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId: oldProject, spec: TOPICS.items }),
      itemId: `${run}-0`,
      content: { source: 'ls-it', sourceId: '1', contentType: ContentType.TEXT, contentSha256: sha256Hex(Buffer.from('0')) },
      maskedText: 'fine',
      contentEventId: 'content-0',
    }));
    await eventually('the fine item', async () => {
      const i: unknown[] = await ds.query(`SELECT 1 FROM export.item_contents WHERE item_id = $1`, [`${run}-0`]);
      return i.length === 1 ? true : undefined;
    }, 90_000);
    await producer.publishMany(TOPICS.decisions, [
      decision(oldProject, `${run}-0`, 'sentiment', 'pos', [human('u-bo', ['pos'], 500)]),
      decision(oldProject, itemId, 'sentiment', 'neg', [human('u-bo', ['neg'], 500)]),
    ]);
    await eventually('label versions', async () => {
      const r: unknown[] = await ds.query(`SELECT 1 FROM export.label_versions WHERE project_id = $1`, [oldProject]);
      return r.length === 2 ? true : undefined;
    }, 90_000);
    const release = await post(`/v1/projects/${oldProject}/releases`, {});
    expect(release.status).toBe(201);
    const res = await get(`/v1/projects/${oldProject}/releases/${release.body.releaseId}/label-studio`);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { message: string; errors: { field: string; reason: string }[] };
    // Release order is by item id: `${run}-0` < `${run}-old`, so the old item's row is the second.
    expect(body.errors).toEqual([{ field: 'rows[1].item_id', reason: `item ${itemId}: its masked text is not kept by export (the item was recorded before export kept texts)` }]);
    expect(body.message).toMatch(/cannot be written as Label Studio tasks: 1 fault: rows\[1\]\.item_id: /);
  }, 240_000);
});
