import { Injectable } from '@nestjs/common';
import type { Project } from '@verity/contracts';
import { Db, row } from '@verity/persistence';

/** export.project_raw_access: which global roles may ask a project's releases for raw references. */
@Injectable()
export class RawAccessRepository {
  /** Records the snapshot's rawAccessRoles unless a newer revision is already recorded. */
  async apply(db: Db, p: Project): Promise<void> {
    await db.query(
      `INSERT INTO export.project_raw_access AS cur (project_id, revision, roles) VALUES ($1, $2::bigint, $3)
       ON CONFLICT (project_id) DO UPDATE SET revision = EXCLUDED.revision, roles = EXCLUDED.roles
       WHERE cur.revision < EXCLUDED.revision`,
      [p.projectId, p.revision.toString(), [...(p.policy?.rawAccessRoles ?? [])]],
    );
  }

  /** The roles granted raw access; none when export has not seen the project. */
  async roles(db: Db, projectId: string): Promise<string[]> {
    return (await row<{ roles: string[] }>(db, `SELECT roles FROM export.project_raw_access WHERE project_id = $1`, [projectId]))?.roles ?? [];
  }
}
