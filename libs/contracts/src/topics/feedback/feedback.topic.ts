import { FeedbackEventSchema, type FeedbackEvent } from '../../gen/verity/feedback/v1/feedback_pb';
import { DAY_MS, defineTopic, sourceKey } from '../../lib/topic-spec';

/** `feedback.v1`: Production feedback as weak labels. */
export const feedbackTopic = defineTopic<FeedbackEvent>({
  name: 'feedback.v1',
  schema: FeedbackEventSchema,
  schemaVersion: 2,
  partitions: 6,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'source:source_id',
  keyOf: (e) => sourceKey(e.source, e.sourceId),
  producers: ['production systems (external)'],
  consumers: ['prelabel', 'quality', 'adjudication'],
});
