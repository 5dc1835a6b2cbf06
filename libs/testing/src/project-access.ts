import { createEvent, newEnvelope, ProjectChange, ProjectRole, TOPICS } from '@verity/contracts';
import type { EventProducer } from '@verity/messaging';
import { eventually } from './stack-env';

/** Runs SQL: a DataSource or a pg client. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export type ProjectRoleName = 'annotator' | 'quality_analyst' | 'project_manager';

const ROLE: Record<ProjectRoleName, ProjectRole> = {
  annotator: ProjectRole.ANNOTATOR,
  quality_analyst: ProjectRole.QUALITY_ANALYST,
  project_manager: ProjectRole.PROJECT_MANAGER,
};

/**
 * Publishes a minimal projects.v1 snapshot naming the project's members, for a test that calls a
 * service directly (services check membership from their copy, ProjectAccess). Use a higher
 * `revision` to change the members.
 */
export async function publishProjectMembers(
  producer: EventProducer,
  projectId: string,
  members: Record<string, ProjectRoleName[]>,
  revision = 1n,
): Promise<void> {
  await producer.publish(
    TOPICS.projects,
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: revision === 1n ? ProjectChange.CREATED : ProjectChange.MEMBERS_CHANGED,
      project: {
        projectId,
        name: projectId,
        revision,
        filter: { sources: [`${projectId}-no-content`] },
        members: Object.entries(members).map(([userId, roles]) => ({ userId, roles: roles.map((r) => ROLE[r]), active: true })),
      },
    }),
  );
}

/** Waits until the service whose schema is `schema` holds the project's membership copy at `revision` or later. */
export async function untilProjectAccess(db: Queryable, schema: string, projectId: string, revision = 1n, timeoutMs = 60000): Promise<void> {
  await eventually(
    `${schema} holds the members of ${projectId}`,
    async () => {
      const rows = await db.query(`SELECT 1 FROM "${schema}".project_access_projects WHERE project_id = $1 AND revision >= $2`, [projectId, revision.toString()]);
      return Array.isArray(rows) && rows.length > 0 ? true : undefined;
    },
    timeoutMs,
  );
}
