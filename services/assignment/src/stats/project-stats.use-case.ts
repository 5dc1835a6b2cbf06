import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE, type Principal } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ProjectCopyRepository } from '../projects/project-copy.repository';
import { assignmentStatsRange as statsRange } from './stats-range';
import { StatsRepository, type AssignmentPoint, type AssignmentTotals, type RecentAnswers } from './stats.repository';

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

/** Who may read a project's stats: an admin, or an active member managing or analysing it. */
const READERS = ['project_manager', 'quality_analyst'];

/**
 * GET /v1/projects/:projectId/stats: tasks, slots by state and answers, in total and per bucket,
 * and the recent answer rate, from the maintained counters. The project's own copy of its members
 * decides access (404 for anyone else, as for gold).
 */
@Injectable()
export class ProjectStatsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly projects: ProjectCopyRepository,
    private readonly stats: StatsRepository,
  ) {}

  async execute(principal: Principal, projectId: string, query: unknown): Promise<AssignmentStats> {
    const range = statsRange(query);
    const project = await this.projects.find(this.ds, projectId);
    const member = project && principal.kind === 'user' ? await this.projects.findMember(this.ds, projectId, principal.id) : null;
    const isAdmin = principal.roles.includes('admin');
    if (!project || (!isAdmin && !(member?.active && member.roles.some((r) => READERS.includes(r))))) {
      throw new NotFoundException('project not found');
    }
    const [totals, series, recent] = await Promise.all([
      this.stats.totals(this.ds, projectId),
      this.stats.series(this.ds, projectId, range.bucket, range.from, range.to),
      this.stats.recent(this.ds, projectId, range.window),
    ]);
    return {
      projectId,
      generatedAt: new Date().toISOString(),
      bucket: range.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      totals,
      series,
      recent,
    };
  }
}
