import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal, Roles } from '@verity/auth';
import { ProjectAccess } from '../project-access/project-access.service';

/** A service's dashboard counters of one project, answered for a validated range query. */
export interface ProjectStatsSource {
  execute(projectId: string, query: unknown): Promise<unknown>;
}

export const PROJECT_STATS_SOURCE = Symbol('PROJECT_STATS_SOURCE');

/**
 * `GET /v1/projects/:projectId/stats`: the dashboard counters a service keeps of one project, for
 * its project managers and quality analysts (and admins), checked by ProjectAccess.
 */
@Controller('v1/projects/:projectId/stats')
export class ProjectStatsController {
  constructor(
    @Inject(PROJECT_STATS_SOURCE) private readonly stats: ProjectStatsSource,
    private readonly access: ProjectAccess,
  ) {}

  @Get()
  @Roles('project_manager', 'quality_analyst')
  async get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Query() query: Record<string, unknown>) {
    await this.access.require(p, projectId, ['project_manager', 'quality_analyst']);
    return this.stats.execute(projectId, query);
  }
}
