import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal, ProjectAccess, Roles } from '@verity/service-runtime';
import { ProjectStatsUseCase } from '../use-cases/project-stats.use-case';

/** Dashboard counters of one project (its project managers and quality analysts, admins: ProjectAccess). */
@Controller('v1/projects/:projectId/stats')
export class ProjectStatsController {
  constructor(
    private readonly stats: ProjectStatsUseCase,
    private readonly access: ProjectAccess,
  ) {}

  @Get()
  @Roles('project_manager', 'quality_analyst')
  async get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Query() query: Record<string, unknown>) {
    await this.access.require(p, projectId, ['project_manager', 'quality_analyst']);
    return this.stats.execute(projectId, query);
  }
}
