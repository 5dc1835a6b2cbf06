import {
  DecisionEventSchema,
  type DecisionEvent,
} from '../../gen/verity/decisions/v1/decisions_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `decisions.v1`: Decided labels (aggregation or expert verdict) with their provenance. */
export const decisionsTopic = defineTopic<DecisionEvent>({
  name: 'decisions.v1',
  schema: DecisionEventSchema,
  schemaVersion: 3,
  partitions: 12,
  retentionMs: 30 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'item_id',
  keyOf: (e) => e.itemId,
  producers: ['quality', 'adjudication'],
  consumers: ['export', 'decomposition', 'quality', 'prelabel'],
});
