import { ContentEventSchema, type ContentEvent } from '../../gen/verity/content/v1/content_pb';
import { DAY_MS, defineTopic, sourceKey } from '../../lib/topic-spec';

/** `content.v1`: Content offered for annotation by upstream producers. */
export const contentTopic = defineTopic<ContentEvent>({
  name: 'content.v1',
  schema: ContentEventSchema,
  schemaVersion: 1,
  partitions: 12,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'source:source_id',
  keyOf: (e) => sourceKey(e.source, e.sourceId),
  producers: ['upstream producers', 'ingestion (HTTP endpoint, bulk import)'],
  consumers: ['ingestion'],
  // Raw upstream text, before PII masking: dead letters are encrypted.
  sensitive: true,
});
