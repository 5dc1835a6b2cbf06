import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';
import type { MyWorkCursor, MyWorkRow } from '../domain/my-work.view';

/**
 * One person's human answers in a project, newest first (submitted_at, then annotation id), with
 * the final label of each answer's task. Honeypot copies never have a task row, and the join
 * excludes them explicitly: their final label is always null, as for a task not yet decided.
 */
@Injectable()
export class MyWorkRepository {
  async page(db: Queryable, projectId: string, annotatorId: string, after: MyWorkCursor | undefined, limit: number): Promise<MyWorkRow[]> {
    return rows<MyWorkRow>(
      db,
      `SELECT a.annotation_id AS "annotationId", a.task_id AS "taskId", a.item_id AS "itemId", a.question_id AS "questionId",
              a.ontology_version AS "ontologyVersion", a.record, a.submitted_at AS "submittedAt",
              to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt",
              a.honeypot, t.final_label AS "finalLabel", t.final_answer AS "finalAnswer", t.final_method AS "finalMethod",
              t.final_at AS "finalAt"
       FROM quality.answers a
       LEFT JOIN quality.tasks t ON t.task_id = a.task_id AND t.project_id = a.project_id AND NOT a.honeypot
       WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.source = 1
         AND ($3::timestamptz IS NULL OR (a.submitted_at, a.annotation_id) < ($3::timestamptz, $4::text))
       ORDER BY a.submitted_at DESC, a.annotation_id DESC
       LIMIT $5`,
      [projectId, annotatorId, after?.at ?? null, after?.annotationId ?? null, limit],
    );
  }
}
