import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { toBinary } from '@bufbuild/protobuf';
import { QuestionSchema } from '@verity/contracts';
import type { NewTask } from './task-event.factory';

export interface TaskRow {
  task_id: string;
  project_id: string;
  item_id: string;
  question_id: string;
  ontology_version: number;
  status: string;
}

/** decomposition.tasks and decomposition.decisions. */
@Injectable()
export class TaskRepository {
  /** Inserts the task unless the (project, item, question, version) already has one; true if inserted. */
  async insert(tx: EntityManager, t: NewTask): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO decomposition.tasks
         (task_id, project_id, item_id, question_id, ontology_version, origin, parent_task_id, status, question)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'created', $8)
       ON CONFLICT (project_id, item_id, question_id, ontology_version) DO NOTHING RETURNING task_id`,
      [
        t.taskId,
        t.item.projectId,
        t.item.itemId,
        t.question.questionId,
        t.ontologyVersion,
        t.origin,
        t.parentTaskId ?? null,
        Buffer.from(toBinary(QuestionSchema, t.question)),
      ],
    );
    return rows.length > 0;
  }

  /** A task by id, locked for the decision being applied. Project id comes from our own record. */
  async lockById(tx: EntityManager, taskId: string): Promise<TaskRow | undefined> {
    const rows: TaskRow[] = await tx.query(
      `SELECT task_id, project_id, item_id, question_id, ontology_version, status
       FROM decomposition.tasks WHERE task_id = $1 FOR UPDATE`,
      [taskId],
    );
    return rows[0];
  }

  async markDecided(tx: EntityManager, projectId: string, taskId: string, options: string[]) {
    await tx.query(
      `UPDATE decomposition.tasks SET status = 'decided', decided_options = $3 WHERE project_id = $1 AND task_id = $2`,
      [projectId, taskId, options],
    );
  }

  async recordDecision(
    tx: EntityManager,
    d: { decisionId: string; eventId: string; task: TaskRow; options: string[] },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO decomposition.decisions (decision_id, project_id, task_id, item_id, question_id, ontology_version, options, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
      [d.decisionId, d.task.project_id, d.task.task_id, d.task.item_id, d.task.question_id, d.task.ontology_version, d.options, d.eventId],
    );
    return rows.length > 0;
  }

  /** Decided options per question of one item in one project and ontology version (latest decision wins). */
  async decidedAnswers(tx: EntityManager, projectId: string, itemId: string, version: number): Promise<Map<string, string[]>> {
    const rows: { question_id: string; options: string[] }[] = await tx.query(
      `SELECT DISTINCT ON (question_id) question_id, options FROM decomposition.decisions
       WHERE project_id = $1 AND item_id = $2 AND ontology_version = $3 ORDER BY question_id, received_at DESC`,
      [projectId, itemId, version],
    );
    return new Map(rows.map((r) => [r.question_id, r.options]));
  }

  /** The task of a question for an item (to link a dependent task to its parent). */
  async idOf(tx: EntityManager, projectId: string, itemId: string, questionId: string, version: number) {
    const rows: { task_id: string }[] = await tx.query(
      `SELECT task_id FROM decomposition.tasks WHERE project_id = $1 AND item_id = $2 AND question_id = $3 AND ontology_version = $4`,
      [projectId, itemId, questionId, version],
    );
    return rows[0]?.task_id;
  }

  /** The questions each of the given items already has a task of under one ontology version. */
  async questionsUnder(tx: EntityManager, projectId: string, itemIds: readonly string[], version: number): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (itemIds.length === 0) return out;
    const rows: { item_id: string; question_id: string }[] = await tx.query(
      `SELECT item_id, question_id FROM decomposition.tasks WHERE project_id = $1 AND ontology_version = $2 AND item_id = ANY($3::text[])`,
      [projectId, version, itemIds],
    );
    for (const r of rows) out.set(r.item_id, (out.get(r.item_id) ?? new Set<string>()).add(r.question_id));
    return out;
  }
}
