import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, type ProjectStatsSource, statsHead, statsRange } from '@verity/service-runtime';
import { DataSource } from 'typeorm';

/** Where a label came from (export.stat_label_source): the source that decided its version. */
export const LABEL_SOURCES = ['human', 'expert', 'llm', 'local_model', 'external_model', 'weak_supervision'] as const;

export interface ExportStatsAnswer {
  projectId: string;
  generatedAt: string;
  bucket: string;
  from: string;
  to: string;
  totals: {
    /** ACTIVE label versions published on labels.v1. */
    labels: number;
    /** EXCLUDED label versions published (ontology exclusions). */
    excluded: number;
    /** Labels (item, question) whose latest version is ACTIVE. */
    current: number;
    /** Per source: versions published and current labels that source decided. */
    bySource: Record<string, { labels: number; current: number }>;
    /** ACTIVE versions published per aggregation method (majority_vote, dawid_skene, machine_auto_accept, adjudication, …). */
    byMethod: Record<string, number>;
    /** Expert verdicts (each once) and the experts' measured time on them. */
    expert: { verdicts: number; ms: number };
  };
  /** Non-empty buckets of [from, to), oldest first: ACTIVE versions published, per source and per method. */
  series: { at: string; labels: number; excluded: number; bySource: Record<string, number>; byMethod: Record<string, number> }[];
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * GET /v1/projects/:projectId/stats: labels out, in total and per bucket, by label source and by
 * aggregation method, and the expert verdicts behind them, from the maintained counters
 * (ExportDashboardStats1765800000000). The controller checks the caller's project role first
 * (ProjectAccess).
 */
@Injectable()
export class ExportProjectStatsUseCase implements ProjectStatsSource {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async execute(projectId: string, query: unknown): Promise<ExportStatsAnswer> {
    const range = statsRange(query);
    const [totals, series] = await Promise.all([
      this.ds.query(
        `SELECT source, method, sum(labels) AS labels, sum(excluded) AS excluded, sum(current) AS current, sum(verdicts) AS verdicts, sum(verdict_ms) AS ms
         FROM export.stat_totals WHERE project_id = $1 GROUP BY source, method ORDER BY source, method`,
        [projectId],
      ) as Promise<Record<string, string>[]>,
      this.ds.query(
        `SELECT date_trunc($2, minute, 'UTC') AS at, source, method, sum(labels) AS labels, sum(excluded) AS excluded
         FROM export.stat_minutes WHERE project_id = $1 AND minute >= $3 AND minute < $4
         GROUP BY 1, 2, 3 HAVING sum(labels) <> 0 OR sum(excluded) <> 0 ORDER BY 1, 2, 3`,
        [projectId, range.bucket, range.from, range.to],
      ) as Promise<Record<string, unknown>[]>,
    ]);
    const t: ExportStatsAnswer['totals'] = { labels: 0, excluded: 0, current: 0, bySource: {}, byMethod: {}, expert: { verdicts: 0, ms: 0 } };
    for (const r of totals) {
      t.labels += n(r.labels);
      t.excluded += n(r.excluded);
      t.current += n(r.current);
      const s = (t.bySource[r.source] ??= { labels: 0, current: 0 });
      s.labels += n(r.labels);
      s.current += n(r.current);
      if (n(r.labels)) t.byMethod[r.method] = (t.byMethod[r.method] ?? 0) + n(r.labels);
      t.expert.verdicts += n(r.verdicts);
      t.expert.ms += n(r.ms);
    }
    const points = new Map<string, ExportStatsAnswer['series'][number]>();
    for (const r of series) {
      const at = (r.at as Date).toISOString();
      let p = points.get(at);
      if (!p) points.set(at, (p = { at, labels: 0, excluded: 0, bySource: {}, byMethod: {} }));
      const labels = n(r.labels);
      p.labels += labels;
      p.excluded += n(r.excluded);
      if (labels) {
        p.bySource[r.source as string] = (p.bySource[r.source as string] ?? 0) + labels;
        p.byMethod[r.method as string] = (p.byMethod[r.method as string] ?? 0) + labels;
      }
    }
    return {
      ...statsHead(projectId, range),
      totals: t,
      series: [...points.values()],
    };
  }
}
