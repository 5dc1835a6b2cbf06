import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiNoContent, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { memberListSchema, memberSchema as memberResponseSchema } from './openapi/schemas/projects.schemas';
import { memberSchema } from './project.schemas';
import { ListMembersUseCase } from '../use-cases/list-members.use-case';
import { RemoveMemberUseCase } from '../use-cases/remove-member.use-case';
import { SetMemberUseCase } from '../use-cases/set-member.use-case';

@ApiTags('projects')
@ApiAuth()
@Controller('v1/projects/:projectId/members')
export class MembersController {
  constructor(
    private readonly listMembers: ListMembersUseCase,
    private readonly setMember: SetMemberUseCase,
    private readonly removeMember: RemoveMemberUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "The project's members with roles, skills, languages (members and admins)" })
  @ApiZodResponse(200, memberListSchema)
  @ApiErrors(404)
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string) {
    return { members: await this.listMembers.execute(p, projectId) };
  }

  @Put(':userId')
  @ApiOperation({ summary: 'Add a person to the project or change their membership (project manager)' })
  @ApiZodBody(memberSchema, 'SetMemberRequest')
  @ApiZodResponse(200, memberResponseSchema)
  @ApiErrors(404, 409)
  set(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('userId') userId: string, @Body() body: unknown) {
    return this.setMember.execute(p, projectId, userId, validate(memberSchema, body));
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a person from the project (project manager)' })
  @ApiNoContent('Removed')
  @ApiErrors(400, 404, 409)
  async remove(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('userId') userId: string) {
    await this.removeMember.execute(p, projectId, userId);
  }
}
