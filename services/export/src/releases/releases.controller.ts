import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { z } from '@verity/config';
import { validate } from '@verity/service-runtime';
import { createReleaseBody } from './release-selection';
import { CreateReleaseUseCase } from './use-cases/create-release.use-case';
import { ReadReleasesUseCase } from './use-cases/read-releases.use-case';
import { ReexportReleaseUseCase } from './use-cases/reexport-release.use-case';
import { VerifyReleaseUseCase } from './use-cases/verify-release.use-case';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/**
 * Dataset releases of a project. Global roles are checked here; project membership is checked
 * by the gateway, which fronts this API. API keys are held to the projects they are limited to.
 */
@Controller('v1/projects/:projectId/releases')
@Roles('project_manager', 'consumer')
export class ReleasesController {
  constructor(
    private readonly create: CreateReleaseUseCase,
    private readonly read: ReadReleasesUseCase,
    private readonly verify: VerifyReleaseUseCase,
    private readonly reexport: ReexportReleaseUseCase,
  ) {}

  @Post()
  async createRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    scope(p, projectId);
    return this.create.execute({ projectId, body: validate(createReleaseBody, body ?? {}), requestedBy: p.id });
  }

  @Get()
  list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Query() query: unknown) {
    scope(p, projectId);
    return this.read.list(projectId, validate(listQuery, query, 'query').limit);
  }

  @Get(':releaseId')
  get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    scope(p, projectId);
    return this.read.get(projectId, releaseId);
  }

  @Post(':releaseId/verify')
  @HttpCode(200)
  verifyRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    scope(p, projectId);
    return this.verify.execute(projectId, releaseId);
  }

  @Post(':releaseId/reexport')
  @HttpCode(200)
  reexportRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    scope(p, projectId);
    return this.reexport.execute(projectId, releaseId);
  }
}

/** An API key limited to projects reaches only those. */
export function scope(p: Principal, projectId: string): void {
  if (p.kind === 'api_key' && !(p.projectIds ?? []).includes(projectId)) {
    throw new ForbiddenException(`this API key is not allowed on project ${projectId}`);
  }
}
