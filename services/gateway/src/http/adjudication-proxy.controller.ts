import type { ServerResponse } from 'node:http';
import { Body, Controller, ForbiddenException, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiErrors, ApiForwarded, ApiMedia, ApiNoContent, ApiPersonAuth, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import {
  adjudicationListQuerySchema,
  adjudicationNextQuerySchema,
  adjudicationQueueSchema,
  adjudicationRequestSchema,
  escalateRequestSchema,
  escalationSchema,
  goldConfirmationSchema,
  verdictRequestSchema,
  verdictSchema,
} from './openapi/schemas/adjudication.schemas';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { ADJUDICATION_UPSTREAM } from '../adapters/upstreams.registry';

/**
 * The expert API, served by the adjudication service (which checks project roles from its copy
 * of projects.v1: quality analysts adjudicate, project managers take escalations and confirm gold).
 */
@ApiTags('adjudication')
@ApiPersonAuth()
@ApiForwarded('adjudication')
@Controller('v1')
export class AdjudicationProxyController {
  constructor(
    @Inject(ADJUDICATION_UPSTREAM) private readonly upstream: UpstreamClient,
    private readonly forwarder: Forwarder,
  ) {}

  @Get('projects/:projectId/adjudications')
  @ApiOperation({ summary: 'The adjudication queue (?state=open|escalated|decided)' })
  @ApiZodQuery(adjudicationListQuerySchema)
  @ApiZodResponse(200, adjudicationQueueSchema)
  @ApiErrors(404)
  list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'GET', `/v1/projects/${segment(projectId)}/adjudications`, undefined, queryOf(q));
  }

  @Post('projects/:projectId/adjudications/next')
  @ApiOperation({ summary: 'Claim the next request (204 when none)' })
  @ApiZodQuery(adjudicationNextQuerySchema)
  @ApiZodResponse(200, adjudicationRequestSchema, 'The request now claimed by the caller')
  @ApiNoContent('Nothing to claim')
  @ApiErrors(404)
  next(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/projects/${segment(projectId)}/adjudications/next`, {}, queryOf(q));
  }

  @Get('adjudications/:requestId')
  @ApiOperation({ summary: 'One request: content, guidelines, answers with reliabilities, draft, reasons' })
  @ApiZodResponse(200, adjudicationRequestSchema)
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('requestId') requestId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'GET', `/v1/adjudications/${segment(requestId)}`);
  }

  @Get('adjudications/:requestId/media')
  @ApiOperation({ summary: "The request's media, streamed with byte ranges (whoever may read the request)" })
  @ApiMedia("The request's payload")
  @ApiErrors(404)
  media(@CurrentPrincipal() p: Principal, @Param('requestId') requestId: string, @Headers() h: Record<string, string>, @Res() res: ServerResponse) {
    if (p.kind !== 'user') throw new ForbiddenException('the expert API is for people: sign in with a bearer token');
    return this.forwarder.stream(this.upstream, p, h, res, `/v1/adjudications/${segment(requestId)}/media`);
  }

  @Post('adjudications/:requestId/verdict')
  @ApiOperation({ summary: 'Give the verdict {label, confidence, note, goldCandidate}' })
  @ApiZodBody(verdictRequestSchema, 'VerdictRequest')
  @ApiZodResponse(201, verdictSchema)
  @ApiErrors(404, 409)
  verdict(@CurrentPrincipal() p: Principal, @Param('requestId') requestId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/adjudications/${segment(requestId)}/verdict`, body ?? {});
  }

  @Post('adjudications/:requestId/escalate')
  @ApiOperation({ summary: 'Escalate to the project manager {note}' })
  @ApiZodBody(escalateRequestSchema, 'EscalateRequest')
  @ApiZodResponse(200, escalationSchema)
  @ApiErrors(404, 409)
  escalate(@CurrentPrincipal() p: Principal, @Param('requestId') requestId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/adjudications/${segment(requestId)}/escalate`, body ?? {});
  }

  @Post('projects/:projectId/gold/:requestId/confirm')
  @ApiOperation({ summary: 'Confirm a gold candidate (project manager)' })
  @ApiZodResponse(201, goldConfirmationSchema)
  @ApiErrors(404, 409)
  confirm(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('requestId') requestId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/projects/${segment(projectId)}/gold/${segment(requestId)}/confirm`, {});
  }

  private forward(p: Principal, h: Record<string, string>, res: HttpResponse, method: 'GET' | 'POST', path: string, body?: unknown, query?: URLSearchParams) {
    if (p.kind !== 'user') throw new ForbiddenException('the expert API is for people: sign in with a bearer token');
    return this.forwarder.forward(this.upstream, p, h, res, { method, path, body, query });
  }
}
