import { Inject, Injectable } from '@nestjs/common';
import { PeriodicJob } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { SelectForLabelingUseCase } from '../use-cases/select-for-labeling.use-case';

/** Runs the active-learning selection every PRELABEL_AL_INTERVAL_MS (0: off). */
@Injectable()
export class ActiveLearningScheduler extends PeriodicJob {
  constructor(
    @Inject(PRELABEL_CONFIG) cfg: PrelabelConfig,
    private readonly select: SelectForLabelingUseCase,
    logger: Logger,
  ) {
    super({ name: 'active-learning selection', intervalMs: cfg.PRELABEL_AL_INTERVAL_MS, logger });
  }

  protected run() {
    return this.select.all();
  }
}
