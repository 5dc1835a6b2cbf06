import { Injectable } from '@nestjs/common';
import { lockExclusiveSorted, lockSharedSorted, row, rows, type Queryable } from '@verity/persistence';

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

/** A parked prediction due to become a candidate of a task's (project, item, question). */
export interface ParkedForTask extends ParkedPrediction {
  projectId: string;
  itemId: string;
  questionId: string;
}

/** From items.v1: the item a content's source ids became. */
export interface ItemSource {
  itemId: string;
  source: string;
  sourceId: string;
}

/** prelabel.al_candidates as stored (the columns `topOpen` reads). */
interface CandidateColumns {
  project_id: string;
  item_id: string;
  question_id: string;
  origin: Candidate['origin'];
  strategy: string;
  uncertainty: number;
  source_ref: string | null;
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

  /**
   * `upsert` for several candidates in one statement, with the effect of upserting them in order:
   * of several for one (project, item, question), the last counts.
   */
  async upsertMany(db: Queryable, cs: readonly Candidate[]): Promise<void> {
    const last = new Map<string, Candidate>();
    for (const c of cs) last.set(`${c.projectId}\u0000${parkedKey(c.itemId, c.questionId)}`, c);
    // In key order, so two writers of overlapping rows take their row locks in the same order.
    const rows = [...last.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO prelabel.al_candidates (project_id, item_id, question_id, origin, strategy, uncertainty, status, source_ref)
       SELECT e.project_id, e.item_id, e.question_id, e.origin, e.strategy, e.uncertainty, 'candidate', e.source_ref
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[]) WITH ORDINALITY
         AS e(project_id, item_id, question_id, origin, strategy, uncertainty, source_ref, n)
       ORDER BY e.n
       ON CONFLICT (project_id, item_id, question_id) DO UPDATE SET origin = EXCLUDED.origin, strategy = EXCLUDED.strategy,
         uncertainty = EXCLUDED.uncertainty, source_ref = EXCLUDED.source_ref, created_at = now()
       WHERE prelabel.al_candidates.status = 'candidate'`,
      [
        rows.map((c) => c.projectId),
        rows.map((c) => c.itemId),
        rows.map((c) => c.questionId),
        rows.map((c) => c.origin),
        rows.map((c) => c.strategy),
        rows.map((c) => c.uncertainty),
        rows.map((c) => c.sourceRef ?? null),
      ],
    );
  }

  async selectedToday(db: Queryable, projectId: string, now: Date): Promise<number> {
    const [r] = await rows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM prelabel.al_candidates WHERE project_id = $1 AND status = 'selected' AND selected_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [projectId, now],
    );
    return r.n;
  }

  /** Open candidates, most informative first, whose item has no human label yet (locked for this transaction). */
  async topOpen(db: Queryable, projectId: string, limit: number): Promise<Candidate[]> {
    const candidates = await rows<CandidateColumns>(
      db,
      `SELECT c.* FROM prelabel.al_candidates c
       WHERE c.project_id = $1 AND c.status = 'candidate'
         AND NOT EXISTS (SELECT 1 FROM prelabel.labels l WHERE l.project_id = c.project_id AND l.item_id = c.item_id AND l.question_id = c.question_id AND NOT l.excluded)
       ORDER BY c.uncertainty DESC, c.created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [projectId, limit],
    );
    return candidates.map((r) => ({
      projectId: r.project_id,
      itemId: r.item_id,
      questionId: r.question_id,
      origin: r.origin,
      strategy: r.strategy,
      uncertainty: r.uncertainty,
      sourceRef: r.source_ref,
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
    // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount]: rows() unwraps it.
    const taken = await rows<{ source: string; source_id: string; scores: Record<string, number> }>(
      db,
      `UPDATE prelabel.unresolved_predictions SET resolved_at = CASE WHEN project_id IS NULL THEN NULL ELSE now() END
       WHERE item_id = $2 AND question_id = $3 AND resolved_at IS NULL AND (project_id IS NULL OR project_id = $1)
       RETURNING source, source_id, scores`,
      [projectId, itemId, questionId],
    );
    return taken.map((r) => ({ source: r.source, sourceId: r.source_id, scores: r.scores }));
  }

  /**
   * Which of these (item, question) pairs have parked predictions waiting, as `parkedKey`s.
   * @crossProject a prediction is parked by item before its project is known (sent by source ids), and one sent without a project serves every project of the item
   */
  async withParked(db: Queryable, keys: readonly { itemId: string; questionId: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const parked = await rows<{ item_id: string; question_id: string }>(
      db,
      // One probe of unresolved_by_item per key (LIMIT keeps the planner from scanning the table).
      `SELECT k.item_id, k.question_id
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS k(item_id, question_id)
       CROSS JOIN LATERAL (SELECT 1 FROM prelabel.unresolved_predictions u
                           WHERE u.item_id = k.item_id AND u.question_id = k.question_id AND u.resolved_at IS NULL LIMIT 1) u`,
      [keys.map((k) => k.itemId), keys.map((k) => k.questionId)],
    );
    return new Set(parked.map((r) => parkedKey(r.item_id, r.question_id)));
  }

  /**
   * Orders learning items' source ids against their tasks arriving. Each side writes, then reads
   * what the other wrote: two concurrent transactions would each miss the other's uncommitted
   * write and leave a parked prediction unresolved. An items.v1 batch takes its items exclusively,
   * task batches take theirs shared (both sorted, so batches never deadlock on each other).
   * @crossProject advisory locks on item ids; it reads no rows
   */
  async lockItemsExclusive(db: Queryable, itemIds: readonly string[]): Promise<void> {
    await lockExclusiveSorted(db, 'prelabel.item', itemIds);
  }

  /** @crossProject advisory locks on item ids (see lockItemsExclusive); it reads no rows */
  async lockItemsShared(db: Queryable, itemIds: readonly string[]): Promise<void> {
    await lockSharedSorted(db, 'prelabel.item', itemIds);
  }

  /**
   * items.v1 told us which items contents' source ids became (a batch, in offset order): remember
   * them, and point parked predictions at them, two statements for the whole batch.
   * @crossProject which item a content's source ids became is the same in every project that holds it
   */
  async recordItemSources(db: Queryable, sources: readonly ItemSource[]): Promise<void> {
    if (sources.length === 0) return;
    const params = [sources.map((s) => s.source), sources.map((s) => s.sourceId), sources.map((s) => s.itemId)];
    // One transaction has one now(): received_at steps a microsecond per record, so the batch's
    // later record stays the newer one for itemOfSource, as it was with a transaction per record.
    await db.query(
      `INSERT INTO prelabel.item_sources (source, source_id, item_id, received_at)
       SELECT e.source, e.source_id, e.item_id, now() - (count(*) OVER () - e.n) * interval '1 microsecond'
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(source, source_id, item_id, n)
       ORDER BY e.n
       ON CONFLICT DO NOTHING`,
      params,
    );
    // A prediction parked by source ids takes the batch's first item of those ids (one record at a
    // time, the first claimed it); its rows are locked in key order, so overlapping batches cannot deadlock.
    await db.query(
      `WITH first AS (
         SELECT DISTINCT ON (e.source, e.source_id) e.source, e.source_id, e.item_id
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(source, source_id, item_id, n)
         ORDER BY e.source, e.source_id, e.n
       ), claimed AS (
         SELECT u.prediction_id, first.item_id FROM prelabel.unresolved_predictions u
         JOIN first ON u.source = first.source AND u.source_id = first.source_id
         WHERE u.item_id IS NULL AND u.resolved_at IS NULL
         ORDER BY u.prediction_id FOR UPDATE OF u
       )
       UPDATE prelabel.unresolved_predictions u SET item_id = claimed.item_id FROM claimed
       WHERE u.prediction_id = claimed.prediction_id AND u.item_id IS NULL AND u.resolved_at IS NULL`,
      params,
    );
  }

  /**
   * The parked predictions of these items, each paired with every project holding a task of its
   * item and question (a prediction parked for a project only with that project), oldest first.
   * As `takeParked` does per task: those parked for a project are marked resolved; those parked
   * without one stay parked, since the item may join more projects.
   * @crossProject items.v1 names no project: an item's parked predictions serve every project with a task of it
   */
  async takeParkedOfItems(db: Queryable, itemIds: readonly string[]): Promise<ParkedForTask[]> {
    if (itemIds.length === 0) return [];
    const due = await rows<{ project_id: string; item_id: string; question_id: string; source: string; source_id: string; scores: Record<string, number> }>(
      db,
      `WITH due AS (
         SELECT u.prediction_id, u.project_id AS parked_for, t.project_id, u.item_id, u.question_id, u.source, u.source_id, u.scores, u.received_at
         FROM prelabel.unresolved_predictions u
         CROSS JOIN LATERAL (SELECT DISTINCT t.project_id FROM prelabel.tasks t
                             WHERE t.item_id = u.item_id AND t.question_id = u.question_id AND (u.project_id IS NULL OR t.project_id = u.project_id)) t
         WHERE u.item_id = ANY($1::text[]) AND u.resolved_at IS NULL
       ), resolved AS (
         UPDATE prelabel.unresolved_predictions u SET resolved_at = now()
         FROM (SELECT DISTINCT prediction_id FROM due WHERE parked_for IS NOT NULL) d
         WHERE u.prediction_id = d.prediction_id AND u.resolved_at IS NULL
       )
       SELECT project_id, item_id, question_id, source, source_id, scores FROM due
       ORDER BY project_id, item_id, question_id, received_at, prediction_id`,
      [[...new Set(itemIds)]],
    );
    return due.map((r) => ({ projectId: r.project_id, itemId: r.item_id, questionId: r.question_id, source: r.source, sourceId: r.source_id, scores: r.scores }));
  }

  /**
   * The newest item made from a content's source ids (the content may have changed, making several).
   * @crossProject resolves a prediction's source ids to its item before any project is known
   */
  async itemOfSource(db: Queryable, source: string, sourceId: string): Promise<string | null> {
    if (!source || !sourceId) return null;
    const r = await row<{ item_id: string }>(
      db,
      `SELECT item_id FROM prelabel.item_sources WHERE source = $1 AND source_id = $2 ORDER BY received_at DESC, item_id DESC LIMIT 1`,
      [source, sourceId],
    );
    return r?.item_id ?? null;
  }
}

/** The key of `withParked`'s result. */
export const parkedKey = (itemId: string, questionId: string) => `${itemId}\u0000${questionId}`;
