import {
  AdjudicationEventSchema,
  type AdjudicationEvent,
} from '../../gen/verity/adjudications/v1/adjudications_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `adjudications.v1`: Requests for an expert verdict, with the reason. */
export const adjudicationsTopic = defineTopic<AdjudicationEvent>({
  name: 'adjudications.v1',
  schema: AdjudicationEventSchema,
  schemaVersion: 4,
  partitions: 6,
  retentionMs: 30 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'item_id',
  keyOf: (e) => e.itemId,
  producers: ['quality'],
  consumers: ['adjudication'],
});
