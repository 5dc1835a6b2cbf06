import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { ItemEvent, TOPICS } from '@verity/contracts';
import { NonRetryableError, type BatchRecord } from '@verity/messaging';
import { DATA_SOURCE, OnTopicBatch } from '@verity/service-runtime';
import { CandidateRepository, type ItemSource } from '../db/candidate.repository';
import { RecordPredictionUseCase } from '../use-cases/record-prediction.use-case';

/**
 * items.v1 (own group `prelabel.items`: a busy topic that must not delay drafts or signals):
 * which item a content's source ids became, so predictions naming only source ids find their
 * item. Parked predictions of the item become candidates if its task already arrived (this
 * consumer may lag behind tasks.v1). Idempotent upserts, so no inbox row per item: a redelivered
 * record, or one twice in a batch, changes nothing more.
 */
@Controller()
export class ItemSourcesHandler {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly candidates: CandidateRepository,
    private readonly predictions: RecordPredictionUseCase,
  ) {}

  /**
   * A batch in one transaction, with the effect of its records one by one in offset order; a batch
   * that keeps failing is handled record by record by the consumer runner, so a bad item event is
   * dead-lettered alone.
   */
  @OnTopicBatch(TOPICS.items, { group: 'items' })
  async itemBatch(@Payload() records: BatchRecord<ItemEvent>[]): Promise<void> {
    const sources: ItemSource[] = [];
    for (const { event: ev } of records) {
      if (!ev.itemId) throw new NonRetryableError('item event: item_id is empty');
      const source = ev.content?.source;
      const sourceId = ev.content?.sourceId;
      if (source && sourceId) sources.push({ itemId: ev.itemId, source, sourceId });
    }
    if (sources.length === 0) return;
    const itemIds = sources.map((s) => s.itemId);
    await this.ds.transaction(async (tx) => {
      await this.candidates.lockItemsExclusive(tx, itemIds);
      await this.candidates.recordItemSources(tx, sources);
      await this.predictions.resolveParkedOfItems(tx, itemIds);
    });
  }
}
