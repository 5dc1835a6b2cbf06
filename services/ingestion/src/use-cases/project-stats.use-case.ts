import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, type ProjectStatsSource, statsHead, statsRange } from '@verity/service-runtime';
import { DataSource } from 'typeorm';

export interface IngestionStatsAnswer {
  projectId: string;
  generatedAt: string;
  bucket: string;
  from: string;
  to: string;
  /** Items matched to the project (each item once, whichever content event made it). */
  totals: { items: number };
  /** Non-empty buckets of [from, to), oldest first. */
  series: { at: string; items: number }[];
}

/**
 * GET /v1/projects/:projectId/stats: items in, in total and per bucket, from the maintained
 * counters (migration 1765800000000). The controller checks the caller's project role first
 * (ProjectAccess; a project nobody fed answers zeros).
 */
@Injectable()
export class ProjectStatsUseCase implements ProjectStatsSource {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async execute(projectId: string, query: unknown): Promise<IngestionStatsAnswer> {
    const range = statsRange(query);
    const [[total], series] = await Promise.all([
      this.ds.query(`SELECT coalesce(sum(items), 0) AS items FROM ingestion.stat_totals WHERE project_id = $1`, [projectId]),
      this.ds.query(
        `SELECT date_trunc($2, minute, 'UTC') AS at, sum(items) AS items FROM ingestion.stat_minutes
         WHERE project_id = $1 AND minute >= $3 AND minute < $4 GROUP BY 1 HAVING sum(items) <> 0 ORDER BY 1`,
        [projectId, range.bucket, range.from, range.to],
      ) as Promise<{ at: Date; items: string }[]>,
    ]);
    return {
      ...statsHead(projectId, range),
      totals: { items: Number(total.items) },
      series: series.map((r) => ({ at: r.at.toISOString(), items: Number(r.items) })),
    };
  }
}
