import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { DashboardCostUseCase } from '../use-cases/dashboard-cost.use-case';
import { DashboardProgressUseCase } from '../use-cases/dashboard-progress.use-case';
import { dashboardCostSchema, dashboardProgressSchema, dashboardQuerySchema, type DashboardCost, type DashboardProgress } from './dashboard.schemas';

/**
 * Project dashboards, composed here from the services' own counters (assignment, export,
 * ingestion, prelabel), asked in parallel as the caller. A service that fails makes its part
 * null with a reason (`unavailable`), never the whole answer: so no 502/503/504 here.
 */
@ApiTags('dashboard')
@ApiAuth()
@Controller('v1/projects/:projectId/dashboard')
export class DashboardController {
  constructor(
    private readonly progressUseCase: DashboardProgressUseCase,
    private readonly costUseCase: DashboardCostUseCase,
  ) {}

  @Get('progress')
  @ApiOperation({ summary: 'Progress: items in, tasks by state, answers, labels out per bucket; queue depth and ETA (project managers, quality analysts)' })
  @ApiZodQuery(dashboardQuerySchema)
  @ApiZodResponse(200, dashboardProgressSchema)
  @ApiErrors(404)
  progress(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Query() query: Record<string, unknown>,
    @Headers('traceparent') traceparent?: string,
  ): Promise<DashboardProgress> {
    return this.progressUseCase.execute(p, projectId, query, traceparent);
  }

  @Get('cost')
  @ApiOperation({ summary: 'Cost per label by source (human, expert, LLM, local model, weak supervision) and the mix of label sources over time (project managers)' })
  @ApiZodQuery(dashboardQuerySchema)
  @ApiZodResponse(200, dashboardCostSchema)
  @ApiErrors(404)
  cost(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Query() query: Record<string, unknown>,
    @Headers('traceparent') traceparent?: string,
  ): Promise<DashboardCost> {
    return this.costUseCase.execute(p, projectId, query, traceparent);
  }
}
