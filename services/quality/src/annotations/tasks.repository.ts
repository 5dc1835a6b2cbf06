import { Injectable } from '@nestjs/common';
import type { Queryable } from '../shared/db';

export type TaskStatus = 'open' | 'decided' | 'adjudication';

export interface TaskRow {
  taskId: string;
  projectId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  answersRequired: number | null;
  humanAnswers: number;
  status: TaskStatus;
}

const COLUMNS = `task_id AS "taskId", project_id AS "projectId", item_id AS "itemId", question_id AS "questionId",
  ontology_version AS "ontologyVersion", answers_required AS "answersRequired", human_answers AS "humanAnswers", status`;

/** quality.tasks: answers so far and whether the task is closed (decided or sent to adjudication). */
@Injectable()
export class TasksRepository {
  /** The task's row, created on its first answer, locked until commit. */
  async lockOrCreate(
    tx: Queryable,
    t: { taskId: string; projectId: string; itemId: string; questionId: string; ontologyVersion: number; answersRequired: number | null },
  ): Promise<TaskRow> {
    await tx.query(
      `INSERT INTO quality.tasks (task_id, project_id, item_id, question_id, ontology_version, answers_required)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (task_id) DO NOTHING`,
      [t.taskId, t.projectId, t.itemId, t.questionId, t.ontologyVersion, t.answersRequired],
    );
    if (t.answersRequired !== null) {
      await tx.query(`UPDATE quality.tasks SET answers_required = $2 WHERE task_id = $1 AND answers_required IS NULL`, [
        t.taskId,
        t.answersRequired,
      ]);
    }
    return (await this.lock(tx, t.taskId))!;
  }

  async lock(tx: Queryable, taskId: string): Promise<TaskRow | null> {
    const rows: TaskRow[] = await tx.query(`SELECT ${COLUMNS} FROM quality.tasks WHERE task_id = $1 FOR UPDATE`, [taskId]);
    return rows[0] ?? null;
  }

  async countHumanAnswer(tx: Queryable, taskId: string): Promise<void> {
    await tx.query(`UPDATE quality.tasks SET human_answers = human_answers + 1 WHERE task_id = $1`, [taskId]);
  }

  async close(
    tx: Queryable,
    taskId: string,
    c: { status: Exclude<TaskStatus, 'open'>; eventId: string; label: string | null; agreement: number | null; confidence: number; reasons: string[] },
  ): Promise<void> {
    await tx.query(
      `UPDATE quality.tasks SET status = $2, outcome_event_id = $3, label = $4, agreement = $5, confidence = $6,
         reasons = $7, closed_at = now() WHERE task_id = $1`,
      [taskId, c.status, c.eventId, c.label, c.agreement, c.confidence, c.reasons],
    );
  }

  /** Open tasks of a project that have their answers under the given default N. */
  async readyOpen(tx: Queryable, projectId: string, defaultRequired: number): Promise<string[]> {
    const rows: { task_id: string }[] = await tx.query(
      `SELECT task_id FROM quality.tasks WHERE project_id = $1 AND status = 'open'
         AND human_answers >= COALESCE(answers_required, $2) ORDER BY created_at`,
      [projectId, defaultRequired],
    );
    return rows.map((r) => r.task_id);
  }

  async statusCounts(db: Queryable, projectId: string): Promise<Record<TaskStatus, number>> {
    const rows: { status: TaskStatus; n: number }[] = await db.query(
      `SELECT status, count(*)::int AS n FROM quality.tasks WHERE project_id = $1 GROUP BY status`,
      [projectId],
    );
    const out: Record<TaskStatus, number> = { open: 0, decided: 0, adjudication: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }
}
