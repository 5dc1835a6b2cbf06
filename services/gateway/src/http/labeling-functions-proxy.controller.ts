import { Body, Controller, Delete, Get, Headers, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiForwarded, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import {
  labelingFunctionAnalysisQuerySchema,
  labelingFunctionAnalysisSchema,
  labelingFunctionCreateSchema,
  labelingFunctionListSchema,
  labelingFunctionRetiredSchema,
  labelingFunctionUpdateSchema,
  savedLabelingFunctionSchema,
} from './openapi/schemas/labeling-functions.schemas';
import { ProjectAccess } from '../use-cases/project-access.service';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { PRELABEL_UPSTREAM } from '../adapters/upstreams.registry';

/**
 * Labeling functions (prelabel service, issue #14): a project's versioned LF definitions, their
 * votes and analysis. Project managers (and admins), as the other prelabel routes: the gateway
 * checks membership and the project role first (a non-member gets 404, nothing is forwarded);
 * prelabel validates the definition (400 naming each field).
 */
@ApiTags('prelabel')
@ApiAuth()
@ApiForwarded('prelabel')
@Controller('v1/projects/:projectId/prelabel/labeling-functions')
export class LabelingFunctionsProxyController {
  constructor(
    @Inject(PRELABEL_UPSTREAM) private readonly prelabel: UpstreamClient,
    private readonly access: ProjectAccess,
    private readonly forwarder: Forwarder,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a labeling function: version 1, owned by the caller, run over the tasks held (project managers)' })
  @ApiZodBody(labelingFunctionCreateSchema, 'LabelingFunctionDefinition')
  @ApiZodResponse(201, savedLabelingFunctionSchema)
  @ApiErrors(404, 409)
  async create(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    const path = await this.path(p, projectId);
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'POST', path, body: body ?? {} });
  }

  @Get()
  @ApiOperation({ summary: 'The latest version of each labeling function, retired ones included (project managers)' })
  @ApiZodResponse(200, labelingFunctionListSchema)
  @ApiErrors(404)
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    const path = await this.path(p, projectId);
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'GET', path });
  }

  @Get('analysis')
  @ApiOperation({
    summary: 'Coverage, overlap, conflict, polarity and accuracy per labeling-function version, per question (project managers)',
    description: 'Accuracy is against the decided labels prelabel holds, with a 95 % Wilson interval; totals are over the active set.',
  })
  @ApiZodQuery(labelingFunctionAnalysisQuerySchema)
  @ApiZodResponse(200, labelingFunctionAnalysisSchema)
  @ApiErrors(404)
  async analysis(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    const path = await this.path(p, projectId, 'analysis');
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'GET', path, query: queryOf(q) });
  }

  @Put(':lfId')
  @ApiOperation({
    summary: 'Change a labeling function: a changed definition is the next version, run over the tasks held (project managers)',
    description: 'An unchanged definition creates nothing (`created: false`); a retired LF given a definition is active again, as a new version.',
  })
  @ApiZodBody(labelingFunctionUpdateSchema, 'LabelingFunctionChange')
  @ApiZodResponse(200, savedLabelingFunctionSchema)
  @ApiErrors(404, 409)
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('lfId') lfId: string,
    @Headers() h: Record<string, string>,
    @Body() body: unknown,
    @Res() res: HttpResponse,
  ) {
    const path = await this.path(p, projectId, segment(lfId));
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'PUT', path, body: body ?? {} });
  }

  @Delete(':lfId')
  @ApiOperation({ summary: 'Retire a labeling function (every version): it stops voting; its versions and votes stay (project managers)' })
  @ApiZodResponse(200, labelingFunctionRetiredSchema)
  @ApiErrors(404)
  async retire(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('lfId') lfId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    const path = await this.path(p, projectId, segment(lfId));
    return this.forwarder.forward(this.prelabel, p, h, res, { method: 'DELETE', path });
  }

  /** The upstream path, once the caller is a project manager of the project (or an admin). */
  private async path(p: Principal, projectId: string, rest?: string): Promise<string> {
    await this.access.require(p, projectId, ['project_manager']);
    const base = `/v1/projects/${segment(projectId)}/prelabel/labeling-functions`;
    return rest ? `${base}/${rest}` : base;
  }
}
