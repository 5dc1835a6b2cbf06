import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { z } from '@verity/config';
import { CurrentPrincipal, type Principal, Roles, validate } from '@verity/service-runtime';
import { ManualSuspensionUseCase } from '../use-cases/manual-suspension.use-case';

const params = z.object({ projectId: z.string().min(1).max(200), annotatorId: z.string().min(1).max(200) });
export const suspendBody = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(1000) });
export const reinstateBody = z.object({ reason: z.string().trim().min(1).max(1000).optional() });

/**
 * POST /v1/projects/:projectId/annotators/:annotatorId/suspend {reason} and …/reinstate {reason?}:
 * a person suspends or reinstates an annotator in the project (annotators.v1 SUSPENDED /
 * REINSTATED, as the automatic rule publishes them). Any person's global role passes the guard;
 * the project copy decides (admin, or an active project_manager / quality_analyst member; 404 for
 * non-members, 403 for other members). Reached through the gateway, which forwards people only.
 */
@Controller('v1/projects/:projectId/annotators/:annotatorId')
export class AnnotatorSuspensionController {
  constructor(private readonly suspensions: ManualSuspensionUseCase) {}

  @Post('suspend')
  @HttpCode(200)
  @Roles('project_manager', 'quality_analyst', 'annotator')
  suspend(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Body() body: unknown) {
    const { projectId, annotatorId } = validate(params, p, 'path');
    const { reason } = validate(suspendBody, body ?? {});
    return this.suspensions.execute(principal, projectId, annotatorId, 'suspend', reason);
  }

  @Post('reinstate')
  @HttpCode(200)
  @Roles('project_manager', 'quality_analyst', 'annotator')
  reinstate(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Body() body: unknown) {
    const { projectId, annotatorId } = validate(params, p, 'path');
    const { reason } = validate(reinstateBody, body ?? {});
    return this.suspensions.execute(principal, projectId, annotatorId, 'reinstate', reason ?? null);
  }
}
