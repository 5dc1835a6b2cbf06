import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { type Guidelines, type OntologyVersion, type Project, type Question } from '@verity/contracts';
import { ProjectAccessRepository, ProjectSnapshotTable } from '@verity/service-runtime';
import type { MemberCopy } from '../domain/access.rule';
import { type Queryable, row } from '@verity/persistence';
import { guidelinesFromJson, guidelinesToJson, questionFromJson, questionToJson } from '../domain/proto-json.mapper';

/** The local copy of a project: what access checks and the expert view need of it. */
export interface ProjectCopy {
  projectId: string;
  revision: string;
  name: string;
  archived: boolean;
  currentOntologyVersion: number | null;
  reliabilityFloor: number;
}

export interface OntologyCopy {
  version: number;
  guidelines: Guidelines;
  questions: Question[];
}

@Injectable()
export class ProjectCopyRepository {
  private readonly access = new ProjectAccessRepository('adjudication');
  private readonly table = new ProjectSnapshotTable('adjudication');

  /**
   * Keeps the snapshot's ontology version (whatever the revision: versions are immutable, the
   * first copy stays) and, when the snapshot is newer than the copy, the project (members are
   * ProjectAccess's copy). Returns false for a stale or repeated snapshot.
   */
  async applySnapshot(db: Queryable, p: Project, eventId: string): Promise<boolean> {
    if (p.currentOntology) await this.keepOntology(db, p.projectId, p.currentOntology, eventId);
    return this.table.upsertIfNewer(db, p.projectId, p.revision, {
      name: p.name,
      archived: p.archived,
      current_ontology_version: p.currentOntology?.version ?? null,
      reliability_floor: p.policy?.reliabilityFloor ?? 0,
      event_id: eventId,
    });
  }

  private async keepOntology(db: Queryable, projectId: string, o: OntologyVersion, eventId: string): Promise<void> {
    await db.query(
      `INSERT INTO adjudication.ontology_versions (project_id, version, guidelines, questions, published_at, published_by, event_id)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7)
       ON CONFLICT (project_id, version) DO NOTHING`,
      [
        projectId,
        o.version,
        JSON.stringify(o.guidelines ? guidelinesToJson(o.guidelines) : {}),
        JSON.stringify(o.questions.map(questionToJson)),
        o.publishedAt ? timestampDate(o.publishedAt) : null,
        o.publishedBy,
        eventId,
      ],
    );
  }

  async find(db: Queryable, projectId: string): Promise<ProjectCopy | null> {
    const found = await row<ProjectCopy>(
      db,
      `SELECT project_id AS "projectId", revision::text AS revision, name, archived,
         current_ontology_version AS "currentOntologyVersion", reliability_floor AS "reliabilityFloor"
       FROM adjudication.projects WHERE project_id = $1`,
      [projectId],
    );
    return found ?? null;
  }

  /** From the platform's one membership copy (adjudication.project_access, ProjectAccess). */
  findMember(db: Queryable, projectId: string, userId: string): Promise<MemberCopy | null> {
    return this.access.member(db, projectId, userId);
  }

  async findOntology(db: Queryable, projectId: string, version: number): Promise<OntologyCopy | null> {
    const found = await row<{ guidelines: unknown; questions: unknown[] }>(
      db,
      `SELECT guidelines, questions FROM adjudication.ontology_versions WHERE project_id = $1 AND version = $2`,
      [projectId, version],
    );
    if (!found) return null;
    return { version, guidelines: guidelinesFromJson(found.guidelines), questions: found.questions.map(questionFromJson) };
  }
}
