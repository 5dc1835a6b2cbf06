import { Injectable } from '@nestjs/common';
import { type Queryable, row, rows, requireSameProject } from '@verity/persistence';
import type { LeasedTaskRow } from '../domain/task-view.mapper';

/** The member's routing parameters, as the queue queries take them. */
export interface RoutingParams {
  skills: string[];
  languages: string[];
  matchLanguage: boolean;
}

/** The caller's live leases in a project, and how many leases they were served there so far. */
export interface CallerCounts {
  live: number;
  leases: number;
}

export interface SlotCandidate {
  taskId: string;
  slotNo: number;
  prevLeaseId: string | null;
  itemId: string;
  questionId: string;
  priority: number;
  requiredSkills: string[];
  language: string | null;
  hasDraft: boolean;
}

export interface GoldRow {
  goldId: string;
  itemId: string;
  questionId: string;
  ontologyVersion: number;
  question: unknown;
  contentType: number;
  maskedText: string | null;
  payloadRef: unknown;
  guidelines: string;
  language: string | null;
  requiredSkills: string[];
}

/** The lease's task, for submit and skip: state, timing, question, and the internal flags. */
export interface LeaseRecord {
  leaseId: string;
  taskId: string;
  slotNo: number;
  projectId: string;
  itemId: string;
  questionId: string;
  annotatorId: string;
  state: 'leased' | 'submitted' | 'skipped' | 'expired';
  leasedAt: Date;
  expiresAt: Date;
  live: boolean;
  currentLeaseId: string | null;
  draftShown: boolean;
  kind: 'real' | 'honeypot';
  ontologyVersion: number;
  question: unknown;
  maskedText: string | null;
  draft: unknown;
  draftEventId: string | null;
  draftModel: unknown;
  audit: boolean;
  /** The task's N (honeypot copies: 1), copied to AnnotationEvent.answers_required. */
  answersRequired: number;
  expectedAnswer: unknown;
  sourceEventId: string;
  /** tasks.v1 event id of the task (null: honeypot copy, or queued before it was kept). */
  taskEventId: string | null;
  correlationId: string;
  /** The span that queued the task (null: honeypot copy, or queued before it was kept). */
  traceparent: string | null;
}

/**
 * Person-level exclusion: never the same person twice on one item's question (any task of it).
 * OFFSET 0 keeps it a probe per candidate on (project, annotator, item, question): as an anti-join
 * on unanalysed tables the planner scanned the caller's whole history once per candidate.
 */
const NOT_SEEN_BY_CALLER = (item: string, question: string, task: string | null) => `NOT EXISTS (
  SELECT 1 FROM assignment.assignments a
  WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.item_id = ${item} AND a.question_id = ${question}
    AND (a.state IN ('submitted', 'skipped') OR (a.state = 'leased' AND a.expires_at > now())
         ${task ? `OR a.task_id <> ${task}` : 'OR true'})
  OFFSET 0)`;

/** A slot a lease may take: open, or leased with an expired lease (lazy reclaim). */
const TAKEABLE = (alias: string) => `(${alias}.state = 'open' OR (${alias}.state = 'leased' AND ${alias}.expires_at <= now()))`;

/**
 * How many queued tasks a lease considers before it looks at the whole queue (see countsAndNextSlot).
 * More than a replica's pool has connections (10), so concurrent leases of one replica can never
 * hold them all; each candidate costs two index probes on every lease.
 */
const LEASE_CANDIDATES = 16;

/** A lease as the annotator sees it (LeasedTaskRow but the draft), from lease row `a` and task `t`. */
const VIEW_COLUMNS = `t.task_id AS "taskId", a.lease_id AS "leaseId", a.expires_at AS "expiresAt", t.project_id AS "projectId",
  t.item_id AS "itemId", t.ontology_version AS "ontologyVersion", t.question, t.guidelines,
  t.content_type AS "contentType", t.masked_text AS "maskedText", t.payload_ref AS "payloadRef"`;

const ROUTING = (alias: string) => `${alias}.required_skills <@ $3::text[]
  AND (NOT $5::boolean OR ${alias}.language IS NULL OR ${alias}.language = ANY($4::text[]))`;

