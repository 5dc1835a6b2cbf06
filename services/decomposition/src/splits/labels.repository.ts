import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The current label of one (item, question), as labels.v1 announced it. */
export interface CurrentLabel {
  projectId: string;
  itemId: string;
  questionId: string;
  labelVersion: number;
  ontologyVersion: number;
  status: number;
  /** Option ids it names (label and answer). */
  options: string[];
  /** The task it answers (LabelProvenance.task_id); empty when unknown. */
  taskId: string;
  labelEventId: string;
}

/** decomposition.labels: latest label version per (project, item, question). */
@Injectable()
export class LabelRepository {
  /** Keeps the label if it is a newer version than the one we have; true when kept. */
  async upsertIfNewer(tx: EntityManager, l: CurrentLabel): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO decomposition.labels AS l
         (project_id, question_id, item_id, label_version, ontology_version, status, options, task_id, label_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (project_id, question_id, item_id) DO UPDATE SET label_version = excluded.label_version,
         ontology_version = excluded.ontology_version, status = excluded.status, options = excluded.options,
         task_id = excluded.task_id, label_event_id = excluded.label_event_id, updated_at = now()
       WHERE l.label_version < excluded.label_version
       RETURNING item_id`,
      [l.projectId, l.questionId, l.itemId, l.labelVersion, l.ontologyVersion, l.status, l.options, l.taskId, l.labelEventId],
    );
    return rows.length > 0;
  }

  /**
   * Items of the project whose current, active label of the question was decided under a version
   * older than `version` and names one of `options`, with the task behind the label when it is
   * one of ours (the relabel task's parent). Only items decomposition knows (it has their content).
   */
  async coveredBySplit(tx: EntityManager, projectId: string, questionId: string, version: number, options: string[], activeStatus: number) {
    const rows: { item_id: string; parent_task_id: string | null }[] = await tx.query(
      `SELECT l.item_id, t.task_id AS parent_task_id FROM decomposition.labels l
       JOIN decomposition.items i ON i.project_id = l.project_id AND i.item_id = l.item_id
       LEFT JOIN decomposition.tasks t ON t.task_id = l.task_id AND t.project_id = l.project_id
       WHERE l.project_id = $1 AND l.question_id = $2 AND l.status = $5 AND l.ontology_version < $3 AND l.options && $4::text[]
       ORDER BY l.item_id`,
      [projectId, questionId, version, options, activeStatus],
    );
    return rows.map((r) => ({ itemId: r.item_id, parentTaskId: r.parent_task_id ?? undefined }));
  }

  /** Whether a task id is one of ours in the project (to link a relabel task to it). */
  async isOurTask(tx: EntityManager, projectId: string, taskId: string): Promise<boolean> {
    if (!taskId) return false;
    const rows: unknown[] = await tx.query(`SELECT 1 FROM decomposition.tasks WHERE project_id = $1 AND task_id = $2`, [projectId, taskId]);
    return rows.length > 0;
  }
}
