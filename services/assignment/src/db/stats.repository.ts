import { Injectable } from '@nestjs/common';
import { type Queryable, row, rows } from '@verity/persistence';
import type { StatsBucket } from '@verity/service-runtime';

export interface AssignmentTotals {
  /** Real tasks queued (honeypot copies are not counted). */
  tasks: number;
  /** Slots of real tasks by state: a task asking N answers has N slots. */
  slots: { open: number; leased: number; done: number; void: number };
  /** Human answers stored, honeypot copies' included. */
  answers: number;
  honeypotAnswers: number;
  /** Sum of the answers' measured time_spent_ms. */
  answerMs: number;
}

export interface AssignmentPoint {
  at: string;
  tasks: number;
  answers: number;
  honeypotAnswers: number;
  answerMs: number;
}

export interface RecentAnswers {
  /** Start of the minute the window begins with. */
  since: string;
  /** Seconds from `since` to now (the window, measured). */
  seconds: number;
  /** Answers to real tasks in the window (honeypot copies left out). */
  answers: number;
}

const n = (v: unknown) => Number(v ?? 0);

/** Sums as the driver answers them (bigint and numeric sums come back as strings; null without rows). */
type Sum = string | number | null;

/**
 * Reads the maintained counters (assignment.stat_totals, stat_minutes; see migration
 * 1765800000000): a few rows per project or minute, whatever the number of tasks.
 */
@Injectable()
export class StatsRepository {
  async totals(db: Queryable, projectId: string): Promise<AssignmentTotals> {
    const r = await row<{ tasks: Sum; open: Sum; leased: Sum; done: Sum; void: Sum; answers: Sum; hp: Sum; ms: Sum }>(
      db,
      `SELECT sum(tasks) AS tasks, sum(slots_open) AS open, sum(slots_leased) AS leased, sum(slots_done) AS done, sum(slots_void) AS void,
              sum(answers) AS answers, sum(honeypot_answers) AS hp, sum(answer_ms) AS ms
       FROM assignment.stat_totals WHERE project_id = $1`,
      [projectId],
    );
    return {
      tasks: n(r?.tasks),
      slots: { open: n(r?.open), leased: n(r?.leased), done: n(r?.done), void: n(r?.void) },
      answers: n(r?.answers),
      honeypotAnswers: n(r?.hp),
      answerMs: n(r?.ms),
    };
  }

  /**
   * Open slots of real tasks per project (the dashboard's queueDepth), every project with counters.
   * @crossProject the queue-depth metric is one gauge labelled by project, read for all projects at once
   */
  async openSlotsByProject(db: Queryable): Promise<{ projectId: string; open: number }[]> {
    const found = await rows<{ project_id: string; open: Sum }>(
      db,
      `SELECT project_id, sum(slots_open) AS open FROM assignment.stat_totals GROUP BY project_id ORDER BY project_id`,
    );
    return found.map((r) => ({ projectId: r.project_id, open: n(r.open) }));
  }

  /** Non-empty buckets in [from, to), oldest first. */
  async series(db: Queryable, projectId: string, bucket: StatsBucket, from: Date, to: Date): Promise<AssignmentPoint[]> {
    const found = await rows<{ at: Date; tasks: Sum; answers: Sum; hp: Sum; ms: Sum }>(
      db,
      `SELECT date_trunc($2, minute, 'UTC') AS at, sum(tasks) AS tasks, sum(answers) AS answers, sum(honeypot_answers) AS hp, sum(answer_ms) AS ms
       FROM assignment.stat_minutes WHERE project_id = $1 AND minute >= $3 AND minute < $4
       GROUP BY 1 HAVING sum(tasks) <> 0 OR sum(answers) <> 0 ORDER BY 1`,
      [projectId, bucket, from, to],
    );
    return found.map((r) => ({
      at: r.at.toISOString(),
      tasks: n(r.tasks),
      answers: n(r.answers),
      honeypotAnswers: n(r.hp),
      answerMs: n(r.ms),
    }));
  }

  /** Answers to real tasks over the last `windowSeconds` (whole minutes, the current one included), by the database clock. */
  async recent(db: Queryable, projectId: string, windowSeconds: number): Promise<RecentAnswers> {
    // A SELECT over a one-row CTE: always exactly one row.
    const [r] = await rows<{ since: Date; seconds: Sum; answers: Sum }>(
      db,
      `WITH w AS (SELECT date_trunc('minute', now(), 'UTC') - make_interval(mins => greatest(ceil($2::int / 60.0)::int - 1, 0)) AS since)
       SELECT w.since, extract(epoch FROM now() - w.since) AS seconds,
              (SELECT coalesce(sum(answers - honeypot_answers), 0) FROM assignment.stat_minutes m WHERE m.project_id = $1 AND m.minute >= w.since) AS answers
       FROM w`,
      [projectId, windowSeconds],
    );
    return { since: r.since.toISOString(), seconds: Math.round(n(r.seconds) * 1000) / 1000, answers: n(r.answers) };
  }
}