/**
 * Serializes one annotator's lease calls in one project (a transaction-level advisory lock,
 * released at commit), from SQL parameters naming the project and the annotator. The lease takes
 * it in its standing read (ProjectCopyRepository.standingOf with `lockLeases`).
 */
export const CALLER_LEASE_LOCK = (project: string, annotator: string) =>
  `pg_advisory_xact_lock(hashtext('assignment.lease'), hashtext(${project} || '|' || ${annotator}))`;

/** The caller's lease counter row, created at its first lease, returned as `leases` (text). */
const COUNTER_UPSERT = `INSERT INTO assignment.lease_counters (project_id, annotator_id) VALUES ($1, $2)
  ON CONFLICT (project_id, annotator_id) DO UPDATE SET leases = assignment.lease_counters.leases
  RETURNING leases::text`;

/** How many live leases the caller holds in the project. */
const LIVE_LEASES = `SELECT count(*)::int FROM assignment.assignments
  WHERE project_id = $1 AND annotator_id = $2 AND state = 'leased' AND expires_at > now()`;

@Injectable()
export class LeaseRepository {
  /**
   * The caller's live leases in the project and their lease counter (leases served so far),
   * in one statement; run under the caller's lease lock, so it sees their previous call committed.
   */
  async callerCounts(db: Queryable, projectId: string, annotatorId: string): Promise<CallerCounts> {
    const counts = await row<{ live: number; leases: string }>(db, `WITH counter AS (${COUNTER_UPSERT}) SELECT leases, (${LIVE_LEASES}) AS live FROM counter`, [
      projectId,
      annotatorId,
    ]);
    return { live: counts!.live, leases: Number(counts!.leases) };
  }

  /**
   * The caller's counts (callerCounts) and the next slot they may take, locked (SKIP LOCKED:
   * concurrent callers never wait on or take the same slot). Run under the caller's lease lock.
   * Queue order: priority (higher first), then age (received first). A slot is takeable when
   * open, or leased with an expired lease (lazy reclaim).
   *
   * One statement: the counts, the first LEASE_CANDIDATES queued tasks the caller may take and
   * that have a takeable slot (walked in queue-index order, so the cost is the head of the queue,
   * not its length), then the first of their slots no concurrent lease holds. Only when every slot
   * of a full set of candidates is held by a concurrent lease is the whole queue looked at (a
   * second statement). A caller over the live-lease limit has locked a slot for nothing: the
   * caller's transaction ends without using it.
   */
  async countsAndNextSlot(db: Queryable, projectId: string, annotatorId: string, r: RoutingParams): Promise<CallerCounts & { slot: SlotCandidate | null }> {
    const head = await this.slotAmongQueued(db, projectId, annotatorId, r, LEASE_CANDIDATES, true);
    const counts = { live: head.live!, leases: Number(head.leases!) };
    if (head.slot || head.candidates < LEASE_CANDIDATES) return { ...counts, slot: head.slot };
    return { ...counts, slot: (await this.slotAmongQueued(db, projectId, annotatorId, r, null, false)).slot };
  }

