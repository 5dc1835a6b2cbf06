import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from '@verity/config';
import { CurrentPrincipal, type Principal, Roles, validate } from '@verity/service-runtime';
import { GetMyWorkUseCase } from '../use-cases/get-my-work.use-case';
import { myWorkQuery } from '../domain/my-work.view';

const params = z.object({ projectId: z.string().min(1).max(200) });

/**
 * GET /v1/projects/:projectId/my-work?limit=&after=: the annotator's own answers with final
 * labels (and accuracy when the project shows it). Global role annotator (admin passes the
 * guard); project membership with the annotator role is checked against the project copy.
 * Reached through the gateway, which forwards people only.
 */
@Controller('v1/projects/:projectId/my-work')
export class MyWorkController {
  constructor(private readonly getMyWork: GetMyWorkUseCase) {}

  @Get()
  @Roles('annotator')
  get(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Query() q: unknown) {
    const { projectId } = validate(params, p, 'path');
    const query = validate(myWorkQuery, q, 'query');
    return this.getMyWork.execute(principal, projectId, query);
  }
}
