// The annotator API under load (issue #13): N simulated annotators lease and submit through the
// gateway for a fixed time, on the platform started the README's way (every service a real
// process on the local stack). Prints lease and submit latency (p50/p95/p99), errors, what
// was done, and whether a task slot was ever held twice at once.
//   node scripts/run-ts.cjs bench/assignment/annotator-load.bench.ts [--annotators 200] [--seconds 120]
//        [--think-ms 2000] [--tasks 6000] [--answers-per-task 3] [--cpu-prof DIR] [--fresh-db]
// --fresh-db runs the platform on a new, empty database (dropped at the end): no earlier run's
// projects, whose empty filters would take this run's content too.
// Each annotator loops: lease (POST …/tasks/next), think for a random time around --think-ms
// (uniform in [0.5, 1.5] × think-ms; 0 makes a closed-loop stress test), submit. An empty queue
// (204) is counted and retried after 250 ms. Content goes straight onto content.v1 before the
// clock starts; the run begins when every task is in assignment's queue.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ContentType, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { VerityClient } from '@verity/sdk';
import { eventually, freshDatabase, signInAdmin, stackEnv, startPlatform } from '@verity/testing';
import { machineLine } from '../support/machine';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadStackEnv } = require('../../scripts/stack-env.cjs');

const { values } = parseArgs({
  options: {
    annotators: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '120' },
    'think-ms': { type: 'string', default: '2000' },
    tasks: { type: 'string', default: '6000' },
    'answers-per-task': { type: 'string', default: '3' },
    // Each service writes its V8 CPU profile into DIR when it stops (bench/support/cpu-profile-summary.ts reads one).
    'cpu-prof': { type: 'string' },
    'fresh-db': { type: 'boolean', default: false },
  },
});
const ANNOTATORS = Number(values.annotators);
const SECONDS = Number(values.seconds);
const THINK_MS = Number(values['think-ms']);
const TASKS = Number(values.tasks);
const ANSWERS = Number(values['answers-per-task']);
for (const [k, v] of Object.entries({ annotators: ANNOTATORS, seconds: SECONDS, tasks: TASKS, 'answers-per-task': ANSWERS })) {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${k} must be a positive integer`);
}
if (!(THINK_MS >= 0)) throw new Error('--think-ms must be ≥ 0');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? '–' : `${x.toFixed(1)} ms`);

/** Who holds which task right now; flags a slot held twice (same annotator, or more holders than slots). */
class HoldBook {
  private readonly holders = new Map<string, Set<string>>();
  private readonly answered = new Set<string>();
  violations: string[] = [];

  take(taskId: string, annotator: string): void {
    const set = this.holders.get(taskId) ?? new Set<string>();
    if (set.has(annotator)) this.violations.push(`${annotator} leased ${taskId} while holding it`);
    if (this.answered.has(`${taskId}|${annotator}`)) this.violations.push(`${annotator} leased ${taskId} after answering it`);
    set.add(annotator);
    if (set.size > ANSWERS) this.violations.push(`${taskId} held by ${set.size} annotators at once (${ANSWERS} slots)`);
    this.holders.set(taskId, set);
  }

  release(taskId: string, annotator: string): void {
    this.holders.get(taskId)?.delete(annotator);
    this.answered.add(`${taskId}|${annotator}`);
  }
}

async function main() {
  loadStackEnv();
  const fresh = values['fresh-db'] ? await freshDatabase(process.env.DATABASE_URL!, Date.now().toString(36)) : undefined;
  if (fresh) process.env.DATABASE_URL = fresh.url;
  console.log(`machine: ${machineLine()}`);
  console.log(`annotators ${ANNOTATORS}, ${SECONDS} s, think ${THINK_MS} ms (uniform ×0.5–1.5), ${TASKS} items × ${ANSWERS} answers, database ${fresh ? 'fresh (empty)' : "the stack's"}`);
  const profile: Record<string, string> = values['cpu-prof'] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(values['cpu-prof'])}` } : {};
  const platform = await startPlatform(18880, '.bench-annotator-load', { LOG_LEVEL: 'warn', ...profile });
  const env = stackEnv();
  const db = new Client({ connectionString: env.databaseUrl });
  await db.connect();
  const kafka = createKafka({ brokers: env.brokers, clientId: 'bench-annotator-load' });
  const producer = new EventProducer(kafka, protobufCodec, 'bench-annotator-load');
  await producer.connect();
  try {
    const run = Date.now().toString(36);
    const password = 'correct horse battery staple';
    const admin = await signInAdmin(platform.gateway);
    const pmUser = await admin.createUser({ email: `pm-${run}@bench.verity`, displayName: 'bench pm', password, roles: ['project_manager'] });
    const pm = await VerityClient.signIn(platform.gateway, pmUser.email, password);
    const source = `bench-load-${run}`;
    const project = await pm.createProject({
      name: `annotator load ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: ANSWERS, honeypotRate: 0, leaseSeconds: 600, prelabelMode: 'off' },
    });
    const draft = await pm.createOntologyDraft(project.id, {
      guidelines: { text: 'Spam: the comment advertises something or asks for clicks.', examples: [] },
      questions: [{ id: 'spam', type: 'single_choice', prompt: 'Is this spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] }],
    });
    await pm.publishOntology(project.id, draft.version);

    const annotators: { id: string; client: VerityClient }[] = [];
    for (let i = 0; i < ANNOTATORS; i++) {
      const u = await admin.createUser({ email: `a${i}-${run}@bench.verity`, displayName: `annotator ${i}`, password, roles: ['annotator'] });
      await pm.setMember(project.id, u.id, { roles: ['annotator'], languages: ['en'] });
      annotators.push({ id: u.id, client: await VerityClient.signIn(platform.gateway, u.email, password) });
    }

    const t0 = performance.now();
    for (let i = 0; i < TASKS; i += 500) {
      await producer.publishMany(
        TOPICS.content,
        Array.from({ length: Math.min(500, TASKS - i) }, (_, k) =>
          createEvent(TOPICS.content, {
            envelope: newEnvelope({ producer: 'bench', projectId: '', spec: TOPICS.content }),
            source,
            sourceId: `c-${i + k}`,
            contentType: ContentType.TEXT,
            body: { case: 'text', value: `Comment ${i + k} of ${run}: check my channel for more videos like this one` },
            language: 'en',
          }),
        ),
      );
    }
    await eventually(`${TASKS} tasks in assignment's queue`, async () => {
      const r = await db.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE project_id = $1`, [project.id]);
      return r.rows[0].n >= TASKS ? true : undefined;
    }, 30 * 60_000, 1000);
    console.log(`queue filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const lease: number[] = [];
    const submit: number[] = [];
    const errors = new Map<string, number>();
    let empty = 0;
    const book = new HoldBook();
    const stopAt = performance.now() + SECONDS * 1000;
    const fail = (what: string, err: unknown) => {
      const key = `${what}: ${err instanceof Error ? err.message.slice(0, 120) : String(err)}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
    };
    const worker = async (a: { id: string; client: VerityClient }) => {
      await sleep(Math.random() * Math.max(THINK_MS, 100)); // not all at the same instant
      while (performance.now() < stopAt) {
        let t = performance.now();
        let task;
        try {
          task = await a.client.nextTask(project.id);
          lease.push(performance.now() - t);
        } catch (err) {
          fail('lease', err);
          continue;
        }
        if (!task) {
          empty++;
          await sleep(250);
          continue;
        }
        book.take(task.taskId, a.id);
        await sleep(THINK_MS * (0.5 + Math.random()));
        t = performance.now();
        try {
          await a.client.submit(task.taskId, task.leaseId, { choice: { optionIds: [Math.random() < 0.5 ? 'spam' : 'ham'] } }, THINK_MS);
          submit.push(performance.now() - t);
        } catch (err) {
          fail('submit', err);
        }
        book.release(task.taskId, a.id);
      }
    };
    const started = performance.now();
    await Promise.all(annotators.map(worker));
    const wall = (performance.now() - started) / 1000;

    console.log(`\n${lease.length} leases, ${submit.length} submits in ${wall.toFixed(1)} s (${(submit.length / wall).toFixed(1)} answers/s), ${empty} empty-queue answers (204)`);
    console.log(`lease  p50 ${ms(quantile(lease, 0.5))}  p95 ${ms(quantile(lease, 0.95))}  p99 ${ms(quantile(lease, 0.99))}  max ${ms(Math.max(...lease))}   (goal p95 ≤ 50 ms)`);
    console.log(`submit p50 ${ms(quantile(submit, 0.5))}  p95 ${ms(quantile(submit, 0.95))}  p99 ${ms(quantile(submit, 0.99))}  max ${ms(Math.max(...submit))}   (goal p95 ≤ 50 ms)`);
    const nErrors = [...errors.values()].reduce((s, n) => s + n, 0);
    console.log(`errors: ${nErrors}${nErrors ? '' : ' (goal 0)'}`);
    for (const [k, n] of errors) console.log(`  ${n} × ${k}`);
    console.log(`task slots held twice at once: ${book.violations.length} (goal 0)`);
    for (const v of book.violations.slice(0, 10)) console.log(`  ${v}`);
    console.log(`machine at the end: ${machineLine()}`);
  } finally {
    await producer.disconnect();
    await db.end();
    await platform.stop();
    await fresh?.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
