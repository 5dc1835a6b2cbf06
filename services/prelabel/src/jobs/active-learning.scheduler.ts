import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Logger } from '@verity/telemetry';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { SelectForLabelingUseCase } from '../use-cases/select-for-labeling.use-case';

/** Runs the active-learning selection every PRELABEL_AL_INTERVAL_MS (0: off). */
@Injectable()
export class ActiveLearningScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly select: SelectForLabelingUseCase,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.cfg.PRELABEL_AL_INTERVAL_MS <= 0) return;
    this.timer = setInterval(() => {
      this.select.all().catch((err) => this.logger.error('active-learning selection failed', { error: String(err) }));
    }, this.cfg.PRELABEL_AL_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