  private async slotAmongQueued(
    db: Queryable,
    projectId: string,
    annotatorId: string,
    r: RoutingParams,
    limit: number | null,
    withCounts: boolean,
  ): Promise<{ candidates: number; slot: SlotCandidate | null; live?: number; leases?: string }> {
    const counts = withCounts ? `counter AS (${COUNTER_UPSERT}), ` : '';
    const countColumns = withCounts ? `(SELECT leases FROM counter) AS leases, (${LIVE_LEASES}) AS live, ` : '';
    const found = await row<SlotCandidate & { candidates: number; live?: number; leases?: string }>(
      db,
      `WITH ${counts}candidates AS MATERIALIZED (
         SELECT t.task_id, t.priority, t.received_at
         FROM assignment.tasks t
         WHERE t.project_id = $1 AND t.kind = 'real' AND t.completed_at IS NULL
           AND ${ROUTING('t')}
           AND EXISTS (SELECT 1 FROM assignment.slots s WHERE s.task_id = t.task_id AND ${TAKEABLE('s')})
           AND ${NOT_SEEN_BY_CALLER('t.item_id', 't.question_id', 't.task_id')}
         ORDER BY t.priority DESC, t.received_at, t.task_id
         LIMIT $6
       ), pick AS (
         SELECT s.task_id AS "taskId", s.slot_no AS "slotNo", s.lease_id AS "prevLeaseId", t.item_id AS "itemId",
                t.question_id AS "questionId", t.priority, t.required_skills AS "requiredSkills", t.language,
                (t.draft IS NOT NULL) AS "hasDraft"
         FROM candidates c
         JOIN assignment.tasks t ON t.task_id = c.task_id
         JOIN assignment.slots s ON s.task_id = c.task_id
         WHERE ${TAKEABLE('s')}
         ORDER BY c.priority DESC, c.received_at, c.task_id, s.slot_no
         LIMIT 1
         FOR UPDATE OF s SKIP LOCKED
       )
       SELECT ${countColumns}(SELECT count(*)::int FROM candidates) AS candidates, pick.* FROM (VALUES (1)) one LEFT JOIN pick ON true`,
      [projectId, annotatorId, r.skills, r.languages, r.matchLanguage, limit],
    );
    const { candidates, live, leases, ...slot } = found!;
    return { candidates, live, leases, slot: slot.taskId ? slot : null };
  }

  /**
   * A gold item the caller has never seen (no lease on any task of its item and question),
   * routed like a real task, of the project's current ontology version when known.
   * Picked in a per-caller pseudo-random order, so annotators do not all get the same gold first.
   */
  async unseenGold(
    db: Queryable,
    projectId: string,
    annotatorId: string,
    r: RoutingParams,
    ontologyVersion: number | null,
    salt: string,
  ): Promise<GoldRow | null> {
    const gold = await row<GoldRow>(
      db,
      `SELECT g.gold_id AS "goldId", g.item_id AS "itemId", g.question_id AS "questionId", g.ontology_version AS "ontologyVersion",
              g.question, g.content_type AS "contentType", g.masked_text AS "maskedText", g.payload_ref AS "payloadRef",
              g.guidelines, g.language, g.required_skills AS "requiredSkills"
       FROM assignment.gold_items g
       WHERE g.project_id = $1
         AND ($6::int IS NULL OR g.ontology_version = $6::int)
         AND ${ROUTING('g')}
         AND ${NOT_SEEN_BY_CALLER('g.item_id', 'g.question_id', null)}
       ORDER BY md5(g.gold_id || $7) LIMIT 1`,
      [projectId, annotatorId, r.skills, r.languages, r.matchLanguage, ontologyVersion, salt],
    );
    return gold ?? null;
  }

  /**
   * Leases a one-slot copy of a gold item to the caller and returns it as the annotator sees it:
   * the copy looks like any real task (its own ids, `ids.itemId` being the item id shown; the
   * question snapshot and guidelines real tasks of its question and ontology version show, from
   * task_templates, the gold's own only when no real task of it was ever queued). The lease row
   * keeps the gold's item id ("never twice"). One statement, as a real lease is (leaseSlot), so
   * a honeypot is not slower to serve.
   */
  async leaseHoneypotCopy(
    db: Queryable,
    projectId: string,
    ids: { taskId: string; itemId: string },
    gold: GoldRow,
    a: { priority: number; annotatorId: string; leaseId: string; leaseSeconds: number },
  ): Promise<LeasedTaskRow> {
    const view = await row<LeasedTaskRow>(
      db,
      `WITH copy AS (
         INSERT INTO assignment.tasks (task_id, project_id, kind, gold_id, item_id, question_id, ontology_version, question,
           content_type, masked_text, payload_ref, guidelines, language, required_skills, answers_required, priority,
           source_event_id, correlation_id)
         SELECT $2, g.project_id, 'honeypot', g.gold_id, $5, g.question_id, g.ontology_version, COALESCE(tt.question, g.question),
           g.content_type, g.masked_text, g.payload_ref, COALESCE(tt.guidelines, g.guidelines), g.language, g.required_skills, 1, $4,
           g.gold_id, $2
         FROM assignment.gold_items g
         LEFT JOIN assignment.task_templates tt
           ON tt.project_id = g.project_id AND tt.question_id = g.question_id AND tt.ontology_version = g.ontology_version
         WHERE g.project_id = $1 AND g.gold_id = $3
         RETURNING *
       ), slot AS (
         INSERT INTO assignment.slots (task_id, slot_no, project_id, state, lease_id, annotator_id, expires_at)
         SELECT task_id, 1, project_id, 'leased', $6, $7, now() + ($8::int * interval '1 second') FROM copy
         RETURNING expires_at
       ), leased AS (
         INSERT INTO assignment.assignments (lease_id, task_id, slot_no, project_id, item_id, question_id, annotator_id, state,
           leased_at, expires_at, draft_shown)
         SELECT $6, $2, 1, $1, $9, $10, $7, 'leased', now(), slot.expires_at, false FROM slot
         RETURNING lease_id, expires_at
       ), counted AS (
         UPDATE assignment.lease_counters SET leases = leases + 1, honeypots = honeypots + 1
         WHERE project_id = $1 AND annotator_id = $7
         RETURNING 1
       )
       SELECT ${VIEW_COLUMNS}, NULL AS draft
       FROM leased a, copy t, (SELECT count(*) FROM counted) c`,
      [projectId, ids.taskId, gold.goldId, a.priority, ids.itemId, a.leaseId, a.annotatorId, a.leaseSeconds, gold.itemId, gold.questionId],
    );
    return view!;
  }

