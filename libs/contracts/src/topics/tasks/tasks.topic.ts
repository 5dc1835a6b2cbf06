import { TaskEventSchema, type TaskEvent } from '../../gen/verity/tasks/v1/tasks_pb';
import { DAY_MS, defineTopic } from '../../lib/topic-spec';

/** `tasks.v1`: Atomic annotation tasks (internal: carries the honeypot flag). */
export const tasksTopic = defineTopic<TaskEvent>({
  name: 'tasks.v1',
  schema: TaskEventSchema,
  schemaVersion: 2,
  partitions: 12,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  keyField: 'task.item_id',
  keyOf: (e) => e.task?.itemId,
  producers: ['decomposition'],
  consumers: ['prelabel', 'assignment'],
});
