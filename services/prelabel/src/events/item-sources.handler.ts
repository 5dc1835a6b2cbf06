import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { ItemEvent, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { DATA_SOURCE, OnTopic } from '@verity/service-runtime';
import { TaskRepository } from '../db/task.repository';
import { CandidateRepository } from '../db/candidate.repository';
import { RecordPredictionUseCase } from '../use-cases/record-prediction.use-case';

/**
 * items.v1 (own group `prelabel.items`: a busy topic that must not delay drafts or signals):
 * which item a content's source ids became, so predictions naming only source ids find their
 * item. Parked predictions of the item become candidates if its task already arrived (this
 * consumer may lag behind tasks.v1). An idempotent upsert, so no inbox row per item.
 */
@Controller()
export class ItemSourcesHandler {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly candidates: CandidateRepository,
    private readonly tasks: TaskRepository,
    private readonly predictions: RecordPredictionUseCase,
  ) {}

  @OnTopic(TOPICS.items, { group: 'items' })
  async item(@Payload() ev: ItemEvent): Promise<void> {
    if (!ev.itemId) throw new NonRetryableError('item event: item_id is empty');
    const source = ev.content?.source;
    const sourceId = ev.content?.sourceId;
    if (!source || !sourceId) return;
    await this.ds.transaction(async (tx) => {
      await this.candidates.lockItemExclusive(tx, ev.itemId);
      await this.candidates.recordItemSource(tx, ev.itemId, source, sourceId);
      for (const task of await this.tasks.latestPerQuestion(tx, ev.itemId)) await this.predictions.resolveParked(tx, task);
    });
  }
}
