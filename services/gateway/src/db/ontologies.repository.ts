import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Db, row, rows } from '@verity/persistence';
import { OntologyVersionRecord } from '../domain/ontology-version.model';
import { MigrationEntry, OntologyDraft, RelabelPolicyName } from '../http/ontology.schemas';

interface OntologyRow {
  project_id: string;
  version: number;
  status: 'draft' | 'published';
  guidelines: OntologyDraft['guidelines'];
  questions: OntologyDraft['questions'];
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  published_by: string | null;
  relabel_policy: RelabelPolicyName | null;
  migrations: MigrationEntry[] | null;
}

const toRecord = (r: OntologyRow): OntologyVersionRecord => ({
  projectId: r.project_id,
  version: r.version,
  status: r.status,
  guidelines: r.guidelines,
  questions: r.questions,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  publishedAt: r.published_at?.toISOString() ?? null,
  publishedBy: r.published_by,
  relabelPolicy: r.relabel_policy,
  migrations: r.migrations ?? [],
});

/** gateway.ontology_versions, always addressed by (project id, version). */
@Injectable()
export class OntologiesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async get(projectId: string, version: number, db: Db = this.ds): Promise<OntologyVersionRecord | undefined> {
    const r = await row<OntologyRow>(db, `SELECT * FROM gateway.ontology_versions WHERE project_id = $1 AND version = $2`, [projectId, version]);
    return r && toRecord(r);
  }

  async list(projectId: string): Promise<OntologyVersionRecord[]> {
    const rs = await rows<OntologyRow>(this.ds, `SELECT * FROM gateway.ontology_versions WHERE project_id = $1 ORDER BY version`, [projectId]);
    return rs.map(toRecord);
  }

  /** Inserts a draft as the next version of the project (the project row must be locked). */
  async insertDraft(db: Db, projectId: string, draft: OntologyDraft, createdBy: string): Promise<OntologyVersionRecord> {
    const r = await row<OntologyRow>(
      db,
      `INSERT INTO gateway.ontology_versions (project_id, version, status, guidelines, questions, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, 'draft', $2, $3, $4 FROM gateway.ontology_versions WHERE project_id = $1
       RETURNING *`,
      [projectId, JSON.stringify(draft.guidelines), JSON.stringify(draft.questions), createdBy],
    );
    return toRecord(r!);
  }

  /** Replaces a draft's content; undefined when the version is not a draft. */
  async updateDraft(db: Db, projectId: string, version: number, draft: OntologyDraft): Promise<OntologyVersionRecord | undefined> {
    const r = await row<OntologyRow>(
      db,
      `UPDATE gateway.ontology_versions SET guidelines = $3, questions = $4, updated_at = now()
       WHERE project_id = $1 AND version = $2 AND status = 'draft' RETURNING *`,
      [projectId, version, JSON.stringify(draft.guidelines), JSON.stringify(draft.questions)],
    );
    return r && toRecord(r);
  }

  async markPublished(
    db: Db,
    projectId: string,
    version: number,
    by: string,
    relabelPolicy: RelabelPolicyName,
    migrations: MigrationEntry[] = [],
  ): Promise<OntologyVersionRecord> {
    const r = await row<OntologyRow>(
      db,
      `UPDATE gateway.ontology_versions SET status = 'published', published_at = now(), published_by = $3, relabel_policy = $4,
         migrations = $5, updated_at = now()
       WHERE project_id = $1 AND version = $2 AND status = 'draft' RETURNING *`,
      [projectId, version, by, relabelPolicy, migrations.length ? JSON.stringify(migrations) : null],
    );
    return toRecord(r!);
  }

  async latestPublished(db: Db, projectId: string): Promise<number | undefined> {
    const r = await row<{ v: number | null }>(
      db,
      `SELECT max(version) AS v FROM gateway.ontology_versions WHERE project_id = $1 AND status = 'published'`,
      [projectId],
    );
    return r?.v ?? undefined;
  }
}
