import { Injectable } from '@nestjs/common';
import type { RouteCount } from '../domain/model-loop';
import type { Queryable } from '../shared/db';

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

/** One draft (or failure) per task and the route it took. */
@Injectable()
export class DraftRepository {
  async exists(db: Queryable, taskId: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM prelabel.drafts WHERE task_id = $1`, [taskId])).length > 0;
  }

  async insert(db: Queryable, d: DraftRow): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO prelabel.drafts (task_id, event_id, project_id, item_id, question_id, backend, model_id, model_version, prompt_version,
         option_id, confidence, calibrated, threshold, route, failure, audit)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (task_id) DO NOTHING RETURNING task_id`,
      [d.taskId, d.eventId, d.projectId, d.itemId, d.questionId, d.backend, d.modelId, d.modelVersion, d.promptVersion, d.optionId, d.confidence, d.calibrated, d.threshold, d.route, d.failure, d.audit],
    );
    return rows.length > 0;
  }

  /** Tasks routed per question, route and bucket of `size` ms ending at `to` (bucket 0 = [to − size, to)). */
  async routeCounts(db: Queryable, projectId: string, to: Date, size: number, buckets: number): Promise<RouteCount[]> {
    const rows: RouteCount[] = await db.query(
      `SELECT question_id AS "questionId", floor(extract(epoch FROM ($2::timestamptz - created_at)) * 1000 / $3)::int AS bucket, route, count(*)::int AS n
       FROM prelabel.drafts WHERE project_id = $1 AND created_at >= $4 AND created_at < $2
       GROUP BY 1, 2, 3`,
      [projectId, to, size, new Date(to.getTime() - size * buckets)],
    );
    return rows.filter((r) => r.bucket >= 0 && r.bucket < buckets);
  }

  async latestFor(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<DraftRow | null> {
    const [r] = await db.query(
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
