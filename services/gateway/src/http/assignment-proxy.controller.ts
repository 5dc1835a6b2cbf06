import type { ServerResponse } from 'node:http';
import { Body, Controller, ForbiddenException, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiErrors, ApiForwarded, ApiMedia, ApiNoContent, ApiPersonAuth, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import {
  goldItemRequestSchema,
  goldItemSchema,
  skippedTaskSchema,
  skipTaskRequestSchema,
  submitAnswerRequestSchema,
  submittedAnswerSchema,
  taskLeasesSchema,
  taskViewSchema,
} from './openapi/schemas/annotator.schemas';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { ASSIGNMENT_UPSTREAM } from '../adapters/upstreams.registry';

/**
 * The annotator API, served by the assignment service and reached through the gateway: the
 * gateway authenticates the caller (a person) before forwarding; the assignment service checks
 * membership and the lease.
 */
@ApiTags('annotator')
@ApiPersonAuth()
@ApiForwarded('assignment')
@Controller('v1')
export class AssignmentProxyController {
  constructor(
    @Inject(ASSIGNMENT_UPSTREAM) private readonly upstream: UpstreamClient,
    private readonly forwarder: Forwarder,
  ) {}

  @Post('projects/:projectId/tasks/next')
  @ApiOperation({ summary: 'Next task for the caller in a project (assignment service)' })
  @ApiZodResponse(200, taskViewSchema, 'The task now leased to the caller')
  @ApiNoContent('No task available now')
  @ApiErrors(404, 409)
  next(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/projects/${segment(projectId)}/tasks/next`, body ?? {});
  }

  @Get('projects/:projectId/tasks/mine')
  @ApiOperation({ summary: "The caller's tasks in a project (assignment service)" })
  @ApiZodResponse(200, taskLeasesSchema)
  @ApiErrors(404)
  mine(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'GET', `/v1/projects/${segment(projectId)}/tasks/mine`, undefined, queryOf(q));
  }

  @Post('tasks/:taskId/submit')
  @ApiOperation({ summary: 'Submit the answer for a leased task (assignment service)' })
  @ApiZodBody(submitAnswerRequestSchema, 'SubmitAnswerRequest')
  @ApiZodResponse(201, submittedAnswerSchema)
  @ApiErrors(404, 409)
  submit(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/tasks/${segment(taskId)}/submit`, body ?? {});
  }

  @Post('tasks/:taskId/skip')
  @ApiOperation({ summary: 'Skip a leased task with a reason (assignment service)' })
  @ApiZodBody(skipTaskRequestSchema, 'SkipTaskRequest')
  @ApiZodResponse(200, skippedTaskSchema)
  @ApiErrors(404, 409)
  skip(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/tasks/${segment(taskId)}/skip`, body ?? {});
  }

  @Get('tasks/:taskId/media')
  @ApiOperation({ summary: "The leased task's media, streamed with byte ranges (lease holder only; assignment service)" })
  @ApiMedia("The task's payload")
  @ApiErrors(404)
  media(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Headers() h: Record<string, string>, @Res() res: ServerResponse) {
    if (p.kind !== 'user') throw new ForbiddenException('the annotator API is for people: sign in with a bearer token');
    return this.forwarder.stream(this.upstream, p, h, res, `/v1/tasks/${segment(taskId)}/media`);
  }

  @Post('projects/:projectId/gold')
  @ApiOperation({ summary: 'Add a gold item for honeypots (project manager; assignment service)' })
  @ApiZodBody(goldItemRequestSchema, 'GoldItemRequest')
  @ApiZodResponse(201, goldItemSchema)
  @ApiErrors(404)
  gold(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, 'POST', `/v1/projects/${segment(projectId)}/gold`, body ?? {});
  }

  private forward(p: Principal, h: Record<string, string>, res: HttpResponse, method: 'GET' | 'POST', path: string, body?: unknown, query?: URLSearchParams) {
    if (p.kind !== 'user') throw new ForbiddenException('the annotator API is for people: sign in with a bearer token');
    return this.forwarder.forward(this.upstream, p, h, res, { method, path, body, query });
  }
}
