import { Injectable } from '@nestjs/common';
import type { Project } from '@verity/contracts';
import { Db, row } from '@verity/persistence';
import { ProjectSnapshotTable } from '@verity/service-runtime';

/** export.project_raw_access: which global roles may ask a project's releases for raw references. */
@Injectable()
export class RawAccessRepository {
  private readonly table = new ProjectSnapshotTable('export', 'project_raw_access');

  /** Records the snapshot's rawAccessRoles unless a newer revision is already recorded. */
  async apply(db: Db, p: Project): Promise<boolean> {
    return this.table.upsertIfNewer(db, p.projectId, p.revision, { roles: [...(p.policy?.rawAccessRoles ?? [])] }, { touch: false });
  }

  /** The roles granted raw access; none when export has not seen the project. */
  async roles(db: Db, projectId: string): Promise<string[]> {
    return (await row<{ roles: string[] }>(db, `SELECT roles FROM export.project_raw_access WHERE project_id = $1`, [projectId]))?.roles ?? [];
  }
}
