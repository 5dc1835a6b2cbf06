import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ontology migration maps export has applied: one row per (project, version published with a
 * map). Inserting the row is what applies a map, once: a redelivered or repeated announcement
 * finds it and rewrites nothing. Late decisions under an older version are mapped through the
 * maps recorded here.
 */
export class CreateOntologyMigrations1765720000000 implements MigrationInterface {
  name = 'CreateOntologyMigrations1765720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE export.ontology_migrations (
      project_id text NOT NULL,
      to_version integer NOT NULL,
      from_version integer NOT NULL,
      entries jsonb NOT NULL,
      project_event_id text NOT NULL,
      labels_rewritten integer NOT NULL DEFAULT 0,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, to_version)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export.ontology_migrations`);
  }
}
