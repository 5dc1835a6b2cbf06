import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from '@verity/config';
import { CurrentPrincipal, type Principal, ProjectAccess, Roles, validate } from '@verity/service-runtime';
import { GetProjectQualityUseCase } from '../use-cases/get-project-quality.use-case';

const params = z.object({ projectId: z.string().min(1).max(200) });
const query = z.object({
  windows: z.coerce.number().int().min(1).max(50).default(1),
  // Window (chart bucket) length; default QUALITY_METRICS_WINDOW_MS. 1 s .. 366 days.
  windowMs: z.coerce.number().int().min(1000).max(366 * 24 * 3600 * 1000).optional(),
});

/**
 * GET /v1/projects/:projectId/quality?windows=1..50&windowMs=: window metrics (agreement, drift,
 * human answers per item), annotator reliabilities and times, machine precision per model and version.
 * Global roles quality_analyst / project_manager (admin always passes) come from the gateway's
 * token; the project role from quality's membership copy (ProjectAccess: non-members 404).
 */
@Controller('v1/projects/:projectId/quality')
export class QualityMetricsController {
  constructor(
    private readonly getQuality: GetProjectQualityUseCase,
    private readonly access: ProjectAccess,
  ) {}

  @Get()
  @Roles('quality_analyst', 'project_manager', 'admin')
  async get(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Query() q: unknown) {
    const { projectId } = validate(params, p, 'path');
    await this.access.require(principal, projectId, ['quality_analyst', 'project_manager']);
    const { windows, windowMs } = validate(query, q, 'query');
    return this.getQuality.execute({ projectId, windows, windowMs });
  }
}