  /**
   * Leases a slot the caller locked (countsAndNextSlot) and returns it as the annotator sees it, in one
   * statement: the slot's previous (expired) lease ends, so do the caller's own expired leases on
   * the task (so the once-per-person index holds), the slot is leased, the lease row written and
   * the caller's lease counter bumped. The new lease row is written only after both endings
   * (it reads their count), which the unique index needs.
   */
  async leaseSlot(
    db: Queryable,
    projectId: string,
    a: {
      taskId: string;
      slotNo: number;
      itemId: string;
      questionId: string;
      annotatorId: string;
      leaseId: string;
      prevLeaseId: string | null;
      leaseSeconds: number;
      draftShown: boolean;
    },
  ): Promise<LeasedTaskRow> {
    const view = await row<LeasedTaskRow>(
      db,
      `WITH ended_prev AS (
         UPDATE assignment.assignments SET state = 'expired', ended_at = expires_at
         WHERE project_id = $1 AND lease_id = $7 AND state = 'leased'
         RETURNING 1
       ), ended_own AS (
         UPDATE assignment.assignments SET state = 'expired', ended_at = expires_at
         WHERE project_id = $1 AND task_id = $2 AND annotator_id = $5 AND state = 'leased' AND expires_at <= now()
         RETURNING 1
       ), slot AS (
         UPDATE assignment.slots SET state = 'leased', lease_id = $4, annotator_id = $5, expires_at = now() + ($6::int * interval '1 second')
         WHERE project_id = $1 AND task_id = $2 AND slot_no = $3
         RETURNING expires_at
       ), leased AS (
         INSERT INTO assignment.assignments (lease_id, task_id, slot_no, project_id, item_id, question_id, annotator_id, state,
           leased_at, expires_at, draft_shown)
         SELECT $4, $2, $3, $1, $8, $9, $5, 'leased', now(), slot.expires_at, $10
         FROM slot, (SELECT count(*) FROM ended_prev) p, (SELECT count(*) FROM ended_own) o
         RETURNING lease_id, expires_at, draft_shown
       ), counted AS (
         UPDATE assignment.lease_counters SET leases = leases + 1
         WHERE project_id = $1 AND annotator_id = $5
         RETURNING 1
       )
       SELECT ${VIEW_COLUMNS}, CASE WHEN a.draft_shown THEN t.draft END AS draft
       FROM leased a JOIN assignment.tasks t ON t.task_id = $2, (SELECT count(*) FROM counted) c`,
      [projectId, a.taskId, a.slotNo, a.leaseId, a.annotatorId, a.leaseSeconds, a.prevLeaseId, a.itemId, a.questionId, a.draftShown],
    );
    return view!;
  }

