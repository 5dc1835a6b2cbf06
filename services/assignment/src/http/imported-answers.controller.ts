import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@verity/service-runtime';
import { ImportAnswersUseCase } from '../use-cases/import-answers.use-case';

/** Internal: human answers imported from another tool (the gateway's Label Studio import, for project managers and admins). */
@Controller('v1/projects/:projectId/imported-answers')
export class ImportedAnswersController {
  constructor(private readonly importAnswers: ImportAnswersUseCase) {}

  @Post()
  @HttpCode(200)
  @Roles('project_manager')
  import(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.importAnswers.execute(principal, projectId, body);
  }
}
