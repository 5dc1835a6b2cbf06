import { Body, Controller, Get, NotFoundException, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { meSchema, meUserSchema } from './openapi/schemas/people.schemas';
import { updateMeSchema } from './people.schemas';
import { UpdateMeUseCase } from '../use-cases/update-me.use-case';
import { UsersRepository } from '../db/users.repository';

@ApiTags('people')
@ApiAuth()
@Controller('v1/me')
export class MeController {
  constructor(
    private readonly users: UsersRepository,
    private readonly updateMe: UpdateMeUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Who is calling: the account of a person (with their console locale), or the identity of an API key' })
  @ApiZodResponse(200, meSchema)
  @ApiErrors(404)
  async me(@CurrentPrincipal() p: Principal) {
    if (p.kind === 'api_key') return { kind: p.kind, id: p.id, roles: p.roles, projectIds: p.projectIds ?? [] };
    const user = await this.users.byId(p.id);
    if (!user) throw new NotFoundException('user not found');
    return { kind: p.kind, ...user };
  }

  @Patch()
  @ApiOperation({ summary: "Change one's own preferences: `locale`, the console language (people only)" })
  @ApiZodBody(updateMeSchema, 'UpdateMeRequest')
  @ApiZodResponse(200, meUserSchema)
  @ApiErrors(404)
  async update(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const user = await this.updateMe.execute(p, validate(updateMeSchema, body));
    return { kind: p.kind, ...user };
  }
}
