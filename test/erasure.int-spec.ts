import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { Client } from 'pg';
import {
  ContentType,
  createEvent,
  decodeEvent,
  LabelStatus,
  newEnvelope,
  TaskSchema,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { ObjectStore } from '@verity/storage';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// Erasure (issue #12): an item is ingested (an image its producer uploaded to our bucket), decomposed,
// queued, labelled (decisions published as quality would) and released; then the project manager
// erases it by (source, source id) through the gateway. Every service that held copies of its
// content drops them, S3 objects go, labels.v1 gets an EXCLUDED version of each of its labels,
// a new release leaves it out, the old one is marked, and the audit log says who and when.
// Deny by default: a non-member gets 404, an annotator of the project 403.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../scripts/services.cjs'));

const run = uniqueName('erasure');
const source = `src-${run}`;
const password = 'correct horse battery staple';
const QUESTIONS = ['toxicity', 'spam'];
// The payload is a producer's upload, so the S3 object exists whichever ingestion instance of the
// shared stack takes the record. (Ingestion's own objects, the masked text of long texts and the
// unmasked original, depend on settings and on every matching project's policy, which other runs'
// catch-all projects decide here; their deletion is covered by erase-content.use-case.spec.ts.)
const bytesOf = (who: string) => Buffer.from(`not really a png: ${run} ${who}`);

interface Started {
  name: string;
  url: string;
}

describe('erasure of an item across every service (real processes, real stack)', () => {
  const env = stackEnv();
  let services: Started[] = [];
  let gateway: string;
  let db: Client;

  beforeAll(async () => {
    if (Number(process.versions.node.split('.')[0]) !== 22) {
      throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}`);
    }
    services = startServices({
      names: ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'adjudication', 'export'],
      basePort: 19500,
      logSuffix: '.erasure',
      env: { UPSTREAM_TIMEOUT_MS: '60000' },
    });
    await waitReady(services, 240000);
    gateway = services.find((s) => s.name === 'gateway')!.url;
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  }, 300000);

  afterAll(async () => {
    await db?.end();
    await stopServices(services);
  }, 60000);

  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> => (await db.query(sql, params)).rows[0] as T | undefined;

  it('erases content, payloads and copies; excludes labels; marks the old release; logs who and when', async () => {
    const admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    const [pmUser, annUser, outsiderUser] = await Promise.all(
      ['pm', 'ann', 'out'].map((n) =>
        admin.createUser({ email: `${n}-${run}@erasure.verity`, displayName: n, password, roles: n === 'ann' ? ['annotator'] : ['project_manager'] }),
      ),
    );
    const [pm, annotator, outsider] = await Promise.all([pmUser, annUser, outsiderUser].map((u) => VerityClient.signIn(gateway, u.email, password)));
    const project = await pm.createProject({
      name: `Erasure ${run}`,
      contentTypes: ['image'],
      filter: { sources: [source] },
      policy: { answersPerTask: 1, honeypotRate: 0 },
    });
    await pm.setMember(project.id, annUser.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(project.id, {
      guidelines: { text: 'Label toxicity and spam.', examples: [] },
      questions: QUESTIONS.map((id) => ({
        id,
        type: 'single_choice',
        prompt: `${id}?`,
        options: [
          { id: 'yes', label: 'Yes' },
          { id: 'no', label: 'No' },
        ],
      })),
    });
    await pm.publishOntology(project.id, draft.version);
    // Content is matched against ingestion's copy of projects.v1: wait for it.
    await eventually('ingestion knows the project', () => one(`SELECT 1 FROM ingestion.projects WHERE project_id = $1`, [project.id]), 60000, 250);
    // Other runs' ingestion processes share the consumer group and cache the catalog for 2 s.
    await new Promise((r) => setTimeout(r, 2500));

    const kafka = createKafka({ brokers: env.brokers, clientId: run });
    const tap = await new TopicTap(kafka, TOPICS.labels.name).start();
    // Only what this test caused: labels of its project.
    const labels = { events: () => tap.records.map((r) => decodeEvent(TOPICS.labels, r.value)).filter((l) => l.envelope?.projectId === project.id) };
    const producer = new EventProducer(kafka, protobufCodec, 'erasure-test');
    await producer.connect();
    try {
      // Two images: "gone" is erased, "kept" is the control that must stay untouched.
      const store = new ObjectStore(env.s3);
      for (const who of ['gone', 'kept']) {
        const uploaded = await store.put(`uploads/erasure-test/${run}/${who}.png`, bytesOf(who), { contentType: 'image/png' });
        await producer.publish(
          TOPICS.content,
          createEvent(TOPICS.content, {
            envelope: newEnvelope({ producer: 'erasure-test', projectId: '', spec: TOPICS.content }),
            source,
            sourceId: who,
            contentType: ContentType.IMAGE,
            body: {
              case: 'payloadRef',
              value: { bucket: env.s3.bucket, key: uploaded.key, sha256: uploaded.sha256, sizeBytes: BigInt(uploaded.size), mediaType: 'image/png' },
            },
          }),
        );
      }
      type ItemRow = { item_id: string; masked_text: string | null; payload_ref: { key: string } | null; original_ref: { key: string } | null; erased_at: Date | null };
      const itemOf = (who: string) =>
        one<ItemRow>(`SELECT item_id, masked_text, payload_ref, original_ref, erased_at FROM ingestion.items WHERE source = $1 AND source_id = $2`, [source, who]);
      const gone = await eventually('the item ingested with its payload in S3', async () => {
        const r = await itemOf('gone');
        return r?.payload_ref ? r : undefined;
      }, 120000, 500);
      const kept = (await eventually('the control item', () => itemOf('kept'), 60000, 500))!;
      const itemId = gone.item_id;
      expect(await store.head(gone.payload_ref!.key)).not.toBeNull();

      // Copies downstream: decomposition's item, prelabel's and assignment's tasks, adjudication's content.
      const countOf = async (sql: string, id = itemId) => Number((await one<{ n: string }>(sql, [project.id, id]))!.n);
      await eventually('copies in decomposition, prelabel, assignment and adjudication', async () => {
        const n = [
          await countOf(`SELECT count(*) AS n FROM decomposition.items WHERE project_id = $1 AND item_id = $2 AND payload_ref IS NOT NULL`),
          await countOf(`SELECT count(*) AS n FROM prelabel.tasks WHERE project_id = $1 AND item_id = $2`),
          await countOf(`SELECT count(*) AS n FROM assignment.tasks WHERE project_id = $1 AND item_id = $2 AND payload_ref IS NOT NULL`),
          await countOf(`SELECT count(*) AS n FROM adjudication.item_contents WHERE item_id = $2 AND $1::text IS NOT NULL AND payload_ref IS NOT NULL`),
        ];
        return n[0] === 1 && n[1] === 2 && n[2] === 2 && n[3] === 1 ? true : undefined;
      }, 120000, 500);

      // Labelled: decisions as quality publishes them, for both questions of both items.
      for (const id of [itemId, kept.item_id]) {
        for (const q of QUESTIONS) {
          await producer.publish(
            TOPICS.decisions,
            createEvent(TOPICS.decisions, {
              envelope: newEnvelope({ producer: 'quality', projectId: project.id, spec: TOPICS.decisions }),
              decisionId: uuidv7(),
              taskId: uuidv7(),
              itemId: id,
              questionId: q,
              ontologyVersion: 1,
              label: 'yes',
              answer: { value: { case: 'choice', value: { optionIds: ['yes'] } } },
              softLabel: { yes: 0.9, no: 0.1 },
              confidence: 0.9,
            }),
          );
        }
      }
      await eventually('4 active labels', () => (labels.events().filter((l) => l.status === LabelStatus.ACTIVE).length >= 4 ? true : undefined), 120000, 500);
      const release = async (name: string) =>
        eventually(`release ${name}`, async () => {
          const r = await pm.raw('POST', `/v1/projects/${project.id}/releases`, { name });
          return r.status === 201 ? (r.body as { releaseId: string; label_count: number }) : undefined;
        }, 60000, 1000);
      const before = await release(`before-${run}`);
      expect(before.label_count).toBe(4);

      // Deny by default, then validation naming the field.
      const path_ = `/v1/projects/${project.id}/erasures`;
      expect((await outsider.raw('POST', path_, { source, sourceId: 'gone' })).status).toBe(404);
      expect((await outsider.raw('GET', path_)).status).toBe(404);
      expect((await annotator.raw('POST', path_, { source, sourceId: 'gone' })).status).toBe(403);
      expect((await annotator.raw('GET', path_)).status).toBe(403);
      const both = await pm.raw('POST', path_, { itemId, source, sourceId: 'gone' });
      expect(both.status).toBe(400);
      expect(JSON.stringify(both.body)).toContain('itemId');
      const half = await pm.raw('POST', path_, { source });
      expect(half.status).toBe(400);
      expect(JSON.stringify(half.body)).toContain('sourceId');
      expect((await pm.raw('GET', `/v1/projects/${project.id}/erasures`)).body).toEqual({ erasures: [] });

      const asked = Date.now();
      const accepted = await pm.raw('POST', path_, { source, sourceId: 'gone' });
      expect(accepted.status).toBe(202);
      const { erasureId } = accepted.body as { erasureId: string };
      type View = { status: string; itemIds: string[]; requestedBy: string; requestedByKind: string; requestedAt: string; services: { service: string; itemsDone: number }[] };
      const done = await eventually('the erasure completed by every holder', async () => {
        const r = await pm.raw('GET', `${path_}/${erasureId}`);
        const v = r.body as View;
        return v.status === 'completed' ? v : undefined;
      }, 120000, 1000);
      expect(done.itemIds).toEqual([itemId]);
      expect(done.services.map((s) => s.service).sort()).toEqual(['adjudication', 'assignment', 'decomposition', 'export', 'ingestion', 'prelabel']);

      // The audit log: who and when.
      const listed = ((await pm.raw('GET', path_)).body as { erasures: (View & { erasureId: string; source: string; sourceId: string })[] }).erasures;
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ erasureId, source, sourceId: 'gone', requestedBy: pmUser.id, requestedByKind: 'user', status: 'completed' });
      expect(Math.abs(Date.parse(listed[0].requestedAt) - asked)).toBeLessThan(10000);

      // Postgres: content gone from every schema that held it; the control item untouched.
      const after = (await itemOf('gone'))!;
      expect(after).toMatchObject({ masked_text: null, payload_ref: null, original_ref: null });
      expect(after.erased_at).not.toBeNull();
      expect((await itemOf('kept'))!.payload_ref).not.toBeNull();
      expect(await countOf(`SELECT count(*) AS n FROM decomposition.items WHERE project_id = $1 AND item_id = $2 AND (masked_text IS NOT NULL OR payload_ref IS NOT NULL)`)).toBe(0);
      const prelabelTasks = (await db.query(`SELECT text, task FROM prelabel.tasks WHERE project_id = $1 AND item_id = $2`, [project.id, itemId])).rows;
      expect(prelabelTasks).toHaveLength(2);
      for (const t of prelabelTasks) {
        expect(t.text).toBeNull();
        const task = fromBinary(TaskSchema, t.task);
        expect(task.maskedText).toBeUndefined();
        expect(task.payloadRef).toBeUndefined();
      }
      expect(await countOf(`SELECT count(*) AS n FROM assignment.tasks WHERE project_id = $1 AND item_id = $2 AND (masked_text IS NOT NULL OR payload_ref IS NOT NULL)`)).toBe(0);
      expect(await countOf(`SELECT count(*) AS n FROM assignment.slots s JOIN assignment.tasks t USING (task_id) WHERE t.project_id = $1 AND t.item_id = $2 AND s.state IN ('open', 'leased')`)).toBe(0);
      expect(await countOf(`SELECT count(*) AS n FROM adjudication.item_contents WHERE $1::text IS NOT NULL AND item_id = $2`)).toBe(0);
      expect(await countOf(`SELECT count(*) AS n FROM export.item_contents WHERE $1::text IS NOT NULL AND item_id = $2`)).toBe(0);
      expect(await countOf(`SELECT count(*) AS n FROM adjudication.item_contents WHERE $1::text IS NOT NULL AND item_id = $2`, kept.item_id)).toBe(1);

      // S3: the payload is gone; the control's stays.
      expect(await store.head(gone.payload_ref!.key)).toBeNull();
      expect(await store.head(kept.payload_ref!.key)).not.toBeNull();

      // labels.v1: an EXCLUDED version of each of its labels, carrying ids only.
      const excluded = await eventually('EXCLUDED versions of both labels', () => {
        const x = labels.events().filter((l) => l.itemId === itemId && l.status === LabelStatus.EXCLUDED);
        return x.length >= 2 ? x : undefined;
      }, 60000, 500);
      expect(excluded.map((l) => l.questionId).sort()).toEqual([...QUESTIONS].sort());
      for (const l of excluded) {
        expect(l.labelVersion).toBe(2);
        expect(l.answer).toBeUndefined();
        expect(l.content?.payload).toBeUndefined();
        expect(l.content).toMatchObject({ source, sourceId: 'gone' });
      }
      expect(labels.events().some((l) => l.itemId === kept.item_id && l.status === LabelStatus.EXCLUDED)).toBe(false);

      // A late decision (say, an expert's verdict) is recorded but never revives the label.
      const lateId = uuidv7();
      await producer.publish(
        TOPICS.decisions,
        createEvent(TOPICS.decisions, {
          envelope: newEnvelope({ producer: 'adjudication', projectId: project.id, spec: TOPICS.decisions }),
          decisionId: lateId,
          itemId,
          questionId: QUESTIONS[0],
          ontologyVersion: 1,
          label: 'no',
          answer: { value: { case: 'choice', value: { optionIds: ['no'] } } },
          softLabel: { yes: 0, no: 1 },
          confidence: 1,
        }),
      );
      const late = await eventually('the late decision recorded', () =>
        one<{ outcome: string }>(`SELECT outcome FROM export.decisions WHERE project_id = $1 AND decision_id = $2`, [project.id, lateId]), 60000, 500);
      expect(late.outcome).toBe('stale');
      expect(await countOf(`SELECT count(*) AS n FROM export.label_versions WHERE project_id = $1 AND item_id = $2 AND label_version > 2`)).toBe(0);

      // Releases: a new one leaves the item out; the old one is listed as holding it, marked.
      const later = await release(`after-${run}`);
      expect(later.label_count).toBe(2);
      const heldByLater = await countOf(`SELECT count(*) AS n FROM export.release_labels rl JOIN export.releases r USING (release_id)
        WHERE r.project_id = $1 AND rl.item_id = $2 AND r.release_id = '${later.releaseId.replace(/'/g, '')}'`);
      expect(heldByLater).toBe(0);
      const old = (await pm.raw('GET', `/v1/projects/${project.id}/releases/${before.releaseId}`)).body as {
        erasedItemCount: number;
        erasedItems: { itemId: string; erasureId: string }[];
      };
      expect(old.erasedItemCount).toBe(1);
      expect(old.erasedItems).toEqual([expect.objectContaining({ itemId, erasureId })]);
      const list = (await pm.raw('GET', `/v1/projects/${project.id}/releases`)).body as { releases: { releaseId: string; erasedItemCount: number }[] };
      expect(list.releases.find((r) => r.releaseId === later.releaseId)!.erasedItemCount).toBe(0);
      expect(list.releases.find((r) => r.releaseId === before.releaseId)!.erasedItemCount).toBe(1);
    } finally {
      await tap.stop();
      await producer.disconnect();
    }
  }, 600000);
});
