import { TaskOrigin, type Task } from '@verity/contracts';

/**
 * A task that asks again about an item's question rather than about new work: active learning
 * picked the item, or production feedback sent it back to humans. Such a task is absorbed by a
 * still-incomplete task of the same item, question and ontology version (its priority is raised)
 * instead of being queued beside it.
 */
export function isReask(task: Pick<Task, 'origin'>): boolean {
  return task.origin === TaskOrigin.ACTIVE_LEARNING || task.origin === TaskOrigin.FEEDBACK;
}
