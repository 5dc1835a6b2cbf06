import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';
import { TxMemo } from './tx.memo';

/** A recomputed reliability and the suspension state after it (see saveReliability). */
export interface ReliabilityUpdate {
  reliability: number;
  published: boolean;
  suspended: boolean;
  manual?: boolean;
  reinstatedAtKnownTruth?: number | null;
  change?: { by: string; reason: string };
}

export interface AnnotatorStats {
  projectId: string;
  annotatorId: string;
  honeypotsAnswered: number;
  honeypotsCorrect: number;
  goldAnswered: number;
  goldCorrect: number;
  answersCounted: number;
  agreementPairs: number;
  agreeingPairs: number;
  reliability: number | null;
  publishedReliability: number | null;
  suspended: boolean;
  /** Answer-weighted DS reliability over the annotator's fitted questions; null before any fit. */
  dsReliability: number | null;
  dsAnswers: number;
  /** The current suspension was set by a person (the automatic rule never lifts it). */
  suspensionManual: boolean;
  /** Known-truth answers at the last manual reinstatement still in force; null otherwise. */
  reinstatedAtKnownTruth: number | null;
  /** Who changed the suspension last ('quality' for the automatic rule), why and when; null before any change was recorded. */
  suspensionBy: string | null;
  suspensionReason: string | null;
  suspensionChangedAt: Date | null;
}

const SELECT = `SELECT s.project_id AS "projectId", s.annotator_id AS "annotatorId",
  s.honeypots_answered AS "honeypotsAnswered", s.honeypots_correct AS "honeypotsCorrect",
  s.gold_answered AS "goldAnswered", s.gold_correct AS "goldCorrect", s.answers_counted AS "answersCounted",
  s.agreement_pairs AS "agreementPairs", s.agreeing_pairs AS "agreeingPairs", s.reliability,
  s.published_reliability AS "publishedReliability", s.suspended,
  d.ds_reliability AS "dsReliability", COALESCE(d.ds_answers, 0)::int AS "dsAnswers",
  s.suspension_manual AS "suspensionManual", s.reinstated_at_known_truth AS "reinstatedAtKnownTruth",
  s.suspension_by AS "suspensionBy", s.suspension_reason AS "suspensionReason", s.suspension_changed_at AS "suspensionChangedAt"
FROM quality.annotator_stats s
LEFT JOIN LATERAL (
  SELECT sum(reliability * answers) / NULLIF(sum(answers), 0) AS ds_reliability, sum(answers) AS ds_answers
  FROM quality.ds_worker_reliability w WHERE w.project_id = s.project_id AND w.annotator_id = s.annotator_id
) d ON true`;

/** Task-answer counts of one annotator a batch has not written yet. */
interface UnwrittenAnswers {
  projectId: string;
  annotatorId: string;
  answers: number;
  pairs: number;
  agreeing: number;
}

/**
 * quality.annotator_stats (per project and annotator), quality.ds_worker_reliability, quality.reliability_history.
 *
 * In a batch (`beginBatch` … `flush`, one transaction under the project lock) rows read once are
 * served from memory, task-answer counts are added to them in memory and written in one statement
 * at the flush (or before rows not in memory are read); any other write forgets the rows it
 * touches, so the next read sees the database. Every write to these tables goes through here.
 */
@Injectable()
export class AnnotatorStatsRepository {
  /** Rows known to exist in this transaction (rows are never deleted). */
  private readonly ensured = new TxMemo<true>();
  private readonly unwritten = new WeakMap<object, Map<string, UnwrittenAnswers>>();
  private readonly held = new WeakMap<object, Map<string, AnnotatorStats>>();

  /** @crossProject starts the transaction's in-memory batch (no query); rows are then read and counted per project */
  beginBatch(tx: Queryable): void {
    this.unwritten.set(tx, new Map());
    this.held.set(tx, new Map());
  }

  /**
   * Writes the counts added up so far (sorted by annotator: no lock-order deadlocks); ends the batch when `end`.
   *
   * @crossProject a batch of answers spans several projects; every count is written to the (project, annotator) row `addTaskAnswer` named
   */
  async flush(tx: Queryable, end = true): Promise<void> {
    const pending = this.unwritten.get(tx);
    if (end) {
      this.unwritten.delete(tx);
      this.held.delete(tx);
    }
    if (!pending || pending.size === 0) return;
    const list = [...pending.keys()].sort().map((k) => pending.get(k)!);
    pending.clear();
    await tx.query(
      `UPDATE quality.annotator_stats s SET answers_counted = s.answers_counted + d.answers,
         agreement_pairs = s.agreement_pairs + d.pairs, agreeing_pairs = s.agreeing_pairs + d.agreeing, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) AS d(project_id, annotator_id, answers, pairs, agreeing)
       WHERE s.project_id = d.project_id AND s.annotator_id = d.annotator_id`,
      [list.map((u) => u.projectId), list.map((u) => u.annotatorId), list.map((u) => u.answers), list.map((u) => u.pairs), list.map((u) => u.agreeing)],
    );
  }

