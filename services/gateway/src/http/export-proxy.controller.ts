import type { ServerResponse } from 'node:http';
import { applyDecorators, Body, Controller, ForbiddenException, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiErrors, ApiForwarded, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { projectQualitySchema, qualityQuerySchema } from './openapi/schemas/machine.schemas';
import {
  createdReleaseSchema,
  createReleaseRequestSchema,
  labelAuditSchema,
  labelStudioExportSchema,
  releaseDiffQuerySchema,
  releaseDiffSchema,
  releaseListQuerySchema,
  releaseListSchema,
  releaseManifestSchema,
  releaseReexportSchema,
  releaseSchema,
  releaseVerificationSchema,
} from './openapi/schemas/releases.schemas';
import { toOpenApiSchema } from './openapi/zod-openapi.adapter';
import { ProjectAccess } from '../use-cases/project-access.service';
import { requireRawAccess } from '../domain/raw-access.rule';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { EXPORT_UPSTREAM, QUALITY_UPSTREAM } from '../adapters/upstreams.registry';

/** The types of a release's files (export: labels.jsonl, labels.parquet, labels.csv, README.md, manifest.json), served as they are. */
const RELEASE_FILE_TYPES = ['application/x-ndjson', 'application/vnd.apache.parquet', 'text/csv', 'text/markdown', 'application/json'] as const;

const binary = { type: 'string', format: 'binary' } as const;

/** How long export may check a release before it starts the Label Studio tasks (~7 s for 100k rows here). */
const LABEL_STUDIO_HEADERS_TIMEOUT_MS = 120_000;

/** A release file, streamed with byte ranges: its own type, as an attachment named after the release. */
const ApiReleaseFile = () => {
  const headers = (partial: boolean) => ({
    'Content-Type': { description: RELEASE_FILE_TYPES.join(', '), schema: { type: 'string' } },
    'Content-Length': { schema: { type: 'integer' } },
    'Content-Disposition': {
      description: 'attachment; filename="<release name or id>-<file>" (and filename* when the name is not plain ASCII)',
      schema: { type: 'string' },
    },
    'Accept-Ranges': { schema: { type: 'string', enum: ['bytes'] } },
    ETag: { description: 'The quoted sha256 of the file (as in the manifest)', schema: { type: 'string' } },
    ...(partial ? { 'Content-Range': { description: 'bytes start-end/size', schema: { type: 'string' } } } : {}),
  });
  return applyDecorators(
    ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=0-1023`', schema: { type: 'string' } }),
    ApiHeader({ name: 'If-Range', required: false, description: 'The ETag: the range is honoured only for that file', schema: { type: 'string' } }),
    ApiResponse({
      status: 200,
      description: 'The whole file: labels.jsonl (NDJSON), labels.parquet, labels.csv, README.md (dataset card), or manifest.json',
      headers: headers(false),
      content: {
        'application/x-ndjson': { schema: binary },
        'application/vnd.apache.parquet': { schema: binary },
        'text/csv': { schema: binary },
        'text/markdown': { schema: binary },
        'application/json': { schema: toOpenApiSchema(releaseManifestSchema, { io: 'output' }) },
      },
    }),
    ApiResponse({
      status: 206,
      description: 'The requested byte range of the file',
      headers: headers(true),
      content: Object.fromEntries(RELEASE_FILE_TYPES.map((t) => [t, { schema: binary }])),
    }),
    ApiResponse({
      status: 416,
      description: 'The range is outside the file (no body)',
      headers: { 'Content-Range': { description: 'bytes */size', schema: { type: 'string' } } },
    }),
  );
};

/**
 * Dataset releases and the label audit (export service) and quality metrics (quality service).
 * Those services check global roles only; the gateway checks project membership first, so a
 * non-member gets 404 here and nothing is forwarded. Training jobs use consumer API keys
 * limited to their projects.
 *
 * A release's files and diffs are for the project's project managers and quality analysts,
 * admins, and consumer API keys limited to the project (another member: 403; a producer key:
 * 403); export checks the global roles again (project_manager, quality_analyst, consumer).
 */
@ApiTags('releases')
@ApiAuth()
@Controller('v1/projects/:projectId')
export class ExportProxyController {
  constructor(
    @Inject(EXPORT_UPSTREAM) private readonly exporter: UpstreamClient,
    @Inject(QUALITY_UPSTREAM) private readonly quality: UpstreamClient,
    private readonly access: ProjectAccess,
    private readonly forwarder: Forwarder,
  ) {}

  @Post('releases')
  @ApiOperation({ summary: 'Write an immutable dataset release to S3 {selection, allowMixedOntologyVersions, parentReleaseId}' })
  @ApiZodBody(createReleaseRequestSchema, 'CreateReleaseRequest')
  @ApiZodResponse(201, createdReleaseSchema)
  @ApiErrors(404, 409, 422)
  @ApiForwarded('export')
  async create(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Body() body: unknown, @Res() res: HttpResponse) {
    const { project } = await this.access.require(p, projectId, ['project_manager']);
    requireRawAccess(p, project, body);
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases`, body: body ?? {} });
  }

  @Get('releases')
  @ApiOperation({ summary: 'The project’s releases, newest first' })
  @ApiZodQuery(releaseListQuerySchema)
  @ApiZodResponse(200, releaseListSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/releases`, query: queryOf(q) });
  }

  @Get('releases/:releaseId')
  @ApiOperation({ summary: 'A release and its manifest' })
  @ApiZodResponse(200, releaseSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}` });
  }

  @Post('releases/:releaseId/verify')
  @ApiOperation({ summary: 'Re-read the release from S3 and check every sha256' })
  @ApiZodResponse(200, releaseVerificationSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async verify(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/verify`, body: {} });
  }

  @Post('releases/:releaseId/reexport')
  @ApiOperation({ summary: 'Regenerate the files and compare them byte for byte with the release' })
  @ApiZodResponse(200, releaseReexportSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async reexport(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['project_manager']);
    return this.forwarder.forward(this.exporter, p, h, res, { method: 'POST', path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/reexport`, body: {} });
  }

  @Get('releases/:releaseId/files/:name')
  @ApiOperation({
    summary: 'Download one file of a release (labels.jsonl, labels.parquet, labels.csv, README.md, manifest.json), streamed, with byte ranges',
  })
  @ApiReleaseFile()
  @ApiErrors(404)
  @ApiForwarded('export')
  async download(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Param('name') name: string,
    @Headers() h: Record<string, string>,
    @Res() res: ServerResponse,
  ) {
    await this.requireReleaseReader(p, projectId);
    const path = `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/files/${segment(name)}`;
    return this.forwarder.stream(this.exporter, p, h, res, path, { downloadTypes: RELEASE_FILE_TYPES });
  }

  @Get('releases/:releaseId/label-studio')
  @ApiOperation({
    summary:
      'The release as Label Studio tasks JSON, streamed as an attachment: one task per item with its masked text, the final labels as the consensus annotation, answers by their annotators, machine answers and drafts as predictions',
  })
  @ApiResponse({
    status: 200,
    description: 'A JSON array of tasks, `Content-Disposition: attachment; filename="<release name or id>-label-studio.json"`',
    headers: { 'Content-Disposition': { schema: { type: 'string' } } },
    content: { 'application/json': { schema: toOpenApiSchema(labelStudioExportSchema, { io: 'output' }) } },
  })
  @ApiErrors(404, 422)
  @ApiForwarded('export')
  async labelStudio(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Headers() h: Record<string, string>,
    @Res() res: ServerResponse,
  ) {
    await this.requireReleaseReader(p, projectId);
    const path = `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/label-studio`;
    // Export reads the whole release once before it answers (a 422 comes before the first byte).
    return this.forwarder.stream(this.exporter, p, h, res, path, { downloadTypes: ['application/json'], headersTimeoutMs: LABEL_STUDIO_HEADERS_TIMEOUT_MS });
  }

  @Get('releases/:releaseId/diff/:otherId')
  @ApiOperation({ summary: 'What changed from one release to another: counts, and the changes a keyset page at a time' })
  @ApiZodQuery(releaseDiffQuerySchema)
  @ApiZodResponse(200, releaseDiffSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async diff(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Param('otherId') otherId: string,
    @Headers() h: Record<string, string>,
    @Query() q: Record<string, unknown>,
    @Res() res: HttpResponse,
  ) {
    await this.requireReleaseReader(p, projectId);
    return this.forwarder.forward(this.exporter, p, h, res, {
      method: 'GET',
      path: `/v1/projects/${segment(projectId)}/releases/${segment(releaseId)}/diff/${segment(otherId)}`,
      query: queryOf(q),
    });
  }

  @Get('labels/:itemId/:questionId/audit')
  @ApiOperation({ summary: 'How was this label made? Every version with its full provenance and releases' })
  @ApiZodResponse(200, labelAuditSchema)
  @ApiErrors(404)
  @ApiForwarded('export')
  async audit(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('itemId') itemId: string, @Param('questionId') questionId: string, @Headers() h: Record<string, string>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, 'read');
    return this.forwarder.forward(this.exporter, p, h, res, {
      method: 'GET',
      path: `/v1/projects/${segment(projectId)}/audit/labels/${segment(itemId)}/${segment(questionId)}`,
    });
  }

  @Get('quality')
  @ApiOperation({ summary: 'Agreement over time windows and annotator reliabilities (quality analysts, project managers)' })
  @ApiZodQuery(qualityQuerySchema)
  @ApiZodResponse(200, projectQualitySchema)
  @ApiErrors(404)
  @ApiForwarded('quality')
  async metrics(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    await this.access.require(p, projectId, ['quality_analyst', 'project_manager']);
    return this.forwarder.forward(this.quality, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/quality`, query: queryOf(q) });
  }

  /**
   * Release files and diffs: project managers and quality analysts of the project, admins, and
   * consumer API keys limited to the project (a key not limited to it: 404; a producer key: 403).
   */
  private async requireReleaseReader(p: Principal, projectId: string): Promise<void> {
    if (p.kind !== 'api_key') {
      await this.access.require(p, projectId, ['project_manager', 'quality_analyst']);
      return;
    }
    await this.access.require(p, projectId, 'read');
    if (!p.roles.includes('consumer') && !p.roles.includes('admin')) {
      throw new ForbiddenException('release files and diffs need a consumer API key');
    }
  }
}
