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
  dlqTopicName,
  ItemEvent,
  newEnvelope,
  PiiKind,
  ProjectChange,
  TOPICS,
} from '@verity/contracts';
import { createKafka, dlqAad, DlqCipher, EventProducer, HEADER, TopicTap } from '@verity/messaging';
import { connectEventHandlers, DATA_SOURCE, EventRuntime, OBJECT_STORE, platformSettings, protobufCodec } from '@verity/service-runtime';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, stackEnv, uniqueName, untilGroupCaughtUp } from '@verity/testing';
import { IngestionModule } from '../src/ingestion.module';
import { ingestionSettings } from '../src/ingestion.settings';

// Ingestion in-process against the real stack: content.v1 in, items.v1 / content.v1.dlq out.
describe('ingestion on the real stack', () => {
  stackEnv(); // fails early, naming the missing variable
  const source = uniqueName('it-src');
  const projectA = uniqueName('proj-a'); // en content of `source`, keeps originals
  const projectB = uniqueName('proj-b'); // only tag "never-used": matches nothing here
  const projectC = uniqueName('proj-c'); // fr content of `source`
  let app: INestApplication;
  let kafka: Kafka;
  let producer: EventProducer;
  let ds: DataSource;
  let store: ObjectStore;
  let items: TopicTap;
  let dlq: TopicTap;

  const project = (projectId: string, revision: bigint, filter: object, extra: object = {}) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: revision === 1n ? ProjectChange.CREATED : ProjectChange.ARCHIVED,
      project: { projectId, name: projectId, revision, filter: { sources: [source], ...filter }, ...extra },
    });

  const content = (sourceId: string, text: string | undefined, extra: { contentType?: ContentType; language?: string; tags?: string[] } = {}) =>
    createEvent(TOPICS.content, {
      envelope: newEnvelope({ producer: 'it-upstream', projectId: '', spec: TOPICS.content }),
      source,
      sourceId,
      contentType: ContentType.TEXT,
      body: text === undefined ? { case: undefined } : { case: 'text', value: text },
      tags: ['comments'],
      ...extra,
    });

  const itemsFor = (sourceId: string) =>
    items.records
      .map((r) => decodeEvent(TOPICS.items, r.value))
      .filter((e: ItemEvent) => e.content?.source === source && e.content.sourceId === sourceId);

  beforeAll(async () => {
    const config = loadConfig('ingestion', { ...platformSettings, ...ingestionSettings }, {
      ...process.env,
      JWT_SECRET: process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef',
      INGESTION_TEXT_MAX_BYTES: '200000',
      INGESTION_INLINE_MAX_BYTES: '65536',
      INGESTION_PII_PATTERNS: JSON.stringify([{ name: 'ticket', pattern: 'TICKET-\\d{4,}' }]),
    });
    kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'ingestion-it' });
    producer = new EventProducer(kafka, protobufCodec, 'ingestion-it');
    await producer.connect();
    app = await NestFactory.create(IngestionModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.init();
    ds = app.get(DATA_SOURCE);
    store = app.get(OBJECT_STORE);
    items = await new TopicTap(kafka, TOPICS.items.name).start();
    dlq = await new TopicTap(kafka, dlqTopicName(TOPICS.content.name)).start();

    // The database outlives test runs, and other suites leave projects whose empty filters match
    // every item. This suite asserts exactly which projects an item matches, so it retires those
    // leftovers in ingestion's copy first (a later snapshot of a live project still applies),
    // once ingestion has copied every snapshot published before it started.
    await untilGroupCaughtUp(kafka, 'ingestion.projects', TOPICS.projects.name, 120000);
    await ds.query(`UPDATE ingestion.projects SET archived = true WHERE NOT archived`);

    // As the gateway would: the projects first, then wait until ingestion has its copy.
    await producer.publishMany(TOPICS.projects, [
      project(projectA, 1n, { languages: ['en'] }, { policy: { keepUnmaskedOriginal: true } }),
      project(projectB, 1n, { tagsAny: ['never-used'] }),
      project(projectC, 1n, { languages: ['fr'] }),
    ]);
    await eventually(
      'ingestion to copy the three projects',
      async () => {
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ingestion.projects WHERE project_id = ANY($1)`, [
          [projectA, projectB, projectC],
        ]);
        return n === 3 ? true : undefined;
      },
      60000,
    );
  });

  afterAll(async () => {
    // Archive the test projects so they never match anything again.
    await producer
      ?.publishMany(TOPICS.projects, [project(projectA, 2n, {}, { archived: true }), project(projectB, 2n, {}, { archived: true }), project(projectC, 2n, {}, { archived: true })])
      .catch(() => undefined);
    await items?.stop();
    await dlq?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  it('turns a content event into one masked, language-tagged item for the matching project only; a re-send adds nothing', async () => {
    const text =
      'Hello, this is one of the best videos that I have seen. Write to me at jane.doe@example.com ' +
      'or call +44 20 7946 0958, about TICKET-12345 and the rest of the story.';
    const first = content('c-1', text);
    await producer.publish(TOPICS.content, first);

    const [item] = await eventually('the items.v1 event', () => {
      const got = itemsFor('c-1');
      return got.length > 0 ? got : undefined;
    });
    expect(item.matchedProjectIds).toEqual([projectA]);
    expect(item.envelope!.projectId).toBe(projectA);
    expect(item.envelope!.causationId).toBe(first.envelope!.eventId);
    expect(item.envelope!.correlationId).toBe(first.envelope!.eventId);
    expect(item.contentEventId).toBe(first.envelope!.eventId);
    expect(item.maskedText).toBe(
      'Hello, this is one of the best videos that I have seen. Write to me at [EMAIL] or call [PHONE], about [TICKET] and the rest of the story.',
    );
    expect(item.piiMasks.map((m) => [m.kind, m.patternName, m.count])).toEqual([
      [PiiKind.EMAIL, '', 1],
      [PiiKind.PHONE, '', 1],
      [PiiKind.CUSTOM, 'ticket', 1],
    ]);
    expect(item.detectedLanguage).toBe('en');
    expect(item.languageConfidence).toBeGreaterThan(0.5);
    expect(item.content!.contentSha256).toBe(sha256Hex(text));
    expect(item.tags).toEqual(['comments']);
    // Project A allows keeping the original: it is in S3, referenced by key and sha256.
    expect(item.originalRef).toBeDefined();
    const original = await store.get(item.originalRef!.key);
    expect(original.body.toString('utf8')).toBe(text);
    expect(original.sha256).toBe(item.originalRef!.sha256);
    // The content reference (what labels.v1 and releases carry) never points at the original.
    expect(item.content!.payload).toBeUndefined();

    // The same event again (redelivery) and the same content under a new event id (re-send).
    const resent = content('c-1', text);
    await producer.publishMany(TOPICS.content, [first, resent]);
    await eventually('the re-send to be recorded as a duplicate', async () => {
      const rows = await ds.query(`SELECT item_id, duplicate FROM ingestion.content_events WHERE event_id = $1`, [
        resent.envelope!.eventId,
      ]);
      return rows.length === 1 ? rows[0] : undefined;
    }).then((row) => expect(row).toEqual({ item_id: item.itemId, duplicate: true }));
    // Changed content under the same source id: a new item that names the one it revises.
    await producer.publish(TOPICS.content, content('c-1', `${text} Edited.`));
    const revised = await eventually('the revised item', () => itemsFor('c-1').find((e) => e.itemId !== item.itemId));
    const [{ previous_item_id }] = await ds.query(`SELECT previous_item_id FROM ingestion.items WHERE item_id = $1`, [revised.itemId]);
    expect(previous_item_id).toBe(item.itemId);

    expect(itemsFor('c-1').filter((e) => e.content!.contentSha256 === sha256Hex(text))).toHaveLength(1);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM ingestion.items WHERE source = $1 AND source_id = $2 AND content_sha256 = $3`,
      [source, 'c-1', sha256Hex(text)],
    );
    expect(n).toBe(1);
    const ids = await ds.query(
      `SELECT item_id FROM ingestion.item_projects WHERE project_id = $1 AND item_id = ANY($2) ORDER BY item_id`,
      [projectA, [item.itemId, revised.itemId]],
    );
    expect(ids).toHaveLength(2);
  });

  it('routes French content to the French project, and keeps no original where policy does not allow it', async () => {
    await producer.publish(
      TOPICS.content,
      content('c-fr', "Bonjour, c'est une des meilleures vidéos que j'ai vues, écrivez-moi à jean@exemple.fr pour la suite."),
    );
    const item = await eventually('the French item', () => itemsFor('c-fr')[0]);
    expect(item.detectedLanguage).toBe('fr');
    expect(item.matchedProjectIds).toEqual([projectC]);
    expect(item.maskedText).toContain('[EMAIL]');
    expect(item.originalRef).toBeUndefined();
  });

  it('dead-letters invalid content events with the reason, counts them, and goes on', async () => {
    const runner = app.get(EventRuntime).runner()!;
    const deadBefore = runner.stats.deadLettered;
    const bad = [
      { event: content('', 'no source id'), why: /source_id is empty/ },
      { event: content('bad-type', 'x', { contentType: 99 as ContentType }), why: /unknown content_type 99/ },
      { event: content('bad-body', undefined), why: /no body/ },
      { event: content('bad-size', 'a'.repeat(250_000)), why: /inline text is 250000 bytes; the limit is 200000/ },
    ];
    for (const b of bad) await producer.publish(TOPICS.content, b.event, { key: `${source}:${b.event.sourceId || 'none'}` });
    await producer.publish(TOPICS.content, content('after-bad', 'This one is good and it should be processed by the service.'));

    await eventually('the valid event after the bad ones', () => itemsFor('after-bad')[0]);
    const dead = await eventually('four dead letters', () => {
      const ours = dlq.records.filter((r) => bad.some((b) => b.event.envelope!.eventId === r.headers['verity-event-id']));
      return ours.length >= 4 ? ours : undefined;
    });
    for (const b of bad) {
      const d = dead.find((r) => r.headers['verity-event-id'] === b.event.envelope!.eventId)!;
      expect(d.headers[HEADER.errorClass]).toBe('InvalidContentError');
      expect(d.headers[HEADER.errorMessage]).toMatch(b.why);
      expect(d.headers[HEADER.originalTopic]).toBe('content.v1');
      expect(d.headers[HEADER.attempts]).toBe('1');
      // content.v1 is sensitive: the dead letter's value is sealed with DLQ_ENCRYPTION_KEY.
      expect(d.headers[HEADER.dlqEncryption]).toBe('aes-256-gcm');
      const plain = DlqCipher.fromBase64(process.env.DLQ_ENCRYPTION_KEY!).open(
        d.value,
        dlqAad('content.v1', d.headers[HEADER.originalPartition], d.headers[HEADER.originalOffset]),
      );
      expect(decodeEvent(TOPICS.content, plain).envelope!.eventId).toBe(b.event.envelope!.eventId);
    }
    expect(runner.stats.deadLettered - deadBefore).toBeGreaterThanOrEqual(4);
  });

  it('in one batch: a redelivered event takes effect once, a re-send is a duplicate, revisions chain in order', async () => {
    const text = 'A comment that arrives in a batch with its neighbours, and it is about the video that we watched.';
    const first = content('b-1', text);
    const revision = content('b-1', `${text} Edited once.`);
    const again = content('b-1', `${text} Edited twice.`);
    const resent = content('b-1', text); // same content, new event id: a duplicate of first's item
    // One key: one partition, so the records come to the handler together and in this order.
    await producer.publishMany(TOPICS.content, [first, first, revision, resent, again], { key: `${source}:batch` });

    const got = await eventually('three items of b-1', () => (itemsFor('b-1').length >= 3 ? itemsFor('b-1') : undefined));
    await new Promise((r) => setTimeout(r, 1000)); // a fourth would show up now
    expect(itemsFor('b-1')).toHaveLength(3);
    // Revisions in offset order: each names the item of the revision before it.
    const byEvent = new Map(got.map((i) => [i.contentEventId, i.itemId]));
    const [a, b, c] = [first, revision, again].map((e) => byEvent.get(e.envelope!.eventId)!);
    const previous = await ds.query(`SELECT item_id, previous_item_id FROM ingestion.items WHERE item_id = ANY($1) ORDER BY item_id`, [[a, b, c]]);
    expect(previous).toEqual([
      { item_id: a, previous_item_id: null },
      { item_id: b, previous_item_id: a },
      { item_id: c, previous_item_id: b },
    ]);
    // The redelivered event recorded once; the re-send recorded as a duplicate of the first item.
    const provenance = await ds.query(`SELECT item_id, duplicate FROM ingestion.content_events WHERE event_id = ANY($1) ORDER BY duplicate`, [
      [first.envelope!.eventId, resent.envelope!.eventId],
    ]);
    expect(provenance).toEqual([
      { item_id: a, duplicate: false },
      { item_id: a, duplicate: true },
    ]);
  });

  it('dead-letters a poison event of a batch alone: its neighbours are handled', async () => {
    const poison = content('p-poison', undefined);
    const neighbours = [content('p-1', 'The first neighbour of a poison event, a comment about the video we watched.'), content('p-2', 'The second neighbour, another comment about the same video that we all watched.')];
    await producer.publishMany(TOPICS.content, [neighbours[0], poison, neighbours[1]], { key: `${source}:poison` });

    await eventually('both neighbours handled', () => (itemsFor('p-1').length && itemsFor('p-2').length ? true : undefined));
    const dead = await eventually('the poison event in the DLQ', () => {
      const ours = dlq.records.filter((r) => r.headers[HEADER.eventId] === poison.envelope!.eventId);
      return ours.length ? ours : undefined;
    });
    expect(dead).toHaveLength(1);
    expect(dead[0].headers[HEADER.errorMessage]).toMatch(/no body/);
    for (const n of neighbours) expect(dlq.records.filter((r) => r.headers[HEADER.eventId] === n.envelope!.eventId)).toHaveLength(0);
    expect(itemsFor('p-1')).toHaveLength(1);
    expect(itemsFor('p-2')).toHaveLength(1);
  });

  it('stores a large text masked in S3 and references it by key and sha256', async () => {
    const paragraph = 'This is a long comment that I have written for the test, and it is about all of the things. ';
    const text = `${paragraph.repeat(1200)} Contact: big@example.org`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(65536);
    await producer.publish(TOPICS.content, content('c-large', text));
    const item = await eventually('the large item', () => itemsFor('c-large')[0]);
    expect(item.maskedText).toBeUndefined();
    expect(item.payloadRef).toBeDefined();
    expect(item.payloadRef!.key).toMatch(/^ingestion\/masked\/sha256\/[0-9a-f]{64}$/);
    const stored = await store.get(item.payloadRef!.key);
    expect(stored.sha256).toBe(item.payloadRef!.sha256);
    expect(sha256Hex(stored.body)).toBe(item.payloadRef!.sha256);
    expect(Number(item.payloadRef!.sizeBytes)).toBe(stored.body.length);
    expect(stored.body.toString('utf8')).toBe(text.replace('big@example.org', '[EMAIL]'));
    expect(item.content!.contentSha256).toBe(sha256Hex(text));
    expect(item.detectedLanguage).toBe('en');
  });
});
