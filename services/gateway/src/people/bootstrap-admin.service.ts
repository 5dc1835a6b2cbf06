import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '@verity/auth';
import { uuidv7 } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UsersRepository } from './users.repository';

/**
 * Creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when both are set and no user
 * exists. An advisory lock makes concurrent replicas create it once.
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
    const created = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('gateway.bootstrap-admin'))`);
      if ((await this.users.count(tx)) > 0) return false;
      await this.users.insert({ id: uuidv7(), email, displayName: 'Administrator', roles: ['admin'], passwordHash }, tx);
      return true;
    });
    if (created) this.logger.info('bootstrap admin created', { email });
  }
}
