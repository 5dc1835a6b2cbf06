import { fromJson, toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { OptionMigrationSchema } from '@verity/contracts';
import { Db, rows } from '@verity/persistence';
import type { MigrationMap } from '../domain/label-migration.rule';

/** export.ontology_migrations: the maps applied, one per (project, version). */
@Injectable()
export class MigrationMapsRepository {
  /** Records the map; false when it was recorded before (already applied). */
  async record(db: Db, projectId: string, m: MigrationMap): Promise<boolean> {
    const r = await rows<{ to_version: number }>(
      db,
      `INSERT INTO export.ontology_migrations (project_id, to_version, from_version, entries, project_event_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_id, to_version) DO NOTHING RETURNING to_version`,
      [projectId, m.toVersion, m.fromVersion, JSON.stringify(m.entries.map((e) => toJson(OptionMigrationSchema, e))), m.projectEventId],
    );
    return r.length > 0;
  }

  async setRewritten(db: Db, projectId: string, toVersion: number, n: number): Promise<void> {
    await db.query(`UPDATE export.ontology_migrations SET labels_rewritten = $3 WHERE project_id = $1 AND to_version = $2`, [projectId, toVersion, n]);
  }

  /** The project's maps to versions newer than `version`, oldest first (to map a late decision). */
  async after(db: Db, projectId: string, version: number): Promise<MigrationMap[]> {
    const rs = await rows<{ to_version: number; from_version: number; entries: unknown[]; project_event_id: string }>(
      db,
      `SELECT to_version, from_version, entries, project_event_id FROM export.ontology_migrations
       WHERE project_id = $1 AND to_version > $2 ORDER BY to_version`,
      [projectId, version],
    );
    return rs.map((r) => ({
      projectId,
      toVersion: r.to_version,
      fromVersion: r.from_version,
      entries: r.entries.map((e) => fromJson(OptionMigrationSchema, e as never)),
      projectEventId: r.project_event_id,
    }));
  }
}
