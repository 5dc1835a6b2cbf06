import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard counters' shard (dashboard-stats) was `pg_backend_pid() % 16`. Ten pooled
 * connections land on sixteen shards with a collision nearly always, and two transactions that
 * share a (project, shard) row wait for each other until commit: under 200 annotators, an
 * answer's INSERT spent about 3 ms on average waiting for another submit's counter row
 * (`Lock:transactionid` in pg_stat_activity).
 *
 * Now a transaction takes the first shard, starting from its backend's, whose transaction-level
 * advisory lock it gets without waiting, and keeps it (a transaction-local setting) for every
 * counter it touches. Concurrent writers get distinct shards while there are at most sixteen of
 * them; past that, shards are shared as before. Reads and counting are unchanged.
 */
export class StatShardPerTransaction1768000000000 implements MigrationInterface {
  name = 'StatShardPerTransaction1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION assignment.stat_shard() RETURNS smallint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        chosen text := current_setting('assignment.stat_shard', true);
        start_shard int := pg_backend_pid() % 16;
      BEGIN
        IF chosen IS NOT NULL AND chosen <> '' THEN
          RETURN chosen::smallint;
        END IF;
        FOR i IN 0..15 LOOP
          IF pg_try_advisory_xact_lock(hashtext('assignment.stat_shard'), (start_shard + i) % 16) THEN
            start_shard := (start_shard + i) % 16;
            EXIT;
          END IF;
        END LOOP;
        PERFORM set_config('assignment.stat_shard', start_shard::text, true);
        RETURN start_shard::smallint;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION assignment.stat_shard() RETURNS smallint LANGUAGE sql VOLATILE
      AS $$ SELECT (pg_backend_pid() % 16)::smallint $$`);
  }
}
