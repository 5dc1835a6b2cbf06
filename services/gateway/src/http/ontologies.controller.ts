import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { z } from '@verity/config';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { ontologyDiffSchema, ontologyListSchema, ontologyVersionSchema } from './openapi/schemas/projects.schemas';
import { ontologyDraftSchema, publishSchema } from './ontology.schemas';
import { CreateDraftUseCase } from '../use-cases/create-draft.use-case';
import { PublishOntologyUseCase } from '../use-cases/publish-ontology.use-case';
import { ReadOntologiesUseCase } from '../use-cases/read-ontologies.use-case';
import { UpdateDraftUseCase } from '../use-cases/update-draft.use-case';

const versionParam = z.coerce.number().int().min(1).max(1_000_000);
const parseVersion = (raw: string) => validate(z.object({ version: versionParam }), { version: raw }, 'path').version;
const parseVersions = (a: string, b: string) => validate(z.object({ a: versionParam, b: versionParam }), { a, b }, 'path');

@ApiTags('ontologies')
@ApiAuth()
@Controller('v1/projects/:projectId/ontologies')
export class OntologiesController {
  constructor(
    private readonly createDraft: CreateDraftUseCase,
    private readonly updateDraft: UpdateDraftUseCase,
    private readonly publishOntology: PublishOntologyUseCase,
    private readonly read: ReadOntologiesUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "The project's ontology versions, drafts included (members)" })
  @ApiZodResponse(200, ontologyListSchema)
  @ApiErrors(404)
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string) {
    return { ontologies: await this.read.list(p, projectId) };
  }

  @Post()
  @ApiOperation({ summary: 'Start the next ontology version as a draft (project manager); 400 names every fault' })
  @ApiZodBody(ontologyDraftSchema, 'OntologyDraft')
  @ApiZodResponse(201, ontologyVersionSchema)
  @ApiErrors(404, 409)
  create(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    return this.createDraft.execute(p, projectId, body);
  }

  @Get(':version')
  @ApiOperation({ summary: 'One ontology version (members)' })
  @ApiZodResponse(200, ontologyVersionSchema)
  @ApiErrors(400, 404)
  get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('version') version: string) {
    return this.read.get(p, projectId, parseVersion(version));
  }

  @Get(':a/diff/:b')
  @ApiOperation({
    summary: 'What changed from version a to version b (members): guidelines, questions added, removed and changed, and the migration map of b when b = a + 1',
  })
  @ApiZodResponse(200, ontologyDiffSchema)
  @ApiErrors(400, 404)
  diff(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('a') a: string, @Param('b') b: string) {
    const v = parseVersions(a, b);
    return this.read.diff(p, projectId, v.a, v.b);
  }

  @Put(':version')
  @ApiOperation({ summary: 'Replace a draft (project manager); a published version answers 409' })
  @ApiZodBody(ontologyDraftSchema, 'OntologyDraft')
  @ApiZodResponse(200, ontologyVersionSchema)
  @ApiErrors(404, 409)
  update(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('version') version: string, @Body() body: unknown) {
    const v = parseVersion(version);
    return this.updateDraft.execute(p, projectId, v, body);
  }

  @Post(':version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish a draft: immutable, current, announced on projects.v1; relabelPolicy required after the first version; optional migrations (rename, merge, split) from the previous version, 400 naming every fault',
  })
  @ApiZodBody(publishSchema, 'PublishOntologyRequest')
  @ApiZodResponse(200, ontologyVersionSchema)
  @ApiErrors(404, 409)
  publish(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('version') version: string, @Body() body: unknown) {
    const v = parseVersion(version);
    const { relabelPolicy, migrations } = validate(publishSchema, body ?? {});
    return this.publishOntology.execute(p, projectId, v, relabelPolicy, migrations);
  }
}