  /** The caller's live leases in the project (or one of them), as the annotator sees them. */
  async liveViews(db: Queryable, projectId: string, annotatorId: string, leaseId?: string): Promise<LeasedTaskRow[]> {
    return rows<LeasedTaskRow>(
      db,
      `SELECT ${VIEW_COLUMNS}, CASE WHEN a.draft_shown THEN t.draft END AS draft
       FROM assignment.assignments a JOIN assignment.tasks t ON t.task_id = a.task_id
       WHERE a.project_id = $1 AND a.annotator_id = $2 AND a.state = 'leased' AND a.expires_at > now()
         AND ($3::text IS NULL OR a.lease_id = $3)
       ORDER BY a.leased_at, a.lease_id`,
      [projectId, annotatorId, leaseId ?? null],
    );
  }

  /**
   * The task's payload reference when the caller holds a live lease of it (any slot: the slot's
   * current lease, state leased, not expired); null otherwise (no lease, submitted, skipped,
   * expired, or a task without payload). The media route's one gate after membership.
   */
  async livePayload(db: Queryable, projectId: string, taskId: string, annotatorId: string): Promise<Record<string, unknown> | null> {
    const found = await row<{ payloadRef: Record<string, unknown> | null }>(
      db,
      `SELECT t.payload_ref AS "payloadRef"
       FROM assignment.assignments a
       JOIN assignment.slots s ON s.task_id = a.task_id AND s.slot_no = a.slot_no AND s.lease_id = a.lease_id
       JOIN assignment.tasks t ON t.task_id = a.task_id
       WHERE a.project_id = $1 AND a.task_id = $2 AND a.annotator_id = $3
         AND a.state = 'leased' AND a.expires_at > now() AND s.state = 'leased'
       LIMIT 1`,
      [projectId, taskId, annotatorId],
    );
    return found?.payloadRef ?? null;
  }

  /** The lease with its task, the slot locked (so a concurrent reclaim waits for us). */
  async lockLease(db: Queryable, projectId: string, taskId: string, leaseId: string): Promise<LeaseRecord | null> {
    const lease = await row<LeaseRecord>(
      db,
      `SELECT a.lease_id AS "leaseId", a.task_id AS "taskId", a.slot_no AS "slotNo", a.project_id AS "projectId",
              t.item_id AS "itemId", a.question_id AS "questionId", a.annotator_id AS "annotatorId", a.state,
              a.leased_at AS "leasedAt", a.expires_at AS "expiresAt", (a.expires_at > now()) AS live,
              s.lease_id AS "currentLeaseId", a.draft_shown AS "draftShown", t.kind, t.ontology_version AS "ontologyVersion",
              t.question, t.masked_text AS "maskedText", t.draft, t.draft_event_id AS "draftEventId", t.draft_model AS "draftModel",
              t.audit, t.answers_required AS "answersRequired", g.expected_answer AS "expectedAnswer", t.source_event_id AS "sourceEventId", t.correlation_id AS "correlationId",
              t.task_event_id AS "taskEventId", t.traceparent
       FROM assignment.assignments a
       JOIN assignment.tasks t ON t.task_id = a.task_id
       JOIN assignment.slots s ON s.task_id = a.task_id AND s.slot_no = a.slot_no
       LEFT JOIN assignment.gold_items g ON g.gold_id = t.gold_id AND g.project_id = t.project_id
       WHERE a.project_id = $1 AND a.task_id = $2 AND a.lease_id = $3
       FOR UPDATE OF s, a`,
      [projectId, taskId, leaseId],
    );
    return lease ?? null;
  }

