import { Injectable } from '@nestjs/common';
import type { FinalizedCounts } from '../domain/dashboards.math';
import { type Queryable, rows } from '@verity/persistence';

/** Reads for the "human answers per item over time" series. */
@Injectable()
export class FinalizedTasksRepository {
  /**
   * Tasks finalized in each window of `size` ms ending at `to` (window 0 = [to − size, to)), and
   * the human answers they received (honeypots excluded; late answers included: they are work
   * too). Finalized = has a final label (quality's decision, machine auto-accept, an expert's),
   * or, for tasks closed before final labels were stored, decided by quality (closed_at).
   */
  async perWindow(db: Queryable, projectId: string, to: Date, size: number, windows: number): Promise<FinalizedCounts[]> {
    const from = new Date(to.getTime() - size * windows);
    const counts = await rows<{ window: number; items: number; answers: number }>(
      db,
      `SELECT w AS "window", count(*)::int AS items, COALESCE(sum(h.n), 0)::int AS answers
       FROM (
         SELECT t.task_id, floor(extract(epoch FROM ($3::timestamptz - COALESCE(t.final_at, t.closed_at))) * 1000 / $4)::int AS w
         FROM quality.tasks t
         WHERE t.project_id = $1 AND (t.final_at IS NOT NULL OR t.status = 'decided')
           AND COALESCE(t.final_at, t.closed_at) >= $2 AND COALESCE(t.final_at, t.closed_at) < $3
       ) f
       LEFT JOIN LATERAL (
         SELECT count(*) AS n FROM quality.answers a WHERE a.task_id = f.task_id AND a.source = 1 AND NOT a.honeypot
       ) h ON true
       GROUP BY w`,
      [projectId, from, to, size],
    );
    return counts.filter((r) => r.window >= 0 && r.window < windows);
  }
}
