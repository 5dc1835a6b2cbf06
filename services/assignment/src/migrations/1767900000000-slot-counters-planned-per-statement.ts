import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The slot counters' trigger (dashboard-stats) joined the statement's slots to `assignment.tasks`
 * to leave honeypot copies out. On tables no ANALYZE has seen (autovacuum off, or not yet run on
 * a new queue) the planner guessed `kind = 'real'` keeps half a percent of a few thousand tasks
 * and hashed the whole of `tasks` for every batch; PL/pgSQL also kept the first plan of a session
 * for good. At 140,000 queued tasks a batch of 1,500 slots took 8–22 s, growing with the queue.
 * Now each slot's task kind is one probe of the primary key (a scalar subquery, which the planner
 * never turns into a join), whatever the estimates say, and the statements run through EXECUTE,
 * planned against the tables as they are. The counting is unchanged.
 */
export class SlotCountersPlannedPerStatement1767900000000 implements MigrationInterface {
  name = 'SlotCountersPlannedPerStatement1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION assignment.stat_slots_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          EXECUTE $q$
            INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
            SELECT n.project_id, assignment.stat_shard(), count(*) FILTER (WHERE n.state = 'open'), count(*) FILTER (WHERE n.state = 'leased'),
                   count(*) FILTER (WHERE n.state = 'done'), count(*) FILTER (WHERE n.state = 'void')
            FROM new_slots n
            WHERE (SELECT k.kind FROM assignment.tasks k WHERE k.task_id = n.task_id) = 'real'
            GROUP BY n.project_id
            ON CONFLICT (project_id, shard) DO UPDATE SET
              slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
              slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void
          $q$;
        ELSIF TG_OP = 'UPDATE' THEN
          EXECUTE $q$
            INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
            SELECT n.project_id, assignment.stat_shard(),
                   sum((n.state = 'open')::int - (o.state = 'open')::int), sum((n.state = 'leased')::int - (o.state = 'leased')::int),
                   sum((n.state = 'done')::int - (o.state = 'done')::int), sum((n.state = 'void')::int - (o.state = 'void')::int)
            FROM new_slots n
            JOIN old_slots o ON o.task_id = n.task_id AND o.slot_no = n.slot_no
            WHERE n.state <> o.state AND (SELECT k.kind FROM assignment.tasks k WHERE k.task_id = n.task_id) = 'real'
            GROUP BY n.project_id
            ON CONFLICT (project_id, shard) DO UPDATE SET
              slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
              slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void
          $q$;
        ELSE
          -- No service path deletes slots; a task deleted by hand takes its slots with it (cascade),
          -- its row then gone: such slots count as real.
          EXECUTE $q$
            INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
            SELECT o.project_id, assignment.stat_shard(), -count(*) FILTER (WHERE o.state = 'open'), -count(*) FILTER (WHERE o.state = 'leased'),
                   -count(*) FILTER (WHERE o.state = 'done'), -count(*) FILTER (WHERE o.state = 'void')
            FROM old_slots o
            WHERE (SELECT k.kind FROM assignment.tasks k WHERE k.task_id = o.task_id) IS DISTINCT FROM 'honeypot'
            GROUP BY o.project_id
            ON CONFLICT (project_id, shard) DO UPDATE SET
              slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
              slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void
          $q$;
        END IF;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back to the statements planned once per session (the dashboard-stats migration's body).
    await q.query(`CREATE OR REPLACE FUNCTION assignment.stat_slots_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
          SELECT n.project_id, assignment.stat_shard(), count(*) FILTER (WHERE n.state = 'open'), count(*) FILTER (WHERE n.state = 'leased'),
                 count(*) FILTER (WHERE n.state = 'done'), count(*) FILTER (WHERE n.state = 'void')
          FROM new_slots n JOIN assignment.tasks k ON k.task_id = n.task_id AND k.kind = 'real'
          GROUP BY n.project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET
            slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
            slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void;
        ELSIF TG_OP = 'UPDATE' THEN
          INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
          SELECT n.project_id, assignment.stat_shard(),
                 sum((n.state = 'open')::int - (o.state = 'open')::int), sum((n.state = 'leased')::int - (o.state = 'leased')::int),
                 sum((n.state = 'done')::int - (o.state = 'done')::int), sum((n.state = 'void')::int - (o.state = 'void')::int)
          FROM new_slots n
          JOIN old_slots o ON o.task_id = n.task_id AND o.slot_no = n.slot_no
          JOIN assignment.tasks k ON k.task_id = n.task_id AND k.kind = 'real'
          WHERE n.state <> o.state
          GROUP BY n.project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET
            slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
            slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void;
        ELSE
          INSERT INTO assignment.stat_totals AS t (project_id, shard, slots_open, slots_leased, slots_done, slots_void)
          SELECT o.project_id, assignment.stat_shard(), -count(*) FILTER (WHERE o.state = 'open'), -count(*) FILTER (WHERE o.state = 'leased'),
                 -count(*) FILTER (WHERE o.state = 'done'), -count(*) FILTER (WHERE o.state = 'void')
          FROM old_slots o LEFT JOIN assignment.tasks k ON k.task_id = o.task_id
          WHERE k.kind IS DISTINCT FROM 'honeypot'
          GROUP BY o.project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET
            slots_open = t.slots_open + EXCLUDED.slots_open, slots_leased = t.slots_leased + EXCLUDED.slots_leased,
            slots_done = t.slots_done + EXCLUDED.slots_done, slots_void = t.slots_void + EXCLUDED.slots_void;
        END IF;
        RETURN NULL;
      END $$`);
  }
}
