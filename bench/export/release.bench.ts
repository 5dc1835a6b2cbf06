// Export benchmark: one dataset release of N labels through the service's own release path
// (CreateReleaseUseCase: the label versions reserved in one snapshot → read back in pages →
// JSONL + Parquet + CSV streamed into write-once multipart uploads → manifest → release and files
// recorded with the releases.v1 outbox record), beside the raw S3 put throughput of the same
// bytes in the same run, and the longest transaction the release held open.
// Usage: node scripts/run-ts.cjs bench/export/release.bench.ts [--labels 1000000]
// Not a test: it prints figures. The N label versions are seeded once into a dedicated project
// (`bench-release-<N>`, one INSERT … SELECT generate_series; kept for the next run) from three
// real release rows (3 answers with a machine draft, Dawid-Skene provenance) made by the same
// code as recorded labels, with ids varied. The release event stays in export's outbox: a
// running export relay would announce it (project `bench-release-<N>`).
import 'reflect-metadata';
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { toBinary } from '@bufbuild/protobuf';
import { DeleteObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { LabelEventSchema } from '@verity/contracts';
import { inboxOutboxMigration, Outbox, openDataSource } from '@verity/persistence';
import { protobufCodec } from '@verity/messaging';
import { createS3Client, ObjectStore, type StorageSettings } from '@verity/storage';
import { Logger } from '@verity/telemetry';
import type { EventRuntime } from '@verity/service-runtime';
import { labelEventFrom } from '../../services/export/src/events/label-event.factory';
import { EXPORT_MIGRATIONS } from '../../services/export/src/export.module';
import { releaseLine, releaseRowOf } from '../../services/export/src/domain/release-row.mapper';
import { ItemContentsRepository } from '../../services/export/src/db/item-contents.repository';
import { RawAccessRepository } from '../../services/export/src/db/raw-access.repository';
import { ReleaseStore } from '../../services/export/src/adapters/release.store';
import { ReleasesRepository } from '../../services/export/src/db/releases.repository';
import { CreateReleaseUseCase } from '../../services/export/src/use-cases/create-release.use-case';
import { sampleDecision } from '../../services/export/test/support/decisions';
import { machineLine } from '../support/machine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../../scripts/stack-env.cjs').loadStackEnv();

const { values } = parseArgs({ options: { labels: { type: 'string', default: '1000000' } } });
const N = Number(values.labels);
if (!Number.isInteger(N) || N <= 0) throw new Error(`--labels must be a positive integer (got ${values.labels})`);

const MiB = 1024 * 1024;
const mib = (b: number) => (b / MiB).toFixed(1);
const secs = (ms: number) => (ms / 1000).toFixed(2);
/** Peak resident set of the whole process (main thread + Parquet worker) so far. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function seed(ds: import('typeorm').DataSource, projectId: string): Promise<void> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM export.label_versions WHERE project_id = $1`, [projectId]);
  if (n === N) return void console.log(`seed: ${N.toLocaleString()} label versions already in ${projectId}`);
  if (n !== 0) throw new Error(`project ${projectId} holds ${n} label versions, not 0 or ${N}: pick another --labels`);
  const templates = ['toxic', 'ok', 'harassment'].map((label) => {
    const e = labelEventFrom(sampleDecision('ITEM', 'QUESTION', label), { labelVersion: 1, recordedAt: new Date('2025-03-01T10:00:01Z') });
    return { label, line: releaseLine(releaseRowOf(e)), eventId: e.envelope!.eventId, bytes: Buffer.from(toBinary(LabelEventSchema, e)) };
  });
  const t = performance.now();
  // Row g: <project>-item-<g> (item ids are global), q1 or q2, class g % 3; the template's ids replaced in its stored line.
  await ds.query(
    `INSERT INTO export.label_versions (item_id, question_id, label_version, project_id, status, label, soft_label, confidence,
       ontology_version, adjudicated, gold, content_digest, provenance, label_event_id, label_event, release_row,
       decision_event_id, decision_id, content_event_id, correlation_id, decided_at)
     SELECT item, q, 1, $1, 1, ($2::text[])[k], '{}'::jsonb, 0.75, 1, false, false, repeat('0', 64), '{}'::jsonb,
            $1 || '-label-' || g, ($3::bytea[])[k],
            replace(replace(replace(replace(($4::text[])[k], '"ITEM"', '"' || item || '"'), '"QUESTION"', '"' || q || '"'),
                    ($5::text[])[k], $1 || '-label-' || g), '"project_id":"p1"', '"project_id":"' || $1 || '"'),
            $1 || '-decision-' || g, $1 || '-d-' || g, 'content-evt-1', 'content-evt-1', '2025-03-01T10:00:00.123Z'
     FROM (SELECT g, $1 || '-item-' || lpad(g::text, 8, '0') AS item, CASE WHEN g % 2 = 1 THEN 'q2' ELSE 'q1' END AS q, (g % 3) + 1 AS k
           FROM generate_series(0, $6::int - 1) AS g) s`,
    [projectId, templates.map((x) => x.label), templates.map((x) => x.bytes), templates.map((x) => x.line), templates.map((x) => x.eventId), N],
  );
  await ds.query(`ANALYZE export.label_versions`);
  console.log(`seed: ${N.toLocaleString()} label versions into ${projectId} in ${secs(performance.now() - t)} s (one INSERT … SELECT generate_series)`);
}

/** Plain multipart upload of a file (no head, no hashing, no staging copy): the raw S3 rate. Returns the time. */
async function rawPut(settings: StorageSettings, key: string, file: string): Promise<number> {
  const client = createS3Client(settings);
  try {
    const t = performance.now();
    await new Upload({ client, partSize: 8 * MiB, queueSize: 2, params: { Bucket: settings.bucket, Key: key, Body: createReadStream(file) } }).done();
    const ms = performance.now() - t;
    await client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key })); // only the figure is kept
    return ms;
  } finally {
    client.destroy();
  }
}

