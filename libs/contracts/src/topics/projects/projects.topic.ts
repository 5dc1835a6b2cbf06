import { ProjectEventSchema, type ProjectEvent } from '../../gen/verity/projects/v1/projects_pb';
import { RETAIN_FOREVER, defineTopic } from '../../lib/topic-spec';

/** `projects.v1`: Latest snapshot of every project (compacted). */
export const projectsTopic = defineTopic<ProjectEvent>({
  name: 'projects.v1',
  schema: ProjectEventSchema,
  schemaVersion: 5,
  partitions: 3,
  retentionMs: RETAIN_FOREVER,
  cleanupPolicy: 'compact',
  keyField: 'project.project_id',
  keyOf: (e) => e.project?.projectId,
  producers: ['gateway'],
  consumers: [
    'decomposition',
    'ingestion',
    'prelabel',
    'assignment',
    'quality',
    'adjudication',
    'export',
  ],
});
