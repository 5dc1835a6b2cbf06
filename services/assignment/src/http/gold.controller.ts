import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@verity/service-runtime';
import { RegisterGoldUseCase } from '../use-cases/register-gold.use-case';

/** The internal gold-set endpoint (project managers, admins): feeds honeypot injection. */
@Controller('v1/projects/:projectId/gold')
export class GoldController {
  constructor(private readonly registerGold: RegisterGoldUseCase) {}

  @Post()
  @HttpCode(201)
  @Roles('project_manager')
  register(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.registerGold.execute(principal, projectId, body);
  }
}
