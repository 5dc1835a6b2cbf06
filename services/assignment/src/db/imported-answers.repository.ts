import { Injectable } from '@nestjs/common';
import { lockExclusive, lockSharedSorted, type Queryable, rows } from '@verity/persistence';
import { LABEL_STUDIO_MODEL_ID } from '@verity/interchange';
import type { SlotState } from '../domain/imported-answer.rule';

/** Namespace of the per-project advisory lock between imports (exclusive) and task intake (shared). */
const LOCK = 'assignment.imported-answers';

/** One answer to record, as posted. */
export interface NewImportedAnswer {
  source: string;
  sourceId: string;
  questionId: string;
  annotatorId: string;
  externalId: string;
  optionIds: string[];
  submittedAt: Date;
  timeSpentMs?: number;
  annotationId: string;
}

/** A parked answer, locked, with the real task it is to be applied to. */
export interface ApplicableAnswer {
  annotationId: string;
  annotatorId: string;
  externalId: string;
  optionIds: string[];
  submittedAt: Date;
  timeSpentMs: number | null;
  taskId: string;
  itemId: string;
  questionId: string;
}

/** What validating an answer against its task needs. */
export interface TaskQuestion {
  taskId: string;
  question: unknown;
  maskedText: string | null;
}

const APPLICABLE_COLUMNS = `c.annotation_id AS "annotationId", c.annotator_id AS "annotatorId", c.external_id AS "externalId",
  c.option_ids AS "optionIds", c.submitted_at AS "submittedAt", c.time_spent_ms::float8 AS "timeSpentMs", t.task_id AS "taskId",
  t.item_id AS "itemId", t.question_id AS "questionId"`;
// Of several real tasks of one (source, source id, question): the newest ontology version, then the latest queued.
const APPLICABLE_ORDER = `ORDER BY c.annotation_id, t.ontology_version DESC, t.received_at DESC, t.task_id DESC`;

/**
 * assignment.imported_answers: answers given in another tool (a Label Studio export), parked by
 * (project, source, source id, question) until the real task of that content and question is
 * queued, then recorded like a submitted answer under a synthetic imported lease.
 */
@Injectable()
export class ImportedAnswersRepository {
  /** An import holds its project exclusively, so a task queued meanwhile is either seen by it or sees its answers. */
  async lockProject(db: Queryable, projectId: string): Promise<void> {
    await lockExclusive(db, LOCK, projectId);
  }

  /**
   * Task intake holds the projects of tasks that carry source ids shared (intakes run side by side).
   * @crossProject a tasks.v1 / prelabels.v1 batch mixes projects; each lock is one project's
   */
  async lockProjectsShared(db: Queryable, projectIds: readonly string[]): Promise<void> {
    await lockSharedSorted(db, LOCK, projectIds);
  }

  /** Records the answers not recorded before (same key); returns the annotation ids inserted. */
  async insertMany(db: Queryable, projectId: string, importedBy: string, answers: readonly NewImportedAnswer[]): Promise<string[]> {
    if (answers.length === 0) return [];
    const col = <T>(f: (a: NewImportedAnswer) => T) => answers.map(f);
    const inserted = await rows<{ annotation_id: string }>(
      db,
      `INSERT INTO assignment.imported_answers (project_id, source, source_id, question_id, annotator_id, external_id, option_ids,
         submitted_at, time_spent_ms, imported_by, annotation_id)
       SELECT $1, r.source, r.source_id, r.question_id, r.annotator_id, r.external_id,
         ARRAY(SELECT jsonb_array_elements_text(r.option_ids::jsonb)), r.submitted_at, r.time_spent_ms, $2, r.annotation_id
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::bigint[], $11::text[])
         WITH ORDINALITY AS r(source, source_id, question_id, annotator_id, external_id, option_ids, submitted_at, time_spent_ms, annotation_id, n)
       ORDER BY r.n
       ON CONFLICT DO NOTHING
       RETURNING annotation_id`,
      [
        projectId,
        importedBy,
        col((a) => a.source),
        col((a) => a.sourceId),
        col((a) => a.questionId),
        col((a) => a.annotatorId),
        col((a) => a.externalId),
        col((a) => JSON.stringify(a.optionIds)),
        col((a) => a.submittedAt.toISOString()),
        col((a) => a.timeSpentMs ?? null),
        col((a) => a.annotationId),
      ],
    );
    return inserted.map((r) => r.annotation_id);
  }

  /** The given answers still parked whose real task exists, locked (a concurrent applier waits, then skips them). */
  async lockApplicableByAnswer(db: Queryable, projectId: string, annotationIds: readonly string[]): Promise<ApplicableAnswer[]> {
    if (annotationIds.length === 0) return [];
    return rows<ApplicableAnswer>(
      db,
      `WITH c AS (
         SELECT * FROM assignment.imported_answers
         WHERE project_id = $1 AND applied_task_id IS NULL AND annotation_id = ANY($2::text[])
         FOR UPDATE
       )
       SELECT DISTINCT ON (c.annotation_id) ${APPLICABLE_COLUMNS}
       FROM c JOIN assignment.tasks t
         ON t.project_id = c.project_id AND t.kind = 'real' AND t.source = c.source AND t.source_id = c.source_id AND t.question_id = c.question_id
       ${APPLICABLE_ORDER}`,
      [projectId, [...annotationIds]],
    );
  }

