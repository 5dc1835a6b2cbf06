import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import { OntologyVersion, OntologyVersionSchema, OptionMigration, OptionMigrationSchema, Project, RelabelPolicy } from '@verity/contracts';
import { rows as readRows } from '@verity/persistence';
import { ProjectSnapshotTable } from '@verity/service-runtime';
import type { VersionStep } from '../domain/requeue.rules';
import type { TaskPolicy } from '../events/task-event.factory';

/** What decomposition keeps of a project. */
export interface ProjectState {
  projectId: string;
  revision: bigint;
  archived: boolean;
  ontologyVersion?: number;
  policy: TaskPolicy;
  /** Set when this snapshot brought an ontology version not seen before. */
  newOntologyVersion?: number;
}

interface Row {
  project_id: string;
  revision: string;
  archived: boolean;
  ontology_version: number | null;
  answers_per_task: number;
  required_skills: string[];
}

const toState = (r: Row): ProjectState => ({
  projectId: r.project_id,
  revision: BigInt(r.revision),
  archived: r.archived,
  ontologyVersion: r.ontology_version ?? undefined,
  policy: { answersPerTask: r.answers_per_task, requiredSkills: r.required_skills },
});

/** decomposition.projects and decomposition.ontology_versions. */
@Injectable()
export class ProjectRepository {
  private readonly table = new ProjectSnapshotTable('decomposition');

  /**
   * The project, share-locked for the transaction so a snapshot that adds an ontology waits for
   * us (and we see it if it came first). An unknown project gets a placeholder row (revision 0),
   * so there is always a row to lock.
   */
  async lockForItem(tx: EntityManager, projectId: string): Promise<ProjectState> {
    return (await this.lockForItems(tx, [projectId])).get(projectId)!;
  }

  /**
   * lockForItem for several projects (two statements), locked in project id order so batches cannot deadlock.
   *
   * @crossProject an item batch reaches every project its items matched: exactly the `projectIds` given
   */
  async lockForItems(tx: EntityManager, projectIds: readonly string[]): Promise<Map<string, ProjectState>> {
    const ids = [...new Set(projectIds)].sort();
    await tx.query(
      `INSERT INTO decomposition.projects (project_id, revision) SELECT unnest($1::text[]), 0 ORDER BY 1 ON CONFLICT (project_id) DO NOTHING`,
      [ids],
    );
    const rows = await readRows<Row>(
      tx,
      `SELECT project_id, revision, archived, ontology_version, answers_per_task, required_skills
       FROM decomposition.projects WHERE project_id = ANY($1::text[]) ORDER BY project_id FOR SHARE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.project_id, toState(r)]));
  }

  /** The project, share-locked like lockForItem (a snapshot waits for us), or undefined when unknown (no placeholder). */
  async lockIfKnown(tx: EntityManager, projectId: string): Promise<ProjectState | undefined> {
    const rows = await readRows<Row>(
      tx,
      `SELECT project_id, revision, archived, ontology_version, answers_per_task, required_skills
       FROM decomposition.projects WHERE project_id = $1 FOR SHARE`,
      [projectId],
    );
    return rows[0] && toState(rows[0]);
  }

  /**
   * Stores the snapshot if newer than what we have; returns the new state, or undefined when
   * stale. The current ontology version is stored with the migration map and the relabel policy
   * it was published with (from the ONTOLOGY_PUBLISHED part of the event, else the project's
   * `current_migrations` / `current_relabel_policy`).
   */
  async upsertIfNewer(
    tx: EntityManager,
    p: Project,
    migrations: readonly OptionMigration[] = p.currentMigrations,
    relabelPolicy: RelabelPolicy = p.currentRelabelPolicy,
  ): Promise<ProjectState | undefined> {
    const o = p.currentOntology;
    const row: Row = {
      project_id: p.projectId,
      revision: p.revision.toString(),
      archived: p.archived,
      ontology_version: o ? o.version : null,
      answers_per_task: Math.max(1, p.policy?.answersPerTask ?? 1),
      required_skills: p.policy?.routing?.requiredSkills ?? [],
    };
    const { project_id: _id, revision: _revision, ...columns } = row;
    if (!(await this.table.upsertIfNewer(tx, p.projectId, p.revision, columns))) return undefined;
    const state = toState(row);
    if (o) {
      // Published versions are immutable: the first copy seen is kept.
      const inserted = await readRows<{ version: number }>(
        tx,
        `INSERT INTO decomposition.ontology_versions (project_id, version, ontology, migrations, relabel_policy) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING version`,
        [
          p.projectId,
          o.version,
          Buffer.from(toBinary(OntologyVersionSchema, o)),
          JSON.stringify(migrations.map((m) => toJson(OptionMigrationSchema, m))),
          relabelPolicy,
        ],
      );
      if (inserted.length > 0) state.newOntologyVersion = o.version;
    }
    return state;
  }

  async ontology(tx: EntityManager, projectId: string, version: number): Promise<OntologyVersion | undefined> {
    const rows = await readRows<{ ontology: Buffer }>(
      tx,
      `SELECT ontology FROM decomposition.ontology_versions WHERE project_id = $1 AND version = $2`,
      [projectId, version],
    );
    return rows[0] ? fromBinary(OntologyVersionSchema, rows[0].ontology) : undefined;
  }

  /**
   * The project's recorded versions in (after, upTo], oldest first: relabel policy, migration
   * map and question ids of each (what `labelFate` walks).
   */
  async versionSteps(tx: EntityManager, projectId: string, after: number, upTo: number): Promise<VersionStep[]> {
    const rows = await readRows<{ version: number; relabel_policy: number; migrations: unknown[]; ontology: Buffer }>(
      tx,
      `SELECT version, relabel_policy, migrations, ontology FROM decomposition.ontology_versions
       WHERE project_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
      [projectId, after, upTo],
    );
    return rows.map((r) => ({
      version: r.version,
      relabelPolicy: r.relabel_policy as RelabelPolicy,
      migrations: r.migrations.map((m) => fromJson(OptionMigrationSchema, m as never)),
      questionIds: new Set(fromBinary(OntologyVersionSchema, r.ontology).questions.map((q) => q.questionId)),
    }));
  }
}
