import { Injectable } from '@nestjs/common';
import { fromBinary } from '@bufbuild/protobuf';
import { TaskSchema, type Task } from '@verity/contracts';
import { lockExclusive, lockSharedSorted, rows, type Queryable } from '@verity/persistence';
import type { DraftRow } from './draft.repository';

/** One imported prediction (Label Studio): a draft for a question of the content with these source ids. */
export interface ImportedPrelabelRow {
  projectId: string;
  source: string;
  sourceId: string;
  questionId: string;
  optionIds: string[];
  score: number | null;
  modelVersion: string;
}

/** A task, with the content source ids it carries when decomposition filled them (else empty). */
export interface TaskSourceKey {
  taskId: string;
  projectId: string;
  itemId: string;
  questionId: string;
  source: string;
  sourceId: string;
}

/** An existing task an imported prelabel is for. */
export interface ImportTarget {
  task: Task;
  source: string;
  sourceId: string;
  /** The route of the draft announced for the task. */
  route: string | null;
}

interface Columns {
  project_id: string;
  source: string;
  source_id: string;
  question_id: string;
  option_ids: string[];
  score: number | null;
  model_version: string;
}

const fromColumns = (r: Columns): ImportedPrelabelRow => ({
  projectId: r.project_id,
  source: r.source,
  sourceId: r.source_id,
  questionId: r.question_id,
  optionIds: r.option_ids,
  score: r.score,
  modelVersion: r.model_version,
});

/** The key of one imported prelabel (the table's primary key). */
export const importedKey = (p: Pick<ImportedPrelabelRow, 'source' | 'sourceId' | 'questionId' | 'modelVersion'>) =>
  [p.source, p.sourceId, p.questionId, p.modelVersion].join('\u0000');

/**
 * prelabel.imported_prelabels: predictions imported from Label Studio, parked by (project, content
 * source ids, question) until their task is here. The newest import of a (source ids, question)
 * is the draft (ties: the greatest model version), for every task of it.
 */
@Injectable()
export class ImportedPrelabelRepository {
  /** Stores the new ones (one statement); returns the keys (importedKey) of those inserted, the others were there already. */
  async insertMany(db: Queryable, projectId: string, ps: readonly Omit<ImportedPrelabelRow, 'projectId'>[]): Promise<Set<string>> {
    if (ps.length === 0) return new Set();
    const inserted = await rows<Columns>(
      db,
      `INSERT INTO prelabel.imported_prelabels (project_id, source, source_id, question_id, option_ids, score, model_version)
       SELECT $1, p.source, p.source_id, p.question_id, ARRAY(SELECT jsonb_array_elements_text(p.option_ids)), p.score, p.model_version
       FROM jsonb_to_recordset($2::jsonb) AS p(source text, source_id text, question_id text, option_ids jsonb, score double precision, model_version text)
       ON CONFLICT DO NOTHING
       RETURNING project_id, source, source_id, question_id, option_ids, score, model_version`,
      [
        projectId,
        JSON.stringify(ps.map((p) => ({ source: p.source, source_id: p.sourceId, question_id: p.questionId, option_ids: p.optionIds, score: p.score, model_version: p.modelVersion }))),
      ],
    );
    return new Set(inserted.map((r) => importedKey(fromColumns(r))));
  }

  /**
   * The newest imported prelabel of each task, by task id: matched by the project, the question
   * and the content's source ids, those the task carries or those items.v1 taught prelabel (one
   * probe of `item_sources_by_item` per task: OFFSET 0 keeps the planner from turning the
   * LATERAL subquery into a join it may hash whole when the table has no statistics).
   */
  async newestForTasks(db: Queryable, tasks: readonly TaskSourceKey[]): Promise<Map<string, ImportedPrelabelRow>> {
    if (tasks.length === 0) return new Map();
    const found = await rows<Columns & { task_id: string }>(
      db,
      `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                    AS k(task_id, project_id, item_id, question_id, source, source_id)),
            s AS (SELECT k.task_id, k.project_id, k.question_id, i.source, i.source_id
                  FROM k CROSS JOIN LATERAL (SELECT i.source, i.source_id FROM prelabel.item_sources i WHERE i.item_id = k.item_id OFFSET 0) i
                  UNION
                  SELECT k.task_id, k.project_id, k.question_id, k.source, k.source_id FROM k WHERE k.source <> '' AND k.source_id <> '')
       SELECT DISTINCT ON (s.task_id) s.task_id, p.project_id, p.source, p.source_id, p.question_id, p.option_ids, p.score, p.model_version
       FROM s JOIN prelabel.imported_prelabels p
         ON p.project_id = s.project_id AND p.source = s.source AND p.source_id = s.source_id AND p.question_id = s.question_id
       ORDER BY s.task_id, p.received_at DESC, p.model_version DESC`,
      [
        tasks.map((t) => t.taskId),
        tasks.map((t) => t.projectId),
        tasks.map((t) => t.itemId),
        tasks.map((t) => t.questionId),
        tasks.map((t) => t.source),
        tasks.map((t) => t.sourceId),
      ],
    );
    return new Map(found.map((r) => [r.task_id, fromColumns(r)]));
  }

