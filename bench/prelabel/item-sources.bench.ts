// The prelabel.items consumer (items.v1: an item's source ids, then its parked predictions) with a
// transaction per record, as before issue #13's change (the old handler's statements, inline
// below), against one transaction per batch of 500 (ItemSourcesHandler.itemBatch, the runner's
// default batch). Same seeded world for both: N items with a task each, PARKED of them with a
// prediction parked by source ids. Direct calls on the local stack's Postgres, no Kafka.
// Run: node scripts/run-ts.cjs bench/prelabel/item-sources.bench.ts [items] [rounds]
import 'reflect-metadata';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { create, fromBinary } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import {
  ContentType, createEvent, newEnvelope, ProjectSchema, QuestionKind, SamplingStrategy, TaskOrigin, TaskSchema, TOPICS, uuidv7, type ItemEvent,
} from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import { createDataSource, lockExclusive } from '@verity/persistence';
import { CandidateRepository } from '../../services/prelabel/src/db/candidate.repository';
import { ProjectPolicyRepository } from '../../services/prelabel/src/db/project-policy.repository';
import { TaskRepository } from '../../services/prelabel/src/db/task.repository';
import { ItemSourcesHandler } from '../../services/prelabel/src/events/item-sources.handler';
import { RecordPredictionUseCase } from '../../services/prelabel/src/use-cases/record-prediction.use-case';
import { machineLine } from '../support/machine';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);
const BATCH = 500;
const PARKED_EVERY = 10; // one item in ten has a parked prediction

const candidates = new CandidateRepository();
const tasks = new TaskRepository();
const policies = new ProjectPolicyRepository();
const predictions = new RecordPredictionUseCase(policies, tasks, candidates);

interface World {
  projectId: string;
  source: string;
  records: BatchRecord<ItemEvent>[];
}

async function seed(ds: DataSource, run: string): Promise<World> {
  const projectId = `${run}-p`;
  const source = `${run}-src`;
  await policies.apply(ds, create(ProjectSchema, { projectId, revision: 1n, policy: { samplingStrategy: SamplingStrategy.MARGIN } }));
  const itemIds = Array.from({ length: N }, (_, i) => `${run}-item-${i}`);
  for (let i = 0; i < N; i += 1000) {
    await tasks.insertMany(
      ds,
      itemIds.slice(i, i + 1000).map((itemId) =>
        create(TaskSchema, {
          taskId: uuidv7(), itemId, projectId, questionId: 'spam', ontologyVersion: 1, contentType: ContentType.TEXT,
          question: { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam', label: 'Spam' }, { optionId: 'ham', label: 'Ham' }] },
          answersRequired: 1, origin: TaskOrigin.NEW_ITEM, maskedText: 'hello',
        }),
      ),
    );
  }
  for (let i = 0; i < N; i += PARKED_EVERY) {
    await candidates.park(ds, { predictionId: uuidv7(), projectId, itemId: null, source, sourceId: `s${i}`, questionId: 'spam', scores: { spam: 0.6, ham: 0.4 }, uncertainty: 0.4 });
  }
  const records = itemIds.map((itemId, i) => {
    const event = createEvent(TOPICS.items, { envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items }), itemId, content: { source, sourceId: `s${i}` } } as never) as ItemEvent;
    return { event, ctx: { topic: TOPICS.items.name, partition: 0, offset: String(i), key: itemId, headers: {}, attempt: 1, eventId: event.envelope!.eventId }, trace: ROOT_CONTEXT };
  });
  return { projectId, source, records };
}

/** The handler before the change: a transaction per record. */
async function perRecord(ds: DataSource, ev: ItemEvent): Promise<void> {
  const source = ev.content!.source;
  const sourceId = ev.content!.sourceId;
  await ds.transaction(async (tx) => {
    await lockExclusive(tx, 'prelabel.item', ev.itemId);
    await tx.query(`INSERT INTO prelabel.item_sources (source, source_id, item_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [source, sourceId, ev.itemId]);
    await tx.query(
      `UPDATE prelabel.unresolved_predictions SET item_id = $3 WHERE source = $1 AND source_id = $2 AND item_id IS NULL AND resolved_at IS NULL`,
      [source, sourceId, ev.itemId],
    );
    const latest: { task: Uint8Array }[] = await tx.query(
      `SELECT DISTINCT ON (project_id, question_id) task FROM prelabel.tasks WHERE item_id = $1 ORDER BY project_id, question_id, received_at DESC`,
      [ev.itemId],
    );
    for (const r of latest) await predictions.resolveParked(tx, fromBinary(TaskSchema, r.task));
  });
}

async function outcome(ds: DataSource, w: World): Promise<string> {
  const [r] = await ds.query(
    `SELECT (SELECT count(*) FROM prelabel.item_sources WHERE source = $2)::int AS sources,
            (SELECT count(*) FROM prelabel.unresolved_predictions WHERE source = $2 AND resolved_at IS NOT NULL)::int AS resolved,
            (SELECT count(*) FROM prelabel.al_candidates WHERE project_id = $1)::int AS candidates`,
    [w.projectId, w.source],
  );
  return `${r.sources} sources, ${r.resolved} resolved, ${r.candidates} candidates`;
}

async function cleanup(ds: DataSource, w: World): Promise<void> {
  await ds.query(`DELETE FROM prelabel.item_sources WHERE source = $1`, [w.source]);
  await ds.query(`DELETE FROM prelabel.unresolved_predictions WHERE source = $1`, [w.source]);
  await ds.query(`DELETE FROM prelabel.al_candidates WHERE project_id = $1`, [w.projectId]);
  await ds.query(`DELETE FROM prelabel.tasks WHERE project_id = $1`, [w.projectId]);
  await ds.query(`DELETE FROM prelabel.projects WHERE project_id = $1`, [w.projectId]);
}

async function main(): Promise<void> {
  const ds = createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema: 'prelabel', poolSize: 2 });
  await ds.initialize();
  const [exists] = await ds.query(`SELECT to_regclass('prelabel.item_sources') IS NOT NULL AS ok`);
  if (!exists.ok) throw new Error('no prelabel schema in this database: start prelabel (or run its integration tests) once first');
  const handler = new ItemSourcesHandler(ds, candidates, predictions);
  console.log(`machine: ${machineLine()}`);
  console.log(`${N} items.v1 records, 1 in ${PARKED_EVERY} with a parked prediction, every item with a task; ${ROUNDS} rounds`);
  const rates: Record<string, number[]> = { 'transaction per record (before)': [], [`transaction per ${BATCH}-record batch (after)`]: [] };
  const [before, after] = Object.keys(rates);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always meets a warmer cache.
    for (const name of round % 2 === 0 ? [before, after] : [after, before]) {
      const w = await seed(ds, `bench-is-${Date.now().toString(36)}-${round}`);
      const t0 = process.hrtime.bigint();
      if (name === before) for (const r of w.records) await perRecord(ds, r.event);
      else for (let i = 0; i < w.records.length; i += BATCH) await handler.itemBatch(w.records.slice(i, i + BATCH));
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      rates[name].push(N / s);
      console.log(`round ${round + 1} ${name}: ${s.toFixed(2)} s, ${Math.round(N / s)} records/s (${await outcome(ds, w)})`);
      await cleanup(ds, w);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, xs] of Object.entries(rates)) console.log(`${name}: median ${Math.round(median(xs))} records/s (${xs.map(Math.round).join(', ')})`);
  console.log(`ratio: ${(median(rates[after]) / median(rates[before])).toFixed(1)}×`);
  await ds.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