async function download(settings: StorageSettings, key: string, file: string): Promise<void> {
  const client = createS3Client(settings);
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
    await pipeline(out.Body as Readable, createWriteStream(file));
  } finally {
    client.destroy();
  }
}

async function main() {
  console.log(`machine: ${machineLine()}`);
  const env = process.env;
  const settings: StorageSettings = {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? 'us-east-1',
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    bucket: env.S3_BUCKET!,
    forcePathStyle: true,
  } as StorageSettings;
  const store = new ObjectStore(settings);
  await store.ensureBucket();
  const ds = await openDataSource({ url: env.DATABASE_URL!, schema: 'export', migrations: [inboxOutboxMigration('export'), ...EXPORT_MIGRATIONS], poolSize: 4 });
  const projectId = `bench-release-${N}`;
  try {
    await seed(ds, projectId);
    const runtime = { outbox: new Outbox(protobufCodec, 'export'), relay: { kick: () => undefined } } as unknown as EventRuntime;
    // The use case logs its phases when the release is written; keep them to print.
    let phases: Record<string, number> = {};
    const logger = Object.assign(new Logger('bench', 'warn'), {
      info: (_msg: string, fields?: { phasesMs?: Record<string, number> }) => void (phases = fields?.phasesMs ?? phases),
    });
    const release = new CreateReleaseUseCase(ds, new ReleasesRepository(), new ReleaseStore(store), runtime, logger, new RawAccessRepository(), new ItemContentsRepository(), {
      EXPORT_RELEASE_PREFIX: 'bench-releases',
      EXPORT_RELEASE_MAX_LABELS: Math.max(N, 5_000_000),
    });

    const before = peakRss();
    // The longest-open transaction of the release's sessions (sampled every 100 ms).
    let building = true;
    let longestTxS = 0;
    const watching = (async () => {
      while (building) {
        const [w] = await ds.query(
          `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)::float8 AS s FROM pg_stat_activity
           WHERE application_name = 'verity-export' AND pid <> pg_backend_pid() AND state <> 'idle'`,
        );
        longestTxS = Math.max(longestTxS, w.s);
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    const t = performance.now();
    const r = await release
      .execute({ projectId, body: { selection: { includeExcluded: false, onlyGold: false }, allowMixedOntologyVersions: false }, requestedBy: 'bench' })
      .finally(() => (building = false));
    const releaseMs = performance.now() - t;
    await watching;
    const releasePeak = peakRss();
    const files = [...r.files, { ...r.manifest, format: 'manifest' }];
    const bytes = files.reduce((s, f) => s + f.size, 0);

    // Raw S3: the same bytes (downloaded to local files first, not timed), plain multipart puts.
    const dir = mkdtempSync(join(tmpdir(), 'verity-release-bench-'));
    let rawMs = 0;
    try {
      for (const f of files) {
        const local = join(dir, f.key.split('/').pop()!);
        await download(settings, f.key, local);
        if (statSync(local).size !== f.size) throw new Error(`downloaded ${f.key}: ${statSync(local).size} bytes, expected ${f.size}`);
        rawMs += await rawPut(settings, `bench/raw-${r.releaseId}/${f.key.split('/').pop()}`, local);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    console.log(`release ${r.releaseId} of ${r.label_count.toLocaleString()} labels, ${mib(bytes)} MiB (${(bytes / 1e6).toFixed(1)} MB):`);
    for (const f of files) console.log(`  ${f.key.split('/').pop()!.padEnd(15)} ${mib(f.size).padStart(9)} MiB  sha256 ${f.sha256.slice(0, 16)}…`);
    console.log(`  release write (reserve → pages → JSONL + Parquet → S3 multipart, manifest, record)   ${secs(releaseMs)} s  (${Math.round(N / (releaseMs / 1000)).toLocaleString()} labels/s, ${mib(bytes / (releaseMs / 1000))} MiB/s)`);
    console.log(`    phases: ${Object.entries(phases).map(([k, v]) => `${k} ${secs(v)} s`).join(', ')}`);
    console.log(`  raw S3 multipart put of the same bytes                                            ${secs(rawMs)} s  (${mib(bytes / (rawMs / 1000))} MiB/s)`);
    console.log(`  longest open transaction during the release: ${longestTxS.toFixed(2)} s`);
    console.log(`  ratio: ${(releaseMs / rawMs).toFixed(2)}× the raw put, same run`);
    console.log(`  peak RSS ${mib(releasePeak)} MiB during the release (${mib(before)} MiB before it)`);
  } finally {
    await ds.destroy();
    store.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
