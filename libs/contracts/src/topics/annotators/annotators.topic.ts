import {
  AnnotatorEventSchema,
  type AnnotatorEvent,
} from '../../gen/verity/annotators/v1/annotators_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `annotators.v1`: Annotator reliability and suspension changes. */
export const annotatorsTopic = defineTopic<AnnotatorEvent>({
  name: 'annotators.v1',
  schema: AnnotatorEventSchema,
  schemaVersion: 3,
  partitions: 6,
  retentionMs: 30 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'annotator_id',
  keyOf: (e) => e.annotatorId,
  producers: ['quality', 'adjudication'],
  consumers: ['assignment', 'quality', 'adjudication'],
});
