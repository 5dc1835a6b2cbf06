// Pipeline benchmark: content.v1 → ingestion → items.v1 → decomposition → tasks.v1 → [prelabel →
// prelabels.v1 →] assignment's queues, against the real local stack, next to the raw
// produce/consume rate of the same broker in the same run.
// Usage: node scripts/run-ts.cjs bench/pipeline/ingest.bench.ts [--events 100000] [--batch 500] [--source prelabels|tasks]
//          [--replicas 1] [--service-heap-mb MB] [--fresh-db] [--cpu-prof DIR]
// --service-heap-mb caps each service's V8 old space (--max-old-space-size): 192 by default, what
// the Kubernetes manifests give a service with a 384Mi limit (half of it, decision 77); 0 leaves
// V8 to size the heap from the machine's memory.
// --replicas N starts N processes of each service, each in the service's consumer groups (the
// scale-out story: more replicas on the same Kafka and Postgres); the run then checks that every
// task was queued in assignment exactly once and counts duplicate tasks.v1 records.
// --fresh-db runs the services on a new, empty database (dropped at the end), so that tables
// bloated by earlier test runs do not slow the path; --cpu-prof writes each service's V8 CPU
// profile into DIR when it stops (open it in Chrome DevTools or summarise it with
// bench/support/cpu-profile-summary.ts).
// --source prelabels (default) is the production path: prelabel runs in local-model mode (no LLM
// endpoint) and assignment reads prelabels.v1; --source tasks skips prelabel (assignment reads tasks.v1).
// Not a test: it prints figures. Starts the services as child processes (as in production).
import { ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import {
  ContentType,
  createEvent,
  decodeEvent,
  newEnvelope,
  ProjectChange,
  QuestionKind,
  TOPICS,
} from '@verity/contracts';
import { createKafka, DEFAULT_FETCH_LIMITS, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { peakRssMiB } from '../support/machine';
import { freshDatabase } from '@verity/testing';
import { rawBrokerRate } from '../support/raw-broker-rate';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadStackEnv } = require('../../scripts/stack-env.cjs');

const root = path.resolve(__dirname, '../..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    source: { type: 'string', default: 'prelabels' },
    'fresh-db': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    replicas: { type: 'string', default: '1' },
    'service-heap-mb': { type: 'string', default: '192' },
  },
});
const HEAP_MB = Number(values['service-heap-mb']);
if (!(Number.isInteger(HEAP_MB) && (HEAP_MB === 0 || HEAP_MB >= 64))) throw new Error('--service-heap-mb must be 0 (uncapped) or an integer ≥ 64');
const REPLICAS = Number(values.replicas);
if (!Number.isInteger(REPLICAS) || REPLICAS < 1) throw new Error('--replicas must be a positive integer');
const N = Number(values.events);
const BATCH = Number(values.batch);
if (!(N > 0) || !(BATCH > 0)) throw new Error('--events and --batch must be positive integers');
const SOURCE = values.source;
if (SOURCE !== 'prelabels' && SOURCE !== 'tasks') throw new Error(`--source must be prelabels or tasks, got "${SOURCE}"`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

async function startService(name: string, replica: number): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof']), '--cpu-prof-name', `${name}-${replica}.cpuprofile`] : [];
  const heap = HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : [];
  const child = spawn(process.execPath, [...profile, ...heap, path.join(root, 'scripts/run-ts.cjs'), `services/${name}/src/main.ts`], {
    cwd: root,
    // Prelabel in local-model mode: no LLM endpoint, whatever the caller's environment says.
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ASSIGNMENT_TASK_SOURCE: SOURCE, LLM_BASE_URL: '', LLM_MODEL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) return { child, port };
    if (Date.now() > deadline) throw new Error(`${name} not ready after 120 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const TEXTS = [
  'This is one of the best videos I have seen this year, thanks for sharing it with all of us.',
  'Check out my channel for more free stuff, write to winner@example.com or call +1 555 123 4567 now!',
  'Este es uno de los mejores vídeos que he visto, y fue muy divertido para todos nosotros.',
  "C'est une des meilleures vidéos que j'ai vues, et elle était très drôle pour nous tous.",
];

async function main() {
  loadStackEnv();
  const stamp = Date.now().toString(36);
  const fresh = values['fresh-db'] ? await freshDatabase(process.env.DATABASE_URL!, stamp) : undefined;
  if (fresh) process.env.DATABASE_URL = fresh.url;
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'bench' });
  const producer = new EventProducer(kafka, protobufCodec, 'bench');
  await producer.connect();
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  const source = `bench-${stamp}`;
  const projectId = `bench-proj-${stamp}`;
  console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  console.log(`events: ${N}, batch ${BATCH}, task source ${SOURCE}, ${REPLICAS} replica(s) of each service, service heap ${HEAP_MB ? `${HEAP_MB} MiB` : 'uncapped'}, fetch ≤ ${process.env.KAFKA_FETCH_MAX_BYTES ?? DEFAULT_FETCH_LIMITS.maxBytes} B (${process.env.KAFKA_FETCH_PARTITION_MAX_BYTES ?? DEFAULT_FETCH_LIMITS.maxBytesPerPartition} B per partition), database ${fresh ? 'fresh (empty)' : 'the stack\'s'}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const events = Array.from({ length: N }, (_, i) =>
    createEvent(TOPICS.content, {
      envelope: newEnvelope({ producer: 'bench', projectId: '', spec: TOPICS.content }),
      source,
      sourceId: `s-${i}`,
      contentType: ContentType.TEXT,
      body: { case: 'text', value: `${TEXTS[i % TEXTS.length]} #${i}` },
      tags: ['bench'],
    }),
  );

  const raw = await rawBrokerRate(kafka, events.map((e) => Buffer.from(protobufCodec.encode(TOPICS.content, e))), BATCH);
  console.log(`raw broker: produce ${raw.produceRate.toFixed(0)} msg/s, consume ${raw.consumeRate.toFixed(0)} msg/s (same messages, scratch topic)`);

  const names = SOURCE === 'prelabels' ? ['ingestion', 'decomposition', 'prelabel', 'assignment'] : ['ingestion', 'decomposition', 'assignment'];
  const services: { name: string; child: ChildProcess; port: number }[] = [];
  for (const name of names) for (let r = 1; r <= REPLICAS; r++) services.push({ name: REPLICAS > 1 ? `${name}#${r}` : name, ...(await startService(name, r)) });
  const project = (revision: bigint, archived: boolean) =>
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'bench', projectId, spec: TOPICS.projects }),
      change: ProjectChange.ONTOLOGY_PUBLISHED,
      project: {
        projectId,
        name: projectId,
        revision,
        archived,
        filter: { sources: [source] },
        policy: { answersPerTask: 3 },
        currentOntology: {
          version: 1,
          questions: [
            { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'yes' }, { optionId: 'no' }] },
            { questionId: 'tone', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Tone?', options: [{ optionId: 'pos' }, { optionId: 'neg' }] },
          ],
        },
      },
    });
  await producer.publish(TOPICS.projects, project(1n, false));
  for (;;) {
    const a = await db.query(`SELECT 1 FROM ingestion.projects WHERE project_id = $1`, [projectId]);
    const b = await db.query(`SELECT 1 FROM decomposition.projects WHERE project_id = $1 AND ontology_version = 1`, [projectId]);
    const c = SOURCE === 'prelabels' ? await db.query(`SELECT 1 FROM prelabel.projects WHERE project_id = $1`, [projectId]) : { rowCount: 1 };
    if (a.rowCount && b.rowCount && c.rowCount) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 2500)); // past ingestion's project cache

  // Count tasks of our project from the current end of tasks.v1.
  const expected = N * 2;
  let tasks = 0;
  const seenTasks = new Set<string>();
  let duplicateTasks = 0;
  let items = 0;
  const admin = kafka.admin();
  await admin.connect();
  // Other processes in the same groups (another stack on this broker) take partitions from ours.
  const groups = await admin.describeGroups(names.map((n) => (n === 'assignment' && SOURCE === 'tasks' ? 'assignment.source-tasks' : n)));
  console.log(`consumer group members (ours included): ${groups.groups.map((g) => `${g.groupId} ${g.members.length}`).join(', ')}`);
  const ends = await admin.fetchTopicOffsets(TOPICS.tasks.name);
  const itemEnds = await admin.fetchTopicOffsets(TOPICS.items.name);
  await admin.disconnect();
  const counter = kafka.consumer({ groupId: `bench-count-${stamp}` });
  await counter.connect();
  await counter.subscribe({ topics: [TOPICS.tasks.name, TOPICS.items.name], fromBeginning: false });
  let itemsDoneAt = 0;
  let t0 = 0;
  const done = new Promise<number>((resolve) => {
    void counter.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === TOPICS.items.name) {
          const e = decodeEvent(TOPICS.items, message.value!);
          if (e.content?.source === source && ++items === N) {
            itemsDoneAt = performance.now();
            console.log(`ingestion: ${N} items.v1 after ${((itemsDoneAt - t0) / 1000).toFixed(1)} s (${(N / ((itemsDoneAt - t0) / 1000)).toFixed(0)} items/s)`);
          }
          return;
        }
        const e = decodeEvent(TOPICS.tasks, message.value!);
        if (e.task?.projectId !== projectId) return;
        // At least once: a replica that took over a partition may publish a task again.
        if (seenTasks.has(e.task.taskId)) {
          duplicateTasks++;
          return;
        }
        seenTasks.add(e.task.taskId);
        if (++tasks === expected) resolve(performance.now());
      },
    });
  });
  for (const { partition, offset } of ends) counter.seek({ topic: TOPICS.tasks.name, partition, offset });
  for (const { partition, offset } of itemEnds) counter.seek({ topic: TOPICS.items.name, partition, offset });
  await new Promise((r) => setTimeout(r, 3000)); // let the counter join its group

  t0 = performance.now();
  for (let i = 0; i < N; i += BATCH) await producer.publishMany(TOPICS.content, events.slice(i, i + BATCH));
  const publishedAt = performance.now();
  const progress = setInterval(() => console.log(`  … items ${items}/${N}, tasks ${tasks}/${expected}`), 10_000);
  const end = await done;
  clearInterval(progress);
  const totalS = (end - t0) / 1000;
  const pipelineRate = N / totalS;
  console.log(`published ${N} content events in ${((publishedAt - t0) / 1000).toFixed(1)} s (${(N / ((publishedAt - t0) / 1000)).toFixed(0)} ev/s)`);
  console.log(`pipeline: ${expected} tasks.v1 after ${totalS.toFixed(1)} s → ${pipelineRate.toFixed(0)} content events/s end to end (${(expected / totalS).toFixed(0)} tasks/s)`);
  console.log(`ratio: pipeline / raw consume = ${((pipelineRate / raw.consumeRate) * 100).toFixed(1)} %, pipeline / raw produce = ${((pipelineRate / raw.produceRate) * 100).toFixed(1)} %`);
  // The last hop: every task queued in assignment (its slots ready for annotators).
  for (;;) {
    const r = await db.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [projectId]);
    if (r.rows[0].n >= expected) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  const queuedS = (performance.now() - t0) / 1000;
  const via = SOURCE === 'prelabels' ? 'ingestion → decomposition → prelabel → assignment' : 'ingestion → decomposition → assignment';
  console.log(`assignment: ${expected} tasks queued after ${queuedS.toFixed(1)} s → ${(N / queuedS).toFixed(0)} content events/s through ${via} (${((N / queuedS / raw.consumeRate) * 100).toFixed(1)} % of the raw consume rate)`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const queued = (
    await db.query(
      `SELECT (SELECT count(*)::int FROM assignment.tasks WHERE project_id = $1) AS tasks,
              (SELECT count(*)::int FROM assignment.slots WHERE project_id = $1) AS slots,
              (SELECT count(*)::int FROM ingestion.items WHERE source = $2) AS items`,
      [projectId, source],
    )
  ).rows[0] as { tasks: number; slots: number; items: number };
  const once = queued.tasks === expected && queued.slots === 3 * expected && queued.items === N;
  console.log(
    `exactly once in effect: ${once ? 'yes' : 'NO'}: ${queued.items} items for ${N} events, ${queued.tasks} tasks queued for ${expected}, ` +
      `${queued.slots} slots for ${3 * expected}; tasks.v1 carried ${expected} distinct tasks and ${duplicateTasks} duplicate records`,
  );
  console.log(`peak RSS: ${services.map((s) => `${s.name} ${peakRssMiB(s.child.pid)?.toFixed(0) ?? '?'} MiB`).join(', ')}`);
  // A table read whole, again and again, is a query whose plan does not use an index.
  const scans = await db.query(
    `SELECT schemaname || '.' || relname AS t, seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE seq_tup_read > 100000 ORDER BY seq_tup_read DESC LIMIT 5`,
  );
  console.log(`rows read by sequential scans${fresh ? '' : ' (the whole stack database, every run so far)'}: ${scans.rows.map((r) => `${r.t} ${r.seq_tup_read} in ${r.seq_scan} scans`).join(', ') || 'none over 100,000'}`);

  await counter.disconnect();
  await producer.publish(TOPICS.projects, project(2n, true));
  for (const s of services) s.child.kill('SIGTERM');
  await Promise.all(services.map((s) => new Promise((r) => s.child.once('exit', r))));
  await producer.disconnect();
  await db.end();
  await fresh?.drop();
  if (values['cpu-prof']) console.log(`CPU profiles in ${path.resolve(values['cpu-prof'])}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
