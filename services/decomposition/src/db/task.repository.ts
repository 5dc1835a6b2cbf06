import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { toBinary } from '@bufbuild/protobuf';
import { QuestionSchema } from '@verity/contracts';
import { rows as readRows } from '@verity/persistence';
import type { NewTask } from '../events/task-event.factory';

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
  /**
   * Inserts the tasks (one statement) except those whose (project, item, question, version)
   * already has one, or appears earlier in the list; returns, per task, whether it was inserted.
   *
   * @crossProject an item batch's tasks span the projects its items matched, in one statement; each row inserts its own project id
   */
  async insertMany(tx: EntityManager, ts: readonly NewTask[]): Promise<boolean[]> {
    if (ts.length === 0) return [];
    const rows = await readRows<{ task_id: string }>(
      tx,
      `INSERT INTO decomposition.tasks
         (task_id, project_id, item_id, question_id, ontology_version, origin, parent_task_id, status, question)
       SELECT r.task_id, r.project_id, r.item_id, r.question_id, r.ontology_version, r.origin, r.parent_task_id, 'created', r.question
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::bytea[])
         WITH ORDINALITY AS r(task_id, project_id, item_id, question_id, ontology_version, origin, parent_task_id, question, n)
       ORDER BY r.n
       ON CONFLICT (project_id, item_id, question_id, ontology_version) DO NOTHING RETURNING task_id`,
      [
        ts.map((t) => t.taskId),
        ts.map((t) => t.item.projectId),
        ts.map((t) => t.item.itemId),
        ts.map((t) => t.question.questionId),
        ts.map((t) => t.ontologyVersion),
        ts.map((t) => t.origin),
        ts.map((t) => t.parentTaskId ?? null),
        ts.map((t) => Buffer.from(toBinary(QuestionSchema, t.question))),
      ],
    );
    const inserted = new Set(rows.map((r) => r.task_id));
    return ts.map((t) => inserted.has(t.taskId));
  }

  /** The project's task, locked for the decision being applied; undefined when the project has no such task. */
  async lockById(tx: EntityManager, projectId: string, taskId: string): Promise<TaskRow | undefined> {
    const rows = await readRows<TaskRow>(
      tx,
      `SELECT task_id, project_id, item_id, question_id, ontology_version, status
       FROM decomposition.tasks WHERE task_id = $1 AND project_id = $2 FOR UPDATE`,
      [taskId, projectId],
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
    projectId: string,
    d: { decisionId: string; eventId: string; task: Omit<TaskRow, 'project_id'>; options: string[] },
  ): Promise<boolean> {
    const rows = await readRows<{ decision_id: string }>(
      tx,
      `INSERT INTO decomposition.decisions (decision_id, project_id, task_id, item_id, question_id, ontology_version, options, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (decision_id) DO NOTHING RETURNING decision_id`,
      [d.decisionId, projectId, d.task.task_id, d.task.item_id, d.task.question_id, d.task.ontology_version, d.options, d.eventId],
    );
    return rows.length > 0;
  }

  /** Decided options per question of one item in one project and ontology version (latest decision wins). */
  async decidedAnswers(tx: EntityManager, projectId: string, itemId: string, version: number): Promise<Map<string, string[]>> {
    return (await this.decidedAnswersMany(tx, [{ projectId, itemId, version }])).get(decidedKey(projectId, itemId, version)) ?? new Map();
  }

  /**
   * `decidedAnswers` of many (project, item, version) in one statement, by `decidedKey`; keys without decisions are absent.
   *
   * @crossProject an item batch spans the projects its items matched; every key names its project and the read is filtered on it
   */
  async decidedAnswersMany(
    tx: EntityManager,
    keys: readonly { projectId: string; itemId: string; version: number }[],
  ): Promise<Map<string, Map<string, string[]>>> {
    const out = new Map<string, Map<string, string[]>>();
    if (keys.length === 0) return out;
    const rows = await readRows<{ project_id: string; item_id: string; ontology_version: number; question_id: string; options: string[] }>(
      tx,
      // One probe of decisions_by_item per key (DISTINCT ON keeps the planner from scanning the whole table).
      `SELECT k.project_id, k.item_id, k.version AS ontology_version, d.question_id, d.options
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::int[])) AS k(project_id, item_id, version)
       CROSS JOIN LATERAL (SELECT DISTINCT ON (question_id) question_id, options FROM decomposition.decisions d
                           WHERE d.project_id = k.project_id AND d.item_id = k.item_id AND d.ontology_version = k.version
                           ORDER BY question_id, received_at DESC) d`,
      [keys.map((k) => k.projectId), keys.map((k) => k.itemId), keys.map((k) => k.version)],
    );
    for (const r of rows) {
      const key = decidedKey(r.project_id, r.item_id, r.ontology_version);
      out.set(key, (out.get(key) ?? new Map<string, string[]>()).set(r.question_id, r.options));
    }
    return out;
  }

  /** The task of a question for an item (to link a dependent task to its parent). */
  async idOf(tx: EntityManager, projectId: string, itemId: string, questionId: string, version: number) {
    const rows = await readRows<{ task_id: string }>(
      tx,
      `SELECT task_id FROM decomposition.tasks WHERE project_id = $1 AND item_id = $2 AND question_id = $3 AND ontology_version = $4`,
      [projectId, itemId, questionId, version],
    );
    return rows[0]?.task_id;
  }

  /** The questions each of the given items already has a task of under one ontology version. */
  async questionsUnder(tx: EntityManager, projectId: string, itemIds: readonly string[], version: number): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    if (itemIds.length === 0) return out;
    const rows = await readRows<{ item_id: string; question_id: string }>(
      tx,
      `SELECT item_id, question_id FROM decomposition.tasks WHERE project_id = $1 AND ontology_version = $2 AND item_id = ANY($3::text[])`,
      [projectId, version, itemIds],
    );
    for (const r of rows) out.set(r.item_id, (out.get(r.item_id) ?? new Set<string>()).add(r.question_id));
    return out;
  }
}

/** The key of `decidedAnswersMany`'s result. */
export const decidedKey = (projectId: string, itemId: string, version: number) => `${projectId}\u0000${itemId}\u0000${version}`;
