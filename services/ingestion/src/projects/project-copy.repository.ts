import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toBinary } from '@bufbuild/protobuf';
import { ContentType, Project, ProjectSchema } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { ProjectRule } from './project-filter.matcher';

interface ProjectRow {
  project_id: string;
  archived: boolean;
  content_types: number[];
  filter: ProjectRule['filter'];
  keep_unmasked_original: boolean;
}

/** The local copy of projects.v1 in ingestion.projects. */
@Injectable()
export class ProjectCopyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Stores the snapshot unless a copy of the same or a higher revision is there; true if stored. */
  async upsertIfNewer(tx: EntityManager, p: Project): Promise<boolean> {
    const filter: ProjectRule['filter'] = {
      sources: p.filter?.sources ?? [],
      contentTypes: p.filter?.contentTypes ?? [],
      tagsAny: p.filter?.tagsAny ?? [],
      languages: p.filter?.languages ?? [],
    };
    const rows: unknown[] = await tx.query(
      `INSERT INTO ingestion.projects AS p
         (project_id, revision, archived, content_types, filter, keep_unmasked_original, snapshot, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (project_id) DO UPDATE SET
         revision = excluded.revision, archived = excluded.archived, content_types = excluded.content_types,
         filter = excluded.filter, keep_unmasked_original = excluded.keep_unmasked_original,
         snapshot = excluded.snapshot, updated_at = now()
       WHERE p.revision < excluded.revision
       RETURNING project_id`,
      [
        p.projectId,
        p.revision.toString(),
        p.archived,
        p.contentTypes,
        JSON.stringify(filter),
        p.policy?.keepUnmaskedOriginal ?? false,
        Buffer.from(toBinary(ProjectSchema, p)),
      ],
    );
    return rows.length > 0;
  }

  /**
   * Changes whenever a snapshot is stored: a new project adds to the count, and a stored update
   * raises the sum of revisions (they only go up, `upsertIfNewer`).
   */
  async fingerprint(): Promise<string> {
    const [row]: { fingerprint: string }[] = await this.ds.query(
      `SELECT count(*)::text || ':' || coalesce(sum(revision), 0)::text AS fingerprint FROM ingestion.projects`,
    );
    return row.fingerprint;
  }

  /** Every project that may take new content. */
  async listActive(): Promise<ProjectRule[]> {
    const rows: ProjectRow[] = await this.ds.query(
      `SELECT project_id, archived, content_types, filter, keep_unmasked_original
       FROM ingestion.projects WHERE NOT archived`,
    );
    return rows.map((r) => ({
      projectId: r.project_id,
      archived: r.archived,
      contentTypes: r.content_types.map((n) => n as ContentType),
      filter: r.filter,
      keepUnmaskedOriginal: r.keep_unmasked_original,
    }));
  }
}
