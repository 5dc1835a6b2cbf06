// Benchmark: annotations.v1 → quality → decisions.v1 → export → labels.v1, on the real local
// stack with both services as real processes, next to the raw broker rate of the same messages in
// the same run. Prints answers/s through the two services and the latency from a task's last
// answer to its label on labels.v1 (p50, p99).
// Usage: node scripts/run-ts.cjs bench/pipeline/quality-export.bench.ts [--tasks 100000] [--batch 500] [--max-minutes 40] [--replicas 1] [--rate 0] [--fresh-db]
// --fresh-db runs both services on a new, empty database (dropped at the end): a run writes about
// fifteen rows per task (answers, tasks, inbox and outbox rows, label versions), which otherwise
// stay in the stack's database and slow what runs on it later (Postgres here runs without autovacuum).
// --rate N publishes N answers/s (paced, whole tasks per publish) instead of as fast as the
// producer goes: the latency then says how long an answer takes when the services keep up.
// --replicas N runs N processes of each service in its consumer groups; the run then checks that
// every item got exactly one label version in export and counts labels.v1 records published twice.
// Not a test: it prints figures and the machine they ran on.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AnswerSource, createEvent, decodeEvent, newEnvelope, ProjectChange, QuestionKind, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { freshDatabase } from '@verity/testing';
import { Client } from 'pg';
import { machineLine, peakRssMiB } from '../support/machine';
import { rawBrokerRate } from '../support/raw-broker-rate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadStackEnv } = require('../../scripts/stack-env.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require('../../scripts/services.cjs');

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '500' },
    'max-minutes': { type: 'string', default: '40' },
    replicas: { type: 'string', default: '1' },
    rate: { type: 'string', default: '0' },
    'fresh-db': { type: 'boolean', default: false },
  },
});
const RATE = Number(values.rate);
if (!(RATE >= 0)) throw new Error(`--rate must be a number of answers per second ≥ 0 (0: as fast as the producer goes), got ${values.rate}`);
const REPLICAS = Number(values.replicas);
if (!Number.isInteger(REPLICAS) || REPLICAS < 1) throw new Error(`--replicas must be a positive integer, got ${values.replicas}`);
const TASKS = Number(values.tasks);
const BATCH = Number(values.batch);
const MAX_MS = Number(values['max-minutes']) * 60000;
if (!Number.isInteger(TASKS) || TASKS <= 0) throw new Error(`--tasks must be a positive integer, got ${values.tasks}`);
if (!Number.isInteger(BATCH) || BATCH < 3) throw new Error(`--batch must be an integer ≥ 3 (records per publish), got ${values.batch}`);
if (!(MAX_MS > 0)) throw new Error(`--max-minutes must be positive, got ${values['max-minutes']}`);
// Whole tasks per publish request: all three answers of a task go out together.
const TASKS_PER_PUBLISH = Math.floor(BATCH / 3);

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  loadStackEnv(path.resolve(__dirname, '../..'));
  const stamp = Date.now().toString(36);
  const projectId = `bench-${stamp}`;
  const fresh = values['fresh-db'] ? await freshDatabase(process.env.DATABASE_URL!, stamp) : undefined;
  if (fresh) process.env.DATABASE_URL = fresh.url;
  const question = 'spam';
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: projectId }, new Logger('bench', 'error'));
  const producer = new EventProducer(kafka, protobufCodec, 'bench');
  await producer.connect();

  const services: { name: string; child: { pid?: number } }[] = [];
  for (let r = 1; r <= REPLICAS; r++) {
    const started = startServices({ names: ['quality', 'export'], basePort: 18480 + 100 * (r - 1), logSuffix: r === 1 ? '.bench' : `.bench${r}`, env: { LOG_LEVEL: 'warn' } });
    for (const s of started) services.push(Object.assign(s, { name: REPLICAS > 1 ? `${s.name}#${r}` : s.name }));
  }
  try {
    await waitReady(services, 180000);
    await producer.publish(
      TOPICS.projects,
      createEvent(TOPICS.projects, {
        envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
        change: ProjectChange.CREATED,
        project: {
          projectId,
          name: projectId,
          revision: 1n,
          policy: { answersPerTask: 3, agreementThreshold: 0.5, posteriorThreshold: 0.5, reliabilityFloor: 0 },
          currentOntology: {
            version: 1,
            questions: [{ questionId: question, kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam' }, { optionId: 'ham' }] }],
          },
        },
      }),
    );

    // Labels arrive on labels.v1: note when each item's first label comes.
    const labeledAt = new Map<string, number>();
    // At least once: a label event may come again (a replica that took over a partition).
    const labelEvents = new Set<string>();
    let labelRecords = 0;
    const tap = kafka.consumer({ groupId: `${projectId}-tap` });
    await tap.connect();
    await tap.subscribe({ topic: TOPICS.labels.name, fromBeginning: false });
    const joined = new Promise<void>((r) => tap.on(tap.events.GROUP_JOIN, () => r()));
    let done!: () => void;
    const allLabeled = new Promise<void>((r) => (done = r));
    await tap.run({
      eachMessage: async ({ message }) => {
        const e = decodeEvent(TOPICS.labels, message.value!);
        if (e.envelope?.projectId !== projectId) return;
        labelRecords++;
        labelEvents.add(e.envelope.eventId);
        if (labeledAt.has(e.itemId)) return;
        labeledAt.set(e.itemId, performance.now());
        if (labeledAt.size === TASKS) done();
      },
    });
    await joined;
    await new Promise((r) => setTimeout(r, 3000)); // the services' project copies

    // Three agreeing human answers per task, published in batches; remember each task's last answer.
    const lastAnswerAt = new Map<string, number>();
    const sizes: Buffer[] = [];
    const t0 = performance.now();
    const progress = setInterval(() => {
      const s = (performance.now() - t0) / 1000;
      console.error(`… ${s.toFixed(0)} s: ${lastAnswerAt.size} tasks published, ${labeledAt.size} labeled`);
    }, 60000);
    for (let start = 0; start < TASKS; start += TASKS_PER_PUBLISH) {
      const batch = [];
      const n = Math.min(TASKS_PER_PUBLISH, TASKS - start);
      for (let k = 0; k < n; k++) {
        const item = `${projectId}-i${start + k}`;
        for (let a = 0; a < 3; a++) {
          const e = createEvent(TOPICS.annotations, {
            envelope: newEnvelope({ producer: 'assignment', projectId, spec: TOPICS.annotations }),
            annotationId: uuidv7(),
            taskId: `${item}-t`,
            itemId: item,
            questionId: question,
            ontologyVersion: 1,
            annotatorId: `${projectId}-a${a}`,
            source: AnswerSource.HUMAN,
            answer: { value: { case: 'choice', value: { optionIds: [(start + k) % 2 ? 'spam' : 'ham'] } } },
            timeSpentMs: 1000n,
            submittedAt: timestampFromDate(new Date()),
            answersRequired: 3,
          });
          batch.push(e);
          sizes.push(Buffer.from(protobufCodec.encode(TOPICS.annotations, e)));
        }
      }
      if (RATE > 0) {
        const due = t0 + ((start * 3) / RATE) * 1000;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      const sentAt = performance.now();
      for (let k = 0; k < n; k++) lastAnswerAt.set(`${projectId}-i${start + k}`, sentAt);
      await producer.publishMany(TOPICS.annotations, batch);
    }
    const publishS = (performance.now() - t0) / 1000;
    const deadline = setTimeout(() => done(), Math.max(0, MAX_MS - (performance.now() - t0)));
    await allLabeled;
    clearTimeout(deadline);
    clearInterval(progress);
    // Up to the last label seen (a run cut short by --max-minutes is measured over what it labeled).
    let lastLabelAt = t0;
    for (const at of labeledAt.values()) if (at > lastLabelAt) lastLabelAt = at;
    const totalS = (lastLabelAt - t0) / 1000;
    await tap.disconnect();

    const latencies = [...labeledAt].map(([item, at]) => at - lastAnswerAt.get(item)!).sort((a, b) => a - b);
    const raw = await rawBrokerRate(kafka, sizes, BATCH);
    const answersPerS = (labeledAt.size * 3) / totalS;
    console.log(`machine: ${machineLine()}`);
    console.log(
      `tasks: ${TASKS} × 3 answers = ${TASKS * 3} annotations.v1 records (published in ${publishS.toFixed(1)} s, ${RATE > 0 ? `paced at ${RATE} answers/s` : 'as fast as the producer goes'}, ${TASKS_PER_PUBLISH * 3} per publish)`,
    );
    console.log(`labeled: ${labeledAt.size} of ${TASKS} in ${totalS.toFixed(1)} s${labeledAt.size < TASKS ? ` (stopped after --max-minutes ${values['max-minutes']})` : ''}`);
    console.log(`through quality → export: ${answersPerS.toFixed(0)} answers/s (${(labeledAt.size / totalS).toFixed(0)} labels/s)`);
    console.log(`latency, last answer → label on labels.v1: p50 ${pct(latencies, 50).toFixed(0)} ms, p99 ${pct(latencies, 99).toFixed(0)} ms`);
    console.log(`raw broker, same messages, same run: produce ${raw.produceRate.toFixed(0)} msg/s, consume ${raw.consumeRate.toFixed(0)} msg/s`);
    console.log(`ratio: pipeline answers/s = ${((answersPerS / raw.consumeRate) * 100).toFixed(1)}% of the raw consume rate`);
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const v = (
      await db.query(`SELECT count(*)::int AS versions, count(DISTINCT item_id)::int AS items, coalesce(max(label_version), 0)::int AS top FROM export.label_versions WHERE project_id = $1`, [projectId])
    ).rows[0] as { versions: number; items: number; top: number };
    await db.end();
    const once = v.versions === labeledAt.size && v.items === labeledAt.size && v.top <= 1;
    console.log(
      `exactly once in effect (${REPLICAS} replica(s) of each service): ${once ? 'yes' : 'NO'}: ${v.versions} label versions in export for ${v.items} items, highest version ${v.top}; ` +
        `labels.v1 carried ${labelEvents.size} distinct label events in ${labelRecords} records`,
    );
    console.log(`peak RSS: ${services.map((s) => `${s.name} ${peakRssMiB(s.child.pid)?.toFixed(0) ?? '?'} MiB`).join(', ')}`);
  } finally {
    await producer.disconnect();
    await stopServices(services);
    await fresh?.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
