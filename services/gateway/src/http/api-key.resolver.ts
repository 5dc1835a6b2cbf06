import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { apiKeyMatches, ApiKeyResolver, Principal } from '@verity/auth';
import { DATA_SOURCE } from '@verity/service-runtime';
import { ApiKeysRepository } from '../db/api-keys.repository';

/**
 * Resolves a presented `x-api-key` against gateway.api_keys (revoked keys resolve to nothing).
 * Instantiated by the platform's AuthModule, which sees only global providers: hence the data
 * source rather than the gateway's repository provider.
 */
@Injectable()
export class ApiKeyTableResolver implements ApiKeyResolver {
  private readonly keys: ApiKeysRepository;

  constructor(@Inject(DATA_SOURCE) ds: DataSource) {
    this.keys = new ApiKeysRepository(ds);
  }

  async resolve(id: string, secret: string): Promise<Principal | null> {
    const key = await this.keys.activeWithSecret(id);
    if (!key || !apiKeyMatches(secret, key.secretHash)) return null;
    return { kind: 'api_key', id: key.id, roles: key.roles, projectIds: key.projectIds };
  }
}
