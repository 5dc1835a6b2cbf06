import { ReleaseEventSchema, type ReleaseEvent } from '../../gen/verity/releases/v1/releases_pb';
import { RETAIN_FOREVER, defineTopic } from '../../lib/topic-spec';

/** `releases.v1`: Immutable dataset releases written to S3. */
export const releasesTopic = defineTopic<ReleaseEvent>({
  name: 'releases.v1',
  schema: ReleaseEventSchema,
  schemaVersion: 2,
  partitions: 3,
  retentionMs: RETAIN_FOREVER,
  cleanupPolicy: 'delete',
  keyField: 'envelope.project_id',
  keyOf: (e) => e.envelope?.projectId,
  producers: ['export'],
  consumers: ['training jobs (external)'],
});
