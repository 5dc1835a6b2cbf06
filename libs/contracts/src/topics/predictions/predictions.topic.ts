import {
  PredictionEventSchema,
  type PredictionEvent,
} from '../../gen/verity/predictions/v1/predictions_pb';
import { DAY_MS, defineTopic, sourceKey } from '../../lib/topic-spec';

/** `predictions.v1`: A deployed model's predictions, for active learning. */
export const predictionsTopic = defineTopic<PredictionEvent>({
  name: 'predictions.v1',
  schema: PredictionEventSchema,
  schemaVersion: 2,
  partitions: 6,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'source:source_id',
  keyOf: (e) => sourceKey(e.source, e.sourceId),
  producers: ['deployed models (external)'],
  consumers: ['prelabel'],
});
