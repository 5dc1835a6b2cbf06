import { Injectable } from '@nestjs/common';
import type { RouteCount } from '../domain/model-loop.policy';
import { row, rows, type Queryable } from '@verity/persistence';

export interface DraftRow {
  taskId: string;
  eventId: string;
  projectId: string;
  itemId: string;
  questionId: string;
  backend: string;
  modelId: string;
  modelVersion: string;
  promptVersion: string;
  optionId: string | null;
  confidence: number | null;
  calibrated: number | null;
  threshold: number | null;
  route: string;
  failure: string | null;
  audit: boolean;
}

/** prelabel.drafts as stored. */
interface DraftColumns {
  task_id: string;
  event_id: string;
  project_id: string;
  item_id: string;
  question_id: string;
  backend: string;
  model_id: string;
  model_version: string;
  prompt_version: string;
  option_id: string | null;
  confidence: number | null;
  calibrated: number | null;
  threshold: number | null;
  route: string;
  failure: string | null;
  audit: boolean;
}

/** A task as its project knows it. */
export interface TaskKey {
  projectId: string;
  taskId: string;
}

/** One draft (or failure) per task and the route it took. */
@Injectable()
export class DraftRepository {
  async exists(db: Queryable, task: TaskKey): Promise<boolean> {
    return (await this.existing(db, [task])).has(task.taskId);
  }

  /**
   * Which of these tasks (each in its project) already have a draft, by task id. One probe of
   * the primary key per task (a LATERAL subquery with LIMIT is never turned into a join): joined
   * to the key array, a table no ANALYZE has seen was hashed whole for every batch.
   */
  async existing(db: Queryable, tasks: readonly TaskKey[]): Promise<Set<string>> {
    if (tasks.length === 0) return new Set();
    const found = await rows<{ task_id: string }>(
      db,
      `SELECT k.task_id FROM unnest($1::text[], $2::text[]) AS k(task_id, project_id)
       CROSS JOIN LATERAL (SELECT 1 FROM prelabel.drafts d WHERE d.task_id = k.task_id AND d.project_id = k.project_id LIMIT 1) d`,
      [tasks.map((t) => t.taskId), tasks.map((t) => t.projectId)],
    );
    return new Set(found.map((r) => r.task_id));
  }

  async insert(db: Queryable, d: DraftRow): Promise<boolean> {
    const [inserted] = await this.insertMany(db, [d]);
    return inserted;
  }

  /** Inserts the drafts of tasks without one (one statement; the first of a task id wins); returns, per draft, whether it was new. */
  async insertMany(db: Queryable, ds: readonly DraftRow[]): Promise<boolean[]> {
    if (ds.length === 0) return [];
    const col = <T>(f: (d: DraftRow) => T) => ds.map(f);
    const inserted = await rows<{ task_id: string }>(
      db,
      `INSERT INTO prelabel.drafts (task_id, event_id, project_id, item_id, question_id, backend, model_id, model_version, prompt_version,
         option_id, confidence, calibrated, threshold, route, failure, audit)
       SELECT d.task_id, d.event_id, d.project_id, d.item_id, d.question_id, d.backend, d.model_id, d.model_version, d.prompt_version,
         d.option_id, d.confidence, d.calibrated, d.threshold, d.route, d.failure, d.audit
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                   $10::text[], $11::float8[], $12::float8[], $13::float8[], $14::text[], $15::text[], $16::bool[])
         WITH ORDINALITY AS d(task_id, event_id, project_id, item_id, question_id, backend, model_id, model_version, prompt_version,
                              option_id, confidence, calibrated, threshold, route, failure, audit, n)
       ORDER BY d.n
       ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [
        col((d) => d.taskId), col((d) => d.eventId), col((d) => d.projectId), col((d) => d.itemId), col((d) => d.questionId),
        col((d) => d.backend), col((d) => d.modelId), col((d) => d.modelVersion), col((d) => d.promptVersion), col((d) => d.optionId),
        col((d) => d.confidence), col((d) => d.calibrated), col((d) => d.threshold), col((d) => d.route), col((d) => d.failure), col((d) => d.audit),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.task_id));
    return ds.map((d) => fresh.delete(d.taskId));
  }

  /** Tasks routed per question, route and bucket of `size` ms ending at `to` (bucket 0 = [to − size, to)). */
  async routeCounts(db: Queryable, projectId: string, to: Date, size: number, buckets: number): Promise<RouteCount[]> {
    const counts = await rows<RouteCount>(
      db,
      `SELECT question_id AS "questionId", floor(extract(epoch FROM ($2::timestamptz - created_at)) * 1000 / $3)::int AS bucket, route, count(*)::int AS n
       FROM prelabel.drafts WHERE project_id = $1 AND created_at >= $4 AND created_at < $2
       GROUP BY 1, 2, 3`,
      [projectId, to, size, new Date(to.getTime() - size * buckets)],
    );
    return counts.filter((r) => r.bucket >= 0 && r.bucket < buckets);
  }

  async latestFor(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<DraftRow | null> {
    const r = await row<DraftColumns>(
      db,
      `SELECT * FROM prelabel.drafts WHERE project_id = $1 AND item_id = $2 AND question_id = $3 ORDER BY created_at DESC LIMIT 1`,
      [projectId, itemId, questionId],
    );
    if (!r) return null;
    return {
      taskId: r.task_id, eventId: r.event_id, projectId: r.project_id, itemId: r.item_id, questionId: r.question_id, backend: r.backend,
      modelId: r.model_id, modelVersion: r.model_version, promptVersion: r.prompt_version, optionId: r.option_id, confidence: r.confidence,
      calibrated: r.calibrated, threshold: r.threshold, route: r.route, failure: r.failure, audit: r.audit,
    };
  }
}
