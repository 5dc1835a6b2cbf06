import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { erasureAcceptedSchema, erasureListQuerySchema, erasureListSchema, erasureRequestSchema, erasureSchema } from './erasure.schemas';
import { ErasuresUseCase } from '../use-cases/erasures.use-case';

@ApiTags('erasures')
@ApiAuth()
@Controller('v1/projects/:projectId/erasures')
export class ErasuresController {
  constructor(private readonly erasures: ErasuresUseCase) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Erase an item's content from the platform, by itemId or by source and sourceId (project managers of the project, admins): audit-logged, then carried out by every service over erasures.v1",
  })
  @ApiZodBody(erasureRequestSchema, 'ErasureRequest')
  @ApiZodResponse(202, erasureAcceptedSchema)
  @ApiErrors(400, 403, 404)
  request(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.erasures.request(p, projectId, body);
  }

  @Get()
  @ApiOperation({ summary: "The project's erasure requests with who asked, when, and their status, newest first (project managers, admins)" })
  @ApiZodQuery(erasureListQuerySchema)
  @ApiZodResponse(200, erasureListSchema)
  @ApiErrors(400, 403, 404)
  list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Query() query: unknown) {
    return this.erasures.list(p, projectId, query);
  }

  @Get(':erasureId')
  @ApiOperation({ summary: 'One erasure request with its status per service (project managers, admins)' })
  @ApiZodResponse(200, erasureSchema)
  @ApiErrors(403, 404)
  get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('erasureId') erasureId: string) {
    return this.erasures.get(p, projectId, erasureId);
  }
}
