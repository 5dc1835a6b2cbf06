import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from '@verity/config';
import { Roles, validate } from '@verity/service-runtime';
import { GetProjectQualityUseCase } from './get-project-quality.use-case';

const params = z.object({ projectId: z.string().min(1).max(200) });
const query = z.object({
  windows: z.coerce.number().int().min(1).max(50).default(1),
  // Window (chart bucket) length; default QUALITY_METRICS_WINDOW_MS. 1 s .. 366 days.
  windowMs: z.coerce.number().int().min(1000).max(366 * 24 * 3600 * 1000).optional(),
});

/**
 * GET /v1/projects/:projectId/quality?windows=1..50&windowMs=: window metrics (agreement, drift,
 * human answers per item), annotator reliabilities and times, machine precision per model and version.
 * Global roles quality_analyst / project_manager (admin always passes) come from the JWT; project
 * membership cannot be checked here (quality holds no membership data): the gateway fronts this
 * route and checks membership before forwarding.
 */
@Controller('v1/projects/:projectId/quality')
export class QualityMetricsController {
  constructor(private readonly getQuality: GetProjectQualityUseCase) {}

  @Get()
  @Roles('quality_analyst', 'project_manager', 'admin')
  get(@Param() p: unknown, @Query() q: unknown) {
    const { projectId } = validate(params, p, 'path');
    const { windows, windowMs } = validate(query, q, 'query');
    return this.getQuality.execute({ projectId, windows, windowMs });
  }
}
