import { Controller, Get, Param } from '@nestjs/common';
import { Roles } from '@verity/auth';
import { LabelHistoryUseCase } from './label-history.use-case';

/**
 * "How was this label made?" Global roles are checked here; project membership by the
 * gateway, which fronts this API.
 */
@Controller('v1')
@Roles('project_manager', 'quality_analyst', 'consumer')
export class AuditController {
  constructor(private readonly history: LabelHistoryUseCase) {}

  @Get('labels/:itemId/:questionId/history')
  labelHistory(@Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    return this.history.execute(itemId, questionId);
  }

  @Get('audit/labels/:itemId/:questionId')
  audit(@Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    return this.history.execute(itemId, questionId);
  }

  /** The project-scoped form the gateway forwards after checking membership. */
  @Get('projects/:projectId/audit/labels/:itemId/:questionId')
  projectAudit(@Param('projectId') projectId: string, @Param('itemId') itemId: string, @Param('questionId') questionId: string) {
    return this.history.execute(itemId, questionId, projectId);
  }
}
