import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { badRequest, validate } from '@verity/service-runtime';
import { ProjectAccess } from './project-access.service';
import { segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { ASSIGNMENT_UPSTREAM, EXPORT_UPSTREAM } from '../adapters/upstreams.registry';
import { INGESTION_UPSTREAM } from '../adapters/dashboard-upstreams.client';
import { answerRate, bucketStarts, dashboardRange, etaSeconds, type DashboardRange } from '../domain/dashboard.math';
import {
  assignmentStatsSchema,
  dashboardQuerySchema,
  exportStatsSchema,
  ingestionStatsSchema,
  type DashboardProgress,
  type Unavailable,
} from '../http/dashboard.schemas';
import { StatsClient } from '../adapters/stats.client';

/** How far back the answer rate behind the ETA looks. */
export const RATE_WINDOW_SECONDS = 900;

/** The range of a dashboard request, validated (400 naming the field otherwise). */
export function rangeOf(query: unknown, now: Date): DashboardRange {
  const q = validate(dashboardQuerySchema, query ?? {}, 'query');
  const r = dashboardRange(q.bucket, q.from, q.to, now);
  if ('field' in r) {
    throw badRequest([r], 'query');
  }
  return r;
}

export function statsQuery(r: DashboardRange, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({ bucket: r.bucket, from: r.from.toISOString(), to: r.to.toISOString(), ...extra });
}

/**
 * GET /v1/projects/:projectId/dashboard/progress: items in (ingestion), tasks, slots and answers
 * (assignment), labels out (export), per bucket and in total, the queue and the ETA. The three
 * services are asked at once, each for its own maintained counters; one that fails leaves its
 * numbers null and says why in `unavailable`, the rest of the page stands.
 */
@Injectable()
export class DashboardProgressUseCase {
  constructor(
    private readonly access: ProjectAccess,
    private readonly stats: StatsClient,
    @Inject(ASSIGNMENT_UPSTREAM) private readonly assignment: UpstreamClient,
    @Inject(EXPORT_UPSTREAM) private readonly exporter: UpstreamClient,
    @Inject(INGESTION_UPSTREAM) private readonly ingestion: UpstreamClient,
  ) {}

  async execute(p: Principal, projectId: string, query: unknown, traceparent?: string, now = new Date()): Promise<DashboardProgress> {
    await this.access.require(p, projectId, ['project_manager', 'quality_analyst']);
    const range = rangeOf(query, now);
    const path = `/v1/projects/${segment(projectId)}/stats`;
    const [a, e, i] = await Promise.all([
      this.stats.get(this.assignment, p, traceparent, path, statsQuery(range, { window: String(RATE_WINDOW_SECONDS) }), assignmentStatsSchema),
      this.stats.get(this.exporter, p, traceparent, path, statsQuery(range), exportStatsSchema),
      this.stats.get(this.ingestion, p, traceparent, path, statsQuery(range), ingestionStatsSchema),
    ]);
    const unavailable: Unavailable[] = [];
    if (!a.ok) unavailable.push({ part: 'assignment', reason: a.reason });
    if (!e.ok) unavailable.push({ part: 'export', reason: e.reason });
    if (!i.ok) unavailable.push({ part: 'ingestion', reason: i.reason });

    const answersAt = new Map(a.ok ? a.value.series.map((s) => [s.at, s.answers - s.honeypotAnswers]) : []);
    const labelsAt = new Map(e.ok ? e.value.series.map((s) => [s.at, s.labels]) : []);
    const itemsAt = new Map(i.ok ? i.value.series.map((s) => [s.at, s.items]) : []);
    const slots = a.ok ? a.value.totals.slots : null;
    const rate = a.ok ? answerRate(a.value.recent.answers, a.value.recent.seconds) : null;
    return {
      projectId,
      generatedAt: now.toISOString(),
      bucket: range.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      totals: {
        itemsIn: i.ok ? i.value.totals.items : null,
        tasks: slots ? { open: slots.open, leased: slots.leased, done: slots.done, void: slots.void } : null,
        labelsOut: e.ok ? e.value.totals.labels : null,
        answers: a.ok ? a.value.totals.answers - a.value.totals.honeypotAnswers : null,
      },
      queueDepth: slots ? slots.open : null,
      throughput: bucketStarts(range).map((at) => ({
        at,
        itemsIn: i.ok ? (itemsAt.get(at) ?? 0) : null,
        answers: a.ok ? (answersAt.get(at) ?? 0) : null,
        labelsOut: e.ok ? (labelsAt.get(at) ?? 0) : null,
      })),
      etaSeconds: slots ? etaSeconds(slots.open + slots.leased, rate) : null,
      rateWindowSeconds: RATE_WINDOW_SECONDS,
      answersPerHour: a.ok && a.value.recent.seconds > 0 ? Math.round((a.value.recent.answers / a.value.recent.seconds) * 3600 * 100) / 100 : null,
      unavailable,
    };
  }
}
