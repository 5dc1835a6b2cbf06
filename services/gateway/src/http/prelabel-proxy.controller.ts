import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiForwarded, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { activeLearningSelectionSchema, prelabelCostsSchema, prelabelModelsQuerySchema, prelabelModelsSchema } from './openapi/schemas/machine.schemas';
import { ProjectAccess } from '../use-cases/project-access.service';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { PRELABEL_UPSTREAM } from '../adapters/upstreams.registry';

/**
 * Machine assistance (prelabel service): LLM costs, model calibration reports, and running the
 * active-learning selection now. Prelabel checks global roles only; the gateway checks project
 * membership and the project role first, so a non-member gets 404 and nothing is forwarded.
 */
@ApiTags('prelabel')
@ApiAuth()
@ApiForwarded('prelabel')
@Controller('v1/projects/:projectId/prelabel')
export class PrelabelProxyController {
  constructor(
    @Inject(PRELABEL_UPSTREAM) private readonly prelabel: UpstreamClient,
    private readonly access: ProjectAccess,
    private readonly forwarder: Forwarder,
  ) {}

  @Get('costs')
  @ApiOperation({ summary: 'LLM token usage and cost per model (project managers)' })
  @ApiZodResponse(200, prelabelCostsSchema)
  @ApiErrors(404)
  async costs(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['project_manager']);
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/prelabel/costs` });
  }

  @Get('models')
  @ApiOperation({
    summary: 'Latest model and calibration per question: held-out accuracy, ECE, threshold (quality analysts, project managers)',
    description:
      'Also every version with the model loop measures (accuracy against the previous version on the same labels, ' +
      'label → model latency p50/p90) and the auto-accept share per time bucket (`buckets`, `bucketMs`).',
  })
  @ApiZodQuery(prelabelModelsQuerySchema)
  @ApiZodResponse(200, prelabelModelsSchema)
  @ApiErrors(404)
  async models(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['quality_analyst', 'project_manager']);
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/prelabel/models`, query: queryOf(q) });
  }

  @Post('active-learning/select')
  @ApiOperation({ summary: 'Run the active-learning selection now, within the project’s daily budget (project managers)' })
  @ApiZodResponse(200, activeLearningSelectionSchema)
  @ApiErrors(404)
  async select(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['project_manager']);
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/prelabel/active-learning/select`, body: {} });
  }
}
