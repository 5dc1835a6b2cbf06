import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The migration map each ontology version was published with (protobuf JSON of
 * OptionMigration; [] when none), and the current label of every (item, question) as labels.v1
 * announces it, so a split can send exactly the items whose label it covers back to humans.
 */
export class AddLabelsAndOntologyMigrations1764500000002 implements MigrationInterface {
  name = 'AddLabelsAndOntologyMigrations1764500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.ontology_versions ADD COLUMN migrations jsonb NOT NULL DEFAULT '[]'`);
    // Latest label version per (project, item, question) from labels.v1; older versions are ignored.
    await q.query(`CREATE TABLE decomposition.labels (
      project_id text NOT NULL,
      question_id text NOT NULL,
      item_id text NOT NULL,
      label_version integer NOT NULL,
      ontology_version integer NOT NULL,
      status smallint NOT NULL,
      options text[] NOT NULL,
      task_id text NOT NULL,
      label_event_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, question_id, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decomposition.labels`);
    await q.query(`ALTER TABLE decomposition.ontology_versions DROP COLUMN migrations`);
  }
}
