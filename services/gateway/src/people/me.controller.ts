import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth } from '../openapi/api-docs.decorators';
import { UsersRepository } from './users.repository';

@ApiTags('people')
@ApiAuth()
@Controller('v1/me')
export class MeController {
  constructor(private readonly users: UsersRepository) {}

  @Get()
  @ApiOperation({ summary: 'Who is calling: the account of a person, or the identity of an API key' })
  async me(@CurrentPrincipal() p: Principal) {
    if (p.kind === 'api_key') return { kind: p.kind, id: p.id, roles: p.roles, projectIds: p.projectIds ?? [] };
    const user = await this.users.byId(p.id);
    if (!user) throw new NotFoundException('user not found');
    return { kind: p.kind, ...user };
  }
}
