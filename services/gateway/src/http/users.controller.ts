import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { z } from '@verity/config';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { userPageSchema, userSchema } from './openapi/schemas/people.schemas';
import { createUserSchema } from './people.schemas';
import { CreateUserUseCase } from '../use-cases/create-user.use-case';
import { DeactivateUserUseCase } from '../use-cases/deactivate-user.use-case';
import { ListUsersUseCase } from '../use-cases/list-users.use-case';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(100).optional(),
});

@ApiTags('people')
@ApiAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly createUser: CreateUserUseCase,
    private readonly listUsers: ListUsersUseCase,
    private readonly deactivateUser: DeactivateUserUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a person (admin)' })
  @ApiZodBody(createUserSchema, 'CreateUserRequest')
  @ApiZodResponse(201, userSchema)
  @ApiErrors(409)
  create(@Body() body: unknown) {
    return this.createUser.execute(validate(createUserSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List people, a page at a time (admin)' })
  @ApiZodQuery(listQuery)
  @ApiZodResponse(200, userPageSchema)
  list(@Query() query: unknown) {
    const q = validate(listQuery, query, 'query');
    return this.listUsers.execute(q.limit, q.after);
  }

  @Post(':userId/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a person: no new tokens (admin)' })
  @ApiZodResponse(200, userSchema)
  @ApiErrors(400, 404)
  deactivate(@CurrentPrincipal() p: Principal, @Param('userId') userId: string) {
    return this.deactivateUser.execute(p.id, userId);
  }
}
