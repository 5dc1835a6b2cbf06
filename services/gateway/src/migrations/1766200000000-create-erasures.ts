import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The erasure audit log: who asked to erase what in which project and when (never updated
 * but for its resolution), and each service's acknowledgement per item, from erasures.v1.
 */
export class CreateErasures1766200000000 implements MigrationInterface {
  name = 'CreateErasures1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS gateway.erasures (
      erasure_id text PRIMARY KEY,
      project_id text NOT NULL,
      item_id text,
      source text,
      source_id text,
      requested_by text NOT NULL,
      requested_by_kind text NOT NULL,
      requested_at timestamptz NOT NULL,
      item_ids text[],
      resolved_at timestamptz,
      CHECK ((item_id IS NULL) = (source IS NOT NULL AND source_id IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX IF NOT EXISTS erasures_by_project ON gateway.erasures (project_id, requested_at DESC, erasure_id DESC)`);
    await q.query(`CREATE TABLE IF NOT EXISTS gateway.erasure_steps (
      erasure_id text NOT NULL REFERENCES gateway.erasures (erasure_id),
      item_id text NOT NULL,
      service text NOT NULL,
      rows integer NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (erasure_id, item_id, service)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS gateway.erasure_steps`);
    await q.query(`DROP TABLE IF EXISTS gateway.erasures`);
  }
}
