import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained counters for the dashboards (GET /v1/projects/:projectId/stats): items matched to a
 * project, in total and per UTC minute (by `matched_at`), kept by a statement-level trigger on
 * `item_projects` in the same transaction as the item. Rows are sharded by the writing backend
 * (`pg_backend_pid() % 16`) so concurrent ingestion transactions do not wait on one counter row.
 * Existing rows are counted once here, under a lock that holds writers back meanwhile.
 */
export class DashboardStats1765800000000 implements MigrationInterface {
  name = 'DashboardStats1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE ingestion.item_projects IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`CREATE TABLE ingestion.stat_totals (
      project_id text NOT NULL,
      shard smallint NOT NULL,
      items bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, shard)
    )`);
    await q.query(`CREATE TABLE ingestion.stat_minutes (
      project_id text NOT NULL,
      minute timestamptz NOT NULL,
      shard smallint NOT NULL,
      items bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, minute, shard)
    )`);
    await q.query(`CREATE FUNCTION ingestion.stat_items_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v_shard smallint := (pg_backend_pid() % 16)::smallint;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO ingestion.stat_totals AS t (project_id, shard, items)
          SELECT project_id, v_shard, count(*) FROM new_rows GROUP BY project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET items = t.items + EXCLUDED.items;
          INSERT INTO ingestion.stat_minutes AS m (project_id, minute, shard, items)
          SELECT project_id, date_trunc('minute', matched_at, 'UTC'), v_shard, count(*) FROM new_rows GROUP BY 1, 2
          ON CONFLICT (project_id, minute, shard) DO UPDATE SET items = m.items + EXCLUDED.items;
        ELSE
          INSERT INTO ingestion.stat_totals AS t (project_id, shard, items)
          SELECT project_id, v_shard, -count(*) FROM old_rows GROUP BY project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET items = t.items + EXCLUDED.items;
          INSERT INTO ingestion.stat_minutes AS m (project_id, minute, shard, items)
          SELECT project_id, date_trunc('minute', matched_at, 'UTC'), v_shard, -count(*) FROM old_rows GROUP BY 1, 2
          ON CONFLICT (project_id, minute, shard) DO UPDATE SET items = m.items + EXCLUDED.items;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stat_items_inserted AFTER INSERT ON ingestion.item_projects
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ingestion.stat_items_changed()`);
    await q.query(`CREATE TRIGGER stat_items_deleted AFTER DELETE ON ingestion.item_projects
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ingestion.stat_items_changed()`);
    await q.query(`INSERT INTO ingestion.stat_totals (project_id, shard, items)
      SELECT project_id, 0, count(*) FROM ingestion.item_projects GROUP BY project_id`);
    await q.query(`INSERT INTO ingestion.stat_minutes (project_id, minute, shard, items)
      SELECT project_id, date_trunc('minute', matched_at, 'UTC'), 0, count(*) FROM ingestion.item_projects GROUP BY 1, 2`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS stat_items_inserted ON ingestion.item_projects`);
    await q.query(`DROP TRIGGER IF EXISTS stat_items_deleted ON ingestion.item_projects`);
    await q.query(`DROP FUNCTION IF EXISTS ingestion.stat_items_changed()`);
    await q.query(`DROP TABLE IF EXISTS ingestion.stat_minutes`);
    await q.query(`DROP TABLE IF EXISTS ingestion.stat_totals`);
  }
}
