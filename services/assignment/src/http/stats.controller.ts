import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@verity/service-runtime';
import { ProjectStatsUseCase } from '../use-cases/project-stats.use-case';

/** Dashboard counters of one project (the gateway composes them into its dashboard). */
@Controller('v1/projects/:projectId/stats')
export class StatsController {
  constructor(private readonly stats: ProjectStatsUseCase) {}

  @Get()
  get(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string, @Query() query: Record<string, unknown>) {
    return this.stats.execute(principal, projectId, query);
  }
}
