import {
  AnnotationEventSchema,
  type AnnotationEvent,
} from '../../gen/verity/annotations/v1/annotations_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `annotations.v1`: Every answer to a task, human or machine, with provenance. */
export const annotationsTopic = defineTopic<AnnotationEvent>({
  name: 'annotations.v1',
  schema: AnnotationEventSchema,
  schemaVersion: 4,
  partitions: 12,
  retentionMs: 30 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'item_id',
  keyOf: (e) => e.itemId,
  producers: ['assignment', 'prelabel'],
  consumers: ['quality'],
});
