import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from '@verity/config';
import { CurrentPrincipal, DATA_SOURCE, type Principal, ProjectAccess, Roles, validate } from '@verity/service-runtime';
import { SelectForLabelingUseCase } from '../use-cases/select-for-labeling.use-case';
import { UsageRepository } from '../db/usage.repository';
import { autoAcceptSeries } from '../domain/model-loop.policy';
import { ModelRepository, type ModelVersionRow } from '../db/model.repository';
import { DraftRepository } from '../db/draft.repository';

const params = z.object({ projectId: z.string().min(1).max(200) });
const modelsQuery = z.object({
  // Auto-accept share over time: how many buckets (the latest first) of how many ms.
  buckets: z.coerce.number().int().min(1).max(50).default(10),
  bucketMs: z.coerce.number().int().min(1000).max(366 * 24 * 3600 * 1000).default(24 * 3600 * 1000),
});

/** Versions listed per model in the models report (newest first). */
const MAX_VERSIONS = 100;

/** One version of a model in the models report: its calibration report and the loop measures. */
function versionView(v: ModelVersionRow) {
  const { loop, ...report } = v.report;
  return {
    version: v.version,
    trainedAt: v.trainedAt,
    nLabels: v.nLabels,
    heldOut: report.heldOut,
    accuracy: report.accuracy,
    eceRaw: report.eceRaw,
    eceCalibrated: report.eceCalibrated,
    // Null for versions stored before the calibration was chosen (all isotonic) and the passes were.
    calibrationMethod: report.calibrationMethod ?? null,
    epochs: report.epochs ?? null,
    threshold: v.threshold,
    // Null for versions stored before the loop report, and for LLM calibrations.
    newLabels: loop?.newLabels ?? null,
    labelLatencyMs: loop?.latencyMs ?? null,
    vsPrevious: loop?.vsPrevious ?? null,
  };
}

/**
 * Project-scoped prelabel routes: the global role from the gateway's token, then the project
 * role from prelabel's own membership copy (ProjectAccess: non-members 404, others 403).
 */
@Controller('v1/projects/:projectId/prelabel')
export class PrelabelController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly usage: UsageRepository,
    private readonly models: ModelRepository,
    private readonly select: SelectForLabelingUseCase,
    private readonly drafts: DraftRepository,
    private readonly access: ProjectAccess,
  ) {}

  /** LLM token usage and cost per model: prompt + completion tokens × configured prices. */
  @Get('costs')
  @Roles('project_manager', 'admin')
  async costs(@CurrentPrincipal() principal: Principal, @Param() p: unknown) {
    const { projectId } = validate(params, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    const models = await this.usage.summary(this.ds, projectId);
    const total = models.reduce((a, m) => a + m.costMicroUsd, 0);
    return { projectId, models, totalCostMicroUsd: total, totalCostUsd: total / 1e6 };
  }

  /**
   * Latest model / calibration per question and backend: held-out accuracy, ECE before/after
   * calibration, threshold; every version with the loop measures (delta over the previous version
   * on the same labels, label → model latency); and the auto-accept share over time buckets.
   */
  @Get('models')
  @Roles('project_manager', 'quality_analyst', 'admin')
  async listModels(@CurrentPrincipal() principal: Principal, @Param() p: unknown, @Query() q: unknown) {
    const { projectId } = validate(params, p, 'path');
    await this.access.require(principal, projectId, ['project_manager', 'quality_analyst']);
    const { buckets, bucketMs } = validate(modelsQuery, q, 'query');
    const rows = await this.models.summaries(this.ds, projectId);
    const versions = await this.models.versions(this.ds, projectId, MAX_VERSIONS);
    const now = new Date();
    const starts = Array.from({ length: buckets }, (_, b) => new Date(now.getTime() - (b + 1) * bucketMs));
    return {
      projectId,
      models: rows.map(({ report: { pairs: _pairs, loop: _loop, labelModel: _fit, weakLabels, ...report }, ...m }) => ({
        ...m,
        weakLabels: weakLabels ?? 0,
        report,
        versions: versions.filter((v) => v.questionId === m.questionId && v.backend === m.backend).map(versionView),
      })),
      bucketMs,
      autoAccept: autoAcceptSeries(await this.drafts.routeCounts(this.ds, projectId, now, bucketMs, buckets), starts),
    };
  }

  /** Runs the active-learning selection for the project now (within its daily budget). */
  @Post('active-learning/select')
  @HttpCode(200)
  @Roles('project_manager', 'admin')
  async selectNow(@CurrentPrincipal() principal: Principal, @Param() p: unknown) {
    const { projectId } = validate(params, p, 'path');
    await this.access.require(principal, projectId, ['project_manager']);
    return this.select.execute(projectId);
  }
}
