import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { CurrentPrincipal, type Principal, ProjectAccess, Roles } from '@verity/service-runtime';
import { LabelHistoryUseCase } from '../use-cases/label-history.use-case';

/**
 * "How was this label made?" Global roles are checked by the guard; project membership from
 * export's own copy of projects.v1 (ProjectAccess). A label of a project the caller does not
 * belong to is 404, like a missing one.
 */
@Controller('v1')
@Roles('project_manager', 'quality_analyst', 'consumer')
export class AuditController {
  constructor(
    private readonly history: LabelHistoryUseCase,
    private readonly access: ProjectAccess,
  ) {}

  @Get('labels/:itemId/:questionId/history')
  labelHistory(@CurrentPrincipal() p: Principal, @Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    return this.unscoped(p, itemId, questionId);
  }

  @Get('audit/labels/:itemId/:questionId')
  audit(@CurrentPrincipal() p: Principal, @Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    return this.unscoped(p, itemId, questionId);
  }

  /** The project-scoped form the gateway forwards. */
  @Get('projects/:projectId/audit/labels/:itemId/:questionId')
  async projectAudit(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    await this.access.require(p, projectId);
    return this.history.execute(itemId, questionId, projectId);
  }

  /** Without a project in the path: the label's own project decides. */
  private async unscoped(p: Principal, itemId: string, questionId: string) {
    const projectId = await this.history.projectOf(itemId, questionId);
    const missing = () => new NotFoundException(`no label for item ${itemId} question ${questionId}`);
    if (projectId === null) throw missing();
    try {
      await this.access.require(p, projectId);
    } catch (err) {
      if (err instanceof NotFoundException) throw missing();
      throw err;
    }
    return this.history.execute(itemId, questionId, projectId);
  }
}