  /**
   * Stores the answer; the lease is submitted, the slot done, the task complete when all are:
   * one statement. `submittedAt`: when the answer was given elsewhere (an imported answer); default now.
   */
  async recordAnswer(
    db: Queryable,
    projectId: string,
    l: LeaseRecord,
    a: { annotationId: string; answer: unknown; timeSpentMs: number; eventId: string; honeypot: boolean; submittedAt?: Date },
  ): Promise<Date> {
    requireSameProject(projectId, l, 'lease');
    // The task is complete when every other slot is done (this statement does not see its own
    // slot's update); completed now, as an imported answer's submitted_at may lie in the past.
    const stored = await row<{ submittedAt: Date }>(
      db,
      `WITH answer AS (
         INSERT INTO assignment.answers (annotation_id, lease_id, task_id, project_id, item_id, question_id, ontology_version,
           annotator_id, answer, time_spent_ms, assigned_at, submitted_at, draft_shown, honeypot, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce($15::timestamptz, clock_timestamp()), $12, $13, $14)
         RETURNING submitted_at
       ), lease AS (
         UPDATE assignment.assignments SET state = 'submitted', ended_at = (SELECT submitted_at FROM answer)
         WHERE project_id = $4 AND lease_id = $2
         RETURNING 1
       ), slot AS (
         UPDATE assignment.slots SET state = 'done', expires_at = NULL WHERE project_id = $4 AND task_id = $3 AND slot_no = $16
         RETURNING 1
       ), task AS (
         UPDATE assignment.tasks SET completed_at = greatest((SELECT submitted_at FROM answer), now())
         WHERE project_id = $4 AND task_id = $3 AND completed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM assignment.slots WHERE task_id = $3 AND slot_no <> $16 AND state <> 'done')
         RETURNING 1
       )
       SELECT submitted_at AS "submittedAt"
       FROM answer, (SELECT count(*) FROM lease) l, (SELECT count(*) FROM slot) s, (SELECT count(*) FROM task) t`,
      [
        a.annotationId,
        l.leaseId,
        l.taskId,
        projectId,
        l.itemId,
        l.questionId,
        l.ontologyVersion,
        l.annotatorId,
        JSON.stringify(a.answer),
        a.timeSpentMs,
        l.leasedAt,
        l.draftShown,
        a.honeypot,
        a.eventId,
        a.submittedAt ?? null,
        l.slotNo,
      ],
    );
    return stored!.submittedAt;
  }

  /** Releases the slot (a honeypot copy's is voided) and records the skip and its reason. */
  async recordSkip(db: Queryable, projectId: string, l: LeaseRecord, reason: string): Promise<void> {
    requireSameProject(projectId, l, 'lease');
    await db.query(`UPDATE assignment.assignments SET state = 'skipped', ended_at = now() WHERE project_id = $1 AND lease_id = $2`, [
      projectId,
      l.leaseId,
    ]);
    await db.query(
      `UPDATE assignment.slots SET state = CASE WHEN $4 = 'honeypot' THEN 'void' ELSE 'open' END,
         lease_id = NULL, annotator_id = NULL, expires_at = NULL
       WHERE project_id = $1 AND task_id = $2 AND slot_no = $3`,
      [projectId, l.taskId, l.slotNo, l.kind],
    );
    await db.query(
      `INSERT INTO assignment.skips (lease_id, task_id, project_id, annotator_id, reason) VALUES ($1, $2, $3, $4, $5)`,
      [l.leaseId, l.taskId, projectId, l.annotatorId, reason],
    );
  }

  /**
   * Periodic reclaim of expired leases (all projects): real slots reopen, honeypot copies are
   * voided, the leases are marked expired. Rows locked by a live request are skipped.
   * @crossProject a timer reclaims expired leases of every project at once
   */
  async sweepExpired(db: Queryable, limit = 1000): Promise<string[]> {
    const expired = await rows<{ lease_id: string }>(
      db,
      `WITH expired AS (
         SELECT s.task_id, s.slot_no, s.lease_id FROM assignment.slots s
         WHERE s.state = 'leased' AND s.expires_at <= now()
         ORDER BY s.expires_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), reopened AS (
         UPDATE assignment.slots s
         SET state = CASE WHEN t.kind = 'honeypot' THEN 'void' ELSE 'open' END, lease_id = NULL, annotator_id = NULL, expires_at = NULL
         FROM expired e, assignment.tasks t
         WHERE s.task_id = e.task_id AND s.slot_no = e.slot_no AND t.task_id = e.task_id
         RETURNING e.lease_id
       )
       UPDATE assignment.assignments a SET state = 'expired', ended_at = a.expires_at
       FROM reopened r WHERE a.lease_id = r.lease_id AND a.state = 'leased'
       RETURNING a.lease_id`,
      [limit],
    );
    return expired.map((r) => r.lease_id);
  }
}
