import { Injectable } from '@nestjs/common';
import { newApiKey } from '@verity/auth';
import { ApiKeysRepository } from '../db/api-keys.repository';
import { CreateApiKeyInput } from '../http/people.schemas';
import { ApiKey } from '../domain/user.model';

/** An admin creates a machine key; the token is returned once and only its hash is kept. */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  async execute(createdBy: string, input: CreateApiKeyInput): Promise<ApiKey & { token: string }> {
    const { id, token, secretHash } = newApiKey();
    const key = await this.keys.insert({ id, name: input.name, roles: input.roles, projectIds: input.projectIds, secretHash, createdBy });
    return { ...key, token };
  }
}
