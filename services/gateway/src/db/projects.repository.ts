import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Db, row, rows } from '@verity/persistence';
import { Project } from '../domain/project.model';
import { withPolicyDefaults } from '../http/project-policy.schema';

interface ProjectRow {
  id: string;
  name: string;
  description: string;
  content_types: Project['contentTypes'];
  filter: Project['filter'];
  policy: Project['policy'];
  archived: boolean;
  current_ontology_version: number | null;
  current_relabel_policy: Project['currentRelabelPolicy'];
  revision: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const toProject = (r: ProjectRow): Project => ({
  id: r.id,
  name: r.name,
  description: r.description,
  contentTypes: r.content_types,
  filter: r.filter,
  policy: withPolicyDefaults(r.policy),
  archived: r.archived,
  currentOntologyVersion: r.current_ontology_version,
  currentRelabelPolicy: r.current_relabel_policy,
  revision: Number(r.revision),
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** gateway.projects. Every query names the project id (or the caller whose projects it lists). */
@Injectable()
export class ProjectsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async insert(db: Db, projectId: string, p: Pick<Project, 'name' | 'description' | 'contentTypes' | 'filter' | 'policy' | 'createdBy'>): Promise<Project> {
    const r = await row<ProjectRow>(
      db,
      `INSERT INTO gateway.projects (id, name, description, content_types, filter, policy, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [projectId, p.name, p.description, p.contentTypes, JSON.stringify(p.filter), JSON.stringify(p.policy), p.createdBy],
    );
    return toProject(r!);
  }

  async byId(projectId: string, db: Db = this.ds): Promise<Project | undefined> {
    const r = await row<ProjectRow>(db, `SELECT * FROM gateway.projects WHERE id = $1`, [projectId]);
    return r && toProject(r);
  }

  /** Locks the project row for the rest of the transaction (serializes changes per project). */
  async lock(db: Db, projectId: string): Promise<Project | undefined> {
    const r = await row<ProjectRow>(db, `SELECT * FROM gateway.projects WHERE id = $1 FOR UPDATE`, [projectId]);
    return r && toProject(r);
  }

  async update(db: Db, projectId: string, p: Pick<Project, 'name' | 'description' | 'contentTypes' | 'filter' | 'policy' | 'archived'>): Promise<void> {
    await db.query(
      `UPDATE gateway.projects SET name = $2, description = $3, content_types = $4, filter = $5, policy = $6, archived = $7, updated_at = now()
       WHERE id = $1`,
      [projectId, p.name, p.description, p.contentTypes, JSON.stringify(p.filter), JSON.stringify(p.policy), p.archived],
    );
  }

  async setCurrentOntology(db: Db, projectId: string, version: number, relabelPolicy: string): Promise<void> {
    await db.query(
      `UPDATE gateway.projects SET current_ontology_version = $2, current_relabel_policy = $3, updated_at = now() WHERE id = $1`,
      [projectId, version, relabelPolicy],
    );
  }

  /** Next snapshot revision of the project (the row must be locked by the caller). */
  async bumpRevision(db: Db, projectId: string): Promise<Project> {
    const r = await row<ProjectRow>(
      db,
      `UPDATE gateway.projects SET revision = revision + 1, updated_at = now() WHERE id = $1 RETURNING *`,
      [projectId],
    );
    return toProject(r!);
  }

  /** @crossProject lists projects for an admin, across every project */
  async listAll(includeArchived: boolean): Promise<Project[]> {
    const rs = await rows<ProjectRow>(this.ds, `SELECT * FROM gateway.projects WHERE ($1 OR NOT archived) ORDER BY created_at, id`, [includeArchived]);
    return rs.map(toProject);
  }

  /**
   * Projects the user is an active member of.
   * @crossProject finds the projects a user belongs to (the lookup that yields project ids)
   */
  async listForMember(userId: string, includeArchived: boolean): Promise<Project[]> {
    const rs = await rows<ProjectRow>(
      this.ds,
      `SELECT p.* FROM gateway.projects p JOIN gateway.project_members m ON m.project_id = p.id
       WHERE m.user_id = $1 AND m.active AND ($2 OR NOT p.archived) ORDER BY p.created_at, p.id`,
      [userId, includeArchived],
    );
    return rs.map(toProject);
  }

  /**
   * Projects among the given ids (API keys limited to projects).
   * @crossProject reads the projects an API key is limited to: a set of project ids, not one
   */
  async listByIds(projectIds: string[], includeArchived: boolean): Promise<Project[]> {
    const rs = await rows<ProjectRow>(
      this.ds,
      `SELECT * FROM gateway.projects WHERE id = ANY($1) AND ($2 OR NOT archived) ORDER BY created_at, id`,
      [projectIds, includeArchived],
    );
    return rs.map(toProject);
  }
}
