import {
  PrelabelEventSchema,
  type PrelabelEvent,
} from '../../gen/verity/prelabels/v1/prelabels_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `prelabels.v1`: Machine drafts and the routing decision of every task. */
export const prelabelsTopic = defineTopic<PrelabelEvent>({
  name: 'prelabels.v1',
  schema: PrelabelEventSchema,
  schemaVersion: 3,
  partitions: 12,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'task.item_id',
  keyOf: (e) => e.task?.itemId,
  producers: ['prelabel'],
  consumers: ['assignment'],
});
