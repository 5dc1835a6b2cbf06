import { Injectable } from '@nestjs/common';
import type { Task } from '@verity/contracts';
import { type Queryable, row } from '@verity/persistence';

/** Priority changes of tasks already in a project's queue (queue order: priority, then age). */
@Injectable()
export class QueuePriorityRepository {
  /**
   * Raises the newest incomplete real task of the same item, question and ontology version to at
   * least `task.priority` (never lowers it). Returns its id, or null when there is none.
   */
  async raiseIncomplete(
    db: Queryable,
    projectId: string,
    task: Pick<Task, 'itemId' | 'questionId' | 'ontologyVersion' | 'priority'>,
  ): Promise<string | null> {
    const raised = await row<{ task_id: string }>(
      db,
      `UPDATE assignment.tasks SET priority = GREATEST(priority, $5)
       WHERE task_id = (
         SELECT task_id FROM assignment.tasks
         WHERE project_id = $1 AND item_id = $2 AND question_id = $3 AND ontology_version = $4
           AND kind = 'real' AND completed_at IS NULL
         ORDER BY received_at DESC, task_id DESC LIMIT 1
         FOR UPDATE)
       RETURNING task_id`,
      [projectId, task.itemId, task.questionId, task.ontologyVersion, task.priority],
    );
    return raised?.task_id ?? null;
  }
}
