import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toBinary } from '@bufbuild/protobuf';
import { ContentType, Project, ProjectSchema } from '@verity/contracts';
import { row, rows } from '@verity/persistence';
import { DATA_SOURCE, ProjectSnapshotTable } from '@verity/service-runtime';
import { ProjectRule } from '../domain/project-filter.matcher';

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
  private readonly table = new ProjectSnapshotTable('ingestion');

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Stores the snapshot unless a copy of the same or a higher revision is there; true if stored. */
  async upsertIfNewer(tx: EntityManager, p: Project): Promise<boolean> {
    const filter: ProjectRule['filter'] = {
      sources: p.filter?.sources ?? [],
      contentTypes: p.filter?.contentTypes ?? [],
      tagsAny: p.filter?.tagsAny ?? [],
      languages: p.filter?.languages ?? [],
    };
    return this.table.upsertIfNewer(tx, p.projectId, p.revision, {
      archived: p.archived,
      content_types: p.contentTypes,
      filter: JSON.stringify(filter),
      keep_unmasked_original: p.policy?.keepUnmaskedOriginal ?? false,
      snapshot: Buffer.from(toBinary(ProjectSchema, p)),
    });
  }

  /**
   * Changes whenever a snapshot is stored: a new project adds to the count, and a stored update
   * raises the sum of revisions (they only go up, `upsertIfNewer`).
   *
   * @crossProject new content is matched against every project: this says when that catalogue changed
   */
  async fingerprint(): Promise<string> {
    const r = await row<{ fingerprint: string }>(
      this.ds,
      `SELECT count(*)::text || ':' || coalesce(sum(revision), 0)::text AS fingerprint FROM ingestion.projects`,
    );
    return r!.fingerprint;
  }

  /**
   * Every project that may take new content.
   *
   * @crossProject new content is matched against every project's filter
   */
  async listActive(): Promise<ProjectRule[]> {
    const active = await rows<ProjectRow>(
      this.ds,
      `SELECT project_id, archived, content_types, filter, keep_unmasked_original
       FROM ingestion.projects WHERE NOT archived`,
    );
    return active.map((r) => ({
      projectId: r.project_id,
      archived: r.archived,
      contentTypes: r.content_types.map((n) => n as ContentType),
      filter: r.filter,
      keepUnmaskedOriginal: r.keep_unmasked_original,
    }));
  }
}
