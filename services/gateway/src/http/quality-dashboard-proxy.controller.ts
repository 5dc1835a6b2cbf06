import { Body, Controller, ForbiddenException, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiErrors, ApiForwarded, ApiPersonAuth, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { annotatorSuspensionSchema, reinstateRequestSchema, suspendRequestSchema } from './openapi/schemas/quality-dashboard.schemas';
import { ProjectAccess } from '../use-cases/project-access.service';
import { Forwarder, HttpResponse, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { QUALITY_UPSTREAM } from '../adapters/upstreams.registry';

/**
 * Suspending and reinstating an annotator by hand (quality service, which publishes SUSPENDED /
 * REINSTATED on annotators.v1 as its automatic rule does). People only; the gateway checks that
 * the caller is an admin or an active project_manager / quality_analyst member (404 for
 * non-members, 403 for other members) before forwarding; quality checks again on its member copy.
 */
@ApiTags('quality')
@ApiPersonAuth()
@ApiForwarded('quality')
@Controller('v1/projects/:projectId/annotators/:annotatorId')
export class QualityDashboardProxyController {
  constructor(
    @Inject(QUALITY_UPSTREAM) private readonly quality: UpstreamClient,
    private readonly access: ProjectAccess,
    private readonly forwarder: Forwarder,
  ) {}

  @Post('suspend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Suspend an annotator in the project: no new work until reinstated (project managers, quality analysts)',
    description: 'Idempotent. The automatic rule never lifts a suspension set by a person. `reason` is required.',
  })
  @ApiZodBody(suspendRequestSchema, 'SuspendAnnotatorRequest')
  @ApiZodResponse(200, annotatorSuspensionSchema)
  @ApiErrors(404)
  suspend(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('annotatorId') annotatorId: string,
    @Headers() h: Record<string, string>,
    @Body() body: unknown,
    @Res() res: HttpResponse,
  ) {
    return this.forward(p, projectId, annotatorId, 'suspend', h, body, res);
  }

  @Post('reinstate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reinstate a suspended annotator in the project (project managers, quality analysts)',
    description: 'Idempotent. The automatic rule may suspend them again only on newer honeypot or gold evidence.',
  })
  @ApiZodBody(reinstateRequestSchema, 'ReinstateAnnotatorRequest')
  @ApiZodResponse(200, annotatorSuspensionSchema)
  @ApiErrors(404)
  reinstate(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('annotatorId') annotatorId: string,
    @Headers() h: Record<string, string>,
    @Body() body: unknown,
    @Res() res: HttpResponse,
  ) {
    return this.forward(p, projectId, annotatorId, 'reinstate', h, body, res);
  }

  private async forward(
    p: Principal,
    projectId: string,
    annotatorId: string,
    action: 'suspend' | 'reinstate',
    h: Record<string, string>,
    body: unknown,
    res: HttpResponse,
  ): Promise<void> {
    if (p.kind !== 'user') throw new ForbiddenException('suspensions are decided by people: sign in');
    await this.access.require(p, projectId, ['project_manager', 'quality_analyst']);
    return this.forwarder.forward(this.quality, p, h, res, {
      method: 'POST',
      path: `/v1/projects/${segment(projectId)}/annotators/${segment(annotatorId)}/${action}`,
      body: body ?? {},
    });
  }
}
