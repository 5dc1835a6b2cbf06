import { ProjectRole, type Project } from '@verity/contracts';
import { assertSchemaName, rows, type Queryable } from '@verity/persistence';
import { ProjectSnapshotTable } from '../project-snapshots/project-snapshot-table';

/** A person's membership of a project, as the latest snapshot the service holds lists it. */
export interface ProjectMember {
  userId: string;
  /** Project roles: 'annotator', 'quality_analyst', 'project_manager'. */
  roles: string[];
  active: boolean;
}

const ROLE_NAME: Record<number, string> = {
  [ProjectRole.ANNOTATOR]: 'annotator',
  [ProjectRole.QUALITY_ANALYST]: 'quality_analyst',
  [ProjectRole.PROJECT_MANAGER]: 'project_manager',
};

/** `<schema>.project_access(_projects)`: the membership copy, newest revision wins. */
export class ProjectAccessRepository {
  private readonly s: string;
  private readonly projects: ProjectSnapshotTable;

  constructor(schema: string) {
    this.s = assertSchemaName(schema);
    this.projects = new ProjectSnapshotTable(schema, 'project_access_projects');
  }

  /** Stores the snapshot's members (replacing the list) when it is newer than the copy; false otherwise. */
  async apply(tx: Queryable, p: Project): Promise<boolean> {
    const revision = p.revision.toString();
    if (!(await this.projects.upsertIfNewer(tx, p.projectId, p.revision, { archived: p.archived }))) return false;
    await tx.query(`DELETE FROM "${this.s}".project_access WHERE project_id = $1`, [p.projectId]);
    const members = p.members
      .filter((m) => m.userId)
      .map((m) => ({ user_id: m.userId, roles: m.roles.map((r) => ROLE_NAME[r]).filter(Boolean), active: m.active }));
    if (members.length > 0) {
      await tx.query(
        `INSERT INTO "${this.s}".project_access (project_id, user_id, roles, active, revision)
         SELECT $1, m.user_id, m.roles, m.active, $3::bigint
         FROM jsonb_to_recordset($2::jsonb) AS m(user_id text, roles text[], active boolean)
         ON CONFLICT (project_id, user_id) DO NOTHING`,
        [p.projectId, JSON.stringify(members), revision],
      );
    }
    return true;
  }

  async member(db: Queryable, projectId: string, userId: string): Promise<ProjectMember | null> {
    const found = await rows<ProjectMember>(
      db,
      `SELECT user_id AS "userId", roles, active FROM "${this.s}".project_access WHERE project_id = $1 AND user_id = $2`,
      [projectId, userId],
    );
    return found[0] ?? null;
  }

  async known(db: Queryable, projectId: string): Promise<boolean> {
    const found = await rows<{ one: number }>(db, `SELECT 1 AS one FROM "${this.s}".project_access_projects WHERE project_id = $1`, [projectId]);
    return found.length > 0;
  }
}
