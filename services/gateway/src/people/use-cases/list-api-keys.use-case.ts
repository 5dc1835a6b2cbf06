import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../api-keys.repository';
import { ApiKey } from '../user';

/** An admin lists machine keys (never their secrets). */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeysRepository) {}

  execute(): Promise<ApiKey[]> {
    return this.keys.list();
  }
}
