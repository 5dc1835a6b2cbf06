import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relabel policy each ontology version was published with (RelabelPolicy; 0 = not known:
 * versions recorded before this column, first versions, acts as KEEP, so upgrading asks nothing
 * retroactively), and an index to find an item's labels (the relabel planner reads them per item).
 */
export class AddRelabelPolicy1764500000003 implements MigrationInterface {
  name = 'AddRelabelPolicy1764500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE decomposition.ontology_versions ADD COLUMN relabel_policy smallint NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX labels_by_item ON decomposition.labels (project_id, item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX decomposition.labels_by_item`);
    await q.query(`ALTER TABLE decomposition.ontology_versions DROP COLUMN relabel_policy`);
  }
}
