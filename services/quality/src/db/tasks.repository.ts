import { Injectable } from '@nestjs/common';
import type { FinalLabel } from '../domain/final-label.rule';
import { type Queryable, row, rows } from '@verity/persistence';
import { TxMemo } from './tx.memo';

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

/** How a task is closed (decided or sent to adjudication). */
export interface TaskClosing {
  status: Exclude<TaskStatus, 'open'>;
  eventId: string;
  label: string | null;
  agreement: number | null;
  confidence: number;
  reasons: string[];
  /** The final label, when this closing decides the task (an expert's, stored first, is kept). */
  final?: FinalLabel;
}

/** A task's row as a batch's transaction holds it (locked), with answer counts and a closing not yet written. */
interface HeldTask {
  row: TaskRow;
  unwrittenAnswers: number;
  unwrittenClosing?: TaskClosing;
}

/**
 * quality.tasks: answers so far and whether the task is closed (decided or sent to adjudication).
 *
 * A batch of answers (`prepare` … `flush`, one transaction under the project lock) creates and
 * locks all its tasks in one statement and then works on the rows it holds: reads come from
 * memory, and answer counts and closings are written once at the flush (`writeClosings` first for
 * a statement that reads quality.tasks within the batch). Every write to quality.tasks goes
 * through this repository, so the rows held stay true; outside a batch each call is one query.
 */
@Injectable()
export class TasksRepository {
  private readonly held = new TxMemo<HeldTask>();
  private readonly batches = new WeakMap<object, Set<string>>();

