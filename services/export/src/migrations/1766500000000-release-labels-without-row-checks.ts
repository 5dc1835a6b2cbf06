import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recording a release's label versions paid two foreign-key checks per row (a third of a
 * 1,000,000-label release's time). Both are guaranteed where the rows are written: one
 * INSERT … SELECT from export.label_versions, in the transaction that inserts the release row,
 * checked against the release's count; label versions and releases are never deleted
 * (docs/decisions.md, release labels).
 */
export class ReleaseLabelsWithoutRowChecks1766500000000 implements MigrationInterface {
  name = 'ReleaseLabelsWithoutRowChecks1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export.release_labels DROP CONSTRAINT IF EXISTS release_labels_item_id_question_id_label_version_fkey`);
    await q.query(`ALTER TABLE export.release_labels DROP CONSTRAINT IF EXISTS release_labels_release_id_fkey`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE export.release_labels ADD CONSTRAINT release_labels_release_id_fkey FOREIGN KEY (release_id) REFERENCES export.releases (release_id)`);
    await q.query(
      `ALTER TABLE export.release_labels ADD CONSTRAINT release_labels_item_id_question_id_label_version_fkey
       FOREIGN KEY (item_id, question_id, label_version) REFERENCES export.label_versions (item_id, question_id, label_version)`,
    );
  }
}
