import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../db/api-keys.repository';
import { ApiKey } from '../domain/user.model';

/** An admin lists machine keys (never their secrets). */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  execute(): Promise<ApiKey[]> {
    return this.keys.list();
  }
}
