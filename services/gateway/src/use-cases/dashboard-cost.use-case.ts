import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { ProjectAccess } from './project-access.service';
import { segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { ASSIGNMENT_UPSTREAM, EXPORT_UPSTREAM, PRELABEL_UPSTREAM } from '../adapters/upstreams.registry';
import { bucketStarts, costPerLabel, hours, usd, workCost } from '../domain/dashboard.math';
import { rangeOf, statsQuery } from './dashboard-progress.use-case';
import {
  assignmentStatsSchema,
  exportStatsSchema,
  isMachineSource,
  LABEL_SOURCES,
  OTHER_SOURCES,
  prelabelCostsAnswerSchema,
  type DashboardCost,
  type Unavailable,
} from '../http/dashboard.schemas';
import { StatsClient } from '../adapters/stats.client';

/** Sources whose work is not metered (no price to apply): their cost is 0. */
const UNMETERED = new Set(['local_model', 'weak_supervision', 'external_model']);

/**
 * GET /v1/projects/:projectId/dashboard/cost: cost per label by source and the mix of label
 * sources over time. Human cost = human answers (assignment: every answer, honeypot copies
 * included, and its measured time) at the policy's prices; expert cost = verdicts (export: each
 * once, with the expert's measured time); LLM cost = prelabel's token accounting. Labels per
 * source = current labels that source decided (export). A service that fails leaves its numbers
 * null and says why in `unavailable`.
 */
@Injectable()
export class DashboardCostUseCase {
  constructor(
    private readonly access: ProjectAccess,
    private readonly stats: StatsClient,
    @Inject(ASSIGNMENT_UPSTREAM) private readonly assignment: UpstreamClient,
    @Inject(EXPORT_UPSTREAM) private readonly exporter: UpstreamClient,
    @Inject(PRELABEL_UPSTREAM) private readonly prelabel: UpstreamClient,
  ) {}

  async execute(p: Principal, projectId: string, query: unknown, traceparent?: string, now = new Date()): Promise<DashboardCost> {
    const { project } = await this.access.require(p, projectId, ['project_manager']);
    const range = rangeOf(query, now);
    const id = segment(projectId);
    const [a, e, l] = await Promise.all([
      this.stats.get(this.assignment, p, traceparent, `/v1/projects/${id}/stats`, statsQuery(range), assignmentStatsSchema),
      this.stats.get(this.exporter, p, traceparent, `/v1/projects/${id}/stats`, statsQuery(range), exportStatsSchema),
      this.stats.get(this.prelabel, p, traceparent, `/v1/projects/${id}/prelabel/costs`, new URLSearchParams(), prelabelCostsAnswerSchema),
    ]);
    const unavailable: Unavailable[] = [];
    if (!a.ok) unavailable.push({ part: 'assignment', reason: a.reason });
    if (!e.ok) unavailable.push({ part: 'export', reason: e.reason });
    if (!l.ok) unavailable.push({ part: 'prelabel', reason: l.reason });

    const prices = project.policy.costs;
    const humanCost = a.ok ? workCost(a.value.totals.answers, a.value.totals.answerMs, prices.humanPerAnswer, prices.humanPerHour) : null;
    const expertCost = e.ok ? workCost(e.value.totals.expert.verdicts, e.value.totals.expert.ms, prices.expertPerVerdict, prices.expertPerHour) : null;
    const llmCost = l.ok ? usd(l.value.totalCostMicroUsd / 1e6) : null;
    const costOf = (source: string): number | null =>
      source === 'human' ? humanCost : source === 'expert' ? expertCost : source === 'llm' ? llmCost : UNMETERED.has(source) ? 0 : null;

    const bySource = e.ok ? e.value.totals.bySource : {};
    const sources = [...LABEL_SOURCES, ...OTHER_SOURCES.filter((s) => (bySource[s]?.labels ?? 0) > 0)];
    const perSource = sources.map((source) => {
      const labels = e.ok ? (bySource[source]?.current ?? 0) : null;
      const cost = costOf(source);
      return { source, labels, cost, costPerLabel: costPerLabel(cost, labels) };
    });
    const totalLabels = e.ok ? e.value.totals.current : null;
    const totalCost = perSource.some((s) => s.cost === null) ? null : usd(perSource.reduce((sum, s) => sum + (s.cost ?? 0), 0));

    let mix: DashboardCost['mix'] = null;
    if (e.ok) {
      const at = new Map(e.value.series.map((s) => [s.at, s.bySource]));
      const keys = [...new Set([...LABEL_SOURCES, ...e.value.series.flatMap((s) => Object.keys(s.bySource))])];
      mix = bucketStarts(range).map((start) => {
        const counts = at.get(start) ?? {};
        const point: Record<string, number> = { machine: 0 };
        for (const k of keys) {
          point[k] = counts[k] ?? 0;
          if (isMachineSource(k)) point.machine += point[k];
        }
        return { at: start, bySource: point };
      });
    }

    return {
      projectId,
      generatedAt: now.toISOString(),
      bucket: range.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      currency: 'USD',
      perSource,
      total: { labels: totalLabels, cost: totalCost, costPerLabel: costPerLabel(totalCost, totalLabels) },
      inputs: {
        humanAnswers: a.ok ? a.value.totals.answers : null,
        humanHours: a.ok ? hours(a.value.totals.answerMs) : null,
        expertVerdicts: e.ok ? e.value.totals.expert.verdicts : null,
        expertHours: e.ok ? hours(e.value.totals.expert.ms) : null,
        llmCostUsd: llmCost,
      },
      mix,
      settings: {
        humanCostPerAnswer: prices.humanPerAnswer,
        humanCostPerHour: prices.humanPerHour,
        expertCostPerVerdict: prices.expertPerVerdict,
        expertCostPerHour: prices.expertPerHour,
      },
      unavailable,
    };
  }
}
