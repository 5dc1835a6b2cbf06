import { Controller, Get, Param, Query } from '@nestjs/common';
import { Roles } from '@verity/service-runtime';
import { ExportProjectStatsUseCase } from './project-stats.use-case';

/** Dashboard counters of one project (project managers, quality analysts, admins; the gateway checks membership). */
@Controller('v1/projects/:projectId/stats')
export class ExportProjectStatsController {
  constructor(private readonly stats: ExportProjectStatsUseCase) {}

  @Get()
  @Roles('project_manager', 'quality_analyst')
  get(@Param('projectId') projectId: string, @Query() query: Record<string, unknown>) {
    return this.stats.execute(projectId, query);
  }
}
