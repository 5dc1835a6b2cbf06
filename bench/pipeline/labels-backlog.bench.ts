// Benchmark: how fast the labels.v1 consumers downstream of export (decomposition: what a new
// ontology version re-asks; prelabel: what its models train on) drain a backlog, on the real local
// stack with both services as real processes. Labels arrive at the rate quality and export decide
// them; a consumer slower than that falls behind for good.
// Usage: node scripts/run-ts.cjs bench/pipeline/labels-backlog.bench.ts [--labels 50000] [--seconds 120] [--fresh-db]
// --fresh-db runs both services on a new, empty database (dropped at the end) instead of the stack's.
// Publishes --labels LabelEvents of a new project (items neither service knows: each label is
// stored, nothing is re-asked or trained) while the services are stopped, then starts them and
// samples their groups' lag every 5 s for up to --seconds. Each group's rate is the records it
// consumed over the time it took (to its end of the backlog, or the whole window); the backlog
// includes anything earlier runs left unread, so compare runs by rate, not by time.
// Not a test: it prints figures and the machine they ran on.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEvent, LabelStatus, newEnvelope, TOPICS } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { freshDatabase } from '@verity/testing';
import { machineLine, peakRssMiB } from '../support/machine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadStackEnv } = require('../../scripts/stack-env.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require('../../scripts/services.cjs');

const { values } = parseArgs({
  options: { labels: { type: 'string', default: '50000' }, seconds: { type: 'string', default: '120' }, 'fresh-db': { type: 'boolean', default: false } },
});
const LABELS = Number(values.labels);
const SECONDS = Number(values.seconds);
if (!Number.isInteger(LABELS) || LABELS <= 0) throw new Error(`--labels must be a positive integer, got ${values.labels}`);
if (!(SECONDS > 0)) throw new Error(`--seconds must be positive, got ${values.seconds}`);
const GROUPS = ['decomposition.labels', 'prelabel.labels'];

async function main() {
  loadStackEnv(path.resolve(__dirname, '../..'));
  const stamp = Date.now().toString(36);
  const projectId = `bench-labels-${stamp}`;
  const fresh = values['fresh-db'] ? await freshDatabase(process.env.DATABASE_URL!, stamp) : undefined;
  if (fresh) process.env.DATABASE_URL = fresh.url;
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: projectId }, new Logger('bench', 'error'));
  const producer = new EventProducer(kafka, protobufCodec, 'bench');
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const lag = async (group: string) => {
    const end = await admin.fetchTopicOffsets(TOPICS.labels.name);
    const [committed] = await admin.fetchOffsets({ groupId: group, topics: [TOPICS.labels.name] });
    let n = 0;
    for (const e of end) {
      const at = Number(committed?.partitions.find((p) => p.partition === e.partition)?.offset ?? -1);
      n += Number(e.high) - (at < 0 ? Number(e.low) : Math.max(at, Number(e.low)));
    }
    return n;
  };

  for (let start = 0; start < LABELS; start += 500) {
    const batch = [];
    for (let i = start; i < Math.min(LABELS, start + 500); i++) {
      batch.push(
        createEvent(TOPICS.labels, {
          envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
          itemId: `${projectId}-i${i}`,
          questionId: 'spam',
          ontologyVersion: 1,
          labelVersion: 1,
          status: LabelStatus.ACTIVE,
          label: i % 2 ? 'spam' : 'ham',
          answer: { value: { case: 'choice', value: { optionIds: [i % 2 ? 'spam' : 'ham'] } } },
          softLabel: { spam: i % 2 ? 0.9 : 0.1, ham: i % 2 ? 0.1 : 0.9 },
          confidence: 0.9,
          provenance: { taskId: `${projectId}-t${i}` },
        }),
      );
    }
    await producer.publishMany(TOPICS.labels, batch);
  }
  const before = new Map<string, number>();
  for (const g of GROUPS) before.set(g, await lag(g));
  console.log(`backlog: ${GROUPS.map((g) => `${g} ${before.get(g)}`).join(', ')} records (${LABELS} published by this run)`);

  const services = startServices({ names: ['decomposition', 'prelabel'], basePort: 18680, logSuffix: '.bench', env: { LOG_LEVEL: 'warn' } });
  try {
    await waitReady(services, 180000);
    const t0 = performance.now();
    const doneAt = new Map<string, number>();
    const left = new Map<string, number>();
    while ((performance.now() - t0) / 1000 < SECONDS && doneAt.size < GROUPS.length) {
      await new Promise((r) => setTimeout(r, 5000));
      for (const g of GROUPS) {
        if (doneAt.has(g)) continue;
        const n = await lag(g);
        left.set(g, n);
        if (n === 0) doneAt.set(g, performance.now());
      }
      console.error(`… ${((performance.now() - t0) / 1000).toFixed(0)} s: lag ${GROUPS.map((g) => `${g} ${left.get(g)}`).join(', ')}`);
    }
    console.log(`machine: ${machineLine()}`);
    for (const g of GROUPS) {
      const s = ((doneAt.get(g) ?? performance.now()) - t0) / 1000;
      const consumed = before.get(g)! - (left.get(g) ?? before.get(g)!);
      console.log(`${g}: ${consumed} records in ${s.toFixed(1)} s → ${(consumed / s).toFixed(0)} labels/s${doneAt.has(g) ? ' (backlog drained)' : ` (${left.get(g)} left)`}`);
    }
    console.log(`peak RSS: ${services.map((s: { name: string; child: { pid?: number } }) => `${s.name} ${peakRssMiB(s.child.pid)?.toFixed(0) ?? '?'} MiB`).join(', ')}`);
  } finally {
    await admin.disconnect();
    await producer.disconnect();
    await stopServices(services);
    await fresh?.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
