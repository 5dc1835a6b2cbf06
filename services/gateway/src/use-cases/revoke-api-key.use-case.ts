import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiKeysRepository } from '../db/api-keys.repository';
import { ApiKey } from '../domain/user.model';

/** An admin revokes a machine key: it stops authenticating at once. */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(id: string): Promise<ApiKey> {
    const key = await this.keys.revoke(id);
    if (!key) throw new NotFoundException('API key not found');
    return key;
  }
}
