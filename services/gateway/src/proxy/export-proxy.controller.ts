import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiForwarded, ApiZodBody, ApiZodQuery, ApiZodResponse } from '../openapi/api-docs.decorators';
import { projectQualitySchema, qualityQuerySchema } from '../openapi/schemas/machine';
import {
  createdReleaseSchema,
  createReleaseRequestSchema,
  labelAuditSchema,
  releaseListQuerySchema,
  releaseListSchema,
  releaseReexportSchema,
  releaseSchema,
  releaseVerificationSchema,
} from '../openapi/schemas/releases';
import { ProjectAccess } from '../projects/project-access.service';
import { Forwarder, HttpResponse, queryOf, segment } from './forwarder';
import { UpstreamClient } from './upstream.client';
import { EXPORT_UPSTREAM, QUALITY_UPSTREAM } from './upstreams';

/**
 * Dataset releases and the label audit (export service) and quality metrics (quality service).
 * Those services check global roles only; the gateway checks project membership first, so a
 * non-member gets 404 here and nothing is forwarded. Training jobs use consumer API keys
 * limited to their projects.
 */
@ApiTags('releases')
@ApiAuth()
@Controller('v1/projects/:projectId')
export class ExportProxyController {
  constructor(
    @Inject(EXPORT_UPSTREAM) private readonly exporter: UpstreamClient,
    @Inject(QUALITY_UPSTREAM) private readonly quality: UpstreamClient,
    private readonly access: ProjectAccess,
    private readonly forwarder: Forwarder,
  ) {}

  @Post('releases')
  @ApiOperation({ summary: 'Write an immutable dataset release to S3 {selection, allowMixedOntologyVersions, parentReleaseId}' })
  @ApiZodBody(createReleaseRequestSchema, 'CreateReleaseRequest')
  @ApiZodResponse(201, createdReleaseSchema)
  @ApiErrors(404, 409, 422)
  @ApiForwarded('export')
  async create(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['project_manager']);
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases`, body: body ?? {} });
  }

  @Get('releases')
  @ApiOperation({ summary: 'The project’s releases, newest first' })
  @ApiZodQuery(releaseListQuerySchema)
  @ApiZodResponse(200, releaseListSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/releases`, query: queryOf(q) });
  }

  @Get('releases/:releaseId')
  @ApiOperation({ summary: 'A release and its manifest' })
  @ApiZodResponse(200, releaseSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}` });
  }

  @Post('releases/:releaseId/verify')
  @ApiOperation({ summary: 'Re-read the release from S3 and check every sha256' })
  @ApiZodResponse(200, releaseVerificationSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async verify(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/verify`, body: {} });
  }

  @Post('releases/:releaseId/reexport')
  @ApiOperation({ summary: 'Regenerate the files and compare them byte for byte with the release' })
  @ApiZodResponse(200, releaseReexportSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async reexport(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['project_manager']);
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/reexport`, body: {} });
  }

  @Get('labels/:itemId/:questionId/audit')
  @ApiOperation({ summary: 'How was this label made? Every version with its full provenance and releases' })
  @ApiZodResponse(200, labelAuditSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async audit(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('itemId') itemId: string, @Param('questionId') questionId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, {
      method: 'GET',
      path: `/v1/projects/${segment(projectId)}/audit/labels/${segment(itemId)}/${segment(questionId)}`,
    });
  }

  @Get('quality')
  @ApiOperation({ summary: 'Agreement over time windows and annotator reliabilities (quality analysts, project managers)' })
  @ApiZodQuery(qualityQuerySchema)
  @ApiZodResponse(200, projectQualitySchema)
  @ApiErrors(404)
  @ApiForwarded('quality')
  async metrics(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['quality_analyst', 'project_manager']);
    return this.forwarder.forward(this.quality, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/quality`, query: queryOf(q) });
  }
}