  /**
   * The latest task of the project for each (source ids, question) given, with the route of its
   * announced draft: what an import applies to at once. Items are found through the source ids
   * items.v1 taught prelabel.
   */
  async latestTasksOf(db: Queryable, projectId: string, keys: readonly { source: string; sourceId: string; questionId: string }[]): Promise<ImportTarget[]> {
    if (keys.length === 0) return [];
    const found = await rows<{ task: Uint8Array; source: string; source_id: string; route: string | null }>(
      db,
      `WITH k AS (SELECT DISTINCT * FROM unnest($2::text[], $3::text[], $4::text[]) AS k(source, source_id, question_id))
       SELECT DISTINCT ON (t.item_id, t.question_id) t.task, k.source, k.source_id, d.route
       FROM k
       JOIN prelabel.item_sources i ON i.source = k.source AND i.source_id = k.source_id
       JOIN prelabel.tasks t ON t.project_id = $1 AND t.item_id = i.item_id AND t.question_id = k.question_id
       LEFT JOIN prelabel.drafts d ON d.task_id = t.task_id AND d.project_id = t.project_id
       ORDER BY t.item_id, t.question_id, t.received_at DESC`,
      [projectId, keys.map((k) => k.source), keys.map((k) => k.sourceId), keys.map((k) => k.questionId)],
    );
    return found.map((r) => ({ task: fromBinary(TaskSchema, r.task), source: r.source, sourceId: r.source_id, route: r.route }));
  }

  /**
   * An imported draft announced for a task that had one: the task's draft row says so (it is
   * the draft assignment now shows).
   */
  async replaceDraft(db: Queryable, projectId: string, d: DraftRow): Promise<void> {
    await db.query(
      `UPDATE prelabel.drafts SET event_id = $3, backend = $4, model_id = $5, model_version = $6, prompt_version = $7, option_id = $8,
         confidence = $9, calibrated = $10, threshold = $11, route = $12, failure = $13, audit = $14
       WHERE task_id = $2 AND project_id = $1`,
      [projectId, d.taskId, d.eventId, d.backend, d.modelId, d.modelVersion, d.promptVersion, d.optionId, d.confidence, d.calibrated, d.threshold, d.route, d.failure, d.audit],
    );
  }

  /** Marks the imported prelabels of these (source ids, question) as applied to a task (the first task keeps the mark). */
  async markApplied(db: Queryable, projectId: string, applied: readonly { taskId: string; source: string; sourceId: string; questionId: string }[]): Promise<void> {
    if (applied.length === 0) return;
    await db.query(
      `UPDATE prelabel.imported_prelabels p SET applied_task_id = a.task_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS a(task_id, source, source_id, question_id)
       WHERE p.project_id = $1 AND p.source = a.source AND p.source_id = a.source_id AND p.question_id = a.question_id AND p.applied_task_id IS NULL`,
      [projectId, applied.map((a) => a.taskId), applied.map((a) => a.source), applied.map((a) => a.sourceId), applied.map((a) => a.questionId)],
    );
  }

  /**
   * Orders an import against task batches of its project: an import takes the project
   * exclusively, a task batch takes its projects shared before it looks for imports, so a task is
   * either committed before the import (which then applies to it) or sees the import.
   */
  async lockProjectExclusive(db: Queryable, projectId: string): Promise<void> {
    await lockExclusive(db, 'prelabel.imports', projectId);
  }

  /** See lockProjectExclusive: the projects of a task batch, shared. */
  async lockProjectsShared(db: Queryable, tasks: readonly { projectId: string }[]): Promise<void> {
    await lockSharedSorted(db, 'prelabel.imports', tasks.map((t) => t.projectId));
  }
}
