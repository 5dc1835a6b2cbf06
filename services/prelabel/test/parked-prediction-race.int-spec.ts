import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { create } from '@bufbuild/protobuf';
import { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import { ContentType, createEvent, newEnvelope, QuestionKind, TaskOrigin, TaskSchema, TOPICS, uuidv7 } from '@verity/contracts';
import { DATA_SOURCE, platformSettings } from '@verity/service-runtime';
import { stackEnv, uniqueName } from '@verity/testing';
import { CandidateRepository } from '../src/db/candidate.repository';
import { TaskRepository } from '../src/db/task.repository';
import { ItemSourcesHandler } from '../src/events/item-sources.handler';
import { PrelabelModule } from '../src/prelabel.module';
import { prelabelSettings } from '../src/prelabel.settings';

// A prediction named only by source ids waits for its item. The item's source ids (items.v1)
// and its task (tasks.v1) arrive on different consumers; when they are handled at the same time,
// each transaction must still see the other's write, or the prediction stays parked for good
// (seen once in CI). The items.v1 side waits for a task transaction holding the item.
describe('prelabel: a parked prediction is resolved when its item and its task arrive together', () => {
  stackEnv();
  const projectId = uniqueName('pl-race');
  const source = uniqueName('src');
  const itemId = uniqueName('item');
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

  it('the items.v1 transaction waits for the uncommitted task, then resolves the prediction', async () => {
    const candidates = app.get(CandidateRepository);
    const tasks = app.get(TaskRepository);
    const predictionId = uuidv7();
    await candidates.park(ds, { predictionId, projectId, itemId: null, source, sourceId: 's1', questionId: 'spam', scores: { spam: 0.6, ham: 0.4 }, uncertainty: 0.4 });
    const task = create(TaskSchema, {
      taskId: uuidv7(), itemId, projectId, questionId: 'spam', ontologyVersion: 1, contentType: ContentType.TEXT,
      question: { questionId: 'spam', kind: QuestionKind.SINGLE_CHOICE, prompt: 'Spam?', options: [{ optionId: 'spam', label: 'Spam' }, { optionId: 'ham', label: 'Ham' }] },
      answersRequired: 1, origin: TaskOrigin.NEW_ITEM, maskedText: 'hello',
    });

    // The task batch's transaction, as process-task runs it, stopped before it commits.
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await candidates.lockItemsShared(runner.manager, [itemId]);
    await tasks.insertMany(runner.manager, [task]);
    expect((await candidates.withParked(runner.manager, [task])).size).toBe(0); // the item's source ids are not known yet

    let handled = false;
    const itemEvent = createEvent(TOPICS.items, {
      envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.items }),
      itemId,
      content: { source, sourceId: 's1' },
    } as never);
    const record = { event: itemEvent, ctx: { topic: TOPICS.items.name, partition: 0, offset: '0', key: itemId, headers: {}, attempt: 1, eventId: itemEvent.envelope!.eventId }, trace: ROOT_CONTEXT };
    const handling = app.get(ItemSourcesHandler).itemBatch([record]).then(() => { handled = true; });
    await new Promise((r) => setTimeout(r, 700));
    expect(handled).toBe(false);

    await runner.commitTransaction();
    await runner.release();
    await handling;
    const [row] = await ds.query(`SELECT item_id, resolved_at FROM prelabel.unresolved_predictions WHERE prediction_id = $1`, [predictionId]);
    expect(row.item_id).toBe(itemId);
    expect(row.resolved_at).not.toBeNull();
  });
});
