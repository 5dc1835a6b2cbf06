import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '@verity/auth';
import { uuidv7 } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UsersRepository } from '../db/users.repository';

/**
 * When BOOTSTRAP_ADMIN_EMAIL/PASSWORD are both set, makes sure that account exists as an active
 * admin with that password (created, or its password reset): the operator's way in, and how the
 * local stack's demo signs in whatever the database already holds. An advisory lock makes
 * concurrent replicas do it once.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly users: UsersRepository,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL;
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password) return;
    const passwordHash = await hashPassword(password);
    const outcome = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gateway.bootstrap-admin'))`);
      return this.users.ensureAdmin({ id: uuidv7(), email, passwordHash }, tx);
    });
    this.logger.info(`bootstrap admin ${outcome}`, { email });
  }
}