  /**
   * Creates and locks (sorted by id, so batches cannot deadlock) the tasks a batch's answers will
   * touch, each as its first answer in the batch would create it, and holds their rows. A task id
   * another project holds is neither changed nor held (`lockOrCreate` refuses it).
   *
   * @crossProject a batch of answers spans several projects (all locked); each task row inserts its own project id
   */
  async prepare(
    tx: Queryable,
    tasks: readonly { taskId: string; projectId: string; itemId: string; questionId: string; ontologyVersion: number; answersRequired: number | null }[],
  ): Promise<void> {
    const first = new Map<string, (typeof tasks)[number]>();
    for (const t of tasks) if (!first.has(t.taskId)) first.set(t.taskId, t);
    const list = [...first.values()].sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0));
    this.batches.set(tx, new Set());
    if (list.length === 0) return;
    const held = await rows<TaskRow>(
      tx,
      `INSERT INTO quality.tasks AS cur (task_id, project_id, item_id, question_id, ontology_version, answers_required)
       SELECT t.task_id, t.project_id, t.item_id, t.question_id, t.ontology_version, t.answers_required
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) WITH ORDINALITY
         AS t(task_id, project_id, item_id, question_id, ontology_version, answers_required, n)
       ORDER BY t.n
       ON CONFLICT (task_id) DO UPDATE SET answers_required = COALESCE(cur.answers_required, excluded.answers_required)
       WHERE cur.project_id = excluded.project_id
       RETURNING ${COLUMNS}`,
      [
        list.map((t) => t.taskId),
        list.map((t) => t.projectId),
        list.map((t) => t.itemId),
        list.map((t) => t.questionId),
        list.map((t) => t.ontologyVersion),
        list.map((t) => t.answersRequired),
      ],
    );
    for (const row of held) this.held.set(tx, row.taskId, { row, unwrittenAnswers: 0 });
  }

  /**
   * Writes the closings and answer counts a batch kept in memory (one statement each) and ends the batch.
   *
   * @crossProject writes only the rows `prepare` / `lockOrCreate` held, each already checked against its project
   */
  async flush(tx: Queryable): Promise<void> {
    await this.writeClosings(tx);
    const ids = this.batches.get(tx);
    this.batches.delete(tx);
    if (!ids || ids.size === 0) return;
    const counts = [...ids].sort().map((id) => [id, this.held.get(tx, id)!.unwrittenAnswers] as const).filter(([, n]) => n > 0);
    if (counts.length > 0) {
      await tx.query(
        `UPDATE quality.tasks t SET human_answers = t.human_answers + c.n
         FROM unnest($1::text[], $2::int[]) AS c(task_id, n) WHERE t.task_id = c.task_id`,
        [counts.map((c) => c[0]), counts.map((c) => c[1])],
      );
    }
    for (const [id] of counts) this.held.get(tx, id)!.unwrittenAnswers = 0;
  }

  /**
   * Writes the closings a batch kept in memory (one statement, sorted by task), so that a statement
   * reading quality.tasks sees them; the batch goes on.
   *
   * @crossProject writes only the rows `prepare` / `lockOrCreate` held, each already checked against its project
   */
  async writeClosings(tx: Queryable): Promise<void> {
    const ids = this.batches.get(tx);
    if (!ids) return;
    const closing = [...ids]
      .sort()
      .map((id) => this.held.get(tx, id)!)
      .filter((h) => h.unwrittenClosing);
    if (closing.length === 0) return;
    const cs = closing.map((h) => ({ taskId: h.row.taskId, projectId: h.row.projectId, ...h.unwrittenClosing! }));
    for (const h of closing) delete h.unwrittenClosing;
    await tx.query(
      `UPDATE quality.tasks t SET status = c.status, outcome_event_id = c.event_id, label = c.label, agreement = c.agreement,
         confidence = c.confidence, reasons = ARRAY(SELECT jsonb_array_elements_text(c.reasons)), closed_at = now(),
         final_label = CASE WHEN t.final_at IS NULL AND c.has_final THEN c.final_label ELSE t.final_label END,
         final_answer = CASE WHEN t.final_at IS NULL AND c.has_final THEN c.final_answer ELSE t.final_answer END,
         final_method = CASE WHEN t.final_at IS NULL AND c.has_final THEN c.final_method ELSE t.final_method END,
         final_at = CASE WHEN t.final_at IS NULL AND c.has_final THEN now() ELSE t.final_at END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::jsonb[],
         $9::bool[], $10::text[], $11::bytea[], $12::text[])
         AS c(task_id, project_id, status, event_id, label, agreement, confidence, reasons, has_final, final_label, final_answer, final_method)
       WHERE t.task_id = c.task_id AND t.project_id = c.project_id`,
      [
        cs.map((c) => c.taskId),
        cs.map((c) => c.projectId),
        cs.map((c) => c.status),
        cs.map((c) => c.eventId),
        cs.map((c) => c.label),
        cs.map((c) => c.agreement),
        cs.map((c) => c.confidence),
        cs.map((c) => JSON.stringify(c.reasons)),
        cs.map((c) => c.final !== undefined),
        cs.map((c) => c.final?.label ?? null),
        cs.map((c) => (c.final ? Buffer.from(c.final.answer) : null)),
        cs.map((c) => c.final?.method ?? null),
      ],
    );
  }

  /**
   * The project's task row, created on its first answer, locked until commit (one statement: the
   * upsert locks it). Throws when another project holds the task id.
   */
  async lockOrCreate(
    tx: Queryable,
    projectId: string,
    t: { taskId: string; itemId: string; questionId: string; ontologyVersion: number; answersRequired: number | null },
  ): Promise<TaskRow> {
    const h = this.heldOf(tx, projectId, t.taskId);
    if (h && (t.answersRequired === null || h.row.answersRequired !== null)) return { ...h.row };
    const r = (
      await rows<TaskRow>(
        tx,
        `INSERT INTO quality.tasks AS cur (task_id, project_id, item_id, question_id, ontology_version, answers_required)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (task_id) DO UPDATE SET answers_required = COALESCE(cur.answers_required, excluded.answers_required)
         WHERE cur.project_id = excluded.project_id
         RETURNING ${COLUMNS}`,
        [t.taskId, projectId, t.itemId, t.questionId, t.ontologyVersion, t.answersRequired],
      )
    )[0];
    if (!r) throw new Error(`task_id ${t.taskId}: the task belongs to another project than ${projectId}`);
    if (h) h.row.answersRequired = r.answersRequired;
    return h ? { ...h.row } : r;
  }

  /** The project's task, locked until commit; null when the project has no such task. */
  async lock(tx: Queryable, projectId: string, taskId: string): Promise<TaskRow | null> {
    const h = this.heldOf(tx, projectId, taskId);
    if (h) return { ...h.row };
    const r = await row<TaskRow>(tx, `SELECT ${COLUMNS} FROM quality.tasks WHERE task_id = $1 AND project_id = $2 FOR UPDATE`, [taskId, projectId]);
    return r ?? null;
  }

  /**
   * The label a closed task holds: a decided task's final label (else its aggregated one), an
   * adjudicated task's verdict once it came; null otherwise (open, or with the expert).
   */
  async decidedLabel(tx: Queryable, projectId: string, taskId: string): Promise<string | null> {
    await this.writeClosings(tx);
    const r = await row<{ label: string | null }>(
      tx,
      `SELECT CASE status WHEN 'decided' THEN COALESCE(final_label, label) WHEN 'adjudication' THEN final_label END AS label
       FROM quality.tasks WHERE task_id = $1 AND project_id = $2`,
      [taskId, projectId],
    );
    return r?.label ?? null;
  }

  /** The row a batch holds, when it is the project's. */
  private heldOf(tx: Queryable, projectId: string, taskId: string): HeldTask | undefined {
    const h = this.held.get(tx, taskId);
    return h?.row.projectId === projectId ? h : undefined;
  }

  async countHumanAnswer(tx: Queryable, projectId: string, taskId: string): Promise<void> {
    const h = this.heldOf(tx, projectId, taskId);
    const batch = this.batches.get(tx);
    if (h && batch) {
      h.row.humanAnswers++;
      h.unwrittenAnswers++;
      batch.add(taskId);
      return;
    }
    await tx.query(`UPDATE quality.tasks SET human_answers = human_answers + 1 WHERE task_id = $1 AND project_id = $2`, [taskId, projectId]);
    if (h) h.row.humanAnswers++;
  }

  /** Closes the task; in a batch, on the row held, written at the flush (or `writeClosings`). */
  async close(tx: Queryable, projectId: string, taskId: string, c: TaskClosing): Promise<void> {
    const h = this.heldOf(tx, projectId, taskId);
    const batch = this.batches.get(tx);
    if (h && batch) {
      // Closed twice before a write: the later closing's fields, the first final label (as two UPDATEs would leave them).
      const earlier = h.unwrittenClosing;
      h.unwrittenClosing = { ...c, ...(earlier?.final ? { final: earlier.final } : {}) };
      h.row.status = c.status;
      batch.add(taskId);
      return;
    }
    const f = c.final;
    await tx.query(
      `UPDATE quality.tasks SET status = $2, outcome_event_id = $3, label = $4, agreement = $5, confidence = $6,
         reasons = $7, closed_at = now(),
         final_label = CASE WHEN final_at IS NULL AND $8::boolean THEN $9 ELSE final_label END,
         final_answer = CASE WHEN final_at IS NULL AND $8::boolean THEN $10::bytea ELSE final_answer END,
         final_method = CASE WHEN final_at IS NULL AND $8::boolean THEN $11 ELSE final_method END,
         final_at = CASE WHEN final_at IS NULL AND $8::boolean THEN now() ELSE final_at END
       WHERE task_id = $1 AND project_id = $12`,
      [
        taskId, c.status, c.eventId, c.label, c.agreement, c.confidence, c.reasons, f !== undefined, f?.label ?? null,
        f ? Buffer.from(f.answer) : null, f?.method ?? null, projectId,
      ],
    );
    if (h) h.row.status = c.status;
  }

  /**
   * An expert's decision (decisions.v1, produced by adjudication) is the task's final label,
   * whatever was there before. Returns false when the project holds no such task in quality.
   */
  async recordExpertFinal(db: Queryable, projectId: string, taskId: string, f: FinalLabel & { at: Date }): Promise<boolean> {
    const updated = await rows<{ task_id: string }>(
      db,
      `UPDATE quality.tasks SET final_label = $3, final_answer = $4, final_method = $5, final_at = $6
       WHERE task_id = $1 AND project_id = $2 RETURNING task_id`,
      [taskId, projectId, f.label, Buffer.from(f.answer), f.method, f.at],
    );
    return updated.length > 0;
  }

  /** Open tasks of a project that have their answers under the given default N. */
  async readyOpen(tx: Queryable, projectId: string, defaultRequired: number): Promise<string[]> {
    const ready = await rows<{ task_id: string }>(
      tx,
      `SELECT task_id FROM quality.tasks WHERE project_id = $1 AND status = 'open'
         AND human_answers >= COALESCE(answers_required, $2) ORDER BY created_at`,
      [projectId, defaultRequired],
    );
    return ready.map((r) => r.task_id);
  }

  async statusCounts(db: Queryable, projectId: string): Promise<Record<TaskStatus, number>> {
    const counts = await rows<{ status: TaskStatus; n: number }>(
      db,
      `SELECT status, count(*)::int AS n FROM quality.tasks WHERE project_id = $1 GROUP BY status`,
      [projectId],
    );
    const out: Record<TaskStatus, number> = { open: 0, decided: 0, adjudication: 0 };
    for (const r of counts) out[r.status] = r.n;
    return out;
  }
}
