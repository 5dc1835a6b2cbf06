import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, PeriodicJob } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { LeaseRepository } from '../db/lease.repository';

/** Returns expired leases to the queue every ASSIGNMENT_SWEEP_INTERVAL_MS (leasing also reclaims lazily). */
@Injectable()
export class LeaseSweeperService extends PeriodicJob {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(ASSIGNMENT_CONFIG) config: AssignmentConfig,
    private readonly leases: LeaseRepository,
    private readonly logger: Logger,
  ) {
    super({ name: 'lease sweep', intervalMs: config.ASSIGNMENT_SWEEP_INTERVAL_MS, logger });
  }

  protected run() {
    return this.sweep();
  }

  async sweep(): Promise<number> {
    const ids = await this.ds.transaction((tx) => this.leases.sweepExpired(tx));
    if (ids.length > 0) this.logger.info('expired leases returned to the queue', { count: ids.length, leaseIds: ids.slice(0, 20) });
    return ids.length;
  }
}
