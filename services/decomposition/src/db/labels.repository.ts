import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows as readRows } from '@verity/persistence';
import type { KnownLabel } from '../domain/requeue.rules';

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

/** decomposition.labels: latest label version per (project, item, question), from labels.v1. */
@Injectable()
export class LabelRepository {
  /** Keeps the label if it is a newer version than the one we have; true when kept. */
  async upsertIfNewer(tx: EntityManager, projectId: string, l: Omit<CurrentLabel, 'projectId'>): Promise<boolean> {
    const kept = await readRows<{ item_id: string }>(
      tx,
      `INSERT INTO decomposition.labels AS l
         (project_id, question_id, item_id, label_version, ontology_version, status, options, task_id, label_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (project_id, question_id, item_id) DO UPDATE SET label_version = excluded.label_version,
         ontology_version = excluded.ontology_version, status = excluded.status, options = excluded.options,
         task_id = excluded.task_id, label_event_id = excluded.label_event_id, updated_at = now()
       WHERE l.label_version < excluded.label_version
       RETURNING item_id`,
      [projectId, l.questionId, l.itemId, l.labelVersion, l.ontologyVersion, l.status, l.options, l.taskId, l.labelEventId],
    );
    return kept.length > 0;
  }

  /**
   * The current label of every question of the given items, with the task behind each when it is
   * one of ours (a relabel task's parent), grouped by item.
   */
  async ofItems(tx: EntityManager, projectId: string, itemIds: readonly string[], activeStatus: number): Promise<Map<string, KnownLabel[]>> {
    const out = new Map<string, KnownLabel[]>();
    if (itemIds.length === 0) return out;
    const rows = await readRows<{ item_id: string; question_id: string; ontology_version: number; status: number; options: string[]; parent_task_id: string | null }>(
        tx,
        `SELECT l.item_id, l.question_id, l.ontology_version, l.status, l.options, t.task_id AS parent_task_id
         FROM decomposition.labels l
         LEFT JOIN decomposition.tasks t ON t.task_id = l.task_id AND t.project_id = l.project_id
         WHERE l.project_id = $1 AND l.item_id = ANY($2::text[])`,
        [projectId, itemIds],
      );
    for (const r of rows) {
      const list = out.get(r.item_id) ?? [];
      list.push({
        questionId: r.question_id,
        ontologyVersion: r.ontology_version,
        options: r.options,
        active: r.status === activeStatus,
        parentTaskId: r.parent_task_id ?? undefined,
      });
      out.set(r.item_id, list);
    }
    return out;
  }
}
