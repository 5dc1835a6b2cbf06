import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Label versions with their provenance, the decisions behind them, the items' content
 * references, and immutable releases with their files and the exact label versions they hold.
 * Ids are `COLLATE "C"`: release order is code-point order, whatever the database's locale.
 */
export class CreateExportTables1765100000000 implements MigrationInterface {
  name = 'CreateExportTables1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // Content reference of every item seen on items.v1 (for labels.v1 `content` and the audit chain).
    await q.query(`CREATE TABLE export.item_contents (
      item_id text COLLATE "C" PRIMARY KEY,
      content bytea NOT NULL,
      content_sha256 text NOT NULL,
      content_event_id text NOT NULL,
      item_event_id text NOT NULL,
      correlation_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Every version of every label; never updated, never deleted.
    await q.query(`CREATE TABLE export.label_versions (
      item_id text COLLATE "C" NOT NULL,
      question_id text COLLATE "C" NOT NULL,
      label_version integer NOT NULL CHECK (label_version >= 1),
      project_id text NOT NULL,
      status smallint NOT NULL,
      label text NOT NULL,
      soft_label jsonb NOT NULL,
      confidence double precision NOT NULL,
      ontology_version integer NOT NULL,
      adjudicated boolean NOT NULL,
      gold boolean NOT NULL,
      content_digest char(64) NOT NULL,
      provenance jsonb NOT NULL,
      label_event_id text NOT NULL UNIQUE,
      label_event bytea NOT NULL,
      release_row text NOT NULL,
      decision_event_id text NOT NULL,
      decision_id text NOT NULL,
      content_event_id text NOT NULL,
      correlation_id text NOT NULL,
      decided_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (item_id, question_id, label_version)
    )`);
    await q.query(
      `CREATE INDEX label_versions_by_project ON export.label_versions (project_id, item_id, question_id, label_version DESC)`,
    );
    await q.query(`CREATE VIEW export.current_labels AS
      SELECT DISTINCT ON (item_id, question_id) * FROM export.label_versions
      ORDER BY item_id, question_id, label_version DESC`);
    // Every decision received, and what it did: a new version, none (same content), or none (stale).
    await q.query(`CREATE TABLE export.decisions (
      decision_event_id text PRIMARY KEY,
      decision_id text NOT NULL,
      project_id text NOT NULL,
      item_id text COLLATE "C" NOT NULL,
      question_id text COLLATE "C" NOT NULL,
      producer text NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('new_version', 'unchanged', 'stale')),
      label_version integer NOT NULL,
      decided_at timestamptz NOT NULL,
      correlation_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX decisions_by_label ON export.decisions (item_id, question_id, label_version)`);
    await q.query(`CREATE TABLE export.releases (
      release_id text PRIMARY KEY,
      project_id text NOT NULL,
      name text NOT NULL,
      location text NOT NULL,
      selection jsonb NOT NULL,
      parent_release_id text REFERENCES export.releases (release_id),
      trigger text NOT NULL,
      requested_by text NOT NULL,
      label_count integer NOT NULL,
      ontology_versions integer[] NOT NULL,
      manifest_key text NOT NULL,
      manifest_sha256 char(64) NOT NULL,
      manifest_size bigint NOT NULL,
      manifest jsonb NOT NULL,
      release_event_id text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX releases_by_project ON export.releases (project_id, created_at DESC)`);
    await q.query(`CREATE TABLE export.release_files (
      release_id text NOT NULL REFERENCES export.releases (release_id),
      key text NOT NULL,
      format text NOT NULL,
      media_type text NOT NULL,
      sha256 char(64) NOT NULL,
      size_bytes bigint NOT NULL,
      record_count bigint NOT NULL,
      PRIMARY KEY (release_id, key)
    )`);
    // The exact label versions of a release, in release order: re-export reads these.
    await q.query(`CREATE TABLE export.release_labels (
      release_id text NOT NULL REFERENCES export.releases (release_id),
      ordinal integer NOT NULL,
      item_id text COLLATE "C" NOT NULL,
      question_id text COLLATE "C" NOT NULL,
      label_version integer NOT NULL,
      PRIMARY KEY (release_id, ordinal),
      FOREIGN KEY (item_id, question_id, label_version) REFERENCES export.label_versions (item_id, question_id, label_version)
    )`);
    await q.query(`CREATE INDEX release_labels_by_label ON export.release_labels (item_id, question_id, label_version)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['release_labels', 'release_files', 'releases', 'decisions']) await q.query(`DROP TABLE export.${t}`);
    await q.query(`DROP VIEW export.current_labels`);
    await q.query(`DROP TABLE export.label_versions`);
    await q.query(`DROP TABLE export.item_contents`);
  }
}
