import { Injectable } from '@nestjs/common';
import type { Queryable } from '../shared/db';

export interface Candidate {
  projectId: string;
  itemId: string;
  questionId: string;
  origin: 'predictions' | 'pool';
  strategy: string;
  uncertainty: number;
  sourceRef?: string | null;
}

/** Active-learning candidates: scored, then selected within the project's daily budget. */
@Injectable()
export class CandidateRepository {
  /** New candidate, or a fresher score for one not yet selected. */
  async upsert(db: Queryable, c: Candidate): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.al_candidates (project_id, item_id, question_id, origin, strategy, uncertainty, status, source_ref)
       VALUES ($1, $2, $3, $4, $5, $6, 'candidate', $7)
       ON CONFLICT (project_id, item_id, question_id) DO UPDATE SET origin = EXCLUDED.origin, strategy = EXCLUDED.strategy,
         uncertainty = EXCLUDED.uncertainty, source_ref = EXCLUDED.source_ref, created_at = now()
       WHERE prelabel.al_candidates.status = 'candidate'`,
      [c.projectId, c.itemId, c.questionId, c.origin, c.strategy, c.uncertainty, c.sourceRef ?? null],
    );
  }

  async selectedToday(db: Queryable, projectId: string, now: Date): Promise<number> {
    const [r] = await db.query(
      `SELECT count(*)::int AS n FROM prelabel.al_candidates WHERE project_id = $1 AND status = 'selected' AND selected_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [projectId, now],
    );
    return r.n as number;
  }

  /** Open candidates, most informative first, whose item has no human label yet (locked for this transaction). */
  async topOpen(db: Queryable, projectId: string, limit: number): Promise<Candidate[]> {
    const rows = await db.query(
      `SELECT c.* FROM prelabel.al_candidates c
       WHERE c.project_id = $1 AND c.status = 'candidate'
         AND NOT EXISTS (SELECT 1 FROM prelabel.labels l WHERE l.project_id = c.project_id AND l.item_id = c.item_id AND l.question_id = c.question_id AND NOT l.excluded)
       ORDER BY c.uncertainty DESC, c.created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [projectId, limit],
    );
    return rows.map((r: Record<string, unknown>) => ({
      projectId: r.project_id as string,
      itemId: r.item_id as string,
      questionId: r.question_id as string,
      origin: r.origin as Candidate['origin'],
      strategy: r.strategy as string,
      uncertainty: r.uncertainty as number,
      sourceRef: r.source_ref as string | null,
    }));
  }

  async markSelected(db: Queryable, c: Candidate, now: Date): Promise<void> {
    await db.query(
      `UPDATE prelabel.al_candidates SET status = 'selected', selected_at = $4 WHERE project_id = $1 AND item_id = $2 AND question_id = $3`,
      [c.projectId, c.itemId, c.questionId, now],
    );
  }

  async recordUnresolved(db: Queryable, p: { predictionId: string; projectId: string | null; source: string; sourceId: string; questionId: string; uncertainty: number }): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.unresolved_predictions (prediction_id, project_id, source, source_id, question_id, uncertainty)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (prediction_id) DO NOTHING`,
      [p.predictionId, p.projectId, p.source, p.sourceId, p.questionId, p.uncertainty],
    );
  }
}
