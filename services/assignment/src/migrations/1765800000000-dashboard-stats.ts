import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained counters for the dashboards (GET /v1/projects/:projectId/stats), so progress reads
 * a few dozen rows instead of counting millions of slots. Statement-level triggers update them
 * in the same transaction as the change they count (a task queued, a slot changing state, an
 * answer stored); the lease, submit, skip and sweep code is untouched.
 *
 * Rows are sharded by the writing backend (`pg_backend_pid() % 16`): concurrent transactions of
 * one project update different rows, so counting never makes leases wait on each other (a single
 * counter row per project would serialize every lease of the project until commit). A read sums
 * at most 16 rows per project (totals) or per minute (series).
 *
 * `stat_totals`: per project, real tasks queued, slots by state (real tasks only: honeypot copies
 * are not queue work), answers (honeypot copies' included, flagged) and their measured time.
 * `stat_minutes`: the same events per UTC minute (tasks by `received_at`, answers by
 * `submitted_at`), for throughput series and the recent answer rate.
 *
 * Existing rows are counted once here, under a lock that holds writers back until the triggers
 * exist, so the counters start exact.
 */
export class DashboardStats1765800000000 implements MigrationInterface {
  name = 'DashboardStats1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE assignment.tasks, assignment.slots, assignment.answers IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`CREATE TABLE assignment.stat_totals (
      project_id text NOT NULL,
      shard smallint NOT NULL,
      tasks bigint NOT NULL DEFAULT 0,
      slots_open bigint NOT NULL DEFAULT 0,
      slots_leased bigint NOT NULL DEFAULT 0,
      slots_done bigint NOT NULL DEFAULT 0,
      slots_void bigint NOT NULL DEFAULT 0,
      answers bigint NOT NULL DEFAULT 0,
      honeypot_answers bigint NOT NULL DEFAULT 0,
      answer_ms bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, shard)
    )`);
    await q.query(`CREATE TABLE assignment.stat_minutes (
      project_id text NOT NULL,
      minute timestamptz NOT NULL,
      shard smallint NOT NULL,
      tasks bigint NOT NULL DEFAULT 0,
      answers bigint NOT NULL DEFAULT 0,
      honeypot_answers bigint NOT NULL DEFAULT 0,
      answer_ms bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, minute, shard)
    )`);
    await q.query(`CREATE FUNCTION assignment.stat_shard() RETURNS smallint LANGUAGE sql VOLATILE
      AS $$ SELECT (pg_backend_pid() % 16)::smallint $$`);

    // Slots: inserted (real tasks), changed state, deleted.
    await q.query(`CREATE FUNCTION assignment.stat_slots_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
          -- No service path deletes slots; a task deleted by hand takes its slots with it (cascade),
          -- its row then gone: such slots count as real.
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
    await q.query(`CREATE TRIGGER stat_slots_inserted AFTER INSERT ON assignment.slots
      REFERENCING NEW TABLE AS new_slots FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_slots_changed()`);
    await q.query(`CREATE TRIGGER stat_slots_updated AFTER UPDATE ON assignment.slots
      REFERENCING OLD TABLE AS old_slots NEW TABLE AS new_slots FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_slots_changed()`);
    await q.query(`CREATE TRIGGER stat_slots_deleted AFTER DELETE ON assignment.slots
      REFERENCING OLD TABLE AS old_slots FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_slots_changed()`);

    // Real tasks queued (sign -1 when deleted by hand).
    await q.query(`CREATE FUNCTION assignment.stat_tasks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO assignment.stat_totals AS t (project_id, shard, tasks)
          SELECT project_id, assignment.stat_shard(), count(*) FROM new_tasks WHERE kind = 'real' GROUP BY project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks;
          INSERT INTO assignment.stat_minutes AS m (project_id, minute, shard, tasks)
          SELECT project_id, date_trunc('minute', received_at, 'UTC'), assignment.stat_shard(), count(*) FROM new_tasks WHERE kind = 'real' GROUP BY 1, 2
          ON CONFLICT (project_id, minute, shard) DO UPDATE SET tasks = m.tasks + EXCLUDED.tasks;
        ELSE
          INSERT INTO assignment.stat_totals AS t (project_id, shard, tasks)
          SELECT project_id, assignment.stat_shard(), -count(*) FROM old_tasks WHERE kind = 'real' GROUP BY project_id
          ON CONFLICT (project_id, shard) DO UPDATE SET tasks = t.tasks + EXCLUDED.tasks;
          INSERT INTO assignment.stat_minutes AS m (project_id, minute, shard, tasks)
          SELECT project_id, date_trunc('minute', received_at, 'UTC'), assignment.stat_shard(), -count(*) FROM old_tasks WHERE kind = 'real' GROUP BY 1, 2
          ON CONFLICT (project_id, minute, shard) DO UPDATE SET tasks = m.tasks + EXCLUDED.tasks;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stat_tasks_inserted AFTER INSERT ON assignment.tasks
      REFERENCING NEW TABLE AS new_tasks FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_tasks_changed()`);
    await q.query(`CREATE TRIGGER stat_tasks_deleted AFTER DELETE ON assignment.tasks
      REFERENCING OLD TABLE AS old_tasks FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_tasks_changed()`);

    // Answers and their measured time (sign -1 when deleted by hand).
    await q.query(`CREATE FUNCTION assignment.stat_answers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO assignment.stat_totals AS t (project_id, shard, answers, honeypot_answers, answer_ms)
        SELECT project_id, assignment.stat_shard(), count(*), count(*) FILTER (WHERE honeypot), sum(time_spent_ms) FROM new_answers GROUP BY project_id
        ON CONFLICT (project_id, shard) DO UPDATE SET answers = t.answers + EXCLUDED.answers,
          honeypot_answers = t.honeypot_answers + EXCLUDED.honeypot_answers, answer_ms = t.answer_ms + EXCLUDED.answer_ms;
        INSERT INTO assignment.stat_minutes AS m (project_id, minute, shard, answers, honeypot_answers, answer_ms)
        SELECT project_id, date_trunc('minute', submitted_at, 'UTC'), assignment.stat_shard(), count(*), count(*) FILTER (WHERE honeypot), sum(time_spent_ms)
        FROM new_answers GROUP BY 1, 2
        ON CONFLICT (project_id, minute, shard) DO UPDATE SET answers = m.answers + EXCLUDED.answers,
          honeypot_answers = m.honeypot_answers + EXCLUDED.honeypot_answers, answer_ms = m.answer_ms + EXCLUDED.answer_ms;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION assignment.stat_answers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO assignment.stat_totals AS t (project_id, shard, answers, honeypot_answers, answer_ms)
        SELECT project_id, assignment.stat_shard(), -count(*), -count(*) FILTER (WHERE honeypot), -sum(time_spent_ms) FROM old_answers GROUP BY project_id
        ON CONFLICT (project_id, shard) DO UPDATE SET answers = t.answers + EXCLUDED.answers,
          honeypot_answers = t.honeypot_answers + EXCLUDED.honeypot_answers, answer_ms = t.answer_ms + EXCLUDED.answer_ms;
        INSERT INTO assignment.stat_minutes AS m (project_id, minute, shard, answers, honeypot_answers, answer_ms)
        SELECT project_id, date_trunc('minute', submitted_at, 'UTC'), assignment.stat_shard(), -count(*), -count(*) FILTER (WHERE honeypot), -sum(time_spent_ms)
        FROM old_answers GROUP BY 1, 2
        ON CONFLICT (project_id, minute, shard) DO UPDATE SET answers = m.answers + EXCLUDED.answers,
          honeypot_answers = m.honeypot_answers + EXCLUDED.honeypot_answers, answer_ms = m.answer_ms + EXCLUDED.answer_ms;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stat_answers_inserted AFTER INSERT ON assignment.answers
      REFERENCING NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_answers_inserted()`);
    await q.query(`CREATE TRIGGER stat_answers_deleted AFTER DELETE ON assignment.answers
      REFERENCING OLD TABLE AS old_answers FOR EACH STATEMENT EXECUTE FUNCTION assignment.stat_answers_deleted()`);

    // What is already there, counted once (shard 0).
    await q.query(`INSERT INTO assignment.stat_totals (project_id, shard, tasks, slots_open, slots_leased, slots_done, slots_void, answers, honeypot_answers, answer_ms)
      SELECT project_id, 0, sum(tasks), sum(so), sum(sl), sum(sd), sum(sv), sum(a), sum(ha), sum(ms) FROM (
        SELECT project_id, count(*) AS tasks, 0 AS so, 0 AS sl, 0 AS sd, 0 AS sv, 0 AS a, 0 AS ha, 0 AS ms
        FROM assignment.tasks WHERE kind = 'real' GROUP BY project_id
        UNION ALL
        SELECT s.project_id, 0, count(*) FILTER (WHERE s.state = 'open'), count(*) FILTER (WHERE s.state = 'leased'),
               count(*) FILTER (WHERE s.state = 'done'), count(*) FILTER (WHERE s.state = 'void'), 0, 0, 0
        FROM assignment.slots s JOIN assignment.tasks k ON k.task_id = s.task_id AND k.kind = 'real' GROUP BY s.project_id
        UNION ALL
        SELECT project_id, 0, 0, 0, 0, 0, count(*), count(*) FILTER (WHERE honeypot), sum(time_spent_ms)
        FROM assignment.answers GROUP BY project_id
      ) x GROUP BY project_id`);
    await q.query(`INSERT INTO assignment.stat_minutes (project_id, minute, shard, tasks, answers, honeypot_answers, answer_ms)
      SELECT project_id, minute, 0, sum(tasks), sum(a), sum(ha), sum(ms) FROM (
        SELECT project_id, date_trunc('minute', received_at, 'UTC') AS minute, count(*) AS tasks, 0 AS a, 0 AS ha, 0 AS ms
        FROM assignment.tasks WHERE kind = 'real' GROUP BY 1, 2
        UNION ALL
        SELECT project_id, date_trunc('minute', submitted_at, 'UTC'), 0, count(*), count(*) FILTER (WHERE honeypot), sum(time_spent_ms)
        FROM assignment.answers GROUP BY 1, 2
      ) x GROUP BY project_id, minute`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['stat_slots_inserted', 'slots'],
      ['stat_slots_updated', 'slots'],
      ['stat_slots_deleted', 'slots'],
      ['stat_tasks_inserted', 'tasks'],
      ['stat_tasks_deleted', 'tasks'],
      ['stat_answers_inserted', 'answers'],
      ['stat_answers_deleted', 'answers'],
    ]) {
      await q.query(`DROP TRIGGER IF EXISTS ${trigger} ON assignment.${table}`);
    }
    for (const f of ['stat_slots_changed()', 'stat_tasks_changed()', 'stat_answers_inserted()', 'stat_answers_deleted()', 'stat_shard()']) {
      await q.query(`DROP FUNCTION IF EXISTS assignment.${f}`);
    }
    await q.query(`DROP TABLE IF EXISTS assignment.stat_minutes`);
    await q.query(`DROP TABLE IF EXISTS assignment.stat_totals`);
  }
}
