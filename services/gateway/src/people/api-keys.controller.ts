import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiZodBody } from '../openapi/api-docs.decorators';
import { createApiKeySchema } from './people.schemas';
import { CreateApiKeyUseCase } from './use-cases/create-api-key.use-case';
import { ListApiKeysUseCase } from './use-cases/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './use-cases/revoke-api-key.use-case';

@ApiTags('people')
@ApiAuth()
@Roles('admin')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly createKey: CreateApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a machine API key (producer or consumer); the token is shown only in this answer (admin)' })
  @ApiZodBody(createApiKeySchema)
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.createKey.execute(p.id, validate(createApiKeySchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List API keys, without secrets (admin)' })
  async list() {
    return { apiKeys: await this.listKeys.execute() };
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke an API key (admin)' })
  revoke(@Param('keyId') keyId: string) {
    return this.revokeKey.execute(keyId);
  }
}
