import { Injectable } from '@nestjs/common';
import { lockExclusive, lockSharedSorted, type Queryable } from '@verity/persistence';

export interface Candidate {
  projectId: string;
  itemId: string;
  questionId: string;
  origin: 'predictions' | 'pool';
  strategy: string;
  uncertainty: number;
  sourceRef?: string | null;
}

export interface ParkedPrediction {
  source: string;
  sourceId: string;
  scores: Record<string, number>;
}

/** Active-learning candidates: scored, then selected within the project's daily budget; and predictions parked until their item is known. */
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

  /**
   * A prediction whose item has no task here yet, kept with its scores until one arrives
   * (`uncertainty` is indicative, for operators: the candidate is scored again then).
   */
  async park(db: Queryable, p: ParkedPrediction & { predictionId: string; projectId: string | null; itemId: string | null; questionId: string; uncertainty: number }): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.unresolved_predictions (prediction_id, project_id, item_id, source, source_id, question_id, scores, uncertainty)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (prediction_id) DO NOTHING`,
      [p.predictionId, p.projectId, p.itemId, p.source, p.sourceId, p.questionId, JSON.stringify(p.scores), p.uncertainty],
    );
  }

  /**
   * The parked predictions of an item's question for a project: those sent for the project are
   * marked resolved; those sent without one stay parked, since the item may join more projects.
   */
  async takeParked(db: Queryable, projectId: string, itemId: string, questionId: string): Promise<ParkedPrediction[]> {
    const result: unknown[] = await db.query(
      `UPDATE prelabel.unresolved_predictions SET resolved_at = CASE WHEN project_id IS NULL THEN NULL ELSE now() END
       WHERE item_id = $2 AND question_id = $3 AND resolved_at IS NULL AND (project_id IS NULL OR project_id = $1)
       RETURNING source, source_id, scores`,
      [projectId, itemId, questionId],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { source: string; source_id: string; scores: Record<string, number> }[];
    return rows.map((r) => ({ source: r.source, sourceId: r.source_id, scores: r.scores }));
  }

  /**
   * Which of these (item, question) pairs have parked predictions waiting, as `parkedKey`s.
   * @crossProject a prediction is parked by item before its project is known (sent by source ids), and one sent without a project serves every project of the item
   */
  async withParked(db: Queryable, keys: readonly { itemId: string; questionId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows: { item_id: string; question_id: string }[] = await db.query(
      // One probe of unresolved_by_item per key (LIMIT keeps the planner from scanning the table).
      `SELECT k.item_id, k.question_id
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS k(item_id, question_id)
       CROSS JOIN LATERAL (SELECT 1 FROM prelabel.unresolved_predictions u
                           WHERE u.item_id = k.item_id AND u.question_id = k.question_id AND u.resolved_at IS NULL LIMIT 1) u`,
      [keys.map((k) => k.itemId), keys.map((k) => k.questionId)],
    );
    return new Set(rows.map((r) => parkedKey(r.item_id, r.question_id)));
  }

  /**
   * Orders learning an item's source ids against its tasks arriving. Each side writes, then reads
   * what the other wrote: two concurrent transactions would each miss the other's uncommitted
   * write and leave a parked prediction unresolved. The items.v1 side takes the item exclusively,
   * task batches take their items shared (sorted, so batches never deadlock on each other).
   * @crossProject an advisory lock on an item id; it reads no rows
   */
  async lockItemExclusive(db: Queryable, itemId: string): Promise<void> {
    await lockExclusive(db, 'prelabel.item', itemId);
  }

  /** @crossProject advisory locks on item ids (see lockItemExclusive); it reads no rows */
  async lockItemsShared(db: Queryable, itemIds: readonly string[]): Promise<void> {
    await lockSharedSorted(db, 'prelabel.item', itemIds);
  }

  /**
   * items.v1 told us which item a content's source ids became: remember it, and point parked predictions at it.
   * @crossProject which item a content's source ids became is the same in every project that holds it
   */
  async recordItemSource(db: Queryable, itemId: string, source: string, sourceId: string): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.item_sources (source, source_id, item_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [source, sourceId, itemId],
    );
    await db.query(
      `UPDATE prelabel.unresolved_predictions SET item_id = $3 WHERE source = $1 AND source_id = $2 AND item_id IS NULL AND resolved_at IS NULL`,
      [source, sourceId, itemId],
    );
  }

  /**
   * The newest item made from a content's source ids (the content may have changed, making several).
   * @crossProject resolves a prediction's source ids to its item before any project is known
   */
  async itemOfSource(db: Queryable, source: string, sourceId: string): Promise<string | null> {
    if (!source || !sourceId) return null;
    const [r] = await db.query(
      `SELECT item_id FROM prelabel.item_sources WHERE source = $1 AND source_id = $2 ORDER BY received_at DESC, item_id DESC LIMIT 1`,
      [source, sourceId],
    );
    return (r?.item_id as string) ?? null;
  }
}

/** The key of `withParked`'s result. */
export const parkedKey = (itemId: string, questionId: string) => `${itemId}\u0000${questionId}`;
