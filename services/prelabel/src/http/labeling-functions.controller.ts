import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, DATA_SOURCE, type Principal, ProjectAccess, Roles, validate } from '@verity/service-runtime';
import { LabelingFunctionRepository, type StoredLf } from '../db/labeling-function.repository';
import { SaveLabelingFunctionUseCase, type SavedLf } from '../use-cases/save-labeling-function.use-case';
import { AnalyzeLabelingFunctionsUseCase } from '../use-cases/analyze-labeling-functions.use-case';
import { LfVotesService } from '../use-cases/lf-votes.service';
import { lfAnalysisQuery, lfCreateBody, lfIdParams, lfParams, lfUpdateBody } from './labeling-functions.schemas';

const savedView = (s: SavedLf) => ({ ...s.lf, created: s.created, checkedAgainst: s.checkedAgainst, votesAutomatically: s.votesAutomatically, backfill: s.backfill });

/**
 * Labeling functions of a project (weak supervision, issue #14): versioned definitions, their
 * votes on task texts, and their analysis. Project managers (and admins), checked against
 * prelabel's membership copy like the other prelabel routes.
 */
@Controller('v1/projects/:projectId/prelabel/labeling-functions')
export class LabelingFunctionsController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly lfs: LabelingFunctionRepository,
    private readonly save: SaveLabelingFunctionUseCase,
    private readonly analyze: AnalyzeLabelingFunctionsUseCase,
    private readonly access: ProjectAccess,
    private readonly votes: LfVotesService,
  ) {}

  private view(s: StoredLf) {
    return { ...s.lf, createdAt: s.createdAt, retiredAt: s.retiredAt, votesAutomatically: this.votes.votesHere(s.lf) };
  }

  /** Creates version 1 (owner: the caller) and backfills its votes; 400 names the field, 409 on a taken id. */
  @Post()
  @HttpCode(201)
  @Roles('project_manager', 'admin')
  async create(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Body() b: unknown) {
    const { projectId } = validate(lfParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    return savedView(await this.save.create(projectId, principal.id, validate(lfCreateBody, b)));
  }

  /** The latest version of each LF, with its number of versions. */
  @Get()
  @Roles('project_manager', 'admin')
  async list(@CurrentPrincipal() principal: Principal, @Param() p: unknown) {
    const { projectId } = validate(lfParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    const lfs = await this.lfs.list(this.ds, projectId);
    return { projectId, labelingFunctions: lfs.map((s) => ({ ...this.view(s), versions: s.versions })) };
  }

  /** Coverage, overlap, conflict, polarity and empirical accuracy (Wilson interval) per LF version, per question. */
  @Get('analysis')
  @Roles('project_manager', 'admin')
  async analysis(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Query() q: unknown) {
    const { projectId } = validate(lfParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    const { questionId, bucketMs } = validate(lfAnalysisQuery, q, 'query');
    return { projectId, questions: await this.analyze.execute(projectId, questionId, bucketMs) };
  }

  /** A changed definition becomes the next version (backfilled); an unchanged one changes nothing (200, created false). */
  @Put(':lfId')
  @HttpCode(200)
  @Roles('project_manager', 'admin')
  async update(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Body() b: unknown) {
    const { projectId, lfId } = validate(lfIdParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    return savedView(await this.save.update(projectId, lfId, principal.id, validate(lfUpdateBody, b)));
  }

  /** Retires the LF (every version): it stops voting; its versions and votes stay. */
  @Delete(':lfId')
  @HttpCode(200)
  @Roles('project_manager', 'admin')
  async retire(@CurrentPrincipal() principal: Principal, @Param() p: unknown) {
    const { projectId, lfId } = validate(lfIdParams, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    const retired = await this.save.retire(projectId, lfId);
    return { projectId, id: lfId, retiredVersions: retired, alreadyRetired: retired === 0 };
  }
}
