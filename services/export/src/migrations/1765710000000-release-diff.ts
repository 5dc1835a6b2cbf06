import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Release diffs (GET …/releases/:a/diff/:b). Releases never change, so neither does the diff of
 * two of them: it is computed once, in SQL, and kept.
 * - `release_labels_by_key`: a release's label versions by (item, question) with the version in
 *   the index, so computing a diff reads each release by an index-only scan of its own rows (not
 *   the whole table of every release). Unique: a release holds one version per (item, question).
 * - `release_diffs`: the counts of a computed diff; its row also marks the entries complete
 *   (both are written in one transaction).
 * - `release_diff_entries`: the keys whose version differs (added, changed, removed), paged by
 *   keyset on (item_id, question_id) through the primary key.
 */
export class ReleaseDiff1765710000000 implements MigrationInterface {
  name = 'ReleaseDiff1765710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS release_labels_by_key ON export.release_labels (release_id, item_id, question_id) INCLUDE (label_version)`,
    );
    await q.query(`CREATE TABLE IF NOT EXISTS export.release_diffs (
      from_release_id text NOT NULL REFERENCES export.releases (release_id),
      to_release_id text NOT NULL REFERENCES export.releases (release_id),
      added integer NOT NULL,
      changed integer NOT NULL,
      removed integer NOT NULL,
      unchanged integer NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (from_release_id, to_release_id)
    )`);
    await q.query(`CREATE TABLE IF NOT EXISTS export.release_diff_entries (
      from_release_id text NOT NULL,
      to_release_id text NOT NULL,
      item_id text COLLATE "C" NOT NULL,
      question_id text COLLATE "C" NOT NULL,
      before_version integer,
      after_version integer,
      PRIMARY KEY (from_release_id, to_release_id, item_id, question_id),
      FOREIGN KEY (from_release_id, to_release_id) REFERENCES export.release_diffs (from_release_id, to_release_id) DEFERRABLE INITIALLY DEFERRED,
      CHECK (before_version IS NOT NULL OR after_version IS NOT NULL)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS export.release_diff_entries`);
    await q.query(`DROP TABLE IF EXISTS export.release_diffs`);
    await q.query(`DROP INDEX IF EXISTS export.release_labels_by_key`);
  }
}
