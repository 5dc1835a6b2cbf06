import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@verity/auth';
import { DATA_SOURCE } from '@verity/service-runtime';
import { row, rows } from '@verity/persistence';
import { ApiKey } from '../domain/user.model';

interface ApiKeyRow {
  id: string;
  name: string;
  roles: Role[];
  project_ids: string[];
  secret_hash: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  roles: r.roles,
  projectIds: r.project_ids,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** gateway.api_keys: machines' keys. Only the SHA-256 of the secret is stored. */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** @crossProject gateway.api_keys holds machines' keys, which are global (their project_ids limit a key, they are not project data) */
  async insert(k: { id: string; name: string; roles: Role[]; projectIds: string[]; secretHash: string; createdBy: string }): Promise<ApiKey> {
    const r = await row<ApiKeyRow>(
      this.ds,
      `INSERT INTO gateway.api_keys (id, name, roles, project_ids, secret_hash, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [k.id, k.name, k.roles, k.projectIds, k.secretHash, k.createdBy],
    );
    return toApiKey(r!);
  }

  /**
   * A key that is not revoked, with its secret hash, for authentication only.
   * @crossProject gateway.api_keys holds machines' keys, which are global (their project_ids limit a key, they are not project data)
   */
  async activeWithSecret(id: string): Promise<(ApiKey & { secretHash: string }) | undefined> {
    const r = await row<ApiKeyRow>(this.ds, `SELECT * FROM gateway.api_keys WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return r && { ...toApiKey(r), secretHash: r.secret_hash };
  }

  /** @crossProject gateway.api_keys holds machines' keys, which are global (their project_ids limit a key, they are not project data) */
  async list(): Promise<ApiKey[]> {
    return (await rows<ApiKeyRow>(this.ds, `SELECT * FROM gateway.api_keys ORDER BY created_at, id`)).map(toApiKey);
  }

  /** @crossProject gateway.api_keys holds machines' keys, which are global (their project_ids limit a key, they are not project data) */
  async revoke(id: string): Promise<ApiKey | undefined> {
    const r = await row<ApiKeyRow>(
      this.ds,
      `UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *`,
      [id],
    );
    return r && toApiKey(r);
  }
}
