import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { z } from '@verity/config';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { projectListSchema, projectSchema } from './openapi/schemas/projects.schemas';
import { createProjectSchema, updateProjectSchema } from './project.schemas';
import { ArchiveProjectUseCase } from '../use-cases/archive-project.use-case';
import { CreateProjectUseCase } from '../use-cases/create-project.use-case';
import { GetProjectUseCase } from '../use-cases/get-project.use-case';
import { ListProjectsUseCase } from '../use-cases/list-projects.use-case';
import { UpdateProjectUseCase } from '../use-cases/update-project.use-case';

const listQuery = z.object({ archived: z.enum(['true', 'false']).default('false') });

@ApiTags('projects')
@ApiAuth()
@Controller('v1/projects')
export class ProjectsController {
  constructor(
    private readonly createProject: CreateProjectUseCase,
    private readonly updateProject: UpdateProjectUseCase,
    private readonly archiveProject: ArchiveProjectUseCase,
    private readonly getProject: GetProjectUseCase,
    private readonly listProjects: ListProjectsUseCase,
  ) {}

  @Post()
  @Roles('project_manager')
  @ApiOperation({ summary: 'Create a project; the caller becomes its project manager (admin, project_manager)' })
  @ApiZodBody(createProjectSchema, 'CreateProjectRequest')
  @ApiZodResponse(201, projectSchema)
  create(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.createProject.execute(p, validate(createProjectSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'Projects the caller belongs to (all for an admin); ?archived=true includes archived ones' })
  @ApiZodQuery(listQuery)
  @ApiZodResponse(200, projectListSchema)
  async list(@CurrentPrincipal() p: Principal, @Query() query: unknown) {
    const q = validate(listQuery, query, 'query');
    return { projects: await this.listProjects.execute(p, q.archived === 'true') };
  }

  @Get(':projectId')
  @ApiOperation({ summary: 'A project (members and admins; 404 for everyone else)' })
  @ApiZodResponse(200, projectSchema)
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string) {
    return this.getProject.execute(p, projectId);
  }

  @Patch(':projectId')
  @ApiOperation({ summary: 'Change name, description, content types, filter or policy (project manager); policy fields merge' })
  @ApiZodBody(updateProjectSchema, 'UpdateProjectRequest')
  @ApiZodResponse(200, projectSchema)
  @ApiErrors(404, 409)
  update(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.updateProject.execute(p, projectId, validate(updateProjectSchema, body));
  }

  @Post(':projectId/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive a project: it takes no new content (project manager)' })
  @ApiZodResponse(200, projectSchema)
  @ApiErrors(404)
  archive(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string) {
    return this.archiveProject.execute(p, projectId);
  }
}
