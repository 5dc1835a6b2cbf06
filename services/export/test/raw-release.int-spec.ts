import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { loadConfig } from '@verity/config';
import { ContentType, createEvent, DecisionEvent, newEnvelope, ProjectChange, TOPICS } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, OBJECT_STORE, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { ExportModule } from '../src/export.module';
import { exportConfigShape } from '../src/export.settings';
import { sampleDecision } from './support/decisions';

// Issue 12, export's side: the content reference of labels and releases is the masked copy, even
// when an (older) items.v1 producer put the original there; a release names the originals only
// with includeRaw, for a role the project's rawAccessRoles grants (checked here, not only at the
// gateway), and re-exports byte-identically.
describe('export: masked references, raw on request (real stack)', () => {
  stackEnv();
  const run = uniqueName('raw');
  const secret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const admin = signServiceToken({ kind: 'user', id: 'admin-raw-it', roles: ['admin'] }, 'export', secret, { ttlSeconds: 3600 });
  let app: INestApplication;
  let base: string;
  let ds: DataSource;
  let producer: EventProducer;

  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  const ref = (key: string) => ({ bucket: 'verity', key, sha256: sha256Hex(Buffer.from(key)), sizeBytes: 42n, mediaType: 'text/plain; charset=utf-8' });

  beforeAll(async () => {
    const config = loadConfig('export', exportConfigShape, { ...process.env, JWT_SECRET: secret });
    producer = new EventProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId: 'export-raw-it' }), protobufCodec, 'export-raw-it');
    await producer.connect();
    app = await NestFactory.create(ExportModule.register(config), { logger: ['error'] });
    await connectEventHandlers(app);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    ds = app.get(DATA_SOURCE);
  });

  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
  });

  it('labels and releases carry the masked copy; includeRaw adds the original only where rawAccessRoles allows', async () => {
    const closed = `${run}-closed`; // rawAccessRoles: none
    const open = `${run}-open`; // rawAccessRoles: admin
    for (const [projectId, roles] of [
      [closed, []],
      [open, ['admin']],
    ] as const) {
      await producer.publish(
        TOPICS.projects,
        createEvent(TOPICS.projects, {
          envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
          change: ProjectChange.CREATED,
          project: { projectId, name: projectId, revision: 1n, policy: { rawAccessRoles: [...roles] } },
        }),
      );
    }
    // One item per project that kept its original, named (as older ingestion did) in content.payload too.
    const decisions: DecisionEvent[] = [];
    for (const projectId of [closed, open]) {
      const itemId = `${projectId}-item`;
      const original = ref(`ingestion/original/sha256/${sha256Hex(Buffer.from(itemId))}`);
      await producer.publish(
        TOPICS.items,
        createEvent(TOPICS.items, {
          envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items }),
          itemId,
          content: { source: 'it', sourceId: itemId, contentType: ContentType.TEXT, contentSha256: sha256Hex(Buffer.from(itemId)), payload: original },
          maskedText: 'Mail [EMAIL]',
          originalRef: original,
          contentEventId: `content-${itemId}`,
        }),
      );
      const d = sampleDecision(itemId, 'q1', 'spam', new Date(Date.now() - 60000));
      d.envelope!.projectId = projectId;
      decisions.push(d);
    }
    await eventually('item contents and raw access', async () => {
      const items: unknown[] = await ds.query(`SELECT 1 FROM export.item_contents WHERE item_id = ANY($1) AND original_ref IS NOT NULL`, [
        decisions.map((d) => d.itemId),
      ]);
      const access: unknown[] = await ds.query(`SELECT 1 FROM export.project_raw_access WHERE project_id = ANY($1)`, [[closed, open]]);
      return items.length === 2 && access.length === 2 ? true : undefined;
    }, 90000);
    await producer.publishMany(TOPICS.decisions, decisions);
    await eventually('label versions', async () => {
      const r: unknown[] = await ds.query(`SELECT 1 FROM export.label_versions WHERE project_id = ANY($1)`, [[closed, open]]);
      return r.length === 2 ? true : undefined;
    }, 90000);

    const store: ObjectStore = app.get(OBJECT_STORE);
    const rowsOf = async (rel: { files: { key: string; sha256: string }[] }) =>
      (await store.get(rel.files[0].key, { expectedSha256: rel.files[0].sha256 })).body.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));

    // Without includeRaw: the content reference has no payload (small text is inline, masked).
    const plain = await http('POST', `/v1/projects/${open}/releases`, {});
    expect(plain.status).toBe(201);
    expect(plain.body.selection.include_raw).toBeUndefined();
    const [plainRow] = await rowsOf(plain.body);
    expect(plainRow.content).toEqual({ source: 'it', source_id: `${open}-item`, content_type: 'CONTENT_TYPE_TEXT', content_sha256: sha256Hex(Buffer.from(`${open}-item`)) });

    // includeRaw where the project grants no role: 403 in export itself, nothing written.
    const denied = await http('POST', `/v1/projects/${closed}/releases`, { includeRaw: true });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/includeRaw: project .* grants raw access to no role/);
    expect(await ds.query(`SELECT 1 FROM export.releases WHERE project_id = $1`, [closed])).toEqual([]);
    expect((await http('POST', `/v1/projects/${open}/releases`, { includeRaw: 'yes' })).status).toBe(400);

    // includeRaw for a granted role: the original's reference, recorded in the manifest, reproducible.
    const raw = await http('POST', `/v1/projects/${open}/releases`, { includeRaw: true });
    expect(raw.status).toBe(201);
    expect(raw.body.selection.include_raw).toBe(true);
    const [rawRow] = await rowsOf(raw.body);
    const key = `ingestion/original/sha256/${sha256Hex(Buffer.from(`${open}-item`))}`;
    expect(rawRow.content.original_payload).toMatchObject({ key, bucket: 'verity', size_bytes: '42' });
    expect(rawRow.content.payload).toBeUndefined();
    expect({ ...rawRow, content: { ...rawRow.content, original_payload: undefined } }).toEqual({ ...plainRow, content: { ...plainRow.content, original_payload: undefined } });
    const re = await http('POST', `/v1/projects/${open}/releases/${raw.body.releaseId}/reexport`);
    expect(re.body.identical).toBe(true);
  }, 240000);
});
