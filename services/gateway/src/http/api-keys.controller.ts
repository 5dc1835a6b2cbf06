import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { apiKeyListSchema, apiKeySchema, createdApiKeySchema } from './openapi/schemas/people.schemas';
import { createApiKeySchema } from './people.schemas';
import { CreateApiKeyUseCase } from '../use-cases/create-api-key.use-case';
import { ListApiKeysUseCase } from '../use-cases/list-api-keys.use-case';
import { RevokeApiKeyUseCase } from '../use-cases/revoke-api-key.use-case';

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
  @ApiZodBody(createApiKeySchema, 'CreateApiKeyRequest')
  @ApiZodResponse(201, createdApiKeySchema)
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.createKey.execute(p.id, validate(createApiKeySchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'List API keys, without secrets (admin)' })
  @ApiZodResponse(200, apiKeyListSchema)
  async list() {
    return { apiKeys: await this.listKeys.execute() };
  }

  @Delete(':keyId')
  @ApiOperation({ summary: 'Revoke an API key (admin)' })
  @ApiZodResponse(200, apiKeySchema, 'The revoked key')
  @ApiErrors(404)
  revoke(@Param('keyId') keyId: string) {
    return this.revokeKey.execute(keyId);
  }
}
