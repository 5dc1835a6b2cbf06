import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal, ProjectAccess, Roles, validate } from '@verity/service-runtime';
import { ImportPrelabelsUseCase } from '../use-cases/import-prelabels.use-case';
import { importedPrelabelsBody, importedPrelabelsParams } from './imported-prelabels.schemas';

/**
 * Imported predictions (Label Studio, issue #16), posted by the gateway's import with the
 * caller's service token: project managers (and admins) of the project, checked against
 * prelabel's membership copy like the labeling-function routes.
 */
@Controller('v1/projects/:projectId/imported-prelabels')
export class ImportedPrelabelsController {
  constructor(
    private readonly importPrelabels: ImportPrelabelsUseCase,
    private readonly access: ProjectAccess,
  ) {}

  /** Stores them (a second post of the same changes nothing) and publishes the drafts of tasks already here. */
  @Post()
  @HttpCode(200)
  @Roles('project_manager', 'admin')
  async post(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Body() b: unknown) {
    const { projectId } = validate(importedPrelabelsParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    const { prelabels } = validate(importedPrelabelsBody, b);
    return this.importPrelabels.execute(
      projectId,
      prelabels.map((x) => ({ source: x.source, sourceId: x.sourceId, questionId: x.questionId, optionIds: x.optionIds, score: x.score ?? null, modelVersion: x.modelVersion })),
    );
  }
}
