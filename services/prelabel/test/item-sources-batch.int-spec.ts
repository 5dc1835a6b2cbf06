import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { create } from '@bufbuild/protobuf';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import {
  ContentType, createEvent, newEnvelope, ProjectSchema, QuestionKind, SamplingStrategy, TaskOrigin, TaskSchema, TOPICS, uuidv7, type ItemEvent,
} from '@verity/contracts';
import { NonRetryableError, type BatchRecord } from '@verity/messaging';
import { DATA_SOURCE, platformSettings } from '@verity/service-runtime';
import { stackEnv, uniqueName } from '@verity/testing';
import { CandidateRepository } from '../src/db/candidate.repository';
import { ProjectPolicyRepository } from '../src/db/project-policy.repository';
import { TaskRepository } from '../src/db/task.repository';
import { strategyName } from '../src/domain/sampling.strategy';
import { uncertainty } from '../src/domain/uncertainty.math';
import { ItemSourcesHandler } from '../src/events/item-sources.handler';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';

// The prelabel.items consumer handles a batch of items.v1 records in one transaction. Its end
// state must be the one of handling the records one at a time (as the runner does when it splits
// a failing batch): parked predictions pointed at the first item of their source ids, resolved
// for the projects with a task, scored by each project's strategy, a duplicate changing nothing.
describe('prelabel: an items.v1 batch ends as its records one by one', () => {
  stackEnv();
  let app: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, { ...process.env, LLM_BASE_URL: '' } as NodeJS.ProcessEnv);
    app = await NestFactory.createApplicationContext(PrelabelModule.register(config), { logger: ['error'] });
    ds = app.get(DATA_SOURCE);
  });

  afterAll(async () => {
    await app?.close();
  });

  const SCORES = {
    a: { spam: 0.6, ham: 0.4 },
    b: { spam: 0.7, ham: 0.3 },
    e1: { spam: 0.9, ham: 0.1 },
    e2: { spam: 0.55, ham: 0.45 },
    f: { spam: 0.2, ham: 0.8 },
  };

  /** One world of projects, tasks and parked predictions under its own ids (`<run>-…`). */
  async function world(run: string) {
    const id = (x: string) => `${run}-${x}`;
    const source = id('src');
    const policies = app.get(ProjectPolicyRepository);
    await policies.apply(ds, create(ProjectSchema, { projectId: id('p1'), revision: 1n, policy: { samplingStrategy: SamplingStrategy.MARGIN } }));
    await policies.apply(ds, create(ProjectSchema, { projectId: id('p2'), revision: 1n, policy: { samplingStrategy: SamplingStrategy.ENTROPY } }));
    // p3 has no policy: its parked predictions are resolved but score nothing.
    const task = (project: string, item: string) =>
      create(TaskSchema, {
        taskId: uuidv7(), itemId: id(item), projectId: id(project), questionId: 'spam', ontologyVersion: 1, contentType: ContentType.TEXT,
        question: { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam', label: 'Spam' }, { optionId: 'ham', label: 'Ham' }] },
        answersRequired: 1, origin: TaskOrigin.NEW_ITEM, maskedText: 'hello',
      });
    await app.get(TaskRepository).insertMany(ds, [
      task('p1', 'A'), task('p1', 'B'), task('p2', 'B'), task('p1', 'C'), task('p1', 'E'), task('p1', 'Fb'), task('p1', 'Fa'), task('p3', 'G'),
    ]);
    const candidates = app.get(CandidateRepository);
    const parked: Record<string, string> = {};
    const park = async (name: string, project: string | null, sourceId: string, scores: Record<string, number>, questionId = 'spam') => {
      parked[name] = uuidv7();
      await candidates.park(ds, { predictionId: parked[name], projectId: project && id(project), itemId: null, source, sourceId, questionId, scores, uncertainty: 0.5 });
    };
    await park('a', 'p1', 'a', SCORES.a);
    await park('aOther', 'p1', 'a', SCORES.a, 'other'); // no task of that question: stays parked
    await park('b', null, 'b', SCORES.b); // no project: every project of B scores it, and it stays parked
    await park('d', 'p1', 'd', SCORES.a); // D has no task: stays parked, now with its item
    await park('e1', 'p1', 'e', SCORES.e1);
    await park('e2', 'p1', 'e', SCORES.e2); // parked later: its score is the one that stays
    await park('f', 'p1', 'f', SCORES.f); // Fb, then Fa share the source ids: the first item claims it
    await park('g', 'p3', 'g', SCORES.a);
    // A candidate already selected is not rescored.
    const selected = { projectId: id('p2'), itemId: id('B'), questionId: 'spam', origin: 'predictions' as const, strategy: 'entropy', uncertainty: 0.123, sourceRef: 'earlier' };
    await candidates.upsert(ds, selected);
    await candidates.markSelected(ds, selected, new Date());

    const record = (item: string, sourceId?: string): BatchRecord<ItemEvent> => {
      const event = createEvent(TOPICS.items, {
        envelope: newEnvelope({ producer: 'ingestion', projectId: id('p1'), spec: TOPICS.items }),
        itemId: id(item),
        ...(sourceId ? { content: { source, sourceId } } : {}),
      } as never) as ItemEvent;
      return { event, ctx: { topic: TOPICS.items.name, partition: 0, offset: '0', key: id(item), headers: {}, attempt: 1, eventId: event.envelope!.eventId }, trace: ROOT_CONTEXT };
    };
    const a = record('A', 'a');
    const records = [a, record('B', 'b'), record('C', 'c'), record('D', 'd'), a, record('E', 'e'), record('Fb', 'f'), record('Fa', 'f'), record('G', 'g'), record('H')];
    return { id, source, parked, records };
  }

  /** What the records left behind, with the run's prefix taken off the ids. */
  async function state(w: Awaited<ReturnType<typeof world>>) {
    const strip = (s: string | null) => (s === null ? null : s.replace(`${w.id('')}`, ''));
    const sources = await ds.query(`SELECT source_id, item_id FROM prelabel.item_sources WHERE source = $1 ORDER BY source_id, item_id`, [w.source]);
    const newest: Record<string, string | null> = {};
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) newest[s] = strip(await app.get(CandidateRepository).itemOfSource(ds, w.source, s));
    const parked: Record<string, { item: string | null; resolved: boolean }> = {};
    for (const [name, predictionId] of Object.entries(w.parked)) {
      const [r] = await ds.query(`SELECT item_id, resolved_at FROM prelabel.unresolved_predictions WHERE prediction_id = $1`, [predictionId]);
      parked[name] = { item: strip(r.item_id), resolved: r.resolved_at !== null };
    }
    const candidates = await ds.query(
      `SELECT project_id, item_id, question_id, origin, strategy, uncertainty, status, source_ref FROM prelabel.al_candidates
       WHERE project_id = ANY($1) ORDER BY project_id, item_id, question_id`,
      [[w.id('p1'), w.id('p2'), w.id('p3')]],
    );
    return {
      sources: sources.map((r: { source_id: string; item_id: string }) => `${r.source_id}→${strip(r.item_id)}`),
      newest,
      parked,
      candidates: candidates.map((c: Record<string, string>) => ({ ...c, project_id: strip(c.project_id), item_id: strip(c.item_id), source_ref: c.source_ref.replace(w.source, 'src') })),
    };
  }

  it('one transaction for the batch leaves what a transaction per record leaves, and the expected state', async () => {
    const handler = app.get(ItemSourcesHandler);
    const batched = await world(uniqueName('isb'));
    await handler.itemBatch(batched.records);
    const single = await world(uniqueName('iss'));
    for (const r of single.records) await handler.itemBatch([r]);

    const got = await state(batched);
    expect(got).toEqual(await state(single));

    expect(got.sources).toEqual(['a→A', 'b→B', 'c→C', 'd→D', 'e→E', 'f→Fa', 'f→Fb', 'g→G']);
    expect(got.newest.f).toBe('Fa'); // the later record's item is the newer one (not the greater id)
    expect(got.parked).toEqual({
      a: { item: 'A', resolved: true },
      aOther: { item: 'A', resolved: false },
      b: { item: 'B', resolved: false },
      d: { item: 'D', resolved: false },
      e1: { item: 'E', resolved: true },
      e2: { item: 'E', resolved: true },
      f: { item: 'Fb', resolved: true },
      g: { item: 'G', resolved: true },
    });
    const margin = (s: Record<string, number>) => uncertainty(Object.values(s), strategyName(SamplingStrategy.MARGIN));
    const entropy = (s: Record<string, number>) => uncertainty(Object.values(s), strategyName(SamplingStrategy.ENTROPY));
    const candidate = (project: string, item: string, strategy: string, u: number, status: string, ref: string) =>
      ({ project_id: project, item_id: item, question_id: 'spam', origin: 'predictions', strategy, uncertainty: expect.closeTo(u, 12), status, source_ref: ref });
    expect(got.candidates).toEqual([
      candidate('p1', 'A', 'margin', margin(SCORES.a), 'candidate', 'src:a'),
      candidate('p1', 'B', 'margin', margin(SCORES.b), 'candidate', 'src:b'),
      candidate('p1', 'E', 'margin', margin(SCORES.e2), 'candidate', 'src:e'),
      candidate('p1', 'Fb', 'margin', margin(SCORES.f), 'candidate', 'src:f'),
      candidate('p2', 'B', 'entropy', 0.123, 'selected', 'earlier'),
    ]);
    expect(margin(SCORES.e2)).not.toBeCloseTo(margin(SCORES.e1), 6);
    expect(entropy(SCORES.b)).not.toBeCloseTo(0.123, 3);

    // Redelivered, the whole batch changes nothing.
    await handler.itemBatch(batched.records);
    expect(await state(batched)).toEqual(got);
  });

  it('a batch with a record without item id fails as a whole before writing, so the runner handles its records one by one', async () => {
    const handler = app.get(ItemSourcesHandler);
    const w = await world(uniqueName('isx'));
    const bad = { ...w.records[0], event: { ...w.records[0].event, itemId: '' } };
    await expect(handler.itemBatch([w.records[1], bad])).rejects.toThrow(NonRetryableError);
    expect(await ds.query(`SELECT 1 FROM prelabel.item_sources WHERE source = $1`, [w.source])).toEqual([]);
    // Alone, the good record is handled and the bad one fails again (then goes to the DLQ).
    await handler.itemBatch([w.records[1]]);
    await expect(handler.itemBatch([bad])).rejects.toThrow('item_id is empty');
    expect((await state(w)).sources).toEqual(['b→B']);
  });
});
