import { MigrationInterface, QueryRunner } from 'typeorm';

/** Items, their dedup keys, provenance of every content event, and the local copy of projects. */
export class CreateIngestionTables1764500000000 implements MigrationInterface {
  name = 'CreateIngestionTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ingestion.items (
      item_id text PRIMARY KEY,
      source text NOT NULL,
      source_id text NOT NULL,
      content_type smallint NOT NULL,
      content_sha256 char(64) NOT NULL,
      content_event_id text NOT NULL,
      masked_text text,
      payload_ref jsonb,
      original_ref jsonb,
      pii_masks jsonb NOT NULL DEFAULT '[]',
      pii_spans jsonb NOT NULL DEFAULT '[]',
      detected_language text,
      language_confidence double precision,
      language_hint text,
      tags text[] NOT NULL DEFAULT '{}',
      metadata jsonb NOT NULL DEFAULT '{}',
      matched_project_ids text[] NOT NULL DEFAULT '{}',
      previous_item_id text REFERENCES ingestion.items (item_id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX items_by_source ON ingestion.items (source, source_id, created_at)`);
    // The dedup key: one item per (source, source_id, content hash).
    await q.query(`CREATE TABLE ingestion.dedup_keys (
      source text NOT NULL,
      source_id text NOT NULL,
      content_sha256 char(64) NOT NULL,
      item_id text NOT NULL REFERENCES ingestion.items (item_id) DEFERRABLE INITIALLY DEFERRED,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source, source_id, content_sha256)
    )`);
    // Project-scoped view of items: every query by project goes through this table.
    await q.query(`CREATE TABLE ingestion.item_projects (
      project_id text NOT NULL,
      item_id text NOT NULL REFERENCES ingestion.items (item_id),
      matched_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, item_id)
    )`);
    // Provenance: every content event seen, and the item it became (or was a duplicate of).
    await q.query(`CREATE TABLE ingestion.content_events (
      event_id text PRIMARY KEY,
      item_id text NOT NULL REFERENCES ingestion.items (item_id),
      duplicate boolean NOT NULL,
      source text NOT NULL,
      source_id text NOT NULL,
      producer text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX content_events_by_item ON ingestion.content_events (item_id)`);
    // Local copy of projects.v1 (only what matching and masking policy need, plus the snapshot).
    await q.query(`CREATE TABLE ingestion.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      archived boolean NOT NULL,
      content_types smallint[] NOT NULL,
      filter jsonb NOT NULL,
      keep_unmasked_original boolean NOT NULL,
      snapshot bytea NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingestion.projects`);
    await q.query(`DROP TABLE ingestion.content_events`);
    await q.query(`DROP TABLE ingestion.item_projects`);
    await q.query(`DROP TABLE ingestion.dedup_keys`);
    await q.query(`DROP TABLE ingestion.items`);
  }
}