  /** The parked answers of the given (new) real tasks' source ids and questions, locked, each with one of those tasks. */
  async lockApplicableByTask(db: Queryable, projectId: string, taskIds: readonly string[]): Promise<ApplicableAnswer[]> {
    if (taskIds.length === 0) return [];
    return rows<ApplicableAnswer>(
      db,
      `WITH t AS (
         SELECT task_id, item_id, source, source_id, question_id, ontology_version, received_at FROM assignment.tasks
         WHERE project_id = $1 AND task_id = ANY($2::text[]) AND kind = 'real' AND source_id IS NOT NULL
       ), c AS (
         SELECT ia.* FROM assignment.imported_answers ia
         WHERE ia.project_id = $1 AND ia.applied_task_id IS NULL
           AND EXISTS (SELECT 1 FROM t WHERE t.source = ia.source AND t.source_id = ia.source_id AND t.question_id = ia.question_id)
         FOR UPDATE
       )
       SELECT DISTINCT ON (c.annotation_id) ${APPLICABLE_COLUMNS}
       FROM c JOIN t ON t.source = c.source AND t.source_id = c.source_id AND t.question_id = c.question_id
       ${APPLICABLE_ORDER}`,
      [projectId, [...taskIds]],
    );
  }

  async taskQuestions(db: Queryable, projectId: string, taskIds: readonly string[]): Promise<TaskQuestion[]> {
    return rows<TaskQuestion>(
      db,
      `SELECT task_id AS "taskId", question, masked_text AS "maskedText" FROM assignment.tasks WHERE project_id = $1 AND task_id = ANY($2::text[])`,
      [projectId, [...taskIds]],
    );
  }

  /** The task's slots, locked (a lease call skips them meanwhile; a submit on one waits). */
  async lockSlots(db: Queryable, projectId: string, taskId: string): Promise<{ slotNo: number; state: SlotState }[]> {
    return rows(
      db,
      `SELECT slot_no AS "slotNo", state FROM assignment.slots WHERE project_id = $1 AND task_id = $2 ORDER BY slot_no FOR UPDATE`,
      [projectId, taskId],
    );
  }

  /**
   * Gives a slot (an open one, or one added) to an imported answer under a synthetic lease of its
   * annotator, leased and ended at the answer's time, which recordAnswer then submits.
   */
  async leaseForImport(
    db: Queryable,
    projectId: string,
    a: { taskId: string; slotNo: number; added: boolean; leaseId: string; annotatorId: string; itemId: string; questionId: string; at: Date },
  ): Promise<void> {
    if (a.added) {
      await db.query(
        `INSERT INTO assignment.slots (task_id, slot_no, project_id, state, lease_id, annotator_id, expires_at)
         VALUES ($2, $3, $1, 'leased', $4, $5, $6)`,
        [projectId, a.taskId, a.slotNo, a.leaseId, a.annotatorId, a.at],
      );
    } else {
      await db.query(
        `UPDATE assignment.slots SET state = 'leased', lease_id = $4, annotator_id = $5, expires_at = $6
         WHERE project_id = $1 AND task_id = $2 AND slot_no = $3 AND state = 'open'`,
        [projectId, a.taskId, a.slotNo, a.leaseId, a.annotatorId, a.at],
      );
    }
    // A draft imported from the same tool counts as shown: Label Studio pre-fills an annotation
    // from the task's prediction, so the answer (and the release's provenance) keeps it.
    await db.query(
      `INSERT INTO assignment.assignments (lease_id, task_id, slot_no, project_id, item_id, question_id, annotator_id, state,
         leased_at, expires_at, draft_shown, imported)
       SELECT $1, $2, $3, $4, $5, $6, $7, 'leased', $8, $8,
              coalesce((SELECT t.draft IS NOT NULL AND t.draft_model->>'modelId' = $9 FROM assignment.tasks t WHERE t.project_id = $4 AND t.task_id = $2), false), true`,
      [a.leaseId, a.taskId, a.slotNo, projectId, a.itemId, a.questionId, a.annotatorId, a.at, LABEL_STUDIO_MODEL_ID],
    );
  }

  /** Who has an answer recorded on the task. */
  async answeredBy(db: Queryable, projectId: string, taskId: string): Promise<string[]> {
    const found = await rows<{ annotator_id: string }>(
      db,
      `SELECT DISTINCT annotator_id FROM assignment.answers WHERE project_id = $1 AND task_id = $2`,
      [projectId, taskId],
    );
    return found.map((r) => r.annotator_id);
  }

  /** A task given more distinct answers than its N wants them all: its N (copied to every annotation) grows by `more`. */
  async widen(db: Queryable, projectId: string, taskId: string, more: number): Promise<void> {
    await db.query(`UPDATE assignment.tasks SET answers_required = answers_required + $3 WHERE project_id = $1 AND task_id = $2`, [
      projectId,
      taskId,
      more,
    ]);
  }

  async markApplied(db: Queryable, projectId: string, annotationId: string, taskId: string): Promise<void> {
    await db.query(
      `UPDATE assignment.imported_answers SET applied_task_id = $3, applied_at = now(), last_error = NULL
       WHERE project_id = $1 AND annotation_id = $2`,
      [projectId, annotationId, taskId],
    );
  }

  /** The answer does not fit the task found (e.g. an option of another ontology version): it stays parked, with why. */
  async markNotApplicable(db: Queryable, projectId: string, annotationId: string, reason: string): Promise<void> {
    await db.query(`UPDATE assignment.imported_answers SET last_error = $3 WHERE project_id = $1 AND annotation_id = $2`, [
      projectId,
      annotationId,
      reason,
    ]);
  }
}
