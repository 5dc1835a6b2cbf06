import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { ASSIGNMENT_CONFIG, type AssignmentConfig } from '../assignment.settings';
import { LeaseRepository } from '../db/lease.repository';

/** Returns expired leases to the queue every ASSIGNMENT_SWEEP_INTERVAL_MS (leasing also reclaims lazily). */
@Injectable()
export class LeaseSweeperService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(ASSIGNMENT_CONFIG) private readonly config: AssignmentConfig,
    private readonly leases: LeaseRepository,
    private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().then(() => (this.running = undefined));
    }, this.config.ASSIGNMENT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    try {
      const ids = await this.ds.transaction((tx) => this.leases.sweepExpired(tx));
      if (ids.length > 0) this.logger.info('expired leases returned to the queue', { count: ids.length, leaseIds: ids.slice(0, 20) });
      return ids.length;
    } catch (error) {
      this.logger.warn('lease sweep failed; will retry', { error });
      return 0;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
