import { Body, Controller, ForbiddenException, Get, Headers, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { BEARER } from '../openapi/api-docs.decorators';
import { AssignmentClient, UpstreamRequest } from './assignment.client';

// @types/express is not installed: the part of the response used here.
interface HttpResponse {
  status(code: number): HttpResponse;
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;
const segment = (id: string) => {
  if (!ID.test(id)) throw new NotFoundException('not found');
  return encodeURIComponent(id);
};

/**
 * The annotator API, served by the assignment service and reached through the gateway: the
 * gateway authenticates the caller (a person's bearer token) before forwarding; the assignment
 * service checks membership and verifies the same token itself.
 */
@ApiTags('annotator')
@ApiBearerAuth(BEARER)
@Controller('v1')
export class AssignmentProxyController {
  constructor(private readonly upstream: AssignmentClient) {}

  @Post('projects/:projectId/tasks/next')
  @ApiOperation({ summary: 'Next task for the caller in a project (forwarded to the assignment service)' })
  next(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/tasks/next`, body: body ?? {} });
  }

  @Get('projects/:projectId/tasks/mine')
  @ApiOperation({ summary: "The caller's tasks in a project (forwarded to the assignment service)" })
  mine(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (typeof v === 'string') query.append(k, v);
    return this.forward(p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/tasks/mine`, query });
  }

  @Post('tasks/:taskId/submit')
  @ApiOperation({ summary: 'Submit answers for a leased task (forwarded to the assignment service)' })
  submit(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, { method: 'POST', path: `/v1/tasks/${segment(taskId)}/submit`, body: body ?? {} });
  }

  @Post('tasks/:taskId/skip')
  @ApiOperation({ summary: 'Skip a leased task with a reason (forwarded to the assignment service)' })
  skip(@CurrentPrincipal() p: Principal, @Param('taskId') taskId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    return this.forward(p, h, res, { method: 'POST', path: `/v1/tasks/${segment(taskId)}/skip`, body: body ?? {} });
  }

  private async forward(p: Principal, h: Record<string, string>, res: HttpResponse, req: Omit<UpstreamRequest, 'authorization'>) {
    if (p.kind !== 'user' || !h.authorization) throw new ForbiddenException("the annotator API takes a person's bearer token");
    const out = await this.upstream.forward({ ...req, authorization: h.authorization, traceparent: h.traceparent });
    res.status(out.status).setHeader('content-type', out.contentType);
    res.send(out.body);
  }
}
