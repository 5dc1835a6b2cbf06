import { Injectable } from '@nestjs/common';
import type { LabelingFunction } from '@verity/label-science';
import { lockExclusive, lockSharedSorted, row, rows, type Queryable } from '@verity/persistence';

/** One stored LF version. */
export interface StoredLf {
  projectId: string;
  lf: LabelingFunction;
  createdAt: Date;
  retiredAt: Date | null;
}

/** The latest version of an LF, with how many versions it has. */
export interface LfSummary extends StoredLf {
  versions: number;
}

interface Row {
  project_id: string;
  lf_id: string;
  version: number;
  owner: string;
  question_id: string;
  definition: Record<string, unknown>;
  created_at: Date;
  retired_at: Date | null;
}

const toStored = (r: Row): StoredLf => ({
  projectId: r.project_id,
  lf: { ...r.definition, id: r.lf_id, version: r.version, owner: r.owner, question_id: r.question_id } as unknown as LabelingFunction,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

const COLUMNS = `project_id, lf_id, version, owner, question_id, definition, created_at, retired_at`;

/** Labeling functions of a project, every version (a changed definition is a new row). */
@Injectable()
export class LabelingFunctionRepository {
  /**
   * Saving or retiring an LF takes the project's LF lock exclusively until it commits; a batch of
   * arriving tasks takes it shared before it reads the active LFs (lockProjectsShared). So a task
   * is either voted on by the new LF when it arrives, or committed before the save, and then the
   * backfill (which runs after the save commits) finds it.
   */
  async lockProject(db: Queryable, projectId: string): Promise<void> {
    await lockExclusive(db, 'prelabel.lf', projectId);
  }

  /** @crossProject advisory locks on the project ids a batch of tasks spans (see lockProject), in order; it reads no rows */
  async lockProjectsShared(db: Queryable, projectIds: readonly string[]): Promise<void> {
    await lockSharedSorted(db, 'prelabel.lf', projectIds);
  }

  /** Stores a version; false when (project, id, version) already exists. */
  async insert(db: Queryable, projectId: string, lf: LabelingFunction, definition: Record<string, unknown>): Promise<boolean> {
    const inserted = await rows<{ lf_id: string }>(
      db,
      `INSERT INTO prelabel.labeling_functions (project_id, lf_id, version, owner, question_id, kind, definition)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT DO NOTHING RETURNING lf_id`,
      [projectId, lf.id, lf.version, lf.owner, lf.question_id, lf.kind, JSON.stringify(definition)],
    );
    return inserted.length > 0;
  }

  /** The latest version of one LF (retired or not); `forUpdate` locks it against a concurrent change. */
  async latest(db: Queryable, projectId: string, lfId: string, forUpdate = false): Promise<StoredLf | null> {
    const r = await row<Row>(
      db,
      `SELECT ${COLUMNS} FROM prelabel.labeling_functions WHERE project_id = $1 AND lf_id = $2
       ORDER BY version DESC LIMIT 1 ${forUpdate ? 'FOR UPDATE' : ''}`,
      [projectId, lfId],
    );
    return r ? toStored(r) : null;
  }

  /** The latest version of every LF of the project, with its number of versions, by id. */
  async list(db: Queryable, projectId: string): Promise<LfSummary[]> {
    const latest = await rows<Row & { versions: number }>(
      db,
      `SELECT DISTINCT ON (lf_id) ${COLUMNS}, count(*) OVER (PARTITION BY lf_id)::int AS versions
       FROM prelabel.labeling_functions WHERE project_id = $1 ORDER BY lf_id, version DESC`,
      [projectId],
    );
    return latest.map((r) => ({ ...toStored(r), versions: r.versions }));
  }

  /**
   * The LFs that vote: the latest version of each LF not retired, of each of the projects.
   * @crossProject scoped by the list of projects a batch of tasks spans (one query per batch)
   */
  async active(db: Queryable, projectIds: readonly string[]): Promise<StoredLf[]> {
    if (projectIds.length === 0) return [];
    const latest = await rows<Row>(
      db,
      `SELECT DISTINCT ON (project_id, lf_id) ${COLUMNS} FROM prelabel.labeling_functions
       WHERE project_id = ANY($1::text[]) ORDER BY project_id, lf_id, version DESC`,
      [projectIds],
    );
    return latest.filter((r) => r.retired_at === null).map(toStored);
  }

  /** Retires every version of an LF; the number of versions newly retired. */
  async retire(db: Queryable, projectId: string, lfId: string): Promise<number> {
    const [r] = await rows<{ n: number }>(
      db,
      `WITH retired AS (UPDATE prelabel.labeling_functions SET retired_at = now() WHERE project_id = $1 AND lf_id = $2 AND retired_at IS NULL RETURNING version)
       SELECT count(*)::int AS n FROM retired`,
      [projectId, lfId],
    );
    return r.n;
  }
}
