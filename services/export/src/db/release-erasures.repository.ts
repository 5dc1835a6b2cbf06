import { Injectable } from '@nestjs/common';
import { Db, rows } from '@verity/persistence';

/** An erased item a past release held. */
export interface ErasedReleaseItem {
  itemId: string;
  erasureId: string;
  erasedAt: Date;
}

/** The key of an erased (project, item) in `erasedAmong`'s answer. */
export const erasedKeyOf = (projectId: string, itemId: string): string => JSON.stringify([projectId, itemId]);

/** export.erased_items and export.release_erasures. */
@Injectable()
export class ReleaseErasuresRepository {
  /** Records the item as erased from the project; false when it already was. */
  async markItem(db: Db, projectId: string, itemId: string, erasureId: string): Promise<boolean> {
    const r = await rows<{ item_id: string }>(
      db,
      `INSERT INTO export.erased_items (project_id, item_id, erasure_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [projectId, itemId, erasureId],
    );
    return r.length > 0;
  }

  /** Which of these (project, item) pairs are erased, as `erasedKeyOf` keys (one statement). */
  async erasedAmong(db: Db, pairs: readonly { projectId: string; itemId: string }[]): Promise<Set<string>> {
    const unique = [...new Map(pairs.map((p) => [erasedKeyOf(p.projectId, p.itemId), p])).values()];
    if (unique.length === 0) return new Set();
    const found = await rows<{ project_id: string; item_id: string }>(
      db,
      `SELECT k.project_id, k.item_id FROM unnest($1::text[], $2::text[]) AS k(project_id, item_id)
       WHERE EXISTS (SELECT 1 FROM export.erased_items e WHERE e.project_id = k.project_id AND e.item_id = k.item_id)`,
      [unique.map((p) => p.projectId), unique.map((p) => p.itemId)],
    );
    return new Set(found.map((r) => erasedKeyOf(r.project_id, r.item_id)));
  }

  /** Marks every release of the project that held a version of the item's labels; returns how many. */
  async markReleases(db: Db, projectId: string, itemId: string, erasureId: string): Promise<number> {
    const r = await rows<{ release_id: string }>(
      db,
      `INSERT INTO export.release_erasures (release_id, item_id, erasure_id)
       SELECT DISTINCT rl.release_id, rl.item_id, $3 FROM export.release_labels rl
       JOIN export.releases r ON r.release_id = rl.release_id
       WHERE r.project_id = $1 AND rl.item_id = $2
       ON CONFLICT DO NOTHING RETURNING release_id`,
      [projectId, itemId, erasureId],
    );
    return r.length;
  }

  /** Erased items per release, for the given releases of the project. */
  async counts(db: Db, projectId: string, releaseIds: string[]): Promise<Map<string, number>> {
    if (releaseIds.length === 0) return new Map();
    const r = await rows<{ release_id: string; n: number }>(
      db,
      `SELECT e.release_id, count(*)::int AS n FROM export.release_erasures e
       JOIN export.releases r ON r.release_id = e.release_id AND r.project_id = $2
       WHERE e.release_id = ANY($1::text[]) GROUP BY e.release_id`,
      [releaseIds, projectId],
    );
    return new Map(r.map((x) => [x.release_id, x.n]));
  }

  /** The erased items of one release of the project, in erasure order. */
  async list(db: Db, projectId: string, releaseId: string): Promise<ErasedReleaseItem[]> {
    const r = await rows<{ item_id: string; erasure_id: string; erased_at: Date }>(
      db,
      `SELECT e.item_id, e.erasure_id, e.erased_at FROM export.release_erasures e
       JOIN export.releases r ON r.release_id = e.release_id AND r.project_id = $2
       WHERE e.release_id = $1 ORDER BY e.erased_at, e.item_id`,
      [releaseId, projectId],
    );
    return r.map((x) => ({ itemId: x.item_id, erasureId: x.erasure_id, erasedAt: x.erased_at }));
  }
}
