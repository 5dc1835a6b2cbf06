import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, type Principal, ProjectAccess, statsHead } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { assignmentStatsRange as statsRange } from '../domain/stats-range.rule';
import { StatsRepository, type AssignmentPoint, type AssignmentTotals, type RecentAnswers } from '../db/stats.repository';

export interface AssignmentStats {
  projectId: string;
  generatedAt: string;
  bucket: string;
  from: string;
  to: string;
  totals: AssignmentTotals;
  series: AssignmentPoint[];
  recent: RecentAnswers;
}


/**
 * GET /v1/projects/:projectId/stats: tasks, slots by state and answers, in total and per bucket,
 * and the recent answer rate, from the maintained counters. Its project managers and quality
 * analysts, admins (ProjectAccess: non-members 404, other members 403).
 */
@Injectable()
export class ProjectStatsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly stats: StatsRepository,
  ) {}

  async execute(principal: Principal, projectId: string, query: unknown): Promise<AssignmentStats> {
    const range = statsRange(query);
    await this.access.require(principal, projectId, ['project_manager', 'quality_analyst']);
    const [totals, series, recent] = await Promise.all([
      this.stats.totals(this.ds, projectId),
      this.stats.series(this.ds, projectId, range.bucket, range.from, range.to),
      this.stats.recent(this.ds, projectId, range.window),
    ]);
    return {
      ...statsHead(projectId, range),
      totals,
      series,
      recent,
    };
  }
}
