import { LabelEventSchema, type LabelEvent } from '../../gen/verity/labels/v1/labels_pb';
import { RETAIN_FOREVER, defineTopic } from '../../lib/topic-spec';

/** `labels.v1`: THE PUBLIC TRAINING CONTRACT: versioned labels with full provenance. */
export const labelsTopic = defineTopic<LabelEvent>({
  name: 'labels.v1',
  schema: LabelEventSchema,
  schemaVersion: 5,
  partitions: 12,
  retentionMs: RETAIN_FOREVER,
  cleanupPolicy: 'delete',
  keyField: 'item_id',
  keyOf: (e) => e.itemId,
  producers: ['export'],
  consumers: ['prelabel', 'decomposition', 'training jobs (external)'],
});
