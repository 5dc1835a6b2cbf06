import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from '@verity/config';
import { DATA_SOURCE, Roles, validate } from '@verity/service-runtime';
import { SelectForLabelingUseCase } from './active-learning/select-for-labeling.use-case';
import { UsageRepository } from './llm/usage.repository';
import { ModelRepository } from './local/model.repository';

const params = z.object({ projectId: z.string().min(1).max(200) });

/**
 * Project-scoped prelabel routes (project_manager / admin from the JWT; the gateway checks
 * membership before forwarding, as for quality's routes).
 */
@Controller('v1/projects/:projectId/prelabel')
export class PrelabelController {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly usage: UsageRepository,
    private readonly models: ModelRepository,
    private readonly select: SelectForLabelingUseCase,
  ) {}

  /** LLM token usage and cost per model: prompt + completion tokens × configured prices. */
  @Get('costs')
  @Roles('project_manager', 'admin')
  async costs(@Param() p: unknown) {
    const { projectId } = validate(params, p, 'path');
    const models = await this.usage.summary(this.ds, projectId);
    const total = models.reduce((a, m) => a + m.costMicroUsd, 0);
    return { projectId, models, totalCostMicroUsd: total, totalCostUsd: total / 1e6 };
  }

  /** Latest model / calibration per question and backend: held-out accuracy, ECE before/after calibration, threshold. */
  @Get('models')
  @Roles('project_manager', 'quality_analyst', 'admin')
  async listModels(@Param() p: unknown) {
    const { projectId } = validate(params, p, 'path');
    const rows = await this.models.summaries(this.ds, projectId);
    return {
      projectId,
      models: rows.map(({ report: { pairs: _pairs, ...report }, ...m }) => ({ ...m, report })),
    };
  }

  /** Runs the active-learning selection for the project now (within its daily budget). */
  @Post('active-learning/select')
  @HttpCode(200)
  @Roles('project_manager', 'admin')
  async selectNow(@Param() p: unknown) {
    const { projectId } = validate(params, p, 'path');
    return this.select.execute(projectId);
  }
}
