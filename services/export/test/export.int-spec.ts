import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { AdjudicationVerdictSchema, AnswerSchema, ContentType, createEvent, LabelStatus, ProjectChange, RelabelPolicy, DecisionEvent, decodeEvent, LabelEvent, LabelEventSchema, newEnvelope, TOPICS } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, OBJECT_STORE, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { ExportModule } from '../src/export.module';
import { ExportConfig, exportConfigShape } from '../src/export.settings';
import { labelEventFrom } from '../src/events/label-event.factory';
import { readParquet } from '../src/adapters/parquet/parquet-file.writer';
import { releaseLine, releaseRowOf } from '../src/domain/release-row.mapper';
import { ReleaseImmutableError, ReleaseStore } from '../src/adapters/release.store';
import { ReleasesRepository } from '../src/db/releases.repository';
import { ReleaseReservationSweeper } from '../src/jobs/release-reservation-sweeper.job';
import { normalizeSelection } from '../src/domain/release-selection.rule';
import { sampleDecision } from './support/decisions';
import { RecordDecisionUseCase } from '../src/use-cases/record-decision.use-case';

// Export in-process against the real stack: decisions.v1 / items.v1 in; labels.v1, releases.v1,
// S3 releases and the HTTP API out.
describe('export on the real stack', () => {
  stackEnv();
  const run = uniqueName('exp');
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let config: ExportConfig;
  let app: INestApplication;
  let base: string;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  // Export takes the gateway's tokens for it; an admin passes its membership check (this suite is
  // about labels and releases; test/authorization-matrix.int-spec.ts is about who may call).
  const pmToken = signServiceToken({ kind: 'user', id: 'pm-it', roles: ['admin'] }, 'export', secret, { ttlSeconds: 3600 });

  const start = async () => {
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = app.get(DATA_SOURCE);
  };

  const http = async (method: string, path: string, body?: unknown, token = pmToken) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const decision = (projectId: string, itemId: string, over: Partial<DecisionEvent> & { at?: Date; label?: string } = {}) => {
    const d = sampleDecision(itemId, 'q1', over.label ?? 'toxic', over.at ?? new Date());
    d.envelope!.projectId = projectId;
    Object.assign(d, over);
    return d;
  };

  const publish = (...events: DecisionEvent[]) => producer.publishMany(TOPICS.decisions, events);

  const decisionsSeen = async (ids: string[]) => {
    const r: { n: string }[] = await ds.query(
      `SELECT count(*) AS n FROM export.decisions WHERE decision_event_id = ANY($1)`,
      [ids],
    );
    return Number(r[0].n) === ids.length ? true : undefined;
  };

  const allPublished = async (projectId: string, expected: number) => {
    const [{ n, published }] = await ds.query(
      `SELECT count(*) AS n, count(o.published_at) AS published FROM export.label_versions lv
       JOIN export.outbox o ON o.event_id = lv.label_event_id WHERE lv.project_id = $1`,
      [projectId],
    );
    return Number(n) === expected && Number(published) === expected ? true : undefined;
  };

  const labelsOf = async (projectId: string): Promise<LabelEvent[]> => {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(TOPICS.labels.name);
    await admin.disconnect();
    // Every partition up to its end as of now: a record count would be met early by what other
    // runs write to labels.v1 meanwhile, leaving some of ours unread.
    const end = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    const left = new Set(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => o.partition));
    const out: LabelEvent[] = [];
    const consumer = kafka.consumer({ groupId: `export-it-labels-${Date.now()}-${Math.random().toString(36).slice(2)}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: TOPICS.labels.name, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        if (left.size === 0) return resolve();
        const timer = setTimeout(() => reject(new Error(`labels.v1 not read to its end in 120 s (partitions ${[...left].join(', ')} left)`)), 120000);
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            const offset = BigInt(message.offset);
            if (offset >= end.get(partition)!) return;
            const e = decodeEvent(TOPICS.labels, message.value ?? Buffer.alloc(0));
            if (e.envelope?.projectId === projectId) out.push(e);
            if (offset + 1n >= end.get(partition)! && left.delete(partition) && left.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return out;
  };

  beforeAll(async () => {
    config = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'export-it' });
    producer = new EventProducer(kafka, protobufCodec, 'export-it');
    await producer.connect();
    await start();
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
  });

  it('denies by default: no token → 401, an annotator → 403', async () => {
    expect((await http('GET', `/v1/projects/p/releases`, undefined, '')).status).toBe(401);
    const annotator = signServiceToken({ kind: 'user', id: 'a', roles: ['annotator'] }, 'export', secret);
    expect((await http('GET', `/v1/projects/p/releases`, undefined, annotator)).status).toBe(403);
  });

  it('a decision → one LabelEvent v1 with provenance; redelivered → still one; adjudicated → v2, v1 kept', async () => {
    const projectId = `${run}-labels`;
    const itemId = `${run}-item-a`;
    const sha = sha256Hex(Buffer.from(itemId));
    const itemEvent = createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId: '', spec: TOPICS.items, correlationId: 'content-evt-1' }),
      itemId,
      content: { source: 'it', sourceId: itemId, contentType: ContentType.TEXT, contentSha256: sha },
      contentEventId: 'content-evt-1',
    });
    await producer.publish(TOPICS.items, itemEvent);
    await eventually('item content', async () =>
      ((await ds.query(`SELECT 1 FROM export.item_contents WHERE item_id = $1`, [itemId])) as unknown[]).length ? true : undefined,
      90000,
    );
    const t0 = new Date(Date.now() - 60000);
    const d1 = decision(projectId, itemId, { at: t0 });
    await publish(d1, d1); // the same event twice: a redelivery
    await eventually('d1', () => decisionsSeen([d1.envelope!.eventId]));

    const d2 = decision(projectId, itemId, {
      at: new Date(t0.getTime() + 1000),
      label: 'harassment',
      adjudicated: true,
      verdict: create(AdjudicationVerdictSchema, {
        requestId: 'adj-1',
        adjudicatorId: 'expert-1',
        tier: 1,
        answer: { value: { case: 'choice', value: { optionIds: ['harassment'] } } },
        confidence: 0.9,
        note: 'targets a person',
        goldCandidate: true,
        decidedAt: timestampFromDate(new Date(t0.getTime() + 1000)),
      }),
    });
    d2.answer = create(AnswerSchema, { value: { case: 'choice', value: { optionIds: ['harassment'] } } });
    d2.softLabel = { harassment: 1 };
    d2.confidence = 0.9;
    // The same verdict announced again under a new event id: same content → no new version.
    const d3 = decision(projectId, itemId, { at: new Date(t0.getTime() + 2000) });
    Object.assign(d3, { ...d2, envelope: { ...d3.envelope!, occurredAt: timestampFromDate(new Date(t0.getTime() + 2000)) } });
    await publish(d2);
    await eventually('d2', () => decisionsSeen([d2.envelope!.eventId]));
    await publish(d3, d2);
    await eventually('d3', () => decisionsSeen([d3.envelope!.eventId]));
    await eventually('labels relayed', () => allPublished(projectId, 2));

    const labels = (await labelsOf(projectId)).filter((e) => e.itemId === itemId);
    expect(labels.map((l) => l.labelVersion).sort()).toEqual([1, 2]);
    const [v1, v2] = [...labels].sort((a, b) => a.labelVersion - b.labelVersion);
    expect(v1).toMatchObject({ label: 'toxic', adjudicated: false, questionId: 'q1', ontologyVersion: 1 });
    expect(v1.content?.contentSha256).toBe(sha);
    expect(v1.provenance?.answers.map((a) => a.annotatorId)).toEqual(['u1', 'model:m1']);
    expect(v1.provenance?.answers[0].reliability).toBe(0.9);
    expect(v1.provenance?.answers[1].model?.promptVersion).toBe('p3');
    expect(v1.provenance?.decisionEventId).toBe(d1.envelope!.eventId);
    expect(v1.envelope?.causationId).toBe(d1.envelope!.eventId);
    expect(v2).toMatchObject({ label: 'harassment', adjudicated: true });
    expect(v2.provenance?.verdict).toMatchObject({ adjudicatorId: 'expert-1', note: 'targets a person' });

    const audit = await http('GET', `/v1/audit/labels/${itemId}/q1`);
    expect(audit.status).toBe(200);
    expect(audit.body.currentVersion).toBe(2);
    expect(audit.body.versions.map((v: { labelVersion: number }) => v.labelVersion)).toEqual([1, 2]);
    expect(audit.body.versions[0].decisions.map((d: { decisionEventId: string }) => d.decisionEventId)).toEqual([d1.envelope!.eventId]);
    expect(audit.body.versions[1].decisions.map((d: { outcome: string }) => d.outcome)).toEqual(['new_version', 'unchanged']);
    expect(audit.body.versions[1].labelEvent.provenance.verdict.note).toBe('targets a person');
    expect(audit.body.content.contentSha256).toBe(sha);
    expect(audit.body.chain.contentEventIds).toEqual(['content-evt-1']);
    const history = await http('GET', `/v1/labels/${itemId}/q1/history`);
    expect(history.body.versions).toHaveLength(2);
    expect((await http('GET', `/v1/audit/labels/${run}-nothing/q1`)).status).toBe(404);

    // Ontology version 2 published with relabel policy EXCLUDE: the label is withdrawn as v3.
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.ONTOLOGY_PUBLISHED,
        project: { projectId, name: projectId, revision: 2n },
        ontologyPublished: { ontologyVersion: 2, previousVersion: 1, relabelPolicy: RelabelPolicy.EXCLUDE },
      }),
    );
    await eventually('exclusion relayed', () => allPublished(projectId, 3), 90000);
    const excluded = (await labelsOf(projectId)).find((e) => e.itemId === itemId && e.labelVersion === 3);
    expect(excluded).toMatchObject({ status: LabelStatus.EXCLUDED, label: 'harassment', adjudicated: true });
    expect(excluded?.provenance?.verdict?.note).toBe('targets a person');
    const rel = await http('POST', `/v1/projects/${projectId}/releases`, {});
    expect(rel.body.label_count).toBe(0);
    const relAll = await http('POST', `/v1/projects/${projectId}/releases`, { selection: { includeExcluded: true } });
    expect(relAll.body.status_counts).toEqual({ active: 0, excluded: 1 });

    // The whole chain in one answer, every link with its event id: content → item → task →
    // each annotation → the machine draft → decision → label version → the release holding it.
    const { chain } = (await http('GET', `/v1/audit/labels/${itemId}/q1`)).body;
    expect(chain.missing).toEqual([]);
    expect(chain.contentEventIds).toEqual(['content-evt-1']);
    expect(chain.itemEventId).toBe(itemEvent.envelope!.eventId);
    expect(chain.taskIds).toEqual([`task-${itemId}`]);
    expect(chain.taskEventIds).toEqual([`task-evt-${itemId}`]);
    const chained = (id: string, over: object) => ({
      annotationId: id,
      eventId: `annotation-evt-${id}-${itemId}`,
      taskEventId: `task-evt-${itemId}`,
      prelabelEventId: `prelabel-evt-${itemId}`,
      labelVersions: [1, 2, 3],
      ...over,
    });
    expect(chain.annotations).toEqual([
      chained('a1', { annotatorId: 'u1', source: 'human', draftShown: true }),
      chained('a2', { annotatorId: 'model:m1', source: 'machine', draftShown: false }),
    ]);
    expect(chain.annotationEventIds).toEqual([`annotation-evt-a1-${itemId}`, `annotation-evt-a2-${itemId}`]);
    expect(chain.prelabelEventIds).toEqual([`prelabel-evt-${itemId}`]);
    expect(chain.decisionEventIds).toEqual(expect.arrayContaining([d1.envelope!.eventId, d2.envelope!.eventId, d3.envelope!.eventId]));
    expect(chain.labelEventIds).toEqual([v1.envelope!.eventId, v2.envelope!.eventId, excluded!.envelope!.eventId]);
    expect(chain.releaseIds).toEqual([relAll.body.releaseId]);
    expect(chain.path).toEqual([
      { step: 'content', eventId: 'content-evt-1' },
      { step: 'item', itemId, eventId: itemEvent.envelope!.eventId },
      { step: 'task', taskId: `task-${itemId}`, eventId: `task-evt-${itemId}` },
      { step: 'annotation', annotationId: 'a1', eventId: `annotation-evt-a1-${itemId}`, source: 'human', annotatorId: 'u1' },
      { step: 'annotation', annotationId: 'a2', eventId: `annotation-evt-a2-${itemId}`, source: 'machine', annotatorId: 'model:m1' },
      { step: 'prelabel', eventId: `prelabel-evt-${itemId}`, annotationIds: ['a1', 'a2'] },
      { step: 'decision', decisionEventId: d2.envelope!.eventId }, // v3 (exclusion) keeps v2's provenance
      { step: 'label_version', labelVersion: 3, eventId: excluded!.envelope!.eventId },
      { step: 'release', releaseId: relAll.body.releaseId, name: relAll.body.name, location: relAll.body.location },
    ]);
    expect(excluded?.provenance?.taskEventId).toBe(`task-evt-${itemId}`);

    // A decision that does not carry the event ids: the audit names each missing link.
    const bare = decision(projectId, `${run}-item-bare`, { at: new Date(Date.now() - 1000), taskEventId: '' });
    for (const a of bare.answers) Object.assign(a, { eventId: '', prelabelEventId: '' });
    await publish(bare);
    await eventually('bare decision', () => decisionsSeen([bare.envelope!.eventId]));
    const bareChain = (await http('GET', `/v1/audit/labels/${run}-item-bare/q1`)).body.chain;
    expect(bareChain.missing).toEqual([
      'items.v1 event of the item (export has not seen it): no content reference, item event id',
      `tasks.v1 event id of task task-${run}-item-bare (not on the decision)`,
      'annotations.v1 event id of annotation a1 (not on its answer record)',
      'prelabels.v1 event id of the draft shown for annotation a1',
      'annotations.v1 event id of annotation a2 (not on its answer record)',
    ]);
  });

  it('a batch of decisions versions each label exactly as the same decisions one at a time would', async () => {
    const record = app.get(RecordDecisionUseCase);
    const t0 = new Date(Date.now() - 60000);
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    // Per project: one label changed twice in the batch (v1, v2, then the same content again), an
    // older decision arriving after a newer one, and an item erased from the project.
    const decisionsOf = (projectId: string) => [
      decision(projectId, `${run}-bat-a`, { at: at(0), label: 'toxic' }),
      decision(projectId, `${run}-bat-b`, { at: at(5), label: 'spam' }),
      decision(projectId, `${run}-bat-a`, { at: at(1), label: 'spam' }),
      decision(projectId, `${run}-bat-b`, { at: at(2), label: 'toxic' }),
      decision(projectId, `${run}-bat-a`, { at: at(3), label: 'spam' }),
      decision(projectId, `${run}-bat-erased`, { at: at(4), label: 'toxic' }),
    ];
    const batchProject = `${run}-batch`;
    const oneProject = `${run}-one-at-a-time`;
    // A label's version sequence spans projects (one key per item and question): distinct items per project.
    const batch = decisionsOf(batchProject).map((d) => Object.assign(d, { itemId: `${d.itemId}x` }));
    const single = decisionsOf(oneProject).map((d) => Object.assign(d, { itemId: `${d.itemId}y` }));
    await ds.query(`INSERT INTO export.erased_items (project_id, item_id, erasure_id) VALUES ($1, $2, 'er-1'), ($3, $4, 'er-1')`, [
      batchProject, `${run}-bat-erasedx`, oneProject, `${run}-bat-erasedy`,
    ]);

    const batched = await ds.transaction((tx) => record.executeBatch(tx, batch.map((event) => ({ event }))));
    const oneByOne = [];
    for (const d of single) oneByOne.push(await ds.transaction((tx) => record.execute(tx, d)));

    expect(batched).toEqual(oneByOne);
    expect(batched).toEqual([
      { kind: 'new_version', labelVersion: 1 },
      { kind: 'new_version', labelVersion: 1 },
      { kind: 'new_version', labelVersion: 2 },
      { kind: 'stale', labelVersion: 1 }, // decided before b's current version
      { kind: 'unchanged', labelVersion: 2 },
      { kind: 'stale', labelVersion: 0 }, // erased: recorded, never published
    ]);
    const stored = async (projectId: string) =>
      ((await ds.query(
        `SELECT right(lv.item_id, 2) AS item, lv.label_version AS version, lv.label, lv.decision_event_id AS decision, o.id AS outbox
         FROM export.label_versions lv JOIN export.outbox o ON o.event_id = lv.label_event_id
         WHERE lv.project_id = $1 ORDER BY o.id`,
        [projectId],
      )) as { item: string; version: number; label: string; decision: string }[]).map(({ item, version, label, decision }) => ({ item, version, label, decision }));
    const inBatch = await stored(batchProject);
    // The outbox holds the label events in the order of the decisions that made them.
    expect(inBatch).toEqual([
      { item: 'ax', version: 1, label: 'toxic', decision: batch[0].envelope!.eventId },
      { item: 'bx', version: 1, label: 'spam', decision: batch[1].envelope!.eventId },
      { item: 'ax', version: 2, label: 'spam', decision: batch[2].envelope!.eventId },
    ]);
    expect((await stored(oneProject)).map(({ item, version, label }) => ({ item, version, label }))).toEqual(
      inBatch.map(({ item, version, label }) => ({ item: item.replace('x', 'y'), version, label })),
    );
    const outcomes = (await ds.query(
      `SELECT decision_event_id AS id, outcome, label_version AS version FROM export.decisions WHERE project_id = $1`,
      [batchProject],
    )) as { id: string; outcome: string; version: number }[];
    expect(new Map(outcomes.map((o) => [o.id, [o.outcome, o.version]]))).toEqual(
      new Map(batch.map((d, i) => [d.envelope!.eventId, [batched[i].kind, batched[i].labelVersion]])),
    );
  });

  it('gold confirmation → a new gold version; a late aggregation or a replayed verdict never supersedes it', async () => {
    const projectId = `${run}-gold`;
    const itemId = `${run}-item-gold`;
    const t0 = new Date(Date.now() - 60000);
    const harassment = { value: { case: 'choice' as const, value: { optionIds: ['harassment'] } } };
    const verdict = create(AdjudicationVerdictSchema, {
      requestId: `${run}-adj-gold`,
      adjudicatorId: 'expert-1',
      tier: 1,
      answer: harassment,
      confidence: 0.9,
      note: 'an insult aimed at a user',
      goldCandidate: true,
      decidedAt: timestampFromDate(new Date(t0.getTime() + 1000)),
    });
    const adjudicated = (over: Partial<DecisionEvent> = {}) => {
      const d = decision(projectId, itemId, { at: new Date(t0.getTime() + 1000), label: 'harassment', adjudicated: true, verdict, ...over });
      d.answer = create(AnswerSchema, harassment);
      d.softLabel = { harassment: 0.9, toxic: 0.1 };
      d.confidence = 0.9;
      d.envelope!.producer = 'adjudication';
      return d;
    };
    const v = adjudicated();
    await publish(v);
    await eventually('verdict', () => decisionsSeen([v.envelope!.eventId]));
    // The PM confirms gold: adjudication copies the verdict's decision with gold = true.
    const g = adjudicated({ gold: true, decisionId: 'dec-gold' });
    g.envelope!.occurredAt = timestampFromDate(new Date(t0.getTime() + 5000));
    await publish(g);
    await eventually('gold', () => decisionsSeen([g.envelope!.eventId]));
    // A late aggregation from quality, stamped after the verdict (another host's clock), and a
    // replay of the verdict under a new event id: both kept for audit, neither becomes a version.
    const late = decision(projectId, itemId, { at: new Date(Date.now() + 1000), label: 'toxic' });
    const replay = adjudicated();
    await publish(late, replay);
    await eventually('late + replay', () => decisionsSeen([late.envelope!.eventId, replay.envelope!.eventId]));
    await eventually('labels relayed', () => allPublished(projectId, 2));

    const labels = (await labelsOf(projectId)).filter((e) => e.itemId === itemId).sort((a, b) => a.labelVersion - b.labelVersion);
    expect(labels.map((l) => [l.labelVersion, l.label, l.adjudicated, l.gold])).toEqual([
      [1, 'harassment', true, false],
      [2, 'harassment', true, true],
    ]);
    expect(labels[1].provenance?.verdict?.note).toBe('an insult aimed at a user');
    const rows: { decision_event_id: string; outcome: string; label_version: number }[] = await ds.query(
      `SELECT decision_event_id, outcome, label_version FROM export.decisions WHERE decision_event_id = ANY($1)`,
      [[late.envelope!.eventId, replay.envelope!.eventId]],
    );
    expect(rows.map((r) => [r.outcome, r.label_version])).toEqual([
      ['stale', 2],
      ['stale', 2],
    ]);
    const rel = await http('POST', `/v1/projects/${projectId}/releases`, {});
    expect(rel.status).toBe(201);
    expect(rel.body.label_count).toBe(1);
  });

  it('releases: byte-identical when written twice or re-exported, verified, never overwritten, no silent ontology mix', async () => {
    const projectId = `${run}-rel`;
    const ds1 = Array.from({ length: 12 }, (_, i) =>
      decision(projectId, `${run}-r-${String(i).padStart(2, '0')}`, { label: i % 3 ? 'ok' : 'toxic', at: new Date(Date.now() - 30000) }),
    );
    await publish(...ds1);
    await eventually('release labels', () => allPublished(projectId, 12));
    const until = new Date().toISOString();
    const body = { selection: { until } };
    const a = await http('POST', `/v1/projects/${projectId}/releases`, body);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ label_count: 12, ontology_versions: [1] });
    expect(a.body.class_counts).toEqual([
      { question_id: 'q1', label: 'ok', count: 8 },
      { question_id: 'q1', label: 'toxic', count: 4 },
    ]);
    const b = await http('POST', `/v1/projects/${projectId}/releases`, { ...body, parentReleaseId: a.body.releaseId });
    expect(b.status).toBe(201);
    // The data files (the dataset card, like the manifest, names the release: it differs by release id, name and time).
    const data = (m: { files: { format: string; sha256: string; size: number }[] }) =>
      m.files.filter((f) => f.format !== 'dataset_card').map((f) => [f.format, f.sha256, f.size]);
    expect(data(b.body)).toEqual(data(a.body));
    expect(b.body.parent_release_id).toBe(a.body.releaseId);

    const store: ObjectStore = app.get(OBJECT_STORE);
    const [ja, jb] = await Promise.all([a, b].map((r) => store.get(r.body.files[0].key, { expectedSha256: r.body.files[0].sha256 })));
    expect(ja.body.equals(jb.body)).toBe(true);
    const lines = ja.body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.item_id)).toEqual([...lines.map((l) => l.item_id)].sort());

    const verify = await http('POST', `/v1/projects/${projectId}/releases/${a.body.releaseId}/verify`);
    expect(verify.body.ok).toBe(true);
    // manifest, labels.jsonl, labels.parquet, labels.csv, data/train-00000-of-00001.parquet, README.md
    expect(verify.body.files).toHaveLength(6);
    expect(a.body.parquet_layout).toBe('verity.export.parquet-typed/1');
    const re = await http('POST', `/v1/projects/${projectId}/releases/${a.body.releaseId}/reexport`);
    expect(re.body.identical).toBe(true);
    expect(re.body.files.find((f: { key: string }) => f.key.endsWith('manifest.json')).regeneratedSha256).toBe(a.body.manifest.sha256);

    await expect(app.get(ReleaseStore).putOnce(a.body.files[0].key, Buffer.from('tampered'), 'text/plain')).rejects.toBeInstanceOf(
      ReleaseImmutableError,
    );
    expect((await store.get(a.body.files[0].key, { expectedSha256: a.body.files[0].sha256 })).sha256).toBe(a.body.files[0].sha256);
    // Streamed straight to its key: its sha256 is the manifest's, not in the object's metadata.
    expect((await store.head(a.body.files[0].key))?.metadata).toMatchObject({ 'sha256-recorded-in': 'release manifest' });

    const got = await http('GET', `/v1/projects/${projectId}/releases/${a.body.releaseId}`);
    expect(got.body.manifestContent.files).toEqual(a.body.files);
    const list = await http('GET', `/v1/projects/${projectId}/releases`);
    expect(list.body.releases.map((r: { releaseId: string }) => r.releaseId)).toEqual([b.body.releaseId, a.body.releaseId]);
    await eventually('releases.v1 relayed', async () => {
      const r = await ds.query(
        `SELECT count(published_at) AS n FROM export.outbox WHERE event_id IN (SELECT release_event_id FROM export.releases WHERE project_id = $1)`,
        [projectId],
      );
      return Number(r[0].n) === 2 ? true : undefined;
    });

    // A label under ontology version 2 joins the project: a release must choose.
    const v2 = decision(projectId, `${run}-r-99`, { ontologyVersion: 2, at: new Date(Date.now() - 1000) });
    await publish(v2);
    await eventually('v2 label', () => allPublished(projectId, 13));
    const mixed = await http('POST', `/v1/projects/${projectId}/releases`, {});
    expect(mixed.status).toBe(409);
    expect(mixed.body.ontologyVersions).toEqual([1, 2]);
    expect(mixed.body.message).toMatch(/1, 2/);
    const only1 = await http('POST', `/v1/projects/${projectId}/releases`, { selection: { ontologyVersions: [1] } });
    expect(only1.body.label_count).toBe(12);
    const both = await http('POST', `/v1/projects/${projectId}/releases`, { allowMixedOntologyVersions: true });
    expect(both.status).toBe(201);
    expect(both.body.ontology_versions).toEqual([1, 2]);

    const audit = await http('GET', `/v1/audit/labels/${run}-r-00/q1`);
    expect(audit.body.versions[0].releases.map((r: { releaseId: string }) => r.releaseId)).toEqual(
      expect.arrayContaining([a.body.releaseId, b.body.releaseId, only1.body.releaseId, both.body.releaseId]),
    );
  });

  it('releases stream: 4,500 labels over several pages, in no long transaction, byte-identical twice and on re-export', async () => {
    // Recorded label versions put straight into the table (the decision path is covered above):
    // enough rows for the release to read several pages of 2,000.
    const projectId = `${run}-big`;
    const N = 4500;
    const at = new Date(Date.now() - 60000);
    const versions = Array.from({ length: N }, (_, i) => {
      const itemId = `${run}-big-${String(N - i).padStart(5, '0')}`; // inserted in reverse release order
      const e = labelEventFrom(decision(projectId, itemId, { at, label: ['toxic', 'ok', 'harassment'][i % 3] }), { labelVersion: 1, recordedAt: at });
      return { itemId, label: e.label, eventId: e.envelope!.eventId, bytes: Buffer.from(toBinary(LabelEventSchema, e)), line: releaseLine(releaseRowOf(e)) };
    });
    await ds.query(
      `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label, confidence,
         ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row,
         decision_event_id, decision_id, content_event_id, correlation_id, decided_at)
       SELECT i, 'q1', 1, $1, 1, l, '{}'::jsonb, 0.75, 1, false, false, repeat('0', 64), '{}'::jsonb, e, b, r,
              'dec-' || e, 'd-' || e, 'content-evt-1', 'content-evt-1', $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[]) AS t(i, l, e, b, r)`,
      [projectId, at, versions.map((v) => v.itemId), versions.map((v) => v.label), versions.map((v) => v.eventId), versions.map((v) => v.bytes), versions.map((v) => v.line)],
    );
    const body = { selection: { until: new Date().toISOString() } };
    // While the first release is written, the longest any export session sits in an open
    // transaction between statements: the rows are read back in short statements, so never
    // for long (one snapshot held over the whole write was seconds at 4,500 labels).
    let building = true;
    let longestIdleInTx = 0;
    const watching = (async () => {
      while (building) {
        const [r] = await ds.query(
          `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)::float8 AS s FROM pg_stat_activity
           WHERE application_name = 'verity-export' AND state = 'idle in transaction'`,
        );
        longestIdleInTx = Math.max(longestIdleInTx, r.s);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    const a = await http('POST', `/v1/projects/${projectId}/releases`, body);
    building = false;
    await watching;
    expect(longestIdleInTx).toBeLessThan(0.25);
    const b = await http('POST', `/v1/projects/${projectId}/releases`, body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toMatchObject({ label_count: N, status_counts: { active: N, excluded: 0 }, parquet_row_groups: { max_rows: 100000, max_jsonl_bytes: 16777216 } });
    expect(a.body.class_counts.map((c: { count: number }) => c.count)).toEqual([1500, 1500, 1500]);
    // The data files (the dataset card, like the manifest, names the release: it differs by release id, name and time).
    const data = (m: { files: { format: string; sha256: string; size: number }[] }) =>
      m.files.filter((f) => f.format !== 'dataset_card').map((f) => [f.format, f.sha256, f.size]);
    expect(data(b.body)).toEqual(data(a.body));

    const store: ObjectStore = app.get(OBJECT_STORE);
    const jsonl = await store.get(a.body.files[0].key, { expectedSha256: a.body.files[0].sha256 });
    const expected = [...versions].sort((x, y) => (x.itemId < y.itemId ? -1 : 1)).map((v) => `${v.line}\n`).join('');
    expect(jsonl.body.toString('utf8')).toBe(expected);
    const parquet = await readParquet((await store.get(a.body.files[1].key, { expectedSha256: a.body.files[1].sha256 })).body);
    expect(parquet.rows.map((r) => r.label_event_id)).toEqual(expected.trim().split('\n').map((l) => JSON.parse(l).label_event_id));

    const re = await http('POST', `/v1/projects/${projectId}/releases/${a.body.releaseId}/reexport`);
    expect(re.body.identical).toBe(true);
    expect((await http('POST', `/v1/projects/${projectId}/releases/${b.body.releaseId}/verify`)).body.ok).toBe(true);
    // A data file changed behind the platform's back (even by a writer that records its own
    // sha256 in the object's metadata) no longer matches its manifest: verify names it.
    const csv = b.body.files.find((f: { format: string }) => f.format === 'csv');
    const forged = await store.put(csv.key, 'project_id,item_id\nforged,row\n', { contentType: 'text/csv' });
    const tampered = await http('POST', `/v1/projects/${projectId}/releases/${b.body.releaseId}/verify`);
    expect(tampered.body.ok).toBe(false);
    expect(tampered.body.files.filter((f: { ok: boolean }) => !f.ok)).toEqual([
      expect.objectContaining({ key: csv.key, expectedSha256: csv.sha256, actualSha256: forged.sha256 }),
    ]);
    await expect(store.get(csv.key, { expectedSha256: csv.sha256 })).rejects.toThrow(/sha256 the caller recorded/);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM export.release_labels WHERE release_id = $1`, [a.body.releaseId]);
    expect(n).toBe(N);

    // A build that fails after reserving its label versions (here: S3 refuses the CSV upload)
    // answers 5xx, records no release and leaves no reservation behind.
    const releasesBefore = (await http('GET', `/v1/projects/${projectId}/releases`)).body.releases.length;
    const store3 = app.get(ReleaseStore);
    const openOnce = store3.openOnce.bind(store3);
    const failing = jest.spyOn(store3, 'openOnce').mockImplementation(async (key, type) => {
      if (key.endsWith('labels.csv')) throw new Error('S3 refused the upload (injected)');
      return openOnce(key, type);
    });
    try {
      const failed = await http('POST', `/v1/projects/${projectId}/releases`, body);
      expect(failed.status).toBeGreaterThanOrEqual(500);
    } finally {
      failing.mockRestore();
    }
    expect((await http('GET', `/v1/projects/${projectId}/releases`)).body.releases.length).toBe(releasesBefore);
    const orphans = await ds.query(
      `SELECT count(*)::int AS n FROM export.release_labels rl
       WHERE rl.item_id LIKE $1 AND NOT EXISTS (SELECT 1 FROM export.releases r WHERE r.release_id = rl.release_id)`,
      [`${run}-big-%`],
    );
    expect(orphans[0].n).toBe(0);
    const reservations = async () =>
      (await ds.query(`SELECT release_id FROM export.release_reservations WHERE project_id = $1 ORDER BY release_id`, [projectId])).map(
        (r: { release_id: string }) => r.release_id,
      );
    expect(await reservations()).toEqual([]); // recorded releases and failed builds keep none

    // Reserved rows that cannot all be read back stop the build, naming the pages' range.
    const repo = app.get(ReleasesRepository);
    const probe = `${run}-probe`;
    const sel = normalizeSelection({ selection: { ...body.selection, includeExcluded: false, onlyGold: false }, allowMixedOntologyVersions: false }, new Date());
    const reserved = await ds.transaction((tx) => repo.reserveLabels(tx, projectId, probe, sel));
    expect(reserved).toBe(N);
    await ds.query(`DELETE FROM export.release_labels WHERE release_id = $1 AND ordinal = 2100`, [probe]);
    const readAll = async () => {
      let rows = 0;
      for await (const page of repo.labelPages(ds, probe, reserved, 2000)) rows += page.length;
      return rows;
    };
    await expect(readAll()).rejects.toThrow(`release ${probe}: label versions 2000…3999 read back 1999 rows, not 2000`);
    await repo.dropReserved(ds, probe);
    await repo.dropReserved(ds, a.body.releaseId); // recorded: kept
    const left = await ds.query(`SELECT release_id, count(*)::int AS n FROM export.release_labels WHERE release_id = ANY($1) GROUP BY release_id`, [[probe, a.body.releaseId]]);
    expect(left).toEqual([{ release_id: a.body.releaseId, n: N }]);

    // A build that crashed between reserving and recording: its reservation is swept once it is
    // older than EXPORT_RESERVATION_MAX_AGE_MS, and only then; recorded releases keep their rows.
    const sweeper = app.get(ReleaseReservationSweeper);
    const crashed = `${run}-crashed`;
    await ds.transaction((tx) => repo.reserveLabels(tx, projectId, crashed, sel));
    await sweeper.sweep();
    expect(await reservations()).toEqual([crashed]);
    await ds.query(`UPDATE export.release_reservations SET reserved_at = now() - interval '7 hours' WHERE release_id = $1`, [crashed]);
    const swept = await sweeper.sweep();
    expect(swept.releases).toBeGreaterThanOrEqual(1);
    expect(swept.labels).toBeGreaterThanOrEqual(N);
    expect(await reservations()).toEqual([]);
    const kept = await ds.query(`SELECT release_id, count(*)::int AS n FROM export.release_labels WHERE release_id = ANY($1) GROUP BY release_id`, [[crashed, a.body.releaseId]]);
    expect(kept).toEqual([{ release_id: a.body.releaseId, n: N }]);
  });

  it('crash: closed mid-stream and restarted, every decided label reaches labels.v1 exactly once', async () => {
    const projectId = `${run}-crash`;
    const N = 120;
    const events = Array.from({ length: N }, (_, i) => decision(projectId, `${run}-c-${i}`, { at: new Date(Date.now() - 10000) }));
    const publishing = (async () => {
      for (let i = 0; i < N; i += 10) {
        await publish(...events.slice(i, i + 10));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await eventually('some labels recorded', async () => {
      const [{ n }] = await ds.query(`SELECT count(*) AS n FROM export.label_versions WHERE project_id = $1`, [projectId]);
      return Number(n) >= 15 ? true : undefined;
    });
    await app.close(); // mid-stream: decisions keep flowing while export is down
    await publishing;
    await start();
    await eventually('all labels relayed after restart', () => allPublished(projectId, N), 90000);

    const labels = await labelsOf(projectId);
    const byKey = new Map<string, Set<string>>();
    for (const l of labels) {
      const k = `${l.itemId}|${l.questionId}|${l.labelVersion}`;
      byKey.set(k, (byKey.get(k) ?? new Set()).add(l.envelope!.eventId));
    }
    expect(byKey.size).toBe(N);
    // A relay re-send after a crash repeats the same event id (consumers de-duplicate on it);
    // a second *different* event for one (item, question, version) would be a real duplicate.
    for (const ids of byKey.values()) expect(ids.size).toBe(1);
    expect([...byKey.keys()].every((k) => k.endsWith('|1'))).toBe(true);
  });
});
