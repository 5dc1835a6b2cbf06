import { ItemEventSchema, type ItemEvent } from '../../gen/verity/items/v1/items_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `items.v1`: Deduplicated, masked, language-tagged items matched to projects. */
export const itemsTopic = defineTopic<ItemEvent>({
  name: 'items.v1',
  schema: ItemEventSchema,
  schemaVersion: 2,
  partitions: 12,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'item_id',
  keyOf: (e) => e.itemId,
  producers: ['ingestion'],
  consumers: ['decomposition', 'adjudication', 'export', 'prelabel'],
});