  /** Creates missing rows, in a fixed order (no lock-order deadlocks between transactions). */
  async ensure(tx: Queryable, projectId: string, annotatorIds: readonly string[]): Promise<void> {
    const ids = [...new Set(annotatorIds)].filter((id) => !this.ensured.get(tx, statsKey(projectId, id))).sort();
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO quality.annotator_stats (project_id, annotator_id)
       SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [projectId, ids],
    );
    for (const id of ids) this.ensured.set(tx, statsKey(projectId, id), true);
  }

  async get(db: Queryable, projectId: string, annotatorIds: readonly string[]): Promise<Map<string, AnnotatorStats>> {
    const held = this.held.get(db);
    if (!held) {
      const found = await rows<AnnotatorStats>(db, `${SELECT} WHERE s.project_id = $1 AND s.annotator_id = ANY($2) ORDER BY s.annotator_id`, [
        projectId,
        [...annotatorIds],
      ]);
      return new Map(found.map((r) => [r.annotatorId, r]));
    }
    const ids = [...new Set(annotatorIds)].sort();
    const missing = ids.filter((id) => !held.has(statsKey(projectId, id)));
    if (missing.length > 0) {
      await this.flush(db, false); // the counts of rows not held must be in the database before they are read
      const found = await rows<AnnotatorStats>(db, `${SELECT} WHERE s.project_id = $1 AND s.annotator_id = ANY($2) ORDER BY s.annotator_id`, [
        projectId,
        missing,
      ]);
      for (const r of found) held.set(statsKey(projectId, r.annotatorId), r);
    }
    const out = new Map<string, AnnotatorStats>();
    for (const id of ids) {
      const r = held.get(statsKey(projectId, id));
      if (r) out.set(id, { ...r });
    }
    return out;
  }

  /** Rows a write changed are read again from the database next time. */
  private forget(tx: Queryable, projectId: string, annotatorIds: readonly string[]): void {
    const held = this.held.get(tx);
    for (const id of annotatorIds) held?.delete(statsKey(projectId, id));
  }

  async list(db: Queryable, projectId: string): Promise<AnnotatorStats[]> {
    await this.flush(db, false);
    return rows<AnnotatorStats>(db, `${SELECT} WHERE s.project_id = $1 ORDER BY s.annotator_id`, [projectId]);
  }

  async addHoneypot(tx: Queryable, projectId: string, annotatorId: string, correct: boolean): Promise<void> {
    this.forget(tx, projectId, [annotatorId]);
    await tx.query(
      `UPDATE quality.annotator_stats SET honeypots_answered = honeypots_answered + 1,
         honeypots_correct = honeypots_correct + $3::int, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, correct ? 1 : 0],
    );
  }

  /** Expert feedback (verdicts, confirmed gold): deltas from the known-truth ledger. */
  async addGold(tx: Queryable, projectId: string, annotatorId: string, answered: number, correct: number): Promise<void> {
    this.forget(tx, projectId, [annotatorId]);
    await tx.query(
      `UPDATE quality.annotator_stats SET gold_answered = gold_answered + $3, gold_correct = gold_correct + $4, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, answered, correct],
    );
  }

  async addTaskAnswer(tx: Queryable, projectId: string, annotatorId: string, pairs: number, agreeing: number): Promise<void> {
    const pending = this.unwritten.get(tx);
    if (pending) {
      const k = statsKey(projectId, annotatorId);
      const u = pending.get(k) ?? { projectId, annotatorId, answers: 0, pairs: 0, agreeing: 0 };
      pending.set(k, { ...u, answers: u.answers + 1, pairs: u.pairs + pairs, agreeing: u.agreeing + agreeing });
      const r = this.held.get(tx)?.get(k);
      if (r) Object.assign(r, { answersCounted: r.answersCounted + 1, agreementPairs: r.agreementPairs + pairs, agreeingPairs: r.agreeingPairs + agreeing });
      return;
    }
    await tx.query(
      `UPDATE quality.annotator_stats SET answers_counted = answers_counted + 1, agreement_pairs = agreement_pairs + $3,
         agreeing_pairs = agreeing_pairs + $4, updated_at = now()
       WHERE project_id = $1 AND annotator_id = $2`,
      [projectId, annotatorId, pairs, agreeing],
    );
  }

  /**
   * Stores a recomputed reliability and the suspension state after it. `change` (who and why)
   * when the suspension state changed; `manual` / `reinstatedAtKnownTruth` as the rule left them.
   */
  async saveReliability(tx: Queryable, projectId: string, annotatorId: string, s: ReliabilityUpdate): Promise<void> {
    await this.saveReliabilities(tx, projectId, [{ annotatorId, ...s }]);
  }

  /** saveReliability for many annotators of the project, in one statement. */
  async saveReliabilities(tx: Queryable, projectId: string, updates: readonly (ReliabilityUpdate & { annotatorId: string })[]): Promise<void> {
    if (updates.length === 0) return;
    this.forget(tx, projectId, updates.map((u) => u.annotatorId));
    const sorted = [...updates].sort((a, b) => (a.annotatorId < b.annotatorId ? -1 : 1));
    await tx.query(
      `UPDATE quality.annotator_stats s SET reliability = u.reliability,
         published_reliability = CASE WHEN u.published THEN u.reliability ELSE s.published_reliability END,
         suspended_at = CASE WHEN u.suspended AND NOT s.suspended THEN now() WHEN NOT u.suspended THEN NULL ELSE s.suspended_at END,
         suspended = u.suspended,
         suspension_manual = COALESCE(u.manual, s.suspension_manual),
         reinstated_at_known_truth = CASE WHEN u.set_reinstated THEN u.reinstated ELSE s.reinstated_at_known_truth END,
         suspension_by = COALESCE(u.change_by, s.suspension_by),
         suspension_reason = COALESCE(u.change_reason, s.suspension_reason),
         suspension_changed_at = CASE WHEN u.change_by IS NOT NULL THEN now() ELSE s.suspension_changed_at END,
         updated_at = now()
       FROM unnest($2::text[], $3::float8[], $4::boolean[], $5::boolean[], $6::boolean[], $7::boolean[], $8::int[], $9::text[], $10::text[])
         AS u(annotator_id, reliability, published, suspended, manual, set_reinstated, reinstated, change_by, change_reason)
       WHERE s.project_id = $1 AND s.annotator_id = u.annotator_id`,
      [
        projectId,
        sorted.map((u) => u.annotatorId),
        sorted.map((u) => u.reliability),
        sorted.map((u) => u.published),
        sorted.map((u) => u.suspended),
        sorted.map((u) => u.manual ?? null),
        sorted.map((u) => u.reinstatedAtKnownTruth !== undefined),
        sorted.map((u) => u.reinstatedAtKnownTruth ?? null),
        sorted.map((u) => u.change?.by ?? null),
        sorted.map((u) => u.change?.reason ?? null),
      ],
    );
  }

  /** Median time spent per answer (ms) and how many answers reported one, per annotator of the project (human answers, honeypots included). */
  async answerTimes(db: Queryable, projectId: string): Promise<Map<string, { medianMs: number; timed: number }>> {
    const times = await rows<{ annotatorId: string; medianMs: number; timed: number }>(
      db,
      `SELECT annotator_id AS "annotatorId", percentile_cont(0.5) WITHIN GROUP (ORDER BY time_spent_ms) AS "medianMs", count(*)::int AS timed
       FROM quality.answers WHERE project_id = $1 AND source = 1 AND time_spent_ms IS NOT NULL GROUP BY annotator_id`,
      [projectId],
    );
    return new Map(times.map((r) => [r.annotatorId, { medianMs: Number(r.medianMs), timed: r.timed }]));
  }

  async saveDsReliability(
    tx: Queryable,
    projectId: string,
    key: { questionId: string; ontologyVersion: number },
    workers: readonly { annotatorId: string; reliability: number; answers: number }[],
  ): Promise<void> {
    if (workers.length === 0) return;
    this.forget(tx, projectId, workers.map((w) => w.annotatorId));
    const sorted = [...workers].sort((a, b) => (a.annotatorId < b.annotatorId ? -1 : 1));
    await tx.query(
      `INSERT INTO quality.ds_worker_reliability (project_id, question_id, ontology_version, annotator_id, reliability, answers)
       SELECT $1, $2, $3, w.annotator_id, w.reliability, w.answers
       FROM unnest($4::text[], $5::float8[], $6::int[]) AS w(annotator_id, reliability, answers)
       ON CONFLICT (project_id, annotator_id, question_id, ontology_version)
       DO UPDATE SET reliability = excluded.reliability, answers = excluded.answers`,
      [
        projectId,
        key.questionId,
        key.ontologyVersion,
        sorted.map((w) => w.annotatorId),
        sorted.map((w) => w.reliability),
        sorted.map((w) => w.answers),
      ],
    );
  }

  async addHistory(
    tx: Queryable,
    projectId: string,
    h: {
      annotatorId: string;
      change: string;
      reliability: number;
      previousReliability: number | null;
      honeypotAccuracy: number | null;
      honeypotsAnswered: number;
      goldAccuracy: number | null;
      dsReliability: number | null;
      agreement: number | null;
      suspended: boolean;
      reason: string;
      triggerEventId: string | null;
      eventId: string;
      /** The person behind a manual suspension or reinstatement; null for quality's own changes. */
      actorId?: string | null;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO quality.reliability_history (project_id, annotator_id, change, reliability, previous_reliability,
         honeypot_accuracy, honeypots_answered, gold_accuracy, ds_reliability, agreement, suspended, reason, trigger_event_id, event_id, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        projectId, h.annotatorId, h.change, h.reliability, h.previousReliability, h.honeypotAccuracy, h.honeypotsAnswered,
        h.goldAccuracy, h.dsReliability, h.agreement, h.suspended, h.reason, h.triggerEventId, h.eventId, h.actorId ?? null,
      ],
    );
  }
}

const statsKey = (projectId: string, annotatorId: string) => `${projectId}\u0000${annotatorId}`;
