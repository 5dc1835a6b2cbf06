import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { z } from '@verity/config';
import { ProjectAccess, type ProjectRoleName, validate } from '@verity/service-runtime';
import { writeMedia } from '@verity/storage';
import { diffQuery } from '../domain/release.diff';
import { createReleaseBody } from '../domain/release-selection.rule';
import { CreateReleaseUseCase } from '../use-cases/create-release.use-case';
import { DiffReleasesUseCase } from '../use-cases/diff-releases.use-case';
import { LabelStudioExportUseCase } from '../use-cases/label-studio-export.use-case';
import { ReadReleasesUseCase } from '../use-cases/read-releases.use-case';
import { ReleaseFileUseCase } from '../use-cases/release-file.use-case';
import { ReexportReleaseUseCase } from '../use-cases/reexport-release.use-case';
import { VerifyReleaseUseCase } from '../use-cases/verify-release.use-case';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Managing releases: the project's managers (machine keys never). */
const MANAGE: readonly ProjectRoleName[] = ['project_manager'];
/** Reading release files and diffs: the project's managers and analysts, or a consumer key limited to it. */
const READ_FILES: readonly ProjectRoleName[] = ['project_manager', 'quality_analyst'];
const KEY_READERS = ['consumer'];

/**
 * Dataset releases of a project. Global roles are checked by the guard, then project membership
 * and roles from export's own copy of projects.v1 (ProjectAccess: non-members 404, as at the
 * gateway); machine keys reach only the projects they are limited to.
 */
@Controller('v1/projects/:projectId/releases')
@Roles('project_manager', 'consumer')
export class ReleasesController {
  constructor(
    private readonly create: CreateReleaseUseCase,
    private readonly read: ReadReleasesUseCase,
    private readonly verify: VerifyReleaseUseCase,
    private readonly reexport: ReexportReleaseUseCase,
    private readonly file: ReleaseFileUseCase,
    private readonly diff: DiffReleasesUseCase,
    private readonly labelStudio: LabelStudioExportUseCase,
    private readonly access: ProjectAccess,
  ) {}

  @Post()
  async createRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Body() body: unknown) {
    await this.access.require(p, projectId, MANAGE);
    return this.create.execute({ projectId, body: validate(createReleaseBody, body ?? {}), requestedBy: p.id, requesterRoles: p.roles });
  }

  @Get()
  async list(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Query() query: unknown) {
    await this.access.require(p, projectId);
    return this.read.list(projectId, validate(listQuery, query, 'query').limit);
  }

  @Get(':releaseId')
  async get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    await this.access.require(p, projectId);
    return this.read.get(projectId, releaseId);
  }

  /**
   * One file of the release (a name the release recorded: labels.jsonl, labels.parquet,
   * manifest.json), streamed from S3 with byte ranges, as an attachment. Quality analysts read
   * releases' files and diffs too.
   */
  @Get(':releaseId/files/:name')
  @Roles('project_manager', 'quality_analyst', 'consumer')
  async download(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Param('name') name: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await this.access.require(p, projectId, READ_FILES, { keyRoles: KEY_READERS });
    await writeMedia(res, await this.file.execute(projectId, releaseId, name, { range, ifRange }));
  }

  /**
   * The release as Label Studio tasks (a JSON array, streamed as an attachment): one task per
   * item with its masked text, the final labels as the consensus annotation, answers as
   * annotations, machine answers as predictions. Readable by whoever reads the release's files.
   * 422 naming the rows when the release cannot be converted (checked before the first byte);
   * items erased since the release was made are left out.
   */
  @Get(':releaseId/label-studio')
  @Roles('project_manager', 'quality_analyst', 'consumer')
  async labelStudioTasks(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await this.access.require(p, projectId, READ_FILES, { keyRoles: KEY_READERS });
    const download = await this.labelStudio.prepare(projectId, releaseId);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Disposition', download.disposition);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    try {
      await download.writeTo({ write: (chunk) => writeChunk(res, chunk) });
      res.end();
    } catch (e) {
      // The status is sent: a failure now can only cut the answer short (its JSON does not parse).
      res.destroy(e as Error);
    }
  }

  /** What changed from release `releaseId` to release `otherId`, one keyset page of entries at a time. */
  @Get(':releaseId/diff/:otherId')
  @Roles('project_manager', 'quality_analyst', 'consumer')
  async diffReleases(
    @CurrentPrincipal() p: Principal,
    @Param('projectId') projectId: string,
    @Param('releaseId') releaseId: string,
    @Param('otherId') otherId: string,
    @Query() query: unknown,
  ) {
    await this.access.require(p, projectId, READ_FILES, { keyRoles: KEY_READERS });
    return this.diff.execute(projectId, releaseId, otherId, validate(diffQuery, query, 'query'));
  }

  @Post(':releaseId/verify')
  @HttpCode(200)
  async verifyRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    await this.access.require(p, projectId);
    return this.verify.execute(projectId, releaseId);
  }

  @Post(':releaseId/reexport')
  @HttpCode(200)
  async reexportRelease(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Param('releaseId') releaseId: string) {
    await this.access.require(p, projectId, MANAGE);
    return this.reexport.execute(projectId, releaseId);
  }
}

/** Writes a piece of a streamed answer, waiting while the client's buffer is full. */
function writeChunk(res: ServerResponse, chunk: string): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client went away'));
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('the client went away'));
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
