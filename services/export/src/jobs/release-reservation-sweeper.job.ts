import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, PeriodicJob } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { EXPORT_CONFIG, type ExportConfig } from '../export.settings';
import { ReleasesRepository } from '../db/releases.repository';

/**
 * Drops the label versions reserved by release builds that crashed before recording their
 * release (decision 70), at start-up and every EXPORT_RESERVATION_SWEEP_INTERVAL_MS: those still
 * unrecorded after EXPORT_RESERVATION_MAX_AGE_MS. A build that fails without crashing drops its
 * own at once.
 */
@Injectable()
export class ReleaseReservationSweeper extends PeriodicJob {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(EXPORT_CONFIG) private readonly config: Pick<ExportConfig, 'EXPORT_RESERVATION_MAX_AGE_MS' | 'EXPORT_RESERVATION_SWEEP_INTERVAL_MS'>,
    private readonly releases: ReleasesRepository,
    private readonly logger: Logger,
  ) {
    super({ name: 'release reservation sweep', intervalMs: config.EXPORT_RESERVATION_SWEEP_INTERVAL_MS, atStart: true, logger });
  }

  protected run() {
    return this.sweep();
  }

  async sweep(): Promise<{ releases: number; labels: number }> {
    const swept = await this.releases.sweepReservations(this.ds, this.config.EXPORT_RESERVATION_MAX_AGE_MS);
    if (swept.releases > 0) this.logger.info('reservations of crashed release builds dropped', swept);
    return swept;
  }
}
