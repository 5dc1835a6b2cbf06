// Export benchmark: write time of one dataset release of N labels (labels.jsonl + labels.parquet
// + manifest.json, built and written write-once to S3 exactly as the service does), beside the
// raw S3 put throughput of the same bytes measured in the same run.
// Usage: node scripts/run-ts.cjs bench/export/release.bench.ts [--labels 1000000]
// Not a test: it prints figures. Rows are synthetic label versions (3 human answers + a machine
// draft each, Dawid-Skene provenance), built through the same code as recorded labels. The
// Postgres selection query is not included (measured separately: see services/export/README.md).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { uuidv7 } from '@verity/contracts';
import { ObjectStore } from '@verity/storage';
import { labelEventFrom } from '../../services/export/src/labels/label-event.factory';
import { buildReleaseFiles, releasePrefix } from '../../services/export/src/releases/release-files.builder';
import { releaseLine, releaseRowOf } from '../../services/export/src/releases/release-row';
import { normalizeSelection } from '../../services/export/src/releases/release-selection';
import type { SelectedRow } from '../../services/export/src/releases/releases.repository';
import { ReleaseStore } from '../../services/export/src/releases/release-store';
import { sampleDecision } from '../../services/export/test/support/decisions';

const root = path.resolve(__dirname, '../..');
const { values } = parseArgs({ options: { labels: { type: 'string', default: '1000000' } } });
const N = Number(values.labels);
if (!(N > 0)) throw new Error('--labels must be a positive integer');

function loadStackEnv() {
  for (const line of fs.readFileSync(path.join(root, 'deploy/local/stack.env'), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && !process.env[m[1]]) process.env[m[1]] = m[2];
  }
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const secs = (ms: number) => (ms / 1000).toFixed(2);

async function main() {
  loadStackEnv();
  const store = new ObjectStore({
    endpoint: process.env.S3_ENDPOINT!,
    region: process.env.S3_REGION ?? 'us-east-1',
    accessKeyId: process.env.S3_ACCESS_KEY_ID!,
    secretAccessKey: process.env.S3_SECRET_ACCESS_KEY!,
    bucket: process.env.S3_BUCKET!,
    forcePathStyle: true,
  });
  await store.ensureBucket();
  const releases = new ReleaseStore(store);

  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length} cores, ${mb(os.totalmem())} MiB RAM, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  );

  // Synthetic label versions: one template row per class, ids varied (as the release query returns them).
  let t = performance.now();
  const templates = ['toxic', 'ok', 'harassment'].map((label) =>
    releaseLine(releaseRowOf(labelEventFrom(sampleDecision('ITEM', 'QUESTION', label), { labelVersion: 1, recordedAt: new Date() }))),
  );
  const rows: SelectedRow[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const itemId = `item-${String(i).padStart(8, '0')}`;
    const q = i % 2 ? 'q2' : 'q1';
    const label = ['toxic', 'ok', 'harassment'][i % 3];
    rows[i] = {
      itemId,
      questionId: q,
      labelVersion: 1,
      label,
      status: 'active',
      ontologyVersion: 1,
      decidedAt: '2025-03-01T10:00:00.123Z',
      line: templates[i % 3].replace('"ITEM"', `"${itemId}"`).replace('"QUESTION"', `"${q}"`),
    };
  }
  console.log(`generated ${N.toLocaleString()} rows in ${secs(performance.now() - t)} s`);

  const projectId = `bench-${Date.now().toString(36)}`;
  const releaseId = uuidv7();
  const prefix = releasePrefix('releases', projectId, releaseId);
  const now = new Date();
  t = performance.now();
  const built = await buildReleaseFiles(prefix, rows, {
    releaseId,
    name: 'bench',
    projectId,
    createdAt: now.toISOString(),
    trigger: 'api',
    requestedBy: 'bench',
    parentReleaseId: null,
    selection: normalizeSelection({ selection: { includeExcluded: false, onlyGold: false }, allowMixedOntologyVersions: false }, now),
    labelSchemaVersion: 1,
  });
  const buildMs = performance.now() - t;
  const files = [...built.data, built.manifestFile];
  const bytes = files.reduce((s, f) => s + f.size, 0);
  t = performance.now();
  for (const f of files) await releases.putOnce(f.key, f.bytes, f.media_type);
  const writeMs = performance.now() - t;

  // Raw S3: the same bytes, plain puts to fresh keys (no head check, no build).
  t = performance.now();
  for (const f of files) {
    const key = `bench/raw-${releaseId}/${path.basename(f.key)}`;
    // Same request shape as the release writer: one PUT up to 64 MiB, multipart above.
    if (f.size > 64 * 1024 * 1024) await store.putLarge(key, f.bytes, { contentType: f.media_type });
    else await store.put(key, f.bytes, { contentType: f.media_type });
  }
  const rawMs = performance.now() - t;

  console.log(`release of ${N.toLocaleString()} labels, ${mb(bytes)} MiB:`);
  for (const f of files) console.log(`  ${path.basename(f.key).padEnd(15)} ${mb(f.size).padStart(9)} MiB  sha256 ${f.sha256.slice(0, 16)}…`);
  console.log(`  build (JSONL + Parquet + manifest)  ${secs(buildMs)} s`);
  console.log(`  write-once to S3 (head + put)       ${secs(writeMs)} s  (${mb(bytes / (writeMs / 1000))} MiB/s)`);
  console.log(`  total release write                 ${secs(buildMs + writeMs)} s  (${Math.round(N / ((buildMs + writeMs) / 1000)).toLocaleString()} labels/s)`);
  console.log(`  raw S3 put of the same bytes        ${secs(rawMs)} s  (${mb(bytes / (rawMs / 1000))} MiB/s)`);
  console.log(`  peak RSS ${mb(process.memoryUsage().rss)} MiB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
